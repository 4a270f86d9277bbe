/*
 * Breach notification in the store: roles (only the commander sets
 * "aware"), answers and revisions, notices sent, the nearest deadline,
 * the iterators the report uses, and the audit row of every change.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/incident.h"
#include "core/notify.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

struct fx {
	struct store		*s;
	struct notify_tree	*t;
	int64_t			 id;
	const struct operator	*alice, *bob, *carol;
};

static int64_t
iso(const char *s)
{
	int64_t ms;

	if (time_parse_iso(s, &ms) == -1)
		fail_msg("bad test time %s", s);
	return (ms);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct wr_err err;
	char *dir = tu_data("notification");

	setenv("WARROOM_TEST_NOW", "2026-12-01T12:00:00Z", 1);
	if (notify_tree_load_dir(dir, &f->t, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(dir);
	f->s = tu_store();
	f->alice = tu_op("alice");
	f->bob = tu_op("bob");
	f->carol = tu_op("carol");
	if (incident_create(f->s, f->alice, "keys leaked", "credential", 0,
	    &f->id, &err) == -1 ||
	    incident_set_role(f->s, f->alice, f->id, "bob", ROLE_RESPONDER,
	    &err) == -1 ||
	    incident_set_role(f->s, f->alice, f->id, "carol", ROLE_OBSERVER,
	    &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	notify_tree_free(f->t);
	free(f);
	return (0);
}

static void
ok(int rc, const struct wr_err *err)
{
	if (rc == -1)
		fail_msg("%s: %s", err->where, err->msg);
}

static int
collect_actions(const struct audit_row *r, void *arg)
{
	struct buf *b = arg;

	if (str_has_prefix(r->action, "notify."))
		buf_printf(b, "%s %s %s>%s|", r->action, r->target,
		    r->before != NULL ? r->before : "-",
		    r->after != NULL ? r->after : "-");
	return (0);
}

static int
count_answers(const struct notify_answer_row *r, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%s=%s(%s,%s,%s)%s|", r->question, r->answer,
	    r->previous != NULL ? r->previous : "-", r->by, r->why,
	    r->current ? "*" : "");
	return (0);
}

static int
list_obligations(const struct notify_obligation *ob, void *arg)
{
	struct buf *b = arg;

	buf_printf(b, "%s:%s|", ob->id, notify_status_name(ob->status));
	return (0);
}

static void
test_aware_commander_only(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	int64_t at = iso("2026-12-01T09:00:00Z");

	assert_int_equal(notify_start(f->s, f->bob, f->id, NOTIFY_EV_AWARE,
	    at, "bob thinks so", &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.msg, "commander"));
	assert_int_equal(notify_start(f->s, f->alice, f->id,
	    NOTIFY_EV_AWARE, at, "", &err), -1);
	assert_int_equal(err.code, WR_ERR_USAGE);
	assert_int_equal(notify_start(f->s, f->alice, f->id,
	    NOTIFY_EV_AWARE, iso("2026-12-02T09:00:00Z"), "later", &err),
	    -1);
	assert_non_null(strstr(err.msg, "future"));
	ok(notify_start(f->s, f->alice, f->id, NOTIFY_EV_AWARE, at,
	    "CloudTrail shows GetObject on the customer bucket", &err), &err);
	/* Others may record the other events. */
	ok(notify_start(f->s, f->bob, f->id, NOTIFY_EV_DETECTED,
	    iso("2026-12-01T08:00:00Z"), "GuardDuty finding", &err), &err);
	assert_int_equal(notify_start(f->s, f->carol, f->id,
	    NOTIFY_EV_DETECTED, iso("2026-12-01T07:00:00Z"), "", &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
}

static void
test_answers_and_revision(void **state)
{
	struct fx *f = *state;
	struct notify_obligation ob;
	struct wr_err err;
	struct buf b;
	char buf[TIME_ISO_LEN];

	ok(notify_answer(f->s, f->t, f->bob, f->id, "q_personal", "yes",
	    "bucket holds customer records", &err), &err);
	ok(notify_answer(f->s, f->t, f->bob, f->id, "q_whose", "eu", "",
	    &err), &err);
	ok(notify_answer(f->s, f->t, f->bob, f->id, "q_gdpr_risk", "risk",
	    "plain CSV", &err), &err);
	assert_int_equal(notify_answer(f->s, f->t, f->bob, f->id,
	    "q_gdpr_risk", "risk", "again", &err), -1);
	assert_int_equal(err.code, WR_ERR_EXISTS);
	assert_int_equal(notify_answer(f->s, f->t, f->bob, f->id,
	    "q_gdpr_risk", "perhaps", "", &err), -1);
	assert_int_equal(notify_answer(f->s, f->t, f->bob, f->id, "q_nope",
	    "yes", "", &err), -1);
	assert_int_equal(notify_answer(f->s, f->t, f->carol, f->id,
	    "q_cards", "no", "", &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);

	assert_int_equal(notify_nearest(f->s, f->t, f->id,
	    iso("2026-12-01T12:00:00Z"), &ob, &err), 1);
	assert_string_equal(ob.id, "o_gdpr_sa");
	assert_string_equal(ob.start, "aware");
	assert_string_equal(time_fmt_iso(ob.deadline, buf, sizeof buf),
	    "2026-12-04T09:00:00Z");
	assert_true(ob.verified);

	/* The key was in KMS and never used: revise. */
	ok(notify_answer(f->s, f->t, f->bob, f->id, "q_gdpr_risk",
	    "unlikely", "objects were SSE-KMS, key not used", &err), &err);
	assert_int_equal(notify_nearest(f->s, f->t, f->id,
	    iso("2026-12-01T12:00:00Z"), &ob, &err), 0);
	buf_init(&b);
	ok(notify_each_obligation(f->s, f->t, f->id,
	    iso("2026-12-01T12:00:00Z"), list_obligations, &b, &err), &err);
	assert_string_equal(b.data,
	    "o_gdpr_log:running|o_gdpr_sa:not_required|");
	buf_reset(&b);
	ok(notify_each_answer(f->s, f->t, f->id, count_answers, &b, &err),
	    &err);
	assert_string_equal(b.data,
	    "q_personal=yes(-,bob,bucket holds customer records)*|"
	    "q_whose=eu(-,bob,)*|"
	    "q_gdpr_risk=risk(-,bob,plain CSV)|"
	    "q_gdpr_risk=unlikely(risk,bob,objects were SSE-KMS, key not "
	    "used)*|");
	buf_free(&b);
}

static void
test_sent(void **state)
{
	struct fx *f = *state;
	struct notify_obligation ob;
	struct wr_err err;
	struct buf b;
	char head[65];
	int64_t n, bad;

	assert_int_equal(notify_sent(f->s, f->t, f->bob, f->id,
	    "o_nis2_final", "CSIRT", "portal", "R-1", TIME_NONE, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(notify_sent(f->s, f->t, f->bob, f->id, "o_gdpr_log",
	    "", "wiki", "BR-1", TIME_NONE, &err), -1);
	assert_int_equal(err.code, WR_ERR_USAGE);
	ok(notify_sent(f->s, f->t, f->bob, f->id, "o_gdpr_log",
	    "breach register", "wiki", "BR-2026-14", TIME_NONE, &err), &err);
	assert_int_equal(notify_sent(f->s, f->t, f->bob, f->id, "o_gdpr_log",
	    "breach register", "wiki", "BR-2026-14", TIME_NONE, &err), -1);
	assert_int_equal(err.code, WR_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "by bob"));

	/* A NIS2 entity: the chained final report starts on the send. */
	ok(notify_answer(f->s, f->t, f->alice, f->id, "q_sector", "nis2",
	    "we run a cloud service in DE", &err), &err);
	ok(notify_answer(f->s, f->t, f->alice, f->id, "q_nis2_sig", "yes",
	    "", &err), &err);
	ok(notify_sent(f->s, f->t, f->alice, f->id, "o_nis2_early",
	    "BSI", "portal", "BSI-778", iso("2026-12-01T10:00:00Z"), &err),
	    &err);
	ok(notify_sent(f->s, f->t, f->alice, f->id, "o_nis2_notif",
	    "BSI", "portal", "BSI-779", iso("2026-12-01T11:30:00Z"), &err),
	    &err);
	assert_int_equal(notify_nearest(f->s, f->t, f->id,
	    iso("2026-12-01T12:00:00Z"), &ob, &err), 1);
	assert_string_equal(ob.id, "o_nis2_final");
	assert_string_equal(ob.start, "submitted:o_nis2_notif");
	assert_true(ob.deadline == iso("2027-01-01T11:30:00Z"));

	buf_init(&b);
	ok(audit_each(f->s, f->id, collect_actions, &b, &err), &err);
	assert_string_equal(b.data,
	    "notify.start aware ->2026-12-01T09:00:00Z|"
	    "notify.start detected ->2026-12-01T08:00:00Z|"
	    "notify.answer q_personal ->yes|"
	    "notify.answer q_whose ->eu|"
	    "notify.answer q_gdpr_risk ->risk|"
	    "notify.revise q_gdpr_risk risk>unlikely|"
	    "notify.sent o_gdpr_log running>sent|"
	    "notify.answer q_sector ->nis2|"
	    "notify.answer q_nis2_sig ->yes|"
	    "notify.sent o_nis2_early due_soon>sent|"
	    "notify.sent o_nis2_notif running>sent|");
	buf_free(&b);
	ok(audit_verify(f->s, f->id, head, &n, &bad, &err), &err);
}

static void
test_start_auto(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct buf b;

	/* detected is already set by bob: the automatic start keeps it. */
	ok(notify_start_auto(f->s, f->id, NOTIFY_EV_DETECTED,
	    iso("2026-12-01T07:30:00Z"), "first finding", &err), &err);
	ok(notify_start_auto(f->s, f->id, NOTIFY_EV_SUSPECTED,
	    iso("2026-12-01T07:45:00Z"), "first finding", &err), &err);
	assert_int_equal(notify_start_auto(f->s, f->id, NOTIFY_EV_AWARE,
	    iso("2026-12-01T07:45:00Z"), "no", &err), -1);
	buf_init(&b);
	ok(audit_each(f->s, f->id, collect_actions, &b, &err), &err);
	assert_null(strstr(b.data, "detected ->2026-12-01T07:30:00Z"));
	assert_non_null(strstr(b.data,
	    "notify.start suspected ->2026-12-01T07:45:00Z|"));
	buf_free(&b);
}

static void
test_start_revised(void **state)
{
	struct fx *f = *state;
	struct wr_err err;
	struct buf b;

	ok(notify_start(f->s, f->alice, f->id, NOTIFY_EV_AWARE,
	    iso("2026-12-01T08:30:00Z"), "earlier log line found", &err),
	    &err);
	assert_int_equal(notify_start(f->s, f->alice, f->id,
	    NOTIFY_EV_AWARE, iso("2026-12-01T08:30:00Z"), "same", &err), -1);
	buf_init(&b);
	ok(audit_each(f->s, f->id, collect_actions, &b, &err), &err);
	assert_non_null(strstr(b.data, "notify.start aware "
	    "2026-12-01T09:00:00Z>2026-12-01T08:30:00Z|"));
	buf_free(&b);
}

int
main(void)
{
	/* In order: each builds on the incident the one before left. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aware_commander_only),
		cmocka_unit_test(test_answers_and_revision),
		cmocka_unit_test(test_sent),
		cmocka_unit_test(test_start_auto),
		cmocka_unit_test(test_start_revised),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
