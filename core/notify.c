/*
 * Breach notification in the store (notify.h): tables notify_starts,
 * notify_answers (append-only: a revision is a new row) and notify_sent.
 * Every write checks the role and appends its audit row in the same
 * BEGIN IMMEDIATE transaction; reads rebuild the tree's input and
 * evaluate it.
 */
#include "core/notify.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/audit.h"
#include "core/incident.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

/* Clocks may run a little apart between hosts; more is a typo. */
#define FUTURE_SLACK_MS (5 * 60 * 1000LL)

/* What the store holds for one incident, as the evaluator's input. */
struct nstate {
	struct notify_input	 in;
	struct notify_given	*given;
	size_t			 ngiven;
	int64_t			*sent;
	char			**to, **channel, **ref, **by;
	size_t			 nout;
};

static void
nstate_free(struct nstate *ns)
{
	size_t i;

	for (i = 0; i < ns->ngiven; i++) {
		free((char *)(uintptr_t)ns->given[i].question);
		free((char *)(uintptr_t)ns->given[i].answer);
	}
	for (i = 0; i < ns->nout; i++) {
		free(ns->to[i]);
		free(ns->channel[i]);
		free(ns->ref[i]);
		free(ns->by[i]);
	}
	free(ns->given);
	free(ns->sent);
	free(ns->to);
	free(ns->channel);
	free(ns->ref);
	free(ns->by);
	memset(ns, 0, sizeof *ns);
}

static int
load_starts(struct store *s, int64_t id, struct nstate *ns,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT event, at FROM notify_starts WHERE incident_id = ?";
	sqlite3_stmt *st;
	int rc, e;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((e = notify_event_from_name(store_column_str(st, 0))) !=
		    -1)
			ns->in.start[e] = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_starts"));
}

static int
load_answers(struct store *s, int64_t id, struct nstate *ns,
    struct wr_err *err)
{
	static const char q[] = "SELECT question, answer FROM notify_answers"
	    " WHERE incident_id = ? ORDER BY id";
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ns->ngiven == cap) {
			cap = cap ? cap * 2 : 16;
			ns->given = xreallocarray(ns->given, cap,
			    sizeof *ns->given);
		}
		ns->given[ns->ngiven].question =
		    xstrdup(store_column_str(st, 0));
		ns->given[ns->ngiven++].answer =
		    xstrdup(store_column_str(st, 1));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_answers"));
}

static int
load_sent(struct store *s, const struct notify_tree *t, int64_t id,
    struct nstate *ns, struct wr_err *err)
{
	static const char q[] = "SELECT obligation, recipient, channel, ref,"
	    " sent_at, sent_by FROM notify_sent WHERE incident_id = ?"
	    " ORDER BY id";
	sqlite3_stmt *st;
	int rc, o;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* An outcome since removed from the data is skipped. */
		if ((o = notify_find_outcome(t, store_column_str(st, 0))) ==
		    -1 || ns->sent[o] != TIME_NONE)
			continue;
		ns->to[o] = xstrdup(store_column_str(st, 1));
		ns->channel[o] = xstrdup(store_column_str(st, 2));
		ns->ref[o] = xstrdup(store_column_str(st, 3));
		ns->sent[o] = sqlite3_column_int64(st, 4);
		ns->by[o] = xstrdup(store_column_str(st, 5));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_sent"));
}

static int
nstate_load(struct store *s, const struct notify_tree *t, int64_t id,
    struct nstate *ns, struct wr_err *err)
{
	size_t i;

	memset(ns, 0, sizeof *ns);
	notify_input_init(&ns->in);
	ns->nout = t->nout;
	ns->sent = xcalloc(t->nout + 1, sizeof *ns->sent);
	for (i = 0; i < t->nout; i++)
		ns->sent[i] = TIME_NONE;
	ns->to = xcalloc(t->nout + 1, sizeof *ns->to);
	ns->channel = xcalloc(t->nout + 1, sizeof *ns->channel);
	ns->ref = xcalloc(t->nout + 1, sizeof *ns->ref);
	ns->by = xcalloc(t->nout + 1, sizeof *ns->by);
	if (load_starts(s, id, ns, err) == -1 ||
	    load_answers(s, id, ns, err) == -1 ||
	    load_sent(s, t, id, ns, err) == -1) {
		nstate_free(ns);
		return (-1);
	}
	ns->in.given = ns->given;
	ns->in.ngiven = ns->ngiven;
	ns->in.sent = ns->sent;
	return (0);
}

static char *
detail_json(const char *k1, const char *v1, const char *k2,
    const char *v2)
{
	cJSON *o = cJSON_CreateObject();
	char *text, *out;

	cJSON_AddStringToObject(o, k1, v1 != NULL ? v1 : "");
	if (k2 != NULL)
		cJSON_AddStringToObject(o, k2, v2 != NULL ? v2 : "");
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	out = xstrdup(text);
	cJSON_free(text);
	return (out);
}

static int
audit_row(struct store *s, const struct operator *op, int64_t id,
    const char *action, const char *target, const char *before,
    const char *after, int64_t happened, const char *detail,
    struct wr_err *err)
{
	struct audit_entry e;

	memset(&e, 0, sizeof e);
	e.incident_id = id;
	e.happened_at = happened;
	e.discovered_at = TIME_NONE;
	e.op = op;
	e.action = action;
	e.target = target;
	e.before = before;
	e.after = after;
	e.detail = detail;
	return (audit_append(s, &e, err));
}

static int
old_start(struct store *s, int64_t id, const char *ev, int64_t *at,
    struct wr_err *err)
{
	static const char q[] = "SELECT at FROM notify_starts"
	    " WHERE incident_id = ? AND event = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, ev);
	*at = TIME_NONE;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "notify_starts"));
	return (0);
}

static int
put_start(struct store *s, const struct operator *op, int64_t id,
    const char *ev, int64_t at, const char *why, struct wr_err *err)
{
	static const char q[] = "INSERT INTO notify_starts(incident_id,"
	    " event, at, why, set_by, set_at) VALUES (?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT(incident_id, event) DO UPDATE SET at = excluded.at,"
	    " why = excluded.why, set_by = excluded.set_by,"
	    " set_at = excluded.set_at";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, ev);
	sqlite3_bind_int64(st, 3, at);
	store_bind_text(st, 4, why != NULL ? why : "");
	store_bind_text(st, 5, op->name);
	sqlite3_bind_int64(st, 6, time_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_starts"));
}

int
notify_start(struct store *s, const struct operator *op, int64_t id,
    int event, int64_t at, const char *why, struct wr_err *err)
{
	const char *ev = notify_event_name(event);
	char what[64], b[TIME_ISO_LEN], a[TIME_ISO_LEN], *detail;
	int64_t old;
	int rc = -1;

	if (event < 0 || event >= NOTIFY_EV__COUNT || at == TIME_NONE)
		return (wr_fail(err, WR_ERR_INVALID, "notify start",
		    "no such start event or no time"));
	if (at > time_now_ms() + FUTURE_SLACK_MS)
		return (wr_fail(err, WR_ERR_INVALID, ev, "%s is in the "
		    "future", time_fmt_iso(at, a, sizeof a)));
	if (event == NOTIFY_EV_AWARE && (why == NULL || *why == '\0'))
		return (wr_fail(err, WR_ERR_USAGE, ev, "awareness starts the "
		    "GDPR, NIS2 and DORA clocks: give the reason (--why)"));
	snprintf(what, sizeof what, "notify start %s", ev);
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_require(s, id, op, event == NOTIFY_EV_AWARE ?
	    ROLE_COMMANDER : ROLE_SCRIBE, what, err) == -1 ||
	    old_start(s, id, ev, &old, err) == -1)
		goto fail;
	if (old == at) {
		wr_fail(err, WR_ERR_EXISTS, ev, "already recorded at %s",
		    time_fmt_iso(at, a, sizeof a));
		goto fail;
	}
	detail = detail_json("why", why, NULL, NULL);
	rc = put_start(s, op, id, ev, at, why, err) == -1 ? -1 :
	    audit_row(s, op, id, "notify.start", ev, old == TIME_NONE ? NULL :
	    time_fmt_iso(old, b, sizeof b), time_fmt_iso(at, a, sizeof a), at,
	    detail, err);
	free(detail);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
notify_start_auto(struct store *s, int64_t id, int event, int64_t at,
    const char *why, struct wr_err *err)
{
	struct operator sys;
	char *detail, a[TIME_ISO_LEN];
	const char *ev = notify_event_name(event);
	int64_t old;
	int rc;

	if (event < 0 || event >= NOTIFY_EV__COUNT || at == TIME_NONE ||
	    event == NOTIFY_EV_AWARE)
		return (wr_fail(err, WR_ERR_INVALID, ev, "not a start event "
		    "that may start itself"));
	operator_make(&sys, "warroom", "");
	if (store_begin(s, err) == -1)
		return (-1);
	if (old_start(s, id, ev, &old, err) == -1)
		goto fail;
	if (old != TIME_NONE) {
		store_rollback(s);
		return (0);
	}
	detail = detail_json("why", why, NULL, NULL);
	rc = put_start(s, &sys, id, ev, at, why, err) == -1 ? -1 :
	    audit_row(s, &sys, id, "notify.start", ev, NULL,
	    time_fmt_iso(at, a, sizeof a), at, detail, err);
	free(detail);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

/* The latest answer to q into buf ("" when none). */
static int
last_answer(struct store *s, int64_t id, const char *q, char *buf,
    size_t len, struct wr_err *err)
{
	static const char sql[] = "SELECT answer FROM notify_answers"
	    " WHERE incident_id = ? AND question = ? ORDER BY id DESC"
	    " LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, q);
	*buf = '\0';
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strlcpy_wr(buf, store_column_str(st, 0), len);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "notify_answers"));
	return (0);
}

static int
put_answer(struct store *s, const struct operator *op, int64_t id,
    const char *q, const char *a, const char *why, struct wr_err *err)
{
	static const char sql[] = "INSERT INTO notify_answers(incident_id,"
	    " question, answer, why, answered_by, answered_at)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, q);
	store_bind_text(st, 3, a);
	store_bind_text(st, 4, why != NULL ? why : "");
	store_bind_text(st, 5, op->name);
	sqlite3_bind_int64(st, 6, time_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_answers"));
}

int
notify_answer(struct store *s, const struct notify_tree *t,
    const struct operator *op, int64_t id, const char *q, const char *a,
    const char *why, struct wr_err *err)
{
	char norm[512], prev[512], *detail;
	int qi = notify_find_question(t, q), rc;

	if (qi == -1)
		return (wr_fail(err, WR_ERR_NOTFOUND, q, "no such question "
		    "(warroom notify status lists the open ones)"));
	if (notify_check_answer(t, qi, a, norm, sizeof norm, err) == -1)
		return (-1);
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_require(s, id, op, ROLE_SCRIBE, "notify answer",
	    err) == -1 || last_answer(s, id, q, prev, sizeof prev, err) == -1)
		goto fail;
	if (strcmp(prev, norm) == 0) {
		wr_fail(err, WR_ERR_EXISTS, q, "already answered \"%s\"", norm);
		goto fail;
	}
	detail = detail_json("why", why, "question", t->q[qi].text);
	rc = put_answer(s, op, id, q, norm, why, err) == -1 ? -1 :
	    audit_row(s, op, id, *prev ? "notify.revise" : "notify.answer", q,
	    *prev ? prev : NULL, norm, TIME_NONE, detail, err);
	free(detail);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

static const struct notify_ob *
find_ob(const struct notify_eval *ev, int o)
{
	size_t i;

	for (i = 0; i < ev->nob; i++)
		if (ev->ob[i].outcome == o)
			return (&ev->ob[i]);
	return (NULL);
}

static int
put_sent(struct store *s, const struct operator *op, int64_t id,
    const char *o, const char *to, const char *ch, const char *ref,
    int64_t at, struct wr_err *err)
{
	static const char sql[] = "INSERT INTO notify_sent(incident_id,"
	    " obligation, recipient, channel, ref, sent_at, sent_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, o);
	store_bind_text(st, 3, to);
	store_bind_text(st, 4, ch);
	store_bind_text(st, 5, ref);
	sqlite3_bind_int64(st, 6, at);
	store_bind_text(st, 7, op->name);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_sent"));
}

static char *
sent_detail(const char *to, const char *ch, const char *ref, int64_t dl)
{
	cJSON *o = cJSON_CreateObject();
	char buf[TIME_ISO_LEN], *text, *out;

	cJSON_AddStringToObject(o, "to", to);
	cJSON_AddStringToObject(o, "channel", ch);
	cJSON_AddStringToObject(o, "ref", ref);
	if (dl != TIME_NONE)
		cJSON_AddStringToObject(o, "deadline",
		    time_fmt_iso(dl, buf, sizeof buf));
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	out = xstrdup(text);
	cJSON_free(text);
	return (out);
}

/* Inside the transaction: the obligation must be raised and open. */
static int
sent_check(struct store *s, const struct notify_tree *t, int64_t id,
    int o, int64_t now, int64_t *deadline, enum notify_status *was,
    struct wr_err *err)
{
	const struct notify_ob *ob;
	struct notify_eval ev;
	struct nstate ns;
	char buf[TIME_ISO_LEN];
	int rc = -1;

	if (nstate_load(s, t, id, &ns, err) == -1)
		return (-1);
	if (notify_evaluate(t, &ns.in, now, &ev, err) == -1)
		goto out;
	if ((ob = find_ob(&ev, o)) == NULL)
		wr_fail(err, WR_ERR_DENIED, t->out[o].id, "not an obligation "
		    "of incident %lld: no answer so far raises it",
		    (long long)id);
	else if (ob->sent_at != TIME_NONE)
		wr_fail(err, WR_ERR_EXISTS, t->out[o].id, "already sent at %s "
		    "by %s", time_fmt_iso(ob->sent_at, buf, sizeof buf),
		    ns.by[o]);
	else {
		*deadline = ob->deadline;
		*was = ob->status;
		rc = 0;
	}
	notify_eval_free(&ev);
out:
	nstate_free(&ns);
	return (rc);
}

int
notify_sent(struct store *s, const struct notify_tree *t,
    const struct operator *op, int64_t id, const char *oid, const char *to,
    const char *ch, const char *ref, int64_t at, struct wr_err *err)
{
	int64_t now = time_now_ms(), dl;
	enum notify_status was;
	int o = notify_find_outcome(t, oid), rc;
	char *detail;

	if (o == -1)
		return (wr_fail(err, WR_ERR_NOTFOUND, oid, "no such obligation "
		    "(warroom notify status lists them)"));
	if (to == NULL || *to == '\0' || ch == NULL || *ch == '\0' ||
	    ref == NULL || *ref == '\0')
		return (wr_fail(err, WR_ERR_USAGE, oid, "a notice needs "
		    "--to, --channel and --ref"));
	if (at == TIME_NONE)
		at = now;
	if (at > now + FUTURE_SLACK_MS)
		return (wr_fail(err, WR_ERR_INVALID, oid, "sent time is in "
		    "the future"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_require(s, id, op, ROLE_SCRIBE, "notify sent", err) ==
	    -1 || sent_check(s, t, id, o, now, &dl, &was, err) == -1)
		goto fail;
	detail = sent_detail(to, ch, ref, dl);
	rc = put_sent(s, op, id, oid, to, ch, ref, at, err) == -1 ? -1 :
	    audit_row(s, op, id, "notify.sent", oid, notify_status_name(was),
	    notify_status_name(dl != TIME_NONE && at > dl ? NOTIFY_SENT_LATE :
	    NOTIFY_SENT), at, detail, err);
	free(detail);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

static void
fill_ob(const struct notify_tree *t, const struct nstate *ns,
    const struct notify_ob *ob, struct notify_obligation *out)
{
	const struct notify_outcome *o = &t->out[ob->outcome];
	const struct notify_regime *r = &t->reg[o->regime];
	int k = ob->outcome;

	memset(out, 0, sizeof *out);
	out->id = o->id;
	out->regime = r->id;
	out->regime_name = r->name;
	out->source = r->source;
	out->checked = r->checked;
	out->verified = r->verified;
	out->recipient = o->recipient;
	out->mode = notify_mode_name(o->mode);
	out->note = o->note;
	if (!o->deadline.set)
		strlcpy_wr(out->start, "", sizeof out->start);
	else if (ob->start_event == NOTIFY_EV_CHAINED)
		snprintf(out->start, sizeof out->start, "submitted:%s",
		    t->out[ob->start_chain].id);
	else
		strlcpy_wr(out->start, notify_event_name(ob->start_event),
		    sizeof out->start);
	out->status = ob->status;
	out->current = ob->current;
	out->deadline = ob->deadline;
	out->start_at = ob->start_at;
	out->sent_at = ob->sent_at;
	strlcpy_wr(out->sent_to, ns->to[k] ? ns->to[k] : "",
	    sizeof out->sent_to);
	strlcpy_wr(out->channel, ns->channel[k] ? ns->channel[k] : "",
	    sizeof out->channel);
	strlcpy_wr(out->ref, ns->ref[k] ? ns->ref[k] : "", sizeof out->ref);
	strlcpy_wr(out->sent_by, ns->by[k] ? ns->by[k] : "",
	    sizeof out->sent_by);
}

/* Load, evaluate, and hand each obligation to fn. */
static int
walk_obligations(struct store *s, const struct notify_tree *t, int64_t id,
    int64_t now, int (*fn)(const struct notify_obligation *, void *),
    void *arg, struct wr_err *err)
{
	struct notify_obligation ob;
	struct notify_eval ev;
	struct nstate ns;
	size_t i;
	int rc = -1;

	if (nstate_load(s, t, id, &ns, err) == -1)
		return (-1);
	if (notify_evaluate(t, &ns.in, now, &ev, err) == -1)
		goto out;
	rc = 0;
	for (i = 0; i < ev.nob; i++) {
		fill_ob(t, &ns, &ev.ob[i], &ob);
		if (fn(&ob, arg) != 0)
			break;
	}
	notify_eval_free(&ev);
out:
	nstate_free(&ns);
	return (rc);
}

int
notify_each_obligation(struct store *s, const struct notify_tree *t,
    int64_t id, int64_t now,
    int (*fn)(const struct notify_obligation *, void *), void *arg,
    struct wr_err *err)
{
	return (walk_obligations(s, t, id, now, fn, arg, err));
}

static int
nearest_fn(const struct notify_obligation *ob, void *arg)
{
	struct notify_obligation *best = arg;

	if (ob->deadline == TIME_NONE || ob->sent_at != TIME_NONE ||
	    ob->status == NOTIFY_NOT_REQUIRED)
		return (0);
	/* Sorted soonest first: the first open one is the nearest. */
	*best = *ob;
	return (1);
}

int
notify_nearest(struct store *s, const struct notify_tree *t, int64_t id,
    int64_t now, struct notify_obligation *out, struct wr_err *err)
{
	memset(out, 0, sizeof *out);
	out->deadline = TIME_NONE;
	if (walk_obligations(s, t, id, now, nearest_fn, out, err) == -1)
		return (-1);
	return (out->id != NULL ? 1 : 0);
}

struct arow {
	int64_t	 id, at;
	char	*q, *a, *why, *by;
};

static int
load_arows(struct store *s, int64_t id, struct arow **out, size_t *n,
    struct wr_err *err)
{
	static const char q[] = "SELECT id, question, answer, why,"
	    " answered_by, answered_at FROM notify_answers"
	    " WHERE incident_id = ? ORDER BY id";
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		(*out)[*n].q = xstrdup(store_column_str(st, 1));
		(*out)[*n].a = xstrdup(store_column_str(st, 2));
		(*out)[*n].why = xstrdup(store_column_str(st, 3));
		(*out)[*n].by = xstrdup(store_column_str(st, 4));
		(*out)[(*n)++].at = sqlite3_column_int64(st, 5);
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_answers"));
}

static void
fill_arow(const struct notify_tree *t, const struct arow *rows, size_t n,
    size_t i, struct notify_answer_row *r)
{
	size_t j;
	int qi = t != NULL ? notify_find_question(t, rows[i].q) : -1;

	memset(r, 0, sizeof *r);
	r->id = rows[i].id;
	r->question = rows[i].q;
	r->text = qi != -1 ? t->q[qi].text : NULL;
	r->answer = rows[i].a;
	r->why = rows[i].why;
	r->by = rows[i].by;
	r->at = rows[i].at;
	r->current = 1;
	for (j = 0; j < n; j++) {
		if (strcmp(rows[j].q, rows[i].q) != 0)
			continue;
		if (j < i)
			r->previous = rows[j].a;
		if (j > i)
			r->current = 0;
	}
}

int
notify_each_answer(struct store *s, const struct notify_tree *t,
    int64_t id, int (*fn)(const struct notify_answer_row *, void *),
    void *arg, struct wr_err *err)
{
	struct notify_answer_row r;
	struct arow *rows;
	size_t n, i;
	int rc;

	if ((rc = load_arows(s, id, &rows, &n, err)) == 0)
		for (i = 0; i < n; i++) {
			fill_arow(t, rows, n, i, &r);
			if (fn(&r, arg) != 0)
				break;
		}
	for (i = 0; i < n; i++) {
		free(rows[i].q);
		free(rows[i].a);
		free(rows[i].why);
		free(rows[i].by);
	}
	free(rows);
	return (rc);
}

int
notify_each_start(struct store *s, int64_t id,
    int (*fn)(const struct notify_start_row *, void *), void *arg,
    struct wr_err *err)
{
	static const char q[] = "SELECT event, at, why, set_by, set_at"
	    " FROM notify_starts WHERE incident_id = ? ORDER BY at, event";
	struct notify_start_row r;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.event = store_column_str(st, 0);
		r.at = sqlite3_column_int64(st, 1);
		r.why = store_column_str(st, 2);
		r.by = store_column_str(st, 3);
		r.set_at = sqlite3_column_int64(st, 4);
		if (fn(&r, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "notify_starts"));
}

int
notify_each_question(struct store *s, const struct notify_tree *t,
    int64_t id, int (*fn)(const struct notify_question *, const char *,
    int, void *), void *arg, struct wr_err *err)
{
	struct notify_eval ev;
	struct nstate ns;
	size_t i;

	if (nstate_load(s, t, id, &ns, err) == -1)
		return (-1);
	if (notify_evaluate(t, &ns.in, time_now_ms(), &ev, err) == -1) {
		nstate_free(&ns);
		return (-1);
	}
	for (i = 0; i < ev.nasked; i++)
		if (fn(&t->q[ev.asked[i].question], ev.asked[i].answer,
		    ev.asked[i].open, arg) != 0)
			break;
	notify_eval_free(&ev);
	nstate_free(&ns);
	return (0);
}
