/*
 * The console without a terminal: lines as role-tagged runs, clipping
 * that keeps escapes whole, the key tables, and panes rendering store
 * rows (levels as text tags, hostile strings in escaped runs, samples
 * flagged, the help generated from the action table), and the contain
 * box through the gate.
 */
#include "tests/unit/testutil.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action_offer.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/store.h"
#include "tui/curses.h"
#include "tui/keys.h"
#include "tui/ui.h"

static void
test_line_runs(void **state)
{
	struct ui_line l;

	(void)state;
	uiline_init(&l);
	uiline_add(&l, ROLE_LABEL, "user ");
	uiline_safes(&l, ROLE_NORMAL, "ev\x1b[31mil");
	assert_string_equal(l.text, "user ev^[[31mil");
	assert_int_equal(l.nruns, 4);
	assert_int_equal(l.runs[0].role, ROLE_LABEL);
	assert_int_equal(l.runs[1].role, ROLE_NORMAL);
	assert_int_equal(l.runs[2].role, ROLE_ESCAPED);
	assert_int_equal(l.runs[2].len, 2);
	assert_int_equal(l.runs[3].role, ROLE_NORMAL);
	assert_int_equal(l.cols, 15);

	/* NUL inside a string with a length does not cut it. */
	uiline_init(&l);
	uiline_safe(&l, ROLE_NORMAL, "a\0b", 3);
	assert_string_equal(l.text, "a^@b");
}

static void
test_clip_keeps_escapes_whole(void **state)
{
	struct ui_line l;

	(void)state;
	uiline_init(&l);
	uiline_add(&l, ROLE_NORMAL, "ab");
	uiline_safes(&l, ROLE_NORMAL, "\xe2\x80\xae\xe2\x81\xa6z");
	assert_string_equal(l.text, "ab<U+202E><U+2066>z");
	uiline_clip(&l, 15);
	/* "<U+2066>" does not fit whole after "ab<U+202E>": it goes. */
	assert_string_equal(l.text, "ab<U+202E>");
	assert_int_equal(l.cols, 10);

	uiline_init(&l);
	uiline_add(&l, ROLE_NORMAL, "abcdef");
	uiline_pad(&l, 10);
	assert_int_equal(l.cols, 10);
	uiline_clip(&l, 4);
	assert_string_equal(l.text, "abcd");
}

static void
test_keys(void **state)
{
	static const struct key_binding over[] = {
		{ 'q', ACT_BACK }, { 0, 0 }
	};
	const struct key_binding *b;
	char name[16], list[64];

	(void)state;
	assert_true(ACT_NONE > KEY_MAX);
	assert_int_equal(keys_lookup(NULL, 'j'), ACT_DOWN);
	assert_int_equal(keys_lookup(NULL, KEY_UP), ACT_UP);
	assert_int_equal(keys_lookup(over, 'q'), ACT_BACK);
	assert_int_equal(keys_lookup(over, 'k'), ACT_UP);
	assert_int_equal(keys_lookup(NULL, 'Z'), ACT_NONE);
	for (b = keys_global; b->key != 0; b++) {
		keys_name(b->key, name, sizeof name);
		assert_int_equal(keys_parse(name), b->key);
		assert_non_null(keys_action(b->action));
	}
	assert_int_equal(keys_for(keys_global, ACT_UP, list, sizeof list),
	    2);
	assert_string_equal(list, "Up/k");
}

static int64_t
add_finding(struct store *s, int64_t inc, const char *ext, int level,
    int flags, const char *title, int64_t when)
{
	struct finding f;
	struct wr_err err;
	int64_t id;
	int is_new;

	memset(&f, 0, sizeof f);
	f.incident_id = inc;
	f.source = "rule";
	f.ext_id = ext;
	f.type = "test-rule";
	f.title = title;
	f.principal = "arn:aws:iam::111122223333:user/alice";
	f.p_level = level;
	f.first_seen = f.last_seen = when;
	f.count = 1;
	f.flags = flags;
	f.status = "open";
	assert_int_equal(store_begin(s, &err), 0);
	assert_int_equal(finding_upsert(s, &f, &id, &is_new, &err), 0);
	assert_int_equal(store_commit(s, &err), 0);
	return (id);
}

/* The role of the run covering byte offset off of l. */
static int
role_at(const struct ui_line *l, size_t off)
{
	int i;

	for (i = 0; i < l->nruns; i++)
		if (off >= l->runs[i].off && off < l->runs[i].off +
		    l->runs[i].len)
			return (l->runs[i].role);
	return (-1);
}

static void
test_findings_pane(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	struct ui ui;
	struct ui_line l;
	void *st;
	const char *p;
	int64_t inc;

	(void)state;
	assert_int_equal(incident_create(s, tu_op("alice"), "t", "test", 0,
	    &inc, &err), 0);
	add_finding(s, inc, "a", 3, 0, "low one", 1000);
	add_finding(s, inc, "b", 1, 0, "evil\x1b]0;pwned\x07", 2000);
	add_finding(s, inc, "c", 2, FINDING_F_SAMPLE, "sample one", 3000);

	memset(&ui, 0, sizeof ui);
	ui.store = s;
	ui.incident_id = inc;
	ui.op = tu_op("alice");
	st = findings_pane_ops.open(&ui, NULL);
	assert_int_equal((findings_pane_ops.refresh)(st, &ui), 3);

	uiline_init(&l);
	findings_pane_ops.draw_line(st, &ui, 0, &l);
	assert_non_null(strstr(l.text, "[P1]"));
	p = strstr(l.text, "evil^[]0;pwned^G");
	assert_non_null(p);
	assert_int_equal(role_at(&l, (size_t)(p - l.text) + 4),
	    ROLE_ESCAPED);
	assert_int_equal(role_at(&l, (size_t)(p - l.text) + 6),
	    ROLE_NORMAL);

	/* Samples sort after every real finding (BR-14). */
	uiline_init(&l);
	findings_pane_ops.draw_line(st, &ui, 1, &l);
	assert_non_null(strstr(l.text, "[P3]"));
	assert_non_null(strstr(l.text, "low one"));
	uiline_init(&l);
	findings_pane_ops.draw_line(st, &ui, 2, &l);
	assert_non_null(strstr(l.text, "[P2] [SAMPLE]"));

	assert_true(findings_pane_ops.line_key(st, 0) > 0);
	findings_pane_ops.done(st);
	store_close(s);
}

/* Every line of an open pane, joined. */
static void
pane_text(const struct pane_ops *ops, void *st, struct ui *ui, char *all,
    size_t len)
{
	struct ui_line l;
	int i, n = (ops->refresh)(st, ui);

	all[0] = '\0';
	for (i = 0; i < n; i++) {
		uiline_init(&l);
		ops->draw_line(st, ui, i, &l);
		strncat(all, l.text, len - strlen(all) - 2);
		strncat(all, "\n", len - strlen(all) - 1);
	}
}

static int64_t
count_actions(struct store *s)
{
	sqlite3_stmt *st = store_stmt(s, "SELECT count(*) FROM actions",
	    NULL);
	int64_t n;

	assert_non_null(st);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (n);
}

/*
 * The contain box without a terminal: the menu, a digit picks, the
 * dry-run and the gate's answer, Esc stores nothing, a responder's
 * confirmation is a request, an observer's is refused on the status
 * line.
 */
static void
test_contain_pane(void **state)
{
	struct store *s = tu_store();
	struct action_offers offers;
	struct ui_contain_arg arg;
	struct wr_err err;
	struct ui ui;
	char all[8192];
	void *st;
	int64_t inc;

	(void)state;
	assert_int_equal(incident_create(s, tu_op("alice"), "t", "test", 0,
	    &inc, &err), 0);
	assert_int_equal(incident_set_role(s, tu_op("alice"), inc, "bob",
	    ROLE_RESPONDER, &err), 0);
	assert_int_equal(incident_set_role(s, tu_op("alice"), inc, "olga",
	    ROLE_OBSERVER, &err), 0);
	memset(&offers, 0, sizeof offers);
	assert_int_equal(action_offer_step("{\"api\":\"iam:UpdateAccessKey\","
	    "\"params\":{\"UserName\":\"mallory\",\"AccessKeyId\":"
	    "\"AKIAMALLORYEXAMPLE01\",\"Status\":\"Inactive\"}}",
	    &offers.v[0], offers.why, sizeof offers.why), 0);
	assert_int_equal(action_offer_step("{\"api\":\"ec2:StopInstances\","
	    "\"params\":{\"InstanceIds\":[\"i-0abc\"]}}", &offers.v[1],
	    offers.why, sizeof offers.why), 0);
	offers.n = 2;
	memset(&arg, 0, sizeof arg);
	arg.offers = &offers;

	memset(&ui, 0, sizeof ui);
	ui.store = s;
	ui.incident_id = inc;
	ui.cols = 80;
	ui.op = tu_op("alice");
	assert_int_equal(incident_get(s, inc, &ui.inc, &err), 0);
	st = contain_pane_ops.open(&ui, &arg);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	assert_non_null(strstr(all, "1  deactivate-key        "
	    "AKIAMALLORYEXAMPLE01  (user mallory)"));
	assert_non_null(strstr(all, "2  stop-instance"));
	assert_false(contain_pane_ops.selectable(st, 0));
	assert_true(contain_pane_ops.selectable(st, 1));

	/* 2 picks stop-instance: disruptive, so the id is asked for. */
	ui.last_key = '2';
	assert_int_equal(contain_pane_ops.handle(st, &ui, ACT_PICK, 1),
	    UI_R_REFRESH);
	assert_true(ui.prompt_on);
	assert_non_null(strstr(ui.prompt_label, "type i-0abc to stop"));
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	assert_non_null(strstr(all, "ec2 StopInstances InstanceId.1=i-0abc"));
	assert_non_null(strstr(all, "gate: you are the commander"));
	/* The wrong id: nothing done. */
	memcpy(ui.prompt, "i-0abd", 7);
	ui.prompt_len = 6;
	assert_int_equal(ui_prompt_key(&ui, '\r'), UI_R_CLOSE);
	assert_non_null(strstr(ui.status, "not typed back"));
	assert_int_equal(count_actions(s), 0);
	contain_pane_ops.done(st);

	/* A responder: Enter on the first, y asks the commander. */
	ui.op = tu_op("bob");
	st = contain_pane_ops.open(&ui, &arg);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	assert_int_equal(contain_pane_ops.handle(st, &ui, ACT_DETAIL, 1),
	    UI_R_REFRESH);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	assert_non_null(strstr(all, "gate: you are a responder"));
	assert_non_null(strstr(all, "y runs it; Esc cancels"));
	assert_int_equal(contain_pane_ops.handle(st, &ui, ACT_BACK, -1),
	    UI_R_CLOSE);
	assert_int_equal(count_actions(s), 0);
	contain_pane_ops.done(st);
	st = contain_pane_ops.open(&ui, &arg);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	(void)contain_pane_ops.handle(st, &ui, ACT_DETAIL, 1);
	assert_int_equal(contain_pane_ops.handle(st, &ui, ACT_CONFIRM, -1) &
	    UI_R_CLOSE, UI_R_CLOSE);
	assert_non_null(strstr(ui.status, "waits for the commander"));
	assert_int_equal(count_actions(s), 1);
	contain_pane_ops.done(st);

	/* An observer: told before, refused on confirming. */
	ui.op = tu_op("olga");
	st = contain_pane_ops.open(&ui, &arg);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	(void)contain_pane_ops.handle(st, &ui, ACT_DETAIL, 1);
	pane_text(&contain_pane_ops, st, &ui, all, sizeof all);
	assert_non_null(strstr(all, "refused: olga is observer here"));
	(void)contain_pane_ops.handle(st, &ui, ACT_CONFIRM, -1);
	assert_int_equal(ui.status_error, 1);
	assert_int_equal(count_actions(s), 1);
	contain_pane_ops.done(st);
	store_close(s);
}

static void
test_help_from_table(void **state)
{
	const struct keys_action_info *a;
	struct ui ui;
	struct ui_line l;
	char all[8192] = "";
	void *st;
	int i, n;

	(void)state;
	memset(&ui, 0, sizeof ui);
	st = help_pane_ops.open(&ui, NULL);
	n = (help_pane_ops.refresh)(st, &ui);
	for (i = 0; i < n; i++) {
		uiline_init(&l);
		help_pane_ops.draw_line(st, &ui, i, &l);
		strncat(all, l.text, sizeof all - strlen(all) - 2);
		strncat(all, "\n", sizeof all - strlen(all) - 1);
	}
	for (a = keys_actions; a->name != NULL; a++)
		assert_non_null(strstr(all, a->help));
	assert_non_null(strstr(all, "Up/k"));
	help_pane_ops.done(st);

	/* At 80 columns every line fits: long texts go on a second line. */
	ui.cols = 80;
	st = help_pane_ops.open(&ui, NULL);
	n = (help_pane_ops.refresh)(st, &ui);
	all[0] = '\0';
	for (i = 0; i < n; i++) {
		uiline_init(&l);
		help_pane_ops.draw_line(st, &ui, i, &l);
		if (l.cols > 80)
			fail_msg("help line %d is %zu columns: %s", i,
			    (size_t)l.cols, l.text);
		strncat(all, l.text, sizeof all - strlen(all) - 2);
	}
	assert_non_null(strstr(all, "deadlines"));
	assert_non_null(strstr(all, "this help."));
	help_pane_ops.done(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_runs),
		cmocka_unit_test(test_clip_keeps_escapes_whole),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_findings_pane),
		cmocka_unit_test(test_contain_pane),
		cmocka_unit_test(test_help_from_table),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
