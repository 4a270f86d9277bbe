/*
 * Many processes on one database at once (issue 3, BR-20).  20 forked
 * processes each tick, untick and note 200 times against the same five
 * items; every act is on the timeline exactly once, each item's state is
 * the last act on it, the chain verifies and no call ever fails (so no
 * SQLITE_BUSY reached a user).  Then 4 processes x 500 read-then-write
 * increments of one counter end at exactly 2000.
 *
 * The database goes on /dev/shm when there is one: the locking is the
 * same as on disk, and the test stays bounded (no fsync per commit).
 */
#include "tests/unit/testutil.h"

#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/checklist.h"
#include "core/incident.h"
#include "core/store.h"

#define NPROC		20
#define NACTS		200	/* ticks and as many notes, per process */
#define NITEMS		5
#define BR20_PROCS	4
#define BR20_OPS	500

static int64_t	 items[NITEMS];
static int64_t	 incident;
static char	 dir[64], path[96];

static struct store *
stress_store(void)
{
	struct store *s;
	struct wr_err err;

	snprintf(dir, sizeof dir, "/dev/shm/wr-stress.XXXXXX");
	if (access("/dev/shm", W_OK) == -1 || mkdtemp(dir) == NULL) {
		s = tu_store();
		snprintf(path, sizeof path, "%s", tu_store_path());
		dir[0] = '\0';
		return (s);
	}
	snprintf(path, sizeof path, "%s/stress.db", dir);
	if (store_open(&s, path, 0, &err) == -1)
		fail_msg("store_open: %s", err.msg);
	return (s);
}

static void
stress_done(struct store *s)
{
	char f[128];

	store_close(s);
	if (dir[0] == '\0')
		return;
	snprintf(f, sizeof f, "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof f, "%s-shm", path);
	unlink(f);
	unlink(path);
	rmdir(dir);
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

static int
child_acts(int me)
{
	struct operator op;
	struct store *s;
	struct wr_err err;
	char name[16], text[64];
	int i;

	snprintf(name, sizeof name, "p%02d", me);
	operator_make(&op, name, "127.0.0.1");
	if (store_open(&s, path, 0, &err) == -1) {
		fprintf(stderr, "%s: open: %s\n", name, err.msg);
		return (1);
	}
	for (i = 0; i < NACTS; i++) {
		snprintf(text, sizeof text, "%s note %d", name, i);
		if (checklist_tick(s, &op, items[(me + i) % NITEMS],
		    (i / NITEMS + me) % 2 == 0, &err) == -1 ||
		    incident_note(s, &op, incident, text, &err) == -1) {
			fprintf(stderr, "%s: act %d: %s\n", name, i, err.msg);
			store_close(s);
			return (1);
		}
	}
	store_close(s);
	return (0);
}

static void
run_children(int n, int (*fn)(int))
{
	pid_t pids[NPROC];
	int i, status, bad = 0;

	fflush(NULL);
	for (i = 0; i < n; i++) {
		if ((pids[i] = fork()) == 0)
			_exit(fn(i));
		assert_true(pids[i] > 0);
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	}
	assert_int_equal(bad, 0);
}

/* Each item ends in the state its last act on the timeline says. */
static void
check_last_act_wins(struct store *s)
{
	char sql[512];
	int i;

	for (i = 0; i < NITEMS; i++) {
		snprintf(sql, sizeof sql, "SELECT (SELECT done FROM checklist"
		    " WHERE id = %lld) = (SELECT action = 'tick' FROM audit"
		    " WHERE target = 'item %lld' AND action IN ('tick',"
		    " 'untick') ORDER BY id DESC LIMIT 1)", (long long)items[i],
		    (long long)items[i]);
		assert_int_equal(count(s, sql), 1);
	}
}

static void
test_twenty_processes(void **state)
{
	struct store *s = stress_store();
	struct check_item it;
	struct wr_err err;
	char sql[256];
	int64_t n;
	int i;

	(void)state;
	assert_int_equal(incident_create(s, tu_op("lead"), "Stress",
	    "credential", 1, &incident, &err), 0);
	for (i = 0; i < NITEMS; i++) {
		memset(&it, 0, sizeof it);
		it.incident_id = incident;
		it.phase = PHASE_CONTAINMENT;
		it.text = "shared item";
		it.ord = i;
		assert_int_equal(checklist_add(s, tu_op("lead"), &it, &items[i],
		    NULL, &err), 0);
	}
	run_children(NPROC, child_acts);
	/* Every act recorded exactly once. */
	for (i = 0; i < NPROC; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE"
		    " actor = 'p%02d' AND action IN ('tick', 'untick')", i);
		assert_int_equal(count(s, sql), NACTS);
	}
	assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE"
	    " action = 'note'"), NPROC * NACTS);
	assert_int_equal(count(s, "SELECT count(*) FROM (SELECT after FROM"
	    " audit WHERE action = 'note' GROUP BY after"
	    " HAVING count(*) <> 1)"), 0);
	check_last_act_wins(s);
	assert_int_equal(audit_verify(s, incident, NULL, &n, NULL, &err), 0);
	assert_true(n >= 2 * NPROC * NACTS);
	stress_done(s);
}

static int
child_counter(int me)
{
	static const char get[] =
	    "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'br20'";
	static const char put[] =
	    "UPDATE meta SET value = ? WHERE key = 'br20'";
	struct store *s;
	struct wr_err err;
	sqlite3_stmt *st;
	int64_t v;
	int i, rc;

	if (store_open(&s, path, 0, &err) == -1)
		return (1);
	for (i = 0; i < BR20_OPS; i++) {
		/* Read, then write: only safe because begin is IMMEDIATE. */
		if (store_begin(s, &err) == -1 ||
		    (st = store_stmt(s, get, &err)) == NULL)
			goto fail;
		v = sqlite3_step(st) == SQLITE_ROW ?
		    sqlite3_column_int64(st, 0) : -1;
		sqlite3_reset(st);
		if (v < 0 || (st = store_stmt(s, put, &err)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, v + 1);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE || store_commit(s, &err) == -1)
			goto fail;
	}
	store_close(s);
	return (0);
fail:
	fprintf(stderr, "counter %d at %d: %s\n", me, i, err.msg);
	store_close(s);
	return (1);
}

static void
test_br20_read_then_write(void **state)
{
	struct store *s = stress_store();
	struct wr_err err;

	(void)state;
	assert_int_equal(store_exec(s, "INSERT INTO meta(key, value)"
	    " VALUES ('br20', '0')", &err), 0);
	run_children(BR20_PROCS, child_counter);
	assert_int_equal(count(s, "SELECT CAST(value AS INTEGER) FROM meta"
	    " WHERE key = 'br20'"), BR20_PROCS * BR20_OPS);
	stress_done(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_twenty_processes),
		cmocka_unit_test(test_br20_read_then_write),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
