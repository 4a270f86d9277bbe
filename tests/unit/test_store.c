/*
 * core/store.c and core/audit.c: opening and migrating, nested
 * transactions, interning across a rollback, the append-only audit log
 * and the hash chain that names the first row changed behind its back.
 */
#include "tests/unit/testutil.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/audit.h"
#include "core/schema.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

static void
test_open_migrates(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	char path[4096];

	(void)state;
	assert_int_equal(store_schema_version(s), schema_version);
	snprintf(path, sizeof path, "%s", tu_store_path());
	store_close(s);
	/* Reopening an up-to-date file changes nothing. */
	assert_int_equal(store_open(&s, path, 0, &err), 0);
	assert_int_equal(store_schema_version(s), schema_version);
	/* A file from a newer warroom is refused with a clear message. */
	assert_int_equal(store_exec(s, "PRAGMA user_version = 999", &err), 0);
	store_close(s);
	assert_int_equal(store_open(&s, path, 0, &err), -1);
	assert_non_null(strstr(err.msg, "newer than this warroom"));
}

static void
test_open_bad_path(void **state)
{
	struct store *s;
	struct wr_err err;

	(void)state;
	assert_int_equal(store_open(&s, "/proc/warroom/x.db", 0, &err), -1);
	assert_null(s);
	assert_true(err.msg[0] != '\0');
}

/* A typo in --db must not silently make folders (and a lost database). */
static void
test_open_missing_folder_refused(void **state)
{
	struct store *s;
	struct wr_err err;
	struct stat st;
	char *dir = tu_tmpdir(), *path, *sub;

	(void)state;
	sub = xasprintf("%s/typo", dir);
	path = xasprintf("%s/deeper/x.db", sub);
	assert_int_equal(store_open(&s, path, 0, &err), -1);
	assert_null(s);
	assert_string_equal(err.where, path);
	assert_non_null(strstr(err.msg, "does not exist"));
	assert_non_null(strstr(err.msg, "/typo/deeper"));
	assert_int_equal(stat(sub, &st), -1);
	free(path);
	/* The folder itself given as the database: named as such. */
	assert_int_equal(store_open(&s, dir, 0, &err), -1);
	assert_null(s);
	assert_non_null(strstr(err.msg, "is a folder, not a database file"));
	/* A file where the folder should be. */
	tu_write(sub, "x", 1);
	path = xasprintf("%s/x.db", sub);
	assert_int_equal(store_open(&s, path, 0, &err), -1);
	assert_non_null(strstr(err.msg, "typo"));
	free(path);
	free(sub);
	free(dir);
}

/* The per-user default under XDG data home is ours: made on first use. */
static void
test_open_xdg_default_creates_folder(void **state)
{
	struct store *s;
	struct wr_err err;
	char *dir = tu_tmpdir(), *xdg, *path, buf[4096];
	const char *old = getenv("XDG_DATA_HOME");
	const char *olddb = getenv("WARROOM_DB");
	char *keep = old != NULL ? xstrdup(old) : NULL;
	char *keepdb = olddb != NULL ? xstrdup(olddb) : NULL;

	(void)state;
	xdg = xasprintf("%s/xdg/data", dir);
	path = xasprintf("%s/warroom/warroom.db", xdg);
	setenv("XDG_DATA_HOME", xdg, 1);
	unsetenv("WARROOM_DB");
	assert_int_equal(store_open(&s, path, 0, &err), 0);
	store_close(s);
	assert_int_equal(access(path, F_OK), 0);
	/* store_default_path agrees, unless the shared host folder is here. */
	if (access("/var/lib/warroom", F_OK) == -1)
		assert_string_equal(store_default_path(buf, sizeof buf), path);
	if (keep != NULL)
		setenv("XDG_DATA_HOME", keep, 1);
	else
		unsetenv("XDG_DATA_HOME");
	if (keepdb != NULL)
		setenv("WARROOM_DB", keepdb, 1);
	free(keep);
	free(keepdb);
	free(path);
	free(xdg);
	free(dir);
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
test_nested_tx_and_rollback(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	int64_t a, b;

	(void)state;
	assert_int_equal(store_begin(s, &err), 0);
	assert_int_equal(store_begin(s, &err), 0);
	a = store_intern(s, "only-in-rolled-back-tx", &err);
	assert_true(a > 0);
	assert_int_equal(store_commit(s, &err), 0);	/* inner */
	assert_true(store_in_tx(s));
	store_rollback(s);
	assert_false(store_in_tx(s));
	assert_int_equal(count(s, "SELECT count(*) FROM strings"), 0);
	/* The cache must not hand back an id that was rolled back. */
	b = store_intern(s, "only-in-rolled-back-tx", &err);
	assert_true(b > 0);
	assert_int_equal(count(s, "SELECT count(*) FROM strings"), 1);
	assert_string_equal(store_string(s, b), "only-in-rolled-back-tx");
	store_close(s);
}

static void
append(struct store *s, int64_t incident, const char *action,
    const char *after)
{
	struct audit_entry e;
	struct wr_err err;

	memset(&e, 0, sizeof e);
	e.incident_id = incident;
	e.happened_at = e.discovered_at = TIME_NONE;
	e.op = tu_op("alice");
	e.action = action;
	e.after = after;
	assert_int_equal(store_begin(s, &err), 0);
	assert_int_equal(audit_append(s, &e, &err), 0);
	assert_int_equal(store_commit(s, &err), 0);
}

static void
test_audit_outside_tx_refused(void **state)
{
	struct store *s = tu_store();
	struct audit_entry e;
	struct wr_err err;

	(void)state;
	memset(&e, 0, sizeof e);
	e.op = tu_op("alice");
	e.action = "note";
	e.happened_at = e.discovered_at = TIME_NONE;
	assert_int_equal(audit_append(s, &e, &err), -1);
	store_close(s);
}

static void
test_audit_chain(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	char head[65], head2[65];
	int64_t n, bad;

	(void)state;
	append(s, 1, "note", "first");
	append(s, 2, "note", "other incident");
	append(s, 1, "tick", "done");
	append(s, 1, "note", "third");
	assert_int_equal(audit_verify(s, 1, head, &n, &bad, &err), 0);
	assert_int_equal(n, 3);
	/* Triggers refuse edits and deletes. */
	assert_int_equal(store_exec(s, "UPDATE audit SET after = 'x'", &err),
	    -1);
	assert_non_null(strstr(err.msg, "append-only"));
	assert_int_equal(store_exec(s, "DELETE FROM audit", &err), -1);
	/* With the triggers dropped, an edit is caught at its row. */
	assert_int_equal(store_exec(s, "DROP TRIGGER audit_no_update;"
	    "UPDATE audit SET after = 'forged' WHERE id = 3", &err), 0);
	assert_int_equal(audit_verify(s, 1, head2, &n, &bad, &err), -1);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(err.msg, "row 3"));
	store_close(s);
}

static void
test_audit_delete_caught(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	int64_t n, bad;

	(void)state;
	append(s, 1, "note", "a");
	append(s, 1, "note", "b");
	append(s, 1, "note", "c");
	assert_int_equal(store_exec(s, "DROP TRIGGER audit_no_delete;"
	    "DELETE FROM audit WHERE id = 2", &err), 0);
	assert_int_equal(audit_verify(s, 1, NULL, &n, &bad, &err), -1);
	assert_int_equal(bad, 3);
	store_close(s);
}

static void
test_changed_sees_other_connection(void **state)
{
	struct store *a = tu_store(), *b;
	struct wr_err err;

	(void)state;
	assert_int_equal(store_open(&b, tu_store_path(), 0, &err), 0);
	(void)store_changed(a);
	assert_int_equal(store_changed(a), 0);
	assert_int_equal(store_exec(b, "INSERT INTO strings(s) VALUES ('x')",
	    &err), 0);
	assert_int_equal(store_changed(a), 1);
	assert_int_equal(store_changed(a), 0);
	store_close(b);
	store_close(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_migrates),
		cmocka_unit_test(test_open_bad_path),
		cmocka_unit_test(test_open_missing_folder_refused),
		cmocka_unit_test(test_open_xdg_default_creates_folder),
		cmocka_unit_test(test_nested_tx_and_rollback),
		cmocka_unit_test(test_audit_outside_tx_refused),
		cmocka_unit_test(test_audit_chain),
		cmocka_unit_test(test_audit_delete_caught),
		cmocka_unit_test(test_changed_sees_other_connection),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
