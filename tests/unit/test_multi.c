/*
 * Several operators on one incident: roles enforced in the core calls
 * (creator commands, handover demotes, observers change nothing, only
 * the commander moves phases and closes), two ticks of one item, the
 * presence table (heartbeat, dead consoles drop out, who edits what) and
 * the change classes that decide which panes a console re-reads.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/changes.h"
#include "core/checklist.h"
#include "core/incident.h"
#include "core/presence.h"
#include "core/store.h"
#include "core/timeutil.h"

struct fx {
	struct store		*s;
	const struct operator	*alice, *bob, *carol, *dave;
	int64_t			 inc, item;
};

static int
setup(void **state)
{
	static struct fx f;
	struct check_item it;
	struct wr_err err;

	memset(&f, 0, sizeof f);
	f.s = tu_store();
	f.alice = tu_op("alice");
	f.bob = tu_op("bob");
	f.carol = tu_op("carol");
	f.dave = tu_op("dave");
	assert_int_equal(incident_create(f.s, f.alice, "Leaked key",
	    "credential", 0, &f.inc, &err), 0);
	memset(&it, 0, sizeof it);
	it.incident_id = f.inc;
	it.phase = PHASE_CONTAINMENT;
	it.text = "Deactivate the access key";
	assert_int_equal(checklist_add(f.s, f.alice, &it, &f.item, NULL,
	    &err), 0);
	*state = &f;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->s);
	return (0);
}

static int
count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	int n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL),
	    SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (n);
}

static void
test_roles_enforced(void **state)
{
	struct fx *f = *state;
	struct wr_err err;

	assert_int_equal(incident_role(f->s, f->inc, "alice"),
	    ROLE_COMMANDER);
	/* No role row: a responder, who ticks but does not move phases. */
	assert_int_equal(incident_role(f->s, f->inc, "bob"), ROLE_RESPONDER);
	assert_int_equal(incident_set_phase(f->s, f->bob, f->inc,
	    PHASE_CONTAINMENT, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.msg, "only the incident commander"));
	assert_int_equal(incident_close(f->s, f->bob, f->inc, &err), -1);
	assert_int_equal(incident_set_role(f->s, f->bob, f->inc, "bob",
	    ROLE_COMMANDER, &err), -1);
	assert_int_equal(checklist_tick(f->s, f->bob, f->item, 1, &err), 0);
	/* The commander makes carol an observer: she changes nothing. */
	assert_int_equal(incident_set_role(f->s, f->alice, f->inc, "carol",
	    ROLE_OBSERVER, &err), 0);
	assert_int_equal(checklist_tick(f->s, f->carol, f->item, 0, &err),
	    -1);
	assert_non_null(strstr(err.msg, "observers change nothing"));
	assert_int_equal(incident_note(f->s, f->carol, f->inc, "hi", &err),
	    -1);
	assert_int_equal(checklist_assign(f->s, f->carol, f->item, "carol",
	    &err), -1);
	/* A scribe takes notes and ticks. */
	assert_int_equal(incident_set_role(f->s, f->alice, f->inc, "dave",
	    ROLE_SCRIBE, &err), 0);
	assert_int_equal(incident_note(f->s, f->dave, f->inc, "call at 9",
	    &err), 0);
	assert_int_equal(incident_set_phase(f->s, f->dave, f->inc,
	    PHASE_CONTAINMENT, &err), -1);
	assert_int_equal(incident_set_phase(f->s, f->alice, f->inc,
	    PHASE_CONTAINMENT, &err), 0);
	assert_int_equal(count(f->s, "SELECT done FROM checklist"), 1);
}

/* A note of blanks only is refused, on the incident and on an item. */
static void
test_blank_note_refused(void **state)
{
	struct fx *f = *state;
	struct wr_err err;

	assert_int_equal(incident_note(f->s, f->alice, f->inc, " \t\n",
	    &err), -1);
	assert_int_equal(err.code, WR_ERR_USAGE);
	assert_int_equal(checklist_note(f->s, f->alice, f->item, "   ",
	    &err), -1);
	assert_int_equal(err.code, WR_ERR_USAGE);
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " action IN ('note', 'item.note')"), 0);
	assert_int_equal(incident_note(f->s, f->alice, f->inc, " ok ",
	    &err), 0);
}

static void
test_handover_on_record(void **state)
{
	struct fx *f = *state;
	struct wr_err err;

	assert_int_equal(incident_set_role(f->s, f->alice, f->inc, "bob",
	    ROLE_COMMANDER, &err), 0);
	assert_int_equal(incident_role(f->s, f->inc, "bob"), ROLE_COMMANDER);
	assert_int_equal(incident_role(f->s, f->inc, "alice"),
	    ROLE_RESPONDER);
	assert_int_equal(count(f->s, "SELECT count(*) FROM roles WHERE"
	    " role = 'commander'"), 1);
	/* Both halves of the handover are on the timeline, by alice. */
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " action = 'role' AND actor = 'alice' AND ((target = 'alice'"
	    " AND after = 'responder') OR (target = 'bob' AND"
	    " after = 'commander'))"), 2);
	/* Now alice may not close; bob closes and reopens. */
	assert_int_equal(incident_close(f->s, f->alice, f->inc, &err), -1);
	assert_int_equal(incident_close(f->s, f->bob, f->inc, &err), 0);
	assert_int_equal(incident_set_phase(f->s, f->bob, f->inc,
	    PHASE_RECOVERY, &err), -1);
	assert_non_null(strstr(err.msg, "closed"));
	assert_int_equal(incident_reopen(f->s, f->alice, f->inc, &err), -1);
	assert_int_equal(incident_reopen(f->s, f->bob, f->inc, &err), 0);
	assert_int_equal(audit_verify(f->s, f->inc, NULL, NULL, NULL, &err),
	    0);
}

static void
test_two_ticks_one_state(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct wr_err err;

	/* bob and carol tick the same item from two connections. */
	assert_int_equal(store_open(&other, tu_store_path(), 0, &err), 0);
	assert_int_equal(checklist_tick(f->s, f->bob, f->item, 1, &err), 0);
	assert_int_equal(checklist_tick(other, f->carol, f->item, 1, &err),
	    0);
	store_close(other);
	assert_int_equal(count(f->s, "SELECT count(*) FROM checklist WHERE"
	    " done = 1 AND done_by = 'bob'"), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " action = 'tick' AND actor IN ('bob', 'carol')"), 2);
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " action = 'tick' AND actor = 'carol' AND before = 'done'"), 1);
}

static void
test_presence(void **state)
{
	struct fx *f = *state;
	struct presence p[8];
	struct wr_err err;
	char who[64];
	int64_t t = 1000000;

	assert_int_equal(presence_beat(f->s, f->alice, f->inc, 11,
	    "checklist", "", t, &err), 0);
	assert_int_equal(presence_beat(f->s, f->bob, f->inc, 22, "findings",
	    "item:1", t + 100, &err), 0);
	assert_int_equal(presence_list(f->s, f->inc, t + 200, p, 8, &err), 2);
	assert_string_equal(p[0].operator, "alice");
	assert_int_equal(p[0].role, ROLE_COMMANDER);
	assert_string_equal(p[0].pane, "checklist");
	assert_string_equal(p[1].operator, "bob");
	assert_int_equal(p[1].role, ROLE_RESPONDER);
	assert_string_equal(p[1].editing, "item:1");
	assert_string_equal(p[1].addr, "192.0.2.1");
	/* Heartbeats are not on the record. */
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " action LIKE 'presence%'"), 0);
	/* alice sees bob editing item 1; bob does not see himself. */
	assert_int_equal(presence_editor(f->s, f->inc, "item:1", f->alice, 11,
	    t + 200, who, sizeof who), 1);
	assert_string_equal(who, "bob");
	assert_int_equal(presence_editor(f->s, f->inc, "item:1", f->bob, 22,
	    t + 200, who, sizeof who), 0);
	/* alice keeps beating; bob's console died and drops out. */
	assert_int_equal(presence_beat(f->s, f->alice, f->inc, 11, "phases",
	    "", t + PRESENCE_DEAD_MS, &err), 0);
	assert_int_equal(presence_list(f->s, f->inc, t + PRESENCE_DEAD_MS +
	    500, p, 8, &err), 1);
	assert_string_equal(p[0].pane, "phases");
	assert_int_equal(presence_editor(f->s, f->inc, "item:1", f->alice, 11,
	    t + PRESENCE_DEAD_MS + 500, who, sizeof who), 0);
	/* Long-dead rows are deleted by the next heartbeat. */
	assert_int_equal(presence_beat(f->s, f->alice, f->inc, 11, "phases",
	    "", t + PRESENCE_PRUNE_MS + 1000, &err), 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM presence"), 1);
	assert_int_equal(presence_leave(f->s, f->alice, f->inc, 11, &err), 0);
	assert_int_equal(count(f->s, "SELECT count(*) FROM presence"), 0);
}

static void
test_change_classes(void **state)
{
	struct fx *f = *state;
	struct change_mark m;
	struct wr_err err;
	int mask;

	assert_int_equal(changes_of_action("tick"), CHANGE_CHECKLIST |
	    CHANGE_TIMELINE);
	assert_int_equal(changes_of_action("item.note"), CHANGE_CHECKLIST |
	    CHANGE_TIMELINE);
	assert_int_equal(changes_of_action("note"), CHANGE_TIMELINE);
	assert_int_equal(changes_of_action("phase") & CHANGE_INCIDENT,
	    CHANGE_INCIDENT);
	assert_int_equal(changes_of_action("phaser"), CHANGE_ALL);
	assert_int_equal(changes_of_action("something.new"), CHANGE_ALL);

	memset(&m, 0, sizeof m);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, CHANGE_ALL);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, 0);
	/* Another console's heartbeat: nothing to re-read. */
	assert_int_equal(presence_beat(f->s, f->bob, f->inc, 22, "findings",
	    "", 5000, &err), 0);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, 0);
	assert_int_equal(checklist_tick(f->s, f->bob, f->item, 1, &err), 0);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, CHANGE_CHECKLIST | CHANGE_TIMELINE);
	assert_int_equal(incident_note(f->s, f->bob, f->inc, "n", &err), 0);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, CHANGE_TIMELINE);
	/* A write that leaves no audit row still shows (fingerprint). */
	assert_int_equal(store_exec(f->s, "UPDATE checklist SET done = 0",
	    &err), 0);
	assert_int_equal(changes_since(f->s, f->inc, &m, &mask, &err), 0);
	assert_int_equal(mask, CHANGE_ALL);
}

static void
test_readonly_refuses(void **state)
{
	struct fx *f = *state;
	struct store *ro;
	struct wr_err err;

	assert_int_equal(store_open(&ro, tu_store_path(), STORE_READONLY,
	    &err), 0);
	assert_non_null(store_readonly(ro));
	assert_int_equal(checklist_tick(ro, f->bob, f->item, 1, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.msg, "read-only"));
	assert_null(store_readonly(f->s));
	store_close(ro);
}

/* A heartbeat never waits behind a long writer (an ingest). */
static void
test_beat_does_not_wait(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct wr_err err;
	int64_t t0;

	assert_int_equal(store_open(&other, tu_store_path(), 0, &err), 0);
	assert_int_equal(store_begin(other, &err), 0);
	t0 = time_real_ms();
	assert_int_equal(presence_beat(f->s, f->bob, f->inc, 22, "findings",
	    "", t0, &err), -1);
	assert_int_equal(err.code, WR_ERR_BUSY);
	assert_true(time_real_ms() - t0 < 1000);
	assert_int_equal(store_commit(other, &err), 0);
	assert_int_equal(presence_beat(f->s, f->bob, f->inc, 22, "findings",
	    "", t0, &err), 0);
	store_close(other);
}

/* A statement left stepping would hide others' commits: reset it. */
static void
test_end_reads(void **state)
{
	static const char q[] = "SELECT id FROM audit ORDER BY id";
	struct fx *f = *state;
	struct store *other;
	struct wr_err err;
	sqlite3_stmt *st;

	assert_non_null(st = store_stmt(f->s, q, &err));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);	/* left open */
	assert_int_equal(store_open(&other, tu_store_path(), 0, &err), 0);
	assert_int_equal(incident_note(other, f->bob, f->inc, "late", &err),
	    0);
	store_close(other);
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " after = 'late'"), 0);	/* the old snapshot */
	assert_int_equal(store_end_reads(f->s), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM audit WHERE"
	    " after = 'late'"), 1);
	assert_int_equal(store_end_reads(f->s), 0);
}

/* BR-23: a database restored from a backup (new inode) is reopened. */
static void
test_replaced_file_reopened(void **state)
{
	struct fx *f = *state;
	struct store *other;
	struct wr_err err;
	char copy[4200];

	(void)store_changed(f->s);
	assert_int_equal(store_changed(f->s), 0);
	snprintf(copy, sizeof copy, "%s.restore", tu_store_path());
	assert_int_equal(store_open(&other, copy, 0, &err), 0);
	assert_int_equal(store_exec(other, "INSERT INTO meta(key, value)"
	    " VALUES ('restored', 'yes')", &err), 0);
	store_close(other);
	assert_int_equal(rename(copy, tu_store_path()), 0);
	assert_int_equal(store_changed(f->s), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM meta WHERE"
	    " key = 'restored'"), 1);
	assert_int_equal(count(f->s, "SELECT count(*) FROM incidents"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roles_enforced, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_blank_note_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_handover_on_record, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_two_ticks_one_state, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_presence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_classes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_readonly_refuses,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_replaced_file_reopened,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_beat_does_not_wait, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_end_reads, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
