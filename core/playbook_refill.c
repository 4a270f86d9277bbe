/*
 * Refilling placeholders.  A playbook item made while a value was not
 * known reads "(which user?)"; when a later ingest brings the evidence
 * (the key's own events, a finding that names the instance), the item
 * is rendered again from its step, and only the parts that were unknown
 * change: a value already bound stays as the responder first saw it.
 * Open items only; each change is on the audit log, before and after.
 */
#include "core/playbook.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/finding.h"
#include "core/playbook_int.h"
#include "core/store.h"
#include "core/util.h"

/* Length of the {placeholder} at s (as playbook_bind reads one), or 0. */
static size_t
rf_ph_len(const char *s)
{
	const char	*e;

	if (*s != '{')
		return (0);
	for (e = s + 1; (*e >= 'a' && *e <= 'z') || *e == '_'; e++)
		;
	return (*e == '}' && e > s + 1 ? (size_t)(e - s) + 1 : 0);
}

/* The placeholder ph ("{user}") as old had it: refilled when unknown. */
static void
rf_value(struct buf *b, const char *ph, size_t n, const char *o,
    size_t olen, const struct pb_params *p, int *changed)
{
	char	*name = xmalloc(n + 1), *u, *v;

	memcpy(name, ph, n);
	name[n] = '\0';
	u = playbook_bind(name, NULL);
	v = playbook_bind(name, p);
	if (strlen(u) == olen && memcmp(o, u, olen) == 0 &&
	    strcmp(v, u) != 0) {
		buf_adds(b, v);
		*changed = 1;
	} else
		buf_add(b, o, olen);
	free(u);
	free(v);
	free(name);
}

/*
 * old as rendered from tmpl, with each placeholder that was unknown
 * bound from p.  NULL when old does not follow tmpl (edited, or a value
 * holding the text that follows it): then it is left alone.
 */
static char *
rf_text(const char *tmpl, const char *old, const struct pb_params *p,
    int *changed)
{
	const char	*t = tmpl, *o = old, *lit, *end;
	struct buf	 b;
	size_t		 n, litlen;

	buf_init(&b);
	while (*t != '\0') {
		if ((n = rf_ph_len(t)) == 0) {
			if (*o++ != *t)
				goto bad;
			buf_addc(&b, *t++);
			continue;
		}
		lit = t + n;
		for (litlen = 0; lit[litlen] != '\0' &&
		    rf_ph_len(lit + litlen) == 0; litlen++)
			;
		if (litlen == 0 && *lit != '\0')
			goto bad;	/* two placeholders side by side */
		end = litlen == 0 ? o + strlen(o) :
		    memmem(o, strlen(o), lit, litlen);
		if (end == NULL)
			goto bad;
		rf_value(&b, t, n, o, (size_t)(end - o), p, changed);
		o = end;
		t = lit;
	}
	if (*o != '\0')
		goto bad;
	return (buf_steal(&b));
bad:
	buf_free(&b);
	return (NULL);
}

/* The same over a step's query or action: strings refilled in place. */
static int
rf_tree(const cJSON *t, cJSON *o, const struct pb_params *p, int *changed)
{
	const cJSON	*tc;
	cJSON		*oc;
	char		*v;

	if (cJSON_IsString(t) && cJSON_IsString(o)) {
		if ((v = rf_text(t->valuestring, o->valuestring, p,
		    changed)) == NULL)
			return (-1);
		cJSON_SetValuestring(o, v);
		free(v);
		return (0);
	}
	if ((t->type & 0xff) != (o->type & 0xff))
		return (-1);
	for (tc = t->child, oc = o->child; tc != NULL && oc != NULL;
	    tc = tc->next, oc = oc->next) {
		if ((tc->string != NULL || oc->string != NULL) &&
		    (tc->string == NULL || oc->string == NULL ||
		    strcmp(tc->string, oc->string) != 0))
			return (-1);
		if (rf_tree(tc, oc, p, changed) == -1)
			return (-1);
	}
	return (tc == NULL && oc == NULL ? 0 : -1);
}

/* New JSON text when a placeholder in it was filled, else NULL. */
static char *
rf_json(const char *tmpl, const char *old, const struct pb_params *p)
{
	cJSON	*t, *o;
	char	*out = NULL;
	int	 changed = 0;

	if (tmpl == NULL || old == NULL || strstr(old, "(which ") == NULL)
		return (NULL);
	t = cJSON_Parse(tmpl);
	o = cJSON_Parse(old);
	if (t != NULL && o != NULL && rf_tree(t, o, p, &changed) == 0 &&
	    changed)
		out = cJSON_PrintUnformatted(o);
	cJSON_Delete(t);
	cJSON_Delete(o);
	return (out);
}

static char *
rf_plain(const char *tmpl, const char *old, const struct pb_params *p)
{
	char	*v;
	int	 changed = 0;

	if (tmpl == NULL || old == NULL || strstr(old, "(which ") == NULL)
		return (NULL);
	if ((v = rf_text(tmpl, old, p, &changed)) != NULL && !changed) {
		free(v);
		v = NULL;
	}
	return (v);
}

/* The values for pb: each matching finding in turn fills what is left. */
static int
rf_bind(struct store *s, int64_t incident, const struct playbook *pb,
    struct pb_bound *b, struct wr_err *err)
{
	static const char q[] = "SELECT source, type FROM findings"
	    " WHERE incident_id = ? AND (flags & ?) = 0 GROUP BY source, type"
	    " ORDER BY MIN(first_seen IS NULL), MIN(first_seen), MIN(id)";
	sqlite3_stmt	*st;
	char		**v = NULL;
	int		 i, n = 0, rc = 0;

	memset(b, 0, sizeof *b);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	sqlite3_bind_int(st, 2, FINDING_F_SAMPLE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!playbook_matches(pb, store_column_str(st, 0),
		    store_column_str(st, 1)))
			continue;
		v = xreallocarray(v, (size_t)n + 2, sizeof *v);
		v[n++] = xstrdup(store_column_str(st, 0));
		v[n++] = xstrdup(store_column_str(st, 1));
	}
	sqlite3_reset(st);
	for (i = 0; rc == 0 && i < n; i += 2)
		rc = pb_bind_more(s, incident, v[i], v[i + 1], b, err);
	/* Attached by hand, with no finding of its own: the worst one. */
	if (rc == 0 && n == 0)
		rc = pb_bind_more(s, incident, NULL, NULL, b, err);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return (rc);
}

struct rf_item {
	int64_t	 id;
	char	*step;
	char	*text;
	char	*verify;
	char	*query;
	char	*action;
};

static void
rf_items_free(struct rf_item *v, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		free(v[i].step);
		free(v[i].text);
		free(v[i].verify);
		free(v[i].query);
		free(v[i].action);
	}
	free(v);
}

static char *
rf_col(sqlite3_stmt *st, int i)
{
	return (sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
	    xstrdup(store_column_str(st, i)));
}

/* pb's open items that still ask "(which ...?)". */
static int
rf_items(struct store *s, int64_t incident, const char *pb,
    struct rf_item **out, int *nout, struct wr_err *err)
{
	static const char q[] = "SELECT id, step_id, text, verify, query,"
	    " action FROM checklist WHERE incident_id = ? AND playbook_id = ?"
	    " AND done = 0 AND (instr(text, '(which ') > 0 OR"
	    " instr(verify, '(which ') > 0 OR instr(query, '(which ') > 0 OR"
	    " instr(action, '(which ') > 0) ORDER BY id";
	sqlite3_stmt	*st;
	struct rf_item	*v = NULL;
	int		 n = 0;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, pb);
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = xreallocarray(v, (size_t)n + 1, sizeof *v);
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].step = rf_col(st, 1);
		v[n].text = rf_col(st, 2);
		v[n].verify = rf_col(st, 3);
		v[n].query = rf_col(st, 4);
		v[n].action = rf_col(st, 5);
		n++;
	}
	sqlite3_reset(st);
	*out = v;
	*nout = n;
	return (0);
}

static const struct pb_step *
rf_step(const struct playbook *pb, const char *id)
{
	int	i;

	for (i = 0; id != NULL && i < pb->nsteps; i++) {
		if (strcmp(pb->steps[i].id, id) == 0)
			return (&pb->steps[i]);
	}
	return (NULL);
}

static int
rf_store(struct store *s, const struct operator *op, int64_t incident,
    const struct rf_item *it, const char *text, const char *verify,
    const char *query, const char *action, struct wr_err *err)
{
	static const char q[] = "UPDATE checklist SET text = ?, verify = ?,"
	    " query = ?, action = ? WHERE id = ?";
	sqlite3_stmt	*st;
	cJSON		*d = cJSON_CreateObject();
	char		 target[32], *dj;
	int		 rc;

	if ((st = store_stmt(s, q, err)) == NULL) {
		cJSON_Delete(d);
		return (-1);
	}
	store_bind_text(st, 1, text);
	store_bind_text(st, 2, verify != NULL ? verify : "");
	store_bind_text(st, 3, query);
	store_bind_text(st, 4, action);
	sqlite3_bind_int64(st, 5, it->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cJSON_Delete(d);
		return (store_fail(s, err, "refilling a checklist item"));
	}
	cJSON_AddStringToObject(d, "reason", "placeholder bound from later "
	    "evidence");
	if (action != NULL && (it->action == NULL ||
	    strcmp(action, it->action) != 0))
		cJSON_AddStringToObject(d, "action", action);
	snprintf(target, sizeof target, "item %lld", (long long)it->id);
	dj = cJSON_PrintUnformatted(d);
	cJSON_Delete(d);
	rc = audit_change(s, op, incident, "item.refill", target, it->text,
	    text, dj, err);
	cJSON_free(dj);
	return (rc);
}

/* 1 changed, 0 not, -1 error. */
static int
rf_one(struct store *s, const struct operator *op, int64_t incident,
    const struct pb_step *step, const struct rf_item *it,
    const struct pb_params *p, struct wr_err *err)
{
	char	*text, *verify, *query, *action;
	int	 rc = 0;

	text = rf_plain(step->text, it->text, p);
	verify = rf_plain(step->verify, it->verify, p);
	query = rf_json(step->query, it->query, p);
	action = rf_json(step->action, it->action, p);
	if (text != NULL || verify != NULL || query != NULL || action != NULL)
		rc = rf_store(s, op, incident, it, text ? text : it->text,
		    verify ? verify : it->verify, query ? query : it->query,
		    action ? action : it->action, err) == -1 ? -1 : 1;
	free(text);
	free(verify);
	cJSON_free(query);
	cJSON_free(action);
	return (rc);
}

static int
rf_playbook(struct store *s, const struct operator *op, int64_t incident,
    const struct playbook *pb, struct wr_err *err)
{
	struct rf_item		*v = NULL;
	const struct pb_step	*step;
	struct pb_bound		 b;
	struct pb_params	 p;
	int			 i, n = 0, rc = 0, changed = 0;

	memset(&p, 0, sizeof p);
	if (rf_items(s, incident, pb->id, &v, &n, err) == -1)
		return (-1);
	if (n > 0 && (rc = rf_bind(s, incident, pb, &b, err)) == 0)
		pb_params_of(&b, &p);
	for (i = 0; rc >= 0 && i < n; i++) {
		if ((step = rf_step(pb, v[i].step)) == NULL)
			continue;
		if ((rc = rf_one(s, op, incident, step, &v[i], &p, err)) > 0)
			changed += rc;
	}
	rf_items_free(v, n);
	return (rc < 0 ? -1 : changed);
}

struct rf_ids {
	char	**v;
	int	  n;
};

static int
rf_collect(const struct pb_attached *a, void *arg)
{
	struct rf_ids	*ids = arg;

	if (a->dropped)
		return (0);
	ids->v = xreallocarray(ids->v, (size_t)ids->n + 1, sizeof *ids->v);
	ids->v[ids->n++] = xstrdup(a->playbook_id);
	return (0);
}

int
playbook_refill(struct store *s, const struct playbook_set *set,
    const struct operator *op, int64_t incident, struct wr_err *err)
{
	const struct playbook	*pb;
	struct rf_ids		 ids = { NULL, 0 };
	int			 i, rc, total = 0;

	if (store_begin(s, err) == -1)
		return (-1);
	rc = playbook_attached_each(s, incident, rf_collect, &ids, err);
	for (i = 0; i < ids.n; i++) {
		if (rc == 0 && (pb = playbook_find(set, ids.v[i])) != NULL) {
			if ((rc = rf_playbook(s, op, incident, pb, err)) > 0)
				total += rc;
			rc = rc < 0 ? -1 : 0;
		}
		free(ids.v[i]);
	}
	free(ids.v);
	if (rc == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err) == -1 ? -1 : total);
}
