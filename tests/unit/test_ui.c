/*
 * The console without a terminal: lines as role-tagged runs, clipping
 * that keeps escapes whole, the key tables, and panes rendering store
 * rows (levels as text tags, hostile strings in escaped runs, samples
 * flagged, the help generated from the action table).
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_runs),
		cmocka_unit_test(test_clip_keeps_escapes_whole),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_findings_pane),
		cmocka_unit_test(test_help_from_table),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
