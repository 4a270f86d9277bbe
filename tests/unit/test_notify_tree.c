/*
 * The decision tree without a store: the shipped data loads, typical
 * walks give the right obligations and deadlines (EU encrypted data,
 * PHI of 600 people, a material incident, a NIS2 entity, DORA's capped
 * clock, chained clocks), revisions drop outcomes, and bad tree files
 * give errors that name the file and the key.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify_tree.h"
#include "core/timeutil.h"
#include "core/util.h"

static struct notify_tree *tree;

static int
setup(void **state)
{
	struct wr_err err;
	char *dir = tu_data("notification");

	(void)state;
	if (notify_tree_load_dir(dir, &tree, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(dir);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	notify_tree_free(tree);
	return (0);
}

static int64_t
iso(const char *s)
{
	int64_t ms;

	if (time_parse_iso(s, &ms) == -1)
		fail_msg("bad test time %s", s);
	return (ms);
}

/* A walk: pairs of question, answer, ended by NULL. */
struct walkcase {
	struct notify_input	 in;
	struct notify_given	 g[32];
	int64_t			*sent;
	struct notify_eval	 ev;
};

static void
wc_init(struct walkcase *w, const char *const *qa)
{
	size_t i;

	memset(w, 0, sizeof *w);
	notify_input_init(&w->in);
	for (i = 0; qa[i] != NULL; i += 2) {
		w->g[i / 2].question = qa[i];
		w->g[i / 2].answer = qa[i + 1];
	}
	w->in.given = w->g;
	w->in.ngiven = i / 2;
	w->sent = xcalloc(tree->nout, sizeof *w->sent);
	for (i = 0; i < tree->nout; i++)
		w->sent[i] = TIME_NONE;
	w->in.sent = w->sent;
}

static void
wc_eval(struct walkcase *w, const char *now)
{
	struct wr_err err;

	notify_eval_free(&w->ev);
	if (notify_evaluate(tree, &w->in, iso(now), &w->ev, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
}

static void
wc_free(struct walkcase *w)
{
	notify_eval_free(&w->ev);
	free(w->sent);
}

static const struct notify_ob *
wc_ob(const struct walkcase *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->ev.nob; i++)
		if (strcmp(tree->out[w->ev.ob[i].outcome].id, id) == 0)
			return (&w->ev.ob[i]);
	return (NULL);
}

static const struct notify_asked *
wc_asked(const struct walkcase *w, const char *id)
{
	size_t i;

	for (i = 0; i < w->ev.nasked; i++)
		if (strcmp(tree->q[w->ev.asked[i].question].id, id) == 0)
			return (&w->ev.asked[i]);
	return (NULL);
}

static void
want_ob(const struct walkcase *w, const char *id, enum notify_status st,
    const char *deadline)
{
	const struct notify_ob *ob = wc_ob(w, id);
	char buf[TIME_ISO_LEN];

	if (ob == NULL)
		fail_msg("no obligation %s", id);
	if (ob->status != st)
		fail_msg("%s: status %s, want %s", id,
		    notify_status_name(ob->status), notify_status_name(st));
	if (deadline == NULL)
		assert_true(ob->deadline == TIME_NONE);
	else
		assert_string_equal(time_fmt_iso(ob->deadline, buf,
		    sizeof buf), deadline);
}

static void
test_data_loads(void **state)
{
	size_t i;

	(void)state;
	assert_true(tree->nreg >= 20);
	assert_non_null(notify_find_calendar(tree, "US-FED"));
	assert_non_null(notify_find_calendar(tree, "EU-DE"));
	for (i = 0; i < tree->nreg; i++) {
		assert_true(strlen(tree->reg[i].source) > 5);
		assert_int_equal(strlen(tree->reg[i].checked), 10);
	}
	/* At least one regime ships unverified, and it says so. */
	i = (size_t)notify_find_regime(tree, "AU-SOCI");
	assert_false(tree->reg[i].verified);
	assert_true(tree->reg[notify_find_regime(tree, "EU-GDPR-33")]
	    .verified);
}

static void
test_eu_encrypted(void **state)
{
	static const char *const qa[] = { "q_personal", "yes", "q_whose",
	    "eu", "q_gdpr_risk", "unlikely", NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_AWARE] = iso("2026-12-01T10:00:00Z");
	wc_eval(&w, "2026-12-01T12:00:00Z");
	want_ob(&w, "o_gdpr_log", NOTIFY_RUNNING, NULL);
	assert_int_equal(tree->out[wc_ob(&w, "o_gdpr_log")->outcome].mode,
	    NOTIFY_MODE_RECORD);
	assert_null(wc_ob(&w, "o_gdpr_sa"));
	assert_null(wc_ob(&w, "o_gdpr_subjects"));
	/* UK outcomes need the uk flag. */
	assert_null(wc_ob(&w, "o_uk_log"));
	assert_int_equal(w.ev.nob, 1);
	wc_free(&w);
}

static void
test_gdpr_revision(void **state)
{
	static const char *const qa[] = { "q_personal", "yes", "q_whose",
	    "eu", "q_gdpr_risk", "risk", "q_gdpr_high", "not_high",
	    "q_gdpr_risk", "unlikely", NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_AWARE] = iso("2026-12-01T10:00:00Z");
	wc_eval(&w, "2026-12-01T12:00:00Z");
	want_ob(&w, "o_gdpr_sa", NOTIFY_NOT_REQUIRED,
	    "2026-12-04T10:00:00Z");
	want_ob(&w, "o_gdpr_log", NOTIFY_RUNNING, NULL);
	/* The high-risk question is off the path once risk is unlikely. */
	assert_string_equal(wc_asked(&w, "q_gdpr_risk")->answer,
	    "unlikely");
	assert_null(wc_asked(&w, "q_gdpr_high"));
	/* Root questions come first, in order, unanswered ones included. */
	assert_int_equal(w.ev.asked[0].question,
	    notify_find_question(tree, "q_personal"));
	assert_null(wc_asked(&w, "q_sector")->answer);
	/* Revised back: the authority notice is due again. */
	w.in.ngiven = 4;
	wc_eval(&w, "2026-12-03T12:00:00Z");
	want_ob(&w, "o_gdpr_sa", NOTIFY_DUE_SOON, "2026-12-04T10:00:00Z");
	wc_eval(&w, "2026-12-04T10:00:01Z");
	want_ob(&w, "o_gdpr_sa", NOTIFY_OVERDUE, "2026-12-04T10:00:00Z");
	w.sent[notify_find_outcome(tree, "o_gdpr_sa")] =
	    iso("2026-12-04T11:00:00Z");
	wc_eval(&w, "2026-12-05T00:00:00Z");
	want_ob(&w, "o_gdpr_sa", NOTIFY_SENT_LATE, "2026-12-04T10:00:00Z");
	wc_free(&w);
}

static void
test_phi_600_one_state(void **state)
{
	static const char *const qa[] = { "q_personal", "yes", "q_whose",
	    "phi", "q_hipaa_role", "covered_entity", "q_hipaa_secured",
	    "breach", "q_hipaa_count", "600", "q_hipaa_state_max", "600",
	    NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	wc_eval(&w, "2026-10-02T00:00:00Z");
	want_ob(&w, "o_hipaa_individuals", NOTIFY_PENDING, NULL);
	w.in.start[NOTIFY_EV_DISCOVERED] = iso("2026-10-01T12:00:00Z");
	wc_eval(&w, "2026-10-02T00:00:00Z");
	want_ob(&w, "o_hipaa_individuals", NOTIFY_RUNNING,
	    "2026-11-30T12:00:00Z");
	want_ob(&w, "o_hipaa_hhs_60", NOTIFY_RUNNING, "2026-11-30T12:00:00Z");
	want_ob(&w, "o_hipaa_media", NOTIFY_RUNNING, "2026-11-30T12:00:00Z");
	assert_null(wc_ob(&w, "o_hipaa_hhs_annual"));
	assert_int_equal(w.ev.nob, 3);
	wc_free(&w);
}

static void
test_phi_300_year_end(void **state)
{
	static const char *const qa[] = { "q_personal", "yes", "q_whose",
	    "phi", "q_hipaa_role", "covered_entity", "q_hipaa_secured",
	    "breach", "q_hipaa_count", "300", "q_hipaa_state_max", "300",
	    NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_DISCOVERED] = iso("2026-10-01T12:00:00Z");
	wc_eval(&w, "2026-10-02T00:00:00Z");
	want_ob(&w, "o_hipaa_hhs_annual", NOTIFY_RUNNING,
	    "2027-03-02T00:00:00Z");
	assert_null(wc_ob(&w, "o_hipaa_media"));
	assert_null(wc_ob(&w, "o_hipaa_hhs_60"));
	wc_free(&w);
}

static void
test_sec_material(void **state)
{
	static const char *const qa[] = { "q_sec", "not_yet_decided",
	    "q_sec", "material", NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_DISCOVERED] = iso("2026-11-20T09:00:00Z");
	w.in.start[NOTIFY_EV_MATERIAL] = iso("2026-11-25T15:00:00-05:00");
	wc_eval(&w, "2026-11-26T12:00:00Z");
	/* The fourth business day at the EDGAR cut-off, 17:30 New York. */
	want_ob(&w, "o_sec_8k", NOTIFY_RUNNING, "2026-12-02T22:30:00Z");
	want_ob(&w, "o_sec_decide", NOTIFY_NOT_REQUIRED, NULL);
	wc_eval(&w, "2026-12-02T12:00:00Z");
	want_ob(&w, "o_sec_8k", NOTIFY_DUE_SOON, "2026-12-02T22:30:00Z");
	wc_free(&w);
}

static void
test_nis2_three_reports(void **state)
{
	static const char *const qa[] = { "q_sector", "nis2", "q_nis2_sig",
	    "yes", NULL };
	struct walkcase w;
	int notif;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_AWARE] = iso("2026-01-28T09:00:00Z");
	wc_eval(&w, "2026-01-28T10:00:00Z");
	want_ob(&w, "o_nis2_early", NOTIFY_DUE_SOON, "2026-01-29T09:00:00Z");
	want_ob(&w, "o_nis2_notif", NOTIFY_RUNNING, "2026-01-31T09:00:00Z");
	/* Chained: the final report waits for the notification. */
	want_ob(&w, "o_nis2_final", NOTIFY_PENDING, NULL);
	assert_int_equal(wc_ob(&w, "o_nis2_final")->start_event,
	    NOTIFY_EV_CHAINED);
	notif = notify_find_outcome(tree, "o_nis2_notif");
	w.sent[notif] = iso("2026-01-31T08:00:00Z");
	wc_eval(&w, "2026-02-01T00:00:00Z");
	want_ob(&w, "o_nis2_notif", NOTIFY_SENT, "2026-01-31T09:00:00Z");
	/* One month after 31 January is clamped to 28 February. */
	want_ob(&w, "o_nis2_final", NOTIFY_RUNNING, "2026-02-28T08:00:00Z");
	want_ob(&w, "o_nis2_early", NOTIFY_OVERDUE, "2026-01-29T09:00:00Z");
	assert_int_equal(w.ev.nob, 3);
	wc_free(&w);
}

static void
test_dora_cap(void **state)
{
	static const char *const qa[] = { "q_sector", "dora", "q_dora_major",
	    "major", NULL };
	struct walkcase w;
	const struct notify_ob *ob;

	(void)state;
	wc_init(&w, qa);
	w.in.start[NOTIFY_EV_AWARE] = iso("2026-12-01T08:00:00Z");
	wc_eval(&w, "2026-12-01T09:00:00Z");
	want_ob(&w, "o_dora_initial", NOTIFY_DUE_SOON,
	    "2026-12-02T08:00:00Z");
	ob = wc_ob(&w, "o_dora_initial");
	assert_int_equal(ob->start_event, NOTIFY_EV_AWARE);
	w.in.start[NOTIFY_EV_CLASSIFIED_MAJOR] = iso("2026-12-01T10:00:00Z");
	wc_eval(&w, "2026-12-01T11:00:00Z");
	want_ob(&w, "o_dora_initial", NOTIFY_DUE_SOON,
	    "2026-12-01T14:00:00Z");
	/* Classified after the 24 h: 4 h from classification. */
	w.in.start[NOTIFY_EV_CLASSIFIED_MAJOR] = iso("2026-12-02T14:00:00Z");
	wc_eval(&w, "2026-12-02T15:00:00Z");
	want_ob(&w, "o_dora_initial", NOTIFY_DUE_SOON,
	    "2026-12-02T18:00:00Z");
	/* Then the chain: intermediate 72 h, final a month later. */
	w.sent[notify_find_outcome(tree, "o_dora_initial")] =
	    iso("2026-12-02T17:00:00Z");
	w.sent[notify_find_outcome(tree, "o_dora_intermediate")] =
	    iso("2026-12-05T16:00:00Z");
	wc_eval(&w, "2026-12-06T00:00:00Z");
	want_ob(&w, "o_dora_intermediate", NOTIFY_SENT,
	    "2026-12-05T17:00:00Z");
	want_ob(&w, "o_dora_final", NOTIFY_RUNNING, "2027-01-05T16:00:00Z");
	wc_free(&w);
}

static void
test_requires_flag(void **state)
{
	static const char *const qa[] = { "q_ransom", "yes", NULL };
	static const char *const qb[] = { "q_sector", "nydfs", "q_ransom",
	    "yes", NULL };
	struct walkcase w;

	(void)state;
	wc_init(&w, qa);
	wc_eval(&w, "2026-12-01T00:00:00Z");
	assert_int_equal(w.ev.nob, 0);
	wc_free(&w);
	wc_init(&w, qb);
	w.in.start[NOTIFY_EV_RANSOM_PAID] = iso("2026-12-01T00:00:00Z");
	wc_eval(&w, "2026-12-01T01:00:00Z");
	want_ob(&w, "o_nydfs_ransom_24", NOTIFY_DUE_SOON,
	    "2026-12-02T00:00:00Z");
	want_ob(&w, "o_nydfs_ransom_30", NOTIFY_RUNNING,
	    "2026-12-31T00:00:00Z");
	wc_free(&w);
}

static void
test_check_answer(void **state)
{
	struct wr_err err;
	char norm[128];
	int q;

	(void)state;
	q = notify_find_question(tree, "q_whose");
	assert_int_equal(notify_check_answer(tree, q, "uk, eu", norm,
	    sizeof norm, &err), 0);
	assert_string_equal(norm, "eu,uk");
	assert_int_equal(notify_check_answer(tree, q, "none", norm,
	    sizeof norm, &err), 0);
	assert_string_equal(norm, "none");
	assert_int_equal(notify_check_answer(tree, q, "eu,mars", norm,
	    sizeof norm, &err), -1);
	assert_non_null(strstr(err.msg, "us_res"));
	q = notify_find_question(tree, "q_hipaa_count");
	assert_int_equal(notify_check_answer(tree, q, "many", norm,
	    sizeof norm, &err), -1);
	assert_int_equal(notify_check_answer(tree, q, "600", norm,
	    sizeof norm, &err), 0);
	q = notify_find_question(tree, "q_personal");
	assert_int_equal(notify_check_answer(tree, q, "maybe", norm,
	    sizeof norm, &err), -1);
	assert_string_equal(err.where, "q_personal");
}

struct badcase {
	const char	*file;
	const char	*where;	/* substring of err.where */
	const char	*msg;	/* substring of err.msg */
};

static void
test_bad_files(void **state)
{
	static const struct badcase cases[] = {
		{ "bad-json.json", "bad-json.json", "line 3" },
		{ "unknown-next.json", "questions[0].answers[1].next[0]",
		    "unknown question \"q_missing\"" },
		{ "unknown-event.json", "outcomes[0].deadline.start",
		    "unknown start event \"noticed\"" },
		{ "bad-chain.json", "outcomes[0].deadline.start",
		    "no such outcome" },
		{ "business-no-calendar.json", "outcomes[0].deadline.calendar",
		    "need a calendar" },
		{ "bad-unit.json", "outcomes[0].deadline.unit",
		    "unknown unit \"weeks\"" },
		{ "unknown-key.json", "questions[0].answers[0].emits",
		    "unknown key" },
		{ "bool-answers.json", "questions[0]", "\"yes\" and \"no\"" },
		{ "no-root.json", "notification", "root" },
		{ "unknown-regime.json", "outcomes[0].regime",
		    "unknown regime \"R2\"" },
		{ "no-deadline.json", "outcomes[0].deadline", "missing" },
		{ "unreachable.json", "unreachable.json", "\"q_b\" is never" },
		{ "duplicate-id.json", "questions[1].id", "already defined" },
		{ "overlap.json", "questions[0]", "overlap" },
		{ "chain-cycle.json", "chain-cycle.json", "back to itself" },
		{ "unset-flag.json", "outcomes[0].requires[0]", "no answer" },
		{ "bad-date.json", "regimes[0].checked", "YYYY-MM-DD" },
	};
	struct notify_tree *t;
	struct wr_err err;
	char *path, *text, rel[128];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(rel, sizeof rel, "notify/%s", cases[i].file);
		path = tu_fixture(rel);
		assert_non_null(text = tu_read(path, NULL));
		t = notify_tree_new();
		wr_err_clear(&err);
		rc = notify_tree_add(t, cases[i].file, text, &err);
		if (rc == 0)
			rc = notify_tree_finish(t, &err);
		if (rc != -1)
			fail_msg("%s loaded", cases[i].file);
		if (strstr(err.where, cases[i].where) == NULL ||
		    strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: got \"%s: %s\"", cases[i].file,
			    err.where, err.msg);
		notify_tree_free(t);
		free(text);
		free(path);
	}
}

static void
test_good_fixture(void **state)
{
	struct notify_tree *t = notify_tree_new();
	struct wr_err err;
	char *path = tu_fixture("notify/good.json");
	char *text = tu_read(path, NULL);

	(void)state;
	assert_int_equal(notify_tree_add(t, "good.json", text, &err), 0);
	if (notify_tree_finish(t, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(t->nq, 1);
	notify_tree_free(t);
	free(text);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_loads),
		cmocka_unit_test(test_eu_encrypted),
		cmocka_unit_test(test_gdpr_revision),
		cmocka_unit_test(test_phi_600_one_state),
		cmocka_unit_test(test_phi_300_year_end),
		cmocka_unit_test(test_sec_material),
		cmocka_unit_test(test_nis2_three_reports),
		cmocka_unit_test(test_dora_cap),
		cmocka_unit_test(test_requires_flag),
		cmocka_unit_test(test_check_answer),
		cmocka_unit_test(test_good_fixture),
		cmocka_unit_test(test_bad_files),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
