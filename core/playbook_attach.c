/*
 * Playbooks on an incident: attach (by a finding or by the commander),
 * drop, list.  Attaching stamps the playbook's id and version on the
 * incident and turns each step into a checklist item, with the values
 * of the finding that triggered it bound into the text, query and
 * action, all in one transaction and on the audit log.
 */
#include "core/playbook.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/checklist.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/jsonscan.h"
#include "core/log.h"
#include "core/playbook_int.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define PB_WINDOW_MS (90LL * 24 * 3600 * 1000)

static void
pb_set(char *dst, const char *v)
{
	if (v != NULL && *v != '\0' && *dst == '\0')
		strlcpy_wr(dst, v, PB_VAL_LEN);
}

/* A string at a path of case-insensitive keys (camel or Pascal case). */
static const char *
pb_jstr(const cJSON *j, const char *const *path)
{
	for (; j != NULL && *path != NULL; path++) {
		j = cJSON_GetObjectItem(j, *path);
		if (cJSON_IsArray(j))
			j = cJSON_GetArrayItem(j, 0);
	}
	return (cJSON_IsString(j) ? j->valuestring : NULL);
}

/* Values a GuardDuty finding carries in its resource block. */
static void
pb_from_raw(struct pb_bound *b, const char *raw, size_t len)
{
	static const char *const key[] = { "resource", "accessKeyDetails",
	    "accessKeyId", NULL };
	static const char *const user[] = { "resource", "accessKeyDetails",
	    "userName", NULL };
	static const char *const inst[] = { "resource", "instanceDetails",
	    "instanceId", NULL };
	static const char *const bucket[] = { "resource", "s3BucketDetails",
	    "name", NULL };
	static const char *const acct[] = { "accountId", NULL };
	cJSON	*j;

	if (raw == NULL || len == 0 ||
	    (j = json_parse_aws(raw, len)) == NULL)
		return;
	pb_set(b->access_key, pb_jstr(j, key));
	pb_set(b->user, pb_jstr(j, user));
	pb_set(b->instance_id, pb_jstr(j, inst));
	pb_set(b->bucket, pb_jstr(j, bucket));
	pb_set(b->account, pb_jstr(j, acct));
	cJSON_Delete(j);
}

/* user/NAME, role/NAME or assumed-role/NAME/session out of an ARN. */
static void
pb_from_arn(struct pb_bound *b, const char *arn)
{
	const char	*p, *e;
	char		 name[PB_VAL_LEN];
	size_t		 n;

	if (!str_has_prefix(arn, "arn:"))
		return;
	pb_set(b->principal, arn);
	if ((p = strstr(arn, ":user/")) != NULL) {
		pb_set(b->user, strrchr(p, '/') + 1);
		return;
	}
	if ((p = strstr(arn, ":role/")) != NULL) {
		pb_set(b->role, strrchr(p, '/') + 1);
		return;
	}
	if ((p = strstr(arn, ":assumed-role/")) == NULL)
		return;
	p += strlen(":assumed-role/");
	e = strchr(p, '/');
	n = e != NULL ? (size_t)(e - p) : strlen(p);
	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, p, n);
	name[n] = '\0';
	pb_set(b->role, name);
}

void
pb_params_of(const struct pb_bound *b, struct pb_params *p)
{
	memset(p, 0, sizeof *p);
	p->access_key = b->access_key;
	p->user = b->user;
	p->principal = b->principal;
	p->role = b->role;
	p->instance_id = b->instance_id;
	p->bucket = b->bucket;
	p->region = b->region;
	p->account = b->account;
	p->since = b->since;
}

static int
pb_bind_event_key(struct store *s, int64_t finding, struct pb_bound *b,
    struct wr_err *err)
{
	static const char q[] = "SELECT e.access_key FROM finding_events f"
	    " JOIN events e ON e.id = f.event_row WHERE f.finding_id = ?"
	    " AND e.access_key IS NOT NULL AND e.access_key <> ''"
	    " ORDER BY e.time_ms LIMIT 1";
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, finding);
	if (sqlite3_step(st) == SQLITE_ROW)
		pb_set(b->access_key, store_column_str(st, 0));
	sqlite3_reset(st);
	return (0);
}

/*
 * The hook runs before the finding's events are linked: the principal's
 * own first key from its stored events is the next best (a long-term
 * key before a session key).
 */
static int
pb_bind_user_key(struct store *s, int64_t incident, struct pb_bound *b,
    struct wr_err *err)
{
	static const char q[] = "SELECT access_key FROM events"
	    " WHERE incident_id = ? AND principal_id ="
	    " (SELECT id FROM strings WHERE s = ?)"
	    " AND access_key <> ''"
	    " ORDER BY access_key LIKE 'AKIA%' DESC, time_ms LIMIT 1";
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, b->principal);
	if (sqlite3_step(st) == SQLITE_ROW)
		pb_set(b->access_key, store_column_str(st, 0));
	sqlite3_reset(st);
	return (0);
}

/*
 * A key's user, from its own CloudTrail events: a GuardDuty finding may
 * name the key alone, and the events that arrive with it (or later)
 * tell whose it is.
 */
static int
pb_bind_key_user(struct store *s, int64_t incident, struct pb_bound *b,
    struct wr_err *err)
{
	static const char q[] = "SELECT p.s FROM events e"
	    " JOIN strings p ON p.id = e.principal_id"
	    " WHERE e.incident_id = ? AND e.access_key = ?"
	    " AND p.s LIKE 'arn:%' ORDER BY e.time_ms LIMIT 1";
	sqlite3_stmt	*st;

	if (b->access_key[0] == '\0' || (b->principal[0] != '\0' &&
	    (b->user[0] != '\0' || b->role[0] != '\0')))
		return (0);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, b->access_key);
	if (sqlite3_step(st) == SQLITE_ROW)
		pb_from_arn(b, store_column_str(st, 0));
	sqlite3_reset(st);
	return (0);
}

static int
pb_bind_finding(struct store *s, int64_t incident, const char *source,
    const char *type, struct pb_bound *b, struct wr_err *err)
{
	memset(b, 0, sizeof *b);
	return (pb_bind_more(s, incident, source, type, b, err));
}

int
pb_bind_more(struct store *s, int64_t incident, const char *source,
    const char *type, struct pb_bound *b, struct wr_err *err)
{
	static const char q_type[] =
	    "SELECT principal, region, account, first_seen, raw, id"
	    " FROM findings"
	    " WHERE incident_id = ? AND source = ? AND type = ?"
	    " ORDER BY first_seen IS NULL, first_seen, id LIMIT 1";
	static const char q_any[] =
	    "SELECT principal, region, account, first_seen, raw, id"
	    " FROM findings"
	    " WHERE incident_id = ? AND ? IS NULL AND ? IS NULL"
	    " ORDER BY p_level, first_seen IS NULL, first_seen, id LIMIT 1";
	sqlite3_stmt	*st;
	const char	*pr;
	int64_t		 first, id = 0;

	if ((st = store_stmt(s, source != NULL ? q_type : q_any, err)) ==
	    NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, source);
	store_bind_text(st, 3, type);
	if (sqlite3_step(st) == SQLITE_ROW) {
		pr = store_column_str(st, 0);
		if (str_has_prefix(pr, "AKIA") || str_has_prefix(pr, "ASIA"))
			pb_set(b->access_key, pr);
		else
			pb_from_arn(b, pr);
		pb_set(b->region, store_column_str(st, 1));
		pb_set(b->account, store_column_str(st, 2));
		first = store_column_time(st, 3);
		if (first != TIME_NONE && b->since[0] == '\0')
			time_fmt_iso(first - PB_WINDOW_MS, b->since,
			    sizeof b->since);
		pb_from_raw(b, sqlite3_column_blob(st, 4),
		    (size_t)sqlite3_column_bytes(st, 4));
		id = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	/* A rule finding names an ARN; its events know the key. */
	if (id != 0 && b->access_key[0] == '\0' &&
	    pb_bind_event_key(s, id, b, err) == -1)
		return (-1);
	if (b->access_key[0] == '\0' && b->principal[0] != '\0' &&
	    pb_bind_user_key(s, incident, b, err) == -1)
		return (-1);
	return (pb_bind_key_user(s, incident, b, err));
}

/* Bind every string inside JSON text (values are JSON-escaped). */
static void
pb_bind_tree(cJSON *j, const struct pb_params *p)
{
	cJSON	*e;
	char	*v;

	if (cJSON_IsString(j)) {
		v = playbook_bind(j->valuestring, p);
		cJSON_SetValuestring(j, v);
		free(v);
		return;
	}
	cJSON_ArrayForEach(e, j)
		pb_bind_tree(e, p);
}

static char *
pb_bind_json(const char *text, const struct pb_params *p)
{
	cJSON	*j;
	char	*out;

	if (text == NULL || (j = cJSON_Parse(text)) == NULL)
		return (NULL);
	pb_bind_tree(j, p);
	out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return (out);
}

/*
 * Items sort by phase, then ord: each playbook gets its own block of
 * ords, in the order they were attached, so that within a phase one
 * playbook's steps stay together and in their written order.
 */
static int
pb_ord_base(struct store *s, int64_t incident, const char *id, int *base,
    struct wr_err *err)
{
	static const char q[] = "SELECT COUNT(*) FROM playbooks_attached"
	    " WHERE incident_id = ? AND playbook_id <> ?";
	sqlite3_stmt	*st;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, id);
	*base = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int(st, 0) * PLAYBOOK_ORD_BLOCK : 0;
	sqlite3_reset(st);
	return (0);
}

static int
pb_add_step(struct store *s, const struct operator *op, int64_t incident,
    const struct playbook *pb, const struct pb_step *st, int base,
    const struct pb_params *p, struct wr_err *err)
{
	struct check_item	 it;
	char			*text, *verify, *query, *action;
	int64_t			 id;
	int			 rc;

	memset(&it, 0, sizeof it);
	it.incident_id = incident;
	it.phase = st->phase;
	it.ord = base + st->ord;
	it.playbook_id = pb->id;
	it.step_id = st->id;
	it.owner_role = st->owner;
	it.text = text = playbook_bind(st->text, p);
	it.verify = verify = st->verify ? playbook_bind(st->verify, p) : NULL;
	it.query = query = pb_bind_json(st->query, p);
	it.action = action = pb_bind_json(st->action, p);
	rc = checklist_add(s, op, &it, &id, NULL, err);
	free(text);
	free(verify);
	cJSON_free(query);
	cJSON_free(action);
	return (rc);
}

/* -1 error, 0 absent, 1 attached, 2 dropped. */
static int
pb_state(struct store *s, int64_t incident, const char *id,
    struct wr_err *err)
{
	static const char q[] = "SELECT dropped FROM playbooks_attached"
	    " WHERE incident_id = ? AND playbook_id = ?";
	sqlite3_stmt	*st;
	int		 rc = 0;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) ? 2 : 1;
	sqlite3_reset(st);
	return (rc);
}

static int
pb_record(struct store *s, const struct operator *op, int64_t incident,
    const struct playbook *pb, const char *reason, int revive,
    struct wr_err *err)
{
	static const char ins[] = "INSERT INTO playbooks_attached(version,"
	    " attached_at, attached_by, reason, incident_id, playbook_id)"
	    " VALUES (?,?,?,?,?,?)";
	static const char upd[] = "UPDATE playbooks_attached SET version = ?,"
	    " attached_at = ?, attached_by = ?, reason = ?, dropped = 0"
	    " WHERE incident_id = ? AND playbook_id = ?";
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt(s, revive ? upd : ins, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, pb->version);
	sqlite3_bind_int64(st, 2, time_now_ms());
	store_bind_text(st, 3, op->name);
	store_bind_text(st, 4, reason != NULL ? reason : "");
	sqlite3_bind_int64(st, 5, incident);
	store_bind_text(st, 6, pb->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "recording a playbook"));
	return (0);
}

static int
pb_audit(struct store *s, const struct operator *op, int64_t incident,
    const char *action, const char *id, const char *before,
    const char *after, cJSON *detail, struct wr_err *err)
{
	char	*d = detail ? cJSON_PrintUnformatted(detail) : NULL;
	int	 rc;

	rc = audit_change(s, op, incident, action, id, before, after, d, err);
	cJSON_free(d);
	cJSON_Delete(detail);
	return (rc);
}

static int
pb_attach_tx(struct store *s, const struct operator *op, int64_t incident,
    const struct playbook *pb, const char *reason,
    const struct pb_params *p, int state, struct wr_err *err)
{
	cJSON	*d;
	char	*after;
	int	 i, rc, base;

	if (pb_ord_base(s, incident, pb->id, &base, err) == -1 ||
	    pb_record(s, op, incident, pb, reason, state == 2, err) == -1)
		return (-1);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "version", pb->version);
	cJSON_AddStringToObject(d, "file", pb->file);
	cJSON_AddStringToObject(d, "reason", reason ? reason : "");
	cJSON_AddNumberToObject(d, "steps", pb->nsteps);
	after = xasprintf("%s %s", pb->id, pb->version);
	rc = pb_audit(s, op, incident, "playbook.attach", pb->id,
	    state == 2 ? "dropped" : NULL, after, d, err);
	free(after);
	for (i = 0; rc == 0 && i < pb->nsteps; i++)
		rc = pb_add_step(s, op, incident, pb, &pb->steps[i], base, p,
		    err);
	return (rc);
}

int
playbook_attach(struct store *s, const struct operator *op,
    int64_t incident, const struct playbook *pb, const char *reason,
    const struct pb_params *p, int *added, struct wr_err *err)
{
	int	state;

	if (added != NULL)
		*added = 0;
	if (store_begin(s, err) == -1)
		return (-1);
	if ((state = pb_state(s, incident, pb->id, err)) == -1)
		goto fail;
	if (state != 1) {
		if (pb_attach_tx(s, op, incident, pb, reason, p, state,
		    err) == -1)
			goto fail;
		if (added != NULL)
			*added = 1;
	}
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
playbook_attach_id(struct store *s, const struct playbook_set *set,
    const struct operator *op, int64_t incident, const char *id,
    int *added, struct wr_err *err)
{
	const struct playbook	*pb;
	struct pb_bound		 b;
	struct pb_params	 p;
	char			*reason;
	int			 rc;

	if ((pb = playbook_find(set, id)) == NULL)
		return (wr_fail(err, WR_ERR_NOTFOUND, id, "no such playbook"));
	if (incident_require(s, incident, op, ROLE_COMMANDER,
	    "attach a playbook", err) == -1 ||
	    pb_bind_finding(s, incident, NULL, NULL, &b, err) == -1)
		return (-1);
	pb_params_of(&b, &p);
	reason = xasprintf("attached by %s", op->name);
	rc = playbook_attach(s, op, incident, pb, reason, &p, added, err);
	free(reason);
	return (rc);
}

static int
pb_drop_items(struct store *s, int64_t incident, const char *id,
    int *removed, struct wr_err *err)
{
	static const char q[] = "DELETE FROM checklist WHERE incident_id = ?"
	    " AND playbook_id = ? AND done = 0";
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "removing a playbook's items"));
	*removed = sqlite3_changes(store_db(s));
	return (0);
}

int
playbook_drop(struct store *s, const struct operator *op,
    int64_t incident, const char *id, struct wr_err *err)
{
	static const char q[] = "UPDATE playbooks_attached SET dropped = 1"
	    " WHERE incident_id = ? AND playbook_id = ?";
	sqlite3_stmt	*st;
	cJSON		*d;
	int		 state, removed = 0;

	if (incident_require(s, incident, op, ROLE_COMMANDER,
	    "drop a playbook", err) == -1 || store_begin(s, err) == -1)
		return (-1);
	if ((state = pb_state(s, incident, id, err)) == -1)
		goto fail;
	if (state != 1) {
		wr_fail(err, WR_ERR_NOTFOUND, id, "playbook not attached to "
		    "incident %lld", (long long)incident);
		goto fail;
	}
	if ((st = store_stmt(s, q, err)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, id);
	state = sqlite3_step(st);
	sqlite3_reset(st);
	if (state != SQLITE_DONE) {
		store_fail(s, err, "dropping a playbook");
		goto fail;
	}
	if (pb_drop_items(s, incident, id, &removed, err) == -1)
		goto fail;
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "open_items_removed", removed);
	if (pb_audit(s, op, incident, "playbook.drop", id, "attached",
	    "dropped", d, err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
playbook_level_ok(const struct playbook *pb, int p_level)
{
	/* An unknown level (0) is not held back. */
	return (p_level <= pb->trigger_level);
}

int
playbook_on_finding(struct store *s, const struct playbook_set *set,
    const struct operator *op, int64_t incident, const char *source,
    const char *type, int p_level, struct wr_err *err)
{
	struct pb_bound		 b;
	struct pb_params	 p;
	char			*reason;
	int			 i, state, added, n = 0, bound = 0;

	for (i = 0; set != NULL && i < set->n; i++) {
		if (!playbook_matches(&set->v[i], source, type) ||
		    !playbook_level_ok(&set->v[i], p_level))
			continue;
		if ((state = pb_state(s, incident, set->v[i].id, err)) == -1)
			return (-1);
		if (state != 0)
			continue;	/* attached, or dropped on purpose */
		if (!bound && pb_bind_finding(s, incident, source, type, &b,
		    err) == -1)
			return (-1);
		bound = 1;
		pb_params_of(&b, &p);
		reason = xasprintf("%s finding %s", source, type);
		if (playbook_attach(s, op, incident, &set->v[i], reason, &p,
		    &added, err) == -1) {
			free(reason);
			return (-1);
		}
		free(reason);
		n += added;
	}
	return (n);
}

int
playbook_attached_each(struct store *s, int64_t incident,
    int (*fn)(const struct pb_attached *, void *), void *arg,
    struct wr_err *err)
{
	static const char q[] = "SELECT playbook_id, version, attached_at,"
	    " attached_by, reason, dropped FROM playbooks_attached"
	    " WHERE incident_id = ? ORDER BY attached_at, playbook_id";
	struct pb_attached	 a;
	sqlite3_stmt		*st;
	int			 rc = 0, step = SQLITE_DONE;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		a.playbook_id = store_column_str(st, 0);
		a.version = store_column_str(st, 1);
		a.attached_at = store_column_time(st, 2);
		a.attached_by = store_column_str(st, 3);
		a.reason = store_column_str(st, 4);
		a.dropped = sqlite3_column_int(st, 5);
		rc = fn(&a, arg);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_fail(s, err, "listing playbooks");
	sqlite3_reset(st);
	return (rc < 0 ? -1 : 0);
}

int
playbook_finding_hook(struct store *s, const struct operator *op,
    int64_t incident, const struct finding *f, void *arg,
    struct wr_err *err)
{
	const struct playbook_set	*set = arg;

	if ((f->flags & FINDING_F_SAMPLE) != 0)
		return (0);	/* a sample must not open a real response */
	/*
	 * No derivation here: the file's later events are not stored yet,
	 * so playbook_derive_all runs once the whole ingest is done.
	 */
	return (playbook_on_finding(s, set, op, incident, f->source,
	    f->type, f->p_level, err) == -1 ? -1 : 0);
}

/* CPU seconds of this process, for the log (make bench reads it). */
static double
cpu_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1)
		return (0);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

int
playbook_derive_all(struct store *s, const struct operator *op,
    int64_t incident, struct wr_err *err)
{
	static const char q[] = "SELECT DISTINCT principal FROM findings"
	    " WHERE incident_id = ? AND principal <> ''"
	    " AND (flags & ?) = 0 ORDER BY principal";
	sqlite3_stmt	*st;
	char		**v = NULL;
	int		 i, n = 0, added = 0, rc = 0;
	double		 t0 = cpu_seconds();

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	sqlite3_bind_int(st, 2, FINDING_F_SAMPLE);
	/* Copy first: derive runs its own statements. */
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = xreallocarray(v, (size_t)n + 1, sizeof *v);
		v[n++] = xstrdup(store_column_str(st, 0));
	}
	sqlite3_reset(st);
	for (i = 0; i < n; i++) {
		if (rc == 0 && (rc = playbook_derive(s, op, incident, v[i],
		    err)) >= 0) {
			added += rc;
			rc = 0;
		}
		free(v[i]);
	}
	free(v);
	log_info("derivation: %d principals, %d new items, %.2f cpu-s", n,
	    added, cpu_seconds() - t0);
	return (rc == -1 ? -1 : added);
}
