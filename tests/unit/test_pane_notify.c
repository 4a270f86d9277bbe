/*
 * The breach-notification view without a terminal: its lines say what
 * they should, countdowns are coloured by urgency (overdue, under 12 h,
 * under 24 h, later), unverified regimes are marked, and the header
 * field names the nearest deadline.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/notify.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tui/ui.h"

#define HOUR (3600 * 1000LL)

static char *
iso_ago(int64_t ms, char *buf)
{
	return (time_fmt_iso(time_now_ms() - ms, buf, TIME_ISO_LEN));
}

static void
start_ago(struct store *s, const struct operator *op, int64_t id, int ev,
    int64_t ago)
{
	struct wr_err err;
	char b[TIME_ISO_LEN];
	int64_t at;

	assert_int_equal(time_parse_iso(iso_ago(ago, b), &at), 0);
	if (notify_start(s, op, id, ev, at, "test", &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
}

static void
answer(struct store *s, const struct notify_tree *t,
    const struct operator *op, int64_t id, const char *q, const char *a)
{
	struct wr_err err;

	if (notify_answer(s, t, op, id, q, a, "test", &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
}

/* The line that contains needle, drawn; its second run's role. */
static int
line_role(void *st, struct ui *ui, int n, const char *needle,
    char *text, size_t len)
{
	struct ui_line l;
	int i;

	for (i = 0; i < n; i++) {
		uiline_init(&l);
		notify_pane_ops.draw_line(st, ui, i, &l);
		uiline_text(&l, text, len);
		if (strstr(text, needle) != NULL)
			return (l.nruns > 1 ? l.runs[1].role : -1);
	}
	fail_msg("no line with %s", needle);
	return (-1);
}

static void
test_pane_lines(void **state)
{
	const struct operator *alice = tu_op("alice");
	struct notify_tree *t;
	struct store *s = tu_store();
	struct wr_err err;
	struct ui ui;
	struct ui_line l;
	char text[UI_LINE_TEXT], *dir = tu_data("notification");
	void *st;
	int64_t id;
	int n;

	(void)state;
	setenv("WARROOM_TEST_NOW", "2026-12-03T12:00:00Z", 1);
	setenv("TZ", "Europe/Berlin", 1);
	assert_int_equal(notify_tree_load_dir(dir, &t, &err), 0);
	free(dir);
	assert_int_equal(incident_create(s, alice, "leak", "data", 0, &id,
	    &err), 0);
	start_ago(s, alice, id, NOTIFY_EV_AWARE, 50 * HOUR);
	start_ago(s, alice, id, NOTIFY_EV_DETECTED, 1 * HOUR);
	start_ago(s, alice, id, NOTIFY_EV_DISCOVERED, 0);
	answer(s, t, alice, id, "q_personal", "yes");
	answer(s, t, alice, id, "q_whose", "eu,phi");
	answer(s, t, alice, id, "q_gdpr_risk", "risk");
	answer(s, t, alice, id, "q_hipaa_role", "covered_entity");
	answer(s, t, alice, id, "q_hipaa_secured", "breach");
	answer(s, t, alice, id, "q_sector", "nis2,au_ci");
	answer(s, t, alice, id, "q_nis2_sig", "yes");
	answer(s, t, alice, id, "q_soci", "relevant");
	answer(s, t, alice, id, "q_india", "yes");

	memset(&ui, 0, sizeof ui);
	ui.store = s;
	ui.incident_id = id;
	ui.op = alice;
	st = notify_pane_ops.open(&ui, NULL);
	n = notify_pane_ops.refresh(st, &ui);
	assert_true(n > 20);
	/* Early warning: 24 h from awareness 50 h ago is overdue. */
	assert_int_equal(line_role(st, &ui, n, "national CSIRT or competent "
	    "authority (early", text, sizeof text), ROLE_OVERDUE);
	assert_non_null(strstr(text, "OVERDUE 1d 02h 00m"));
	/* CERT-In: 6 h from detection an hour ago, under 12 h. */
	assert_int_equal(line_role(st, &ui, n, "IN-CERTIN", text,
	    sizeof text), ROLE_P2);
	assert_non_null(strstr(text, "05:00:00"));
	/* GDPR authority: 72 h from 50 h ago, under 24 h. */
	assert_int_equal(line_role(st, &ui, n, "lead or competent", text,
	    sizeof text), ROLE_P3);
	/* HIPAA individuals: 60 days. */
	assert_int_equal(line_role(st, &ui, n, "affected individuals (first",
	    text, sizeof text), ROLE_P4);
	assert_non_null(strstr(text, "60d 00h 00m"));
	/* Local time beside UTC, and the unverified SOCI regime. */
	line_role(st, &ui, n, "o_gdpr_sa due", text, sizeof text);
	assert_non_null(strstr(text, "due 2026-12-04T10:00:00Z "
	    "(2026-12-04T11:00:00+01:00)"));
	line_role(st, &ui, n, "o_soci_72", text, sizeof text);
	assert_non_null(strstr(text, "[UNVERIFIED]"));
	line_role(st, &ui, n, "q_gdpr_risk", text, sizeof text);
	assert_non_null(strstr(text, "risk"));
	line_role(st, &ui, n, "not legal advice", text, sizeof text);

	uiline_init(&l);
	notify_header_field(&ui, &l);
	uiline_text(&l, text, sizeof text);
	assert_string_equal(text, "notify OVERDUE 1d 02h 00m o_nis2_early");
	assert_true(notify_pane_ops.tick(st, &ui));

	notify_pane_ops.done(st);
	notify_tree_free(t);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pane_lines),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
