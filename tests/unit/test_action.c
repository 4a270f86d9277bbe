/*
 * The containment gate, with a fake provider that keeps one key's
 * state: observers refused, a responder's request waiting for the
 * commander, exercise incidents refused, every step on the timeline,
 * the checklist item ticked only when verification reads it back.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "core/action.h"
#include "core/action_int.h"	/* action_claim, to race it */
#include "core/audit.h"
#include "core/checklist.h"
#include "core/incident.h"
#include "core/provider.h"
#include "core/store.h"
#include "core/util.h"

/* The fake cloud: one key's status, and what to do wrong. */
static char key_status[16];
static int fail_act, fail_undo, lie_verify, acts, undos;
/* Set: act changes the key, then fails (a later step refused). */
static int partial_act;
static int64_t seen_incident;
/* Set: while acting, a second process tries the same action. */
static struct store *race_store;
static int64_t race_id;
static int race_rc;
static char race_msg[WR_ERR_MSG_LEN];

static const struct wr_provider fake;

static int
f_act(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	(void)ps;
	acts++;
	seen_incident = a->incident_id;
	if (race_store != NULL) {
		struct wr_err e2;

		race_rc = action_run(race_store, tu_op("warroom"), &fake, NULL,
		    race_id, &e2);
		snprintf(race_msg, sizeof race_msg, "%s", e2.msg);
		race_store = NULL;
	}
	if (fail_act)
		return (wr_fail(err, WR_ERR_AWS, "iam UpdateAccessKey",
		    "AccessDenied: missing iam:UpdateAccessKey"));
	snprintf(r->request_id, sizeof r->request_id, "rid-%d", acts);
	r->undo = xasprintf("{\"status\":\"%s\"}", key_status);
	assert_string_equal(a->action, "deactivate-key");
	snprintf(key_status, sizeof key_status, "Inactive");
	if (partial_act)
		return (wr_fail(err, WR_ERR_DENIED, "second step",
		    "AccessDenied: missing iam:SecondStep"));
	return (0);
}

static int
f_verify(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	(void)ps;
	(void)a;
	(void)err;
	r->verified = !lie_verify && strcmp(key_status, "Inactive") == 0;
	snprintf(r->detail, sizeof r->detail, "key %s", key_status);
	return (0);
}

static int
f_undo(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	(void)ps;
	undos++;
	if (race_store != NULL) {
		struct wr_err e2;

		race_rc = action_undo(race_store, tu_op("warroom"), &fake,
		    NULL, race_id, &e2);
		snprintf(race_msg, sizeof race_msg, "%s", e2.msg);
		race_store = NULL;
	}
	if (fail_undo)
		return (wr_fail(err, WR_ERR_AWS, "iam UpdateAccessKey",
		    "Throttling: rate exceeded after 5 tries"));
	assert_non_null(a->undo);
	assert_non_null(strstr(a->undo, "Active"));
	snprintf(key_status, sizeof key_status, "Active");
	snprintf(r->request_id, sizeof r->request_id, "rid-undo");
	return (0);
}

static const struct wr_provider fake = { "fake", NULL, NULL, NULL, NULL,
    NULL, NULL, f_act, f_verify, f_undo };

struct fx {
	struct store	*s;
	int64_t		 inc;
	int64_t		 item;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct check_item it;
	struct wr_err err;

	f->s = tu_store();
	if (incident_create(f->s, tu_op("alice"), "Leaked key",
	    "compromised-iam-key", 0, &f->inc, &err) == -1 ||
	    incident_set_role(f->s, tu_op("alice"), f->inc, "bob",
	    ROLE_RESPONDER, &err) == -1 ||
	    incident_set_role(f->s, tu_op("alice"), f->inc, "olga",
	    ROLE_OBSERVER, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	memset(&it, 0, sizeof it);
	it.incident_id = f->inc;
	it.phase = 1;
	it.text = "Deactivate the key";
	if (checklist_add(f->s, tu_op("alice"), &it, &f->item, NULL,
	    &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	snprintf(key_status, sizeof key_status, "Active");
	fail_act = fail_undo = lie_verify = partial_act = acts = undos = 0;
	race_store = NULL;
	seen_incident = 0;
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	free(f);
	return (0);
}

static int64_t
request(struct fx *f, const char *who, int *approved, struct wr_err *err)
{
	struct action_new a = { "deactivate-key", "AKIAEXAMPLE", "us-east-1",
	    "{\"user\":\"mallory\"}", 0 };
	int64_t id = 0;

	a.item_id = f->item;
	if (action_request(f->s, tu_op(who), f->inc, &a, &id, approved,
	    err) == -1)
		return (-1);
	return (id);
}

/* who asks for the undo of id, then carries it out at once. */
static int
undo_as(struct fx *f, const char *who, int64_t id, struct wr_err *err)
{
	if (action_request_undo(f->s, tu_op(who), id, err) == -1)
		return (-1);
	return (action_undo(f->s, tu_op(who), &fake, NULL, id, err));
}

static const char *
state_of(struct fx *f, int64_t id, char *out, size_t len)
{
	struct action_row r;
	struct wr_err err;

	if (action_get(f->s, id, &r, &err) == -1)
		fail_msg("%s", err.msg);
	snprintf(out, len, "%s", r.state);
	action_row_free(&r);
	return (out);
}

static int
item_done(struct fx *f)
{
	int done = -1;
	sqlite3_stmt *st;
	struct wr_err err;

	st = store_stmt(f->s, "SELECT done FROM checklist WHERE id = ?", &err);
	assert_non_null(st);
	sqlite3_bind_int64(st, 1, f->item);
	if (sqlite3_step(st) == SQLITE_ROW)
		done = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return (done);
}

struct steps {
	char	seen[512];
};

static int
collect(const struct audit_row *r, void *arg)
{
	struct steps *s = arg;
	size_t n = strlen(s->seen);

	if (strncmp(r->action, "action.", 7) == 0)
		snprintf(s->seen + n, sizeof s->seen - n, "%s%s",
		    n > 0 ? " " : "", r->action + 7);
	return (0);
}

static const char *
steps(struct fx *f, struct steps *st)
{
	struct wr_err err;

	st->seen[0] = '\0';
	assert_int_equal(audit_each(f->s, f->inc, collect, st, &err), 0);
	return (st->seen);
}

static void
observer_refused(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct steps st;
	int ap;

	assert_int_equal(request(f, "olga", &ap, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_string_equal(steps(f, &st), "");
}

static void
responder_needs_approval(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct steps st;
	char buf[32];
	int64_t id;
	int ap = -1;

	id = request(f, "bob", &ap, &err);
	assert_true(id > 0);
	assert_int_equal(ap, 0);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "requested");
	/* Not approved: nothing runs, nothing reaches the cloud. */
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(acts, 0);
	/* The responder cannot approve their own request. */
	assert_int_equal(action_approve(f->s, tu_op("bob"), id, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(action_approve(f->s, tu_op("alice"), id, &err), 0);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "approved");
	assert_int_equal(action_approve(f->s, tu_op("alice"), id, &err), -1);
	assert_string_equal(steps(f, &st), "requested approved");
}

static void
exercise_refused(void **state)
{
	struct fx *f = *state;
	struct action_new a = { "deactivate-key", "AKIAEXAMPLE", "", NULL, 0 };
	struct wr_err err;
	int64_t ex, id;
	int ap;

	assert_int_equal(incident_create(f->s, tu_op("alice"), "Drill",
	    "compromised-iam-key", 1, &ex, &err), 0);
	assert_int_equal(action_request(f->s, tu_op("alice"), ex, &a, &id,
	    &ap, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.msg, "exercise"));
}

static void
run_verify_tick_undo(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	struct steps st;
	int64_t id;
	int ap = 0, ran;

	id = request(f, "alice", &ap, &err);
	assert_int_equal(ap, 1);
	assert_int_equal(item_done(f), 0);
	/* The collector's turn: carried out by someone without a role. */
	assert_int_equal(action_run_pending(f->s, tu_op("warroom"), &fake,
	    NULL, f->inc, &ran, &err), 0);
	assert_int_equal(ran, 1);
	assert_string_equal(key_status, "Inactive");
	assert_int_equal(seen_incident, f->inc);
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_string_equal(r.state, "done");
	assert_string_equal(r.request_id, "rid-1");
	assert_int_equal(r.verified, 1);
	assert_non_null(strstr(r.undo, "Active"));
	action_row_free(&r);
	assert_int_equal(item_done(f), 1);
	assert_string_equal(steps(f, &st),
	    "requested approved called verified");
	/* Only the commander undoes; the item opens again. */
	assert_int_equal(undo_as(f, "bob", id, &err), -1);
	assert_int_equal(undos, 0);
	assert_int_equal(undo_as(f, "alice", id, &err), 0);
	assert_string_equal(key_status, "Active");
	assert_int_equal(item_done(f), 0);
	assert_string_equal(steps(f, &st),
	    "requested approved called verified undo_requested undone");
	assert_int_equal(undo_as(f, "alice", id, &err), -1);
	/* Done is done: running it again reaches nothing. */
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(acts, 1);
}

static void
no_tick_without_verification(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct steps st;
	char buf[32];
	int64_t id;
	int ap;

	lie_verify = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_non_null(strstr(err.msg, "verification failed"));
	assert_int_equal(item_done(f), 0);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "failed");
	assert_string_equal(steps(f, &st),
	    "requested approved called failed");
}

static void
access_denied_recorded(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	int64_t id;
	int ap;

	fail_act = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_string_equal(r.state, "failed");
	assert_non_null(strstr(r.error, "iam:UpdateAccessKey"));
	action_row_free(&r);
	assert_string_equal(key_status, "Active");
	assert_int_equal(item_done(f), 0);
}

static void
carried_out_once(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	int ap;

	race_id = request(f, "alice", &ap, &err);
	race_store = f->s;
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, race_id,
	    &err), 0);
	assert_int_equal(race_rc, -1);
	assert_non_null(strstr(race_msg, "running"));
	assert_int_equal(acts, 1);
}


/* Called, but verification failed: the commander can still undo it. */
static void
undo_after_failed_verification(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	struct steps st;
	int64_t id;
	int ap;

	lie_verify = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_string_equal(r.state, "failed");
	assert_string_equal(r.request_id, "rid-1");
	assert_non_null(r.undo);
	action_row_free(&r);
	assert_string_equal(key_status, "Inactive");
	/* Still the commander's alone. */
	assert_int_equal(undo_as(f, "bob", id, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(undos, 0);
	assert_int_equal(undo_as(f, "alice", id, &err), 0);
	assert_int_equal(undos, 1);
	assert_string_equal(key_status, "Active");
	assert_string_equal(steps(f, &st),
	    "requested approved called failed undo_requested undone");
	/* Undone is final. */
	assert_int_equal(undo_as(f, "alice", id, &err), -1);
	assert_int_equal(undos, 1);
}

/* Act changed something, then a later step was refused: undoable. */
static void
undo_after_partial_act(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	int64_t id;
	int ap;

	partial_act = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_non_null(strstr(err.msg, "iam:SecondStep"));
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_string_equal(r.state, "failed");
	assert_string_equal(r.request_id, "rid-1");
	assert_non_null(strstr(r.undo, "Active"));
	assert_non_null(strstr(r.error, "iam:SecondStep"));
	action_row_free(&r);
	assert_int_equal(item_done(f), 0);
	assert_int_equal(undo_as(f, "alice", id, &err), 0);
	assert_string_equal(key_status, "Active");
}

/* Refused before anything changed: nothing to undo, nothing called. */
static void
no_undo_when_nothing_changed(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	int64_t id;
	int ap;

	fail_act = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(undo_as(f, "alice", id, &err), -1);
	assert_non_null(strstr(err.msg, "nothing to undo"));
	assert_int_equal(undos, 0);
}

/* Run and verified by the collector, as the tests below start. */
static int64_t
done_action(struct fx *f)
{
	struct wr_err err;
	int64_t id;
	int ap, ran;

	id = request(f, "alice", &ap, &err);
	assert_true(id > 0);
	assert_int_equal(action_run_pending(f->s, tu_op("warroom"), &fake,
	    NULL, f->inc, &ran, &err), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(item_done(f), 1);
	return (id);
}

/*
 * Asked for by the commander (no credentials needed), carried out by
 * the collector's account, which holds no role: the item is opened
 * again in the commander's name.
 */
static void
undo_requested_then_collected(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct steps st;
	char buf[32];
	int64_t id = done_action(f);
	int ran;

	assert_int_equal(action_waiting(f->s, f->inc, &err), 0);
	assert_int_equal(action_request_undo(f->s, tu_op("alice"), id, &err),
	    0);
	assert_string_equal(state_of(f, id, buf, sizeof buf),
	    "undo-requested");
	assert_int_equal(undos, 0);
	assert_string_equal(key_status, "Inactive");
	/* Asked once: a second request is refused. */
	assert_int_equal(action_request_undo(f->s, tu_op("alice"), id, &err),
	    -1);
	assert_non_null(strstr(err.msg, "already requested"));
	assert_int_equal(action_waiting(f->s, f->inc, &err), 1);
	assert_int_equal(action_run_pending(f->s, tu_op("warroom"), &fake,
	    NULL, f->inc, &ran, &err), 0);
	assert_int_equal(ran, 1);
	assert_int_equal(undos, 1);
	assert_string_equal(key_status, "Active");
	assert_string_equal(state_of(f, id, buf, sizeof buf), "undone");
	assert_int_equal(item_done(f), 0);
	assert_int_equal(action_waiting(f->s, f->inc, &err), 0);
	assert_string_equal(steps(f, &st), "requested approved called "
	    "verified undo_requested undone");
	/* Nothing left for the collector. */
	assert_int_equal(action_run_pending(f->s, tu_op("warroom"), &fake,
	    NULL, f->inc, &ran, &err), 0);
	assert_int_equal(ran, 0);
	assert_int_equal(undos, 1);
}

/* Who may ask: the commander alone; an undo nobody asked for is refused. */
static void
undo_request_gate(void **state)
{
	struct fx *f = *state;
	struct action_new lp = { "delete-login-profile", "mallory", "", NULL,
	    0 };
	struct wr_err err;
	struct steps st;
	char buf[32];
	int64_t id = done_action(f), lid;
	int ap;

	assert_int_equal(action_request_undo(f->s, tu_op("bob"), id, &err),
	    -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(action_request_undo(f->s, tu_op("olga"), id, &err),
	    -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(action_request_undo(f->s, tu_op("eve"), id, &err),
	    -1);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "done");
	/* Not asked for: carrying it out reaches nothing. */
	assert_int_equal(action_undo(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	assert_non_null(strstr(err.msg, "no undo requested"));
	assert_int_equal(undos, 0);
	assert_string_equal(steps(f, &st),
	    "requested approved called verified");
	/* An action with no undo says so. */
	assert_int_equal(action_request(f->s, tu_op("alice"), f->inc, &lp,
	    &lid, &ap, &err), 0);
	assert_int_equal(action_request_undo(f->s, tu_op("alice"), lid, &err),
	    -1);
	assert_non_null(strstr(err.msg, "no undo"));
}

/* AWS refused the undo: back to done, on the record, and retried. */
static void
undo_failure_restores(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	struct steps st;
	char buf[32];
	int64_t id = done_action(f);
	int ran;

	fail_undo = 1;
	assert_int_equal(action_request_undo(f->s, tu_op("alice"), id, &err),
	    0);
	assert_int_equal(action_run_pending(f->s, tu_op("warroom"), &fake,
	    NULL, f->inc, &ran, &err), 0);
	assert_int_equal(undos, 1);
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_string_equal(r.state, "done");
	assert_int_equal(r.verified, 1);
	assert_non_null(strstr(r.error, "undo failed"));
	assert_non_null(strstr(r.error, "Throttling"));
	action_row_free(&r);
	assert_int_equal(item_done(f), 1);
	assert_int_equal(action_waiting(f->s, f->inc, &err), 0);
	assert_string_equal(steps(f, &st), "requested approved called "
	    "verified undo_requested undo_failed");
	/* Asked again, it goes through. */
	fail_undo = 0;
	assert_int_equal(undo_as(f, "alice", id, &err), 0);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "undone");
	assert_string_equal(key_status, "Active");
	assert_int_equal(item_done(f), 0);
	assert_int_equal(undos, 2);
}

/* A failed action whose call went through fails its undo: failed again. */
static void
undo_failure_keeps_failed(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	char buf[32];
	int64_t id;
	int ap;

	lie_verify = 1;
	id = request(f, "alice", &ap, &err);
	assert_int_equal(action_run(f->s, tu_op("alice"), &fake, NULL, id,
	    &err), -1);
	fail_undo = 1;
	assert_int_equal(undo_as(f, "alice", id, &err), -1);
	assert_non_null(strstr(err.msg, "Throttling"));
	assert_string_equal(state_of(f, id, buf, sizeof buf), "failed");
	fail_undo = 0;
	assert_int_equal(undo_as(f, "alice", id, &err), 0);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "undone");
}

/* The collector and the commander both try: one calls AWS. */
static void
undone_once(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	char buf[32];

	race_id = done_action(f);
	assert_int_equal(action_request_undo(f->s, tu_op("alice"), race_id,
	    &err), 0);
	race_store = f->s;
	assert_int_equal(action_undo(f->s, tu_op("alice"), &fake, NULL,
	    race_id, &err), 0);
	assert_int_equal(race_rc, -1);
	assert_non_null(strstr(race_msg, "being undone"));
	assert_int_equal(undos, 1);
	assert_string_equal(state_of(f, race_id, buf, sizeof buf), "undone");
}

/* Two that read "undo-requested" at once: the second claim is refused. */
static void
second_claim_refused(void **state)
{
	struct fx *f = *state;
	struct action_row r;
	struct wr_err err;
	char buf[32];
	int64_t id = done_action(f);

	assert_int_equal(action_request_undo(f->s, tu_op("alice"), id, &err),
	    0);
	assert_int_equal(action_get(f->s, id, &r, &err), 0);
	assert_int_equal(action_claim(f->s, &r, "undo-requested", "undoing",
	    &err), 0);
	assert_int_equal(action_claim(f->s, &r, "undo-requested", "undoing",
	    &err), -1);
	assert_int_equal(err.code, WR_ERR_BUSY);
	action_row_free(&r);
	assert_string_equal(state_of(f, id, buf, sizeof buf), "undoing");
	/* Nor is it carried out again from there. */
	assert_int_equal(action_undo(f->s, tu_op("warroom"), &fake, NULL, id,
	    &err), -1);
	assert_int_equal(err.code, WR_ERR_BUSY);
	assert_int_equal(undos, 0);
}

/* Both in t, a first. */
static void
in_order(const char *t, const char *a, const char *b)
{
	const char *pa = strstr(t, a), *pb = strstr(t, b);

	assert_non_null(pa);
	assert_non_null(pb);
	assert_true(pa < pb);
}

static void
dry_run_texts(void **state)
{
	const struct action_def *const *d;
	char *t;

	(void)state;
	for (d = action_defs; *d != NULL; d++) {
		t = action_dry_run(*d, "RES", "{\"user\":\"u1\"}", 0);
		assert_non_null(strstr(t, "RES"));
		assert_true(((*d)->flags & ACTION_NO_UNDO) ?
		    strstr(t, "no undo") != NULL : strstr(t, "undo") != NULL);
		free(t);
	}
	t = action_dry_run(action_find("deactivate-key"), "AKIAX",
	    "{\"user\":\"u1\"}", 0);
	assert_non_null(strstr(t, "iam UpdateAccessKey UserName=u1 "
	    "AccessKeyId=AKIAX Status=Inactive"));
	assert_null(strstr(t, "GetAccessKeyLastUsed"));
	free(t);
	/* No owner given: looked up first, and the text says so. */
	t = action_dry_run(action_find("deactivate-key"), "AKIAX", NULL, 0);
	assert_true(strstr(t, "iam GetAccessKeyLastUsed AccessKeyId=AKIAX") ==
	    t);
	assert_non_null(strstr(t, "UserName=(looked up with "
	    "GetAccessKeyLastUsed) AccessKeyId=AKIAX"));
	free(t);
	t = action_dry_run(action_find("isolate-instance"), "i-0abc", NULL, 0);
	in_order(t, "CreateSnapshot", "CreateSecurityGroup");
	in_order(t, "CreateSecurityGroup", "RevokeSecurityGroupEgress");
	in_order(t, "RevokeSecurityGroupEgress", "ModifyInstanceAttribute");
	in_order(t, "ModifyInstanceAttribute",
	    "DisassociateIamInstanceProfile");
	assert_non_null(strstr(t, "tracked survive a security group change"));
	assert_non_null(strstr(t, "snapshots are kept"));
	free(t);
	assert_null(action_find("nuke-account"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(observer_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(responder_needs_approval,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(exercise_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(run_verify_tick_undo, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(no_tick_without_verification,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(access_denied_recorded, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(carried_out_once, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    undo_after_failed_verification, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_after_partial_act,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(no_undo_when_nothing_changed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    undo_requested_then_collected, setup, teardown),
		cmocka_unit_test_setup_teardown(undo_request_gate, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(undo_failure_restores, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(undo_failure_keeps_failed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(undone_once, setup, teardown),
		cmocka_unit_test_setup_teardown(second_claim_refused, setup,
		    teardown),
		cmocka_unit_test(dry_run_texts),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
