/*
 * core/storefs.c (BR-22): network and FUSE filesystems are named and
 * refused; a new database is group-shared (folder setgid and group rwx,
 * db, -wal and -shm 0660); drifted modes are fixed by their owner and
 * refused for anyone else with a message naming file, owner and mode;
 * root leaves no root-owned -wal/-shm; a read-only observer either
 * reads or is told what is missing.  The account switches need root.
 */
#include "tests/unit/testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "core/storefs.h"
#include "core/util.h"

#define NOBODY	65534

static mode_t
mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		fail_msg("stat %s", path);
	return (st.st_mode & 07777);
}

static uid_t
uid_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		fail_msg("stat %s", path);
	return (st.st_uid);
}

static void
test_remote_names(void **state)
{
	(void)state;
	assert_string_equal(storefs_remote_name(0x6969), "NFS");
	assert_string_equal(storefs_remote_name(0xFE534D42L), "SMB2");
	assert_string_equal(storefs_remote_name(0xFF534D42L), "CIFS");
	/* A signed 32-bit f_type must match as well. */
	assert_string_equal(storefs_remote_name((long)(int)0xFF534D42u),
	    "CIFS");
	assert_non_null(strstr(storefs_remote_name(0x65735546), "FUSE"));
	assert_null(storefs_remote_name(0xEF53));	/* ext4 */
	assert_null(storefs_remote_name(0x01021994));	/* tmpfs */
	assert_null(storefs_remote_name(0x58465342));	/* xfs */
}

static void
test_local_fs_accepted(void **state)
{
	char *dir = tu_tmpdir(), *db;
	struct wr_err err;

	(void)state;
	db = xasprintf("%s/x.db", dir);
	assert_int_equal(storefs_check_fs(db, &err), 0);
	free(db);
	free(dir);
}

static void
test_network_fs_refused(void **state)
{
#ifdef WR_TEST_HOOKS
	char *dir = tu_tmpdir(), *db;
	struct store *s;
	struct wr_err err;

	(void)state;
	db = xasprintf("%s/x.db", dir);
	setenv("WARROOM_TEST_FSTYPE", "0x6969", 1);
	assert_int_equal(store_open(&s, db, 0, &err), -1);
	unsetenv("WARROOM_TEST_FSTYPE");
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_non_null(strstr(err.msg, "NFS"));
	assert_non_null(strstr(err.msg, "WAL"));
	assert_string_equal(err.where, db);
	/* Nothing was created on the refused filesystem. */
	assert_int_equal(access(db, F_OK), -1);
	free(db);
	free(dir);
#else
	(void)state;
#endif
}

static void
test_new_db_group_shared(void **state)
{
	char *dir = tu_tmpdir(), *db, *wal, *shm;
	struct store *s;
	struct wr_err err;

	(void)state;
	db = xasprintf("%s/x.db", dir);
	wal = xasprintf("%s-wal", db);
	shm = xasprintf("%s-shm", db);
	/* The admin's setgid folder, not yet group-writable. */
	assert_int_equal(chmod(dir, 02700), 0);
	umask(077);		/* the worst umask an operator may have */
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	/*
	 * Files SQLite makes later (a new -shm after every connection
	 * closed) are born group-writable: no instant in which another
	 * operator could open them read-only.
	 */
	assert_int_equal(umask(022), 017);
	assert_int_equal(mode_of(db), 0660);
	assert_int_equal(mode_of(wal), 0660);
	assert_int_equal(mode_of(shm), 0660);
	assert_int_equal(mode_of(dir), 02770);
	store_close(s);
	/* Drift (case B): 0600 files and a lost group bit are fixed. */
	assert_int_equal(chmod(db, 0600), 0);
	assert_int_equal(chmod(dir, 02750), 0);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	assert_int_equal(mode_of(db), 0660);
	assert_int_equal(mode_of(wal), 0660);
	assert_int_equal(mode_of(dir), 02770);
	store_close(s);
	/* A personal folder (a home, say) is never made group-writable. */
	assert_int_equal(chmod(dir, 0700), 0);
	umask(077);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	assert_int_equal(umask(022), 077);
	assert_int_equal(mode_of(dir), 0700);
	store_close(s);
	free(wal);
	free(shm);
	free(db);
	free(dir);
}

/* Run fn as nobody in a child; returns its exit status. */
static int
as_nobody(int (*fn)(const char *, const void *), const char *db,
    const void *arg)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) == 0) {
		if (setgid(NOBODY) == -1 || setuid(NOBODY) == -1)
			_exit(99);
		_exit(fn(db, arg));
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return (WEXITSTATUS(status));
}

static int
expect_refusal(const char *db, const void *arg)
{
	const char *const *words = arg;
	struct store *s;
	struct wr_err err;
	int i;

	if (store_open(&s, db, 0, &err) == 0) {
		fprintf(stderr, "opened, expected a refusal\n");
		return (1);
	}
	for (i = 0; words[i] != NULL; i++) {
		if (strstr(err.msg, words[i]) == NULL &&
		    strstr(err.where, words[i]) == NULL) {
			fprintf(stderr, "no '%s' in: %s: %s\n", words[i],
			    err.where, err.msg);
			return (2);
		}
	}
	return (0);
}

static int
expect_readonly(const char *db, const void *arg)
{
	struct store *s;
	struct wr_err err;
	int64_t id;

	(void)arg;
	if (store_open(&s, db, 0, &err) == -1) {
		fprintf(stderr, "observer: %s\n", err.msg);
		return (1);
	}
	if (store_readonly(s) == NULL || strstr(store_readonly(s),
	    "cannot write") == NULL)
		return (2);
	if (store_intern(s, "x", &err) != -1 || store_begin(s, &err) != -1 ||
	    strstr(err.msg, "read-only") == NULL)
		return (3);
	/* Reading works: the schema is there. */
	id = store_schema_version(s);
	store_close(s);
	return (id > 0 ? 0 : 4);
}

static void
test_other_accounts(void **state)
{
	static const char *const dirwords[] = { "owner root:", "2755",
	    "setgid", NULL };
	static const char *const filewords[] = { "owner root:", "0646",
	    "chmod 0660", NULL };
	static const char *const shmwords[] = { "-shm", "-wal",
	    "must be writable", NULL };
	static const char *const enterwords[] = { "cannot enter", "0700",
	    "usermod -aG", NULL };
	char *dir, *db, *wal, *shm;
	struct store *s;
	struct wr_err err;

	(void)state;
	if (geteuid() != 0) {
		printf("note: not root, account switches untested\n");
		return;
	}
	/* Not under $TMPROOT: nobody must be able to reach the folder. */
	dir = xstrdup("/tmp/wr-storefs.XXXXXX");
	assert_non_null(mkdtemp(dir));
	db = xasprintf("%s/x.db", dir);
	wal = xasprintf("%s-wal", db);
	shm = xasprintf("%s-shm", db);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	store_close(s);
	/* A shared folder nobody may not fix: refused, owner and mode. */
	assert_int_equal(chmod(dir, 02755), 0);
	assert_int_equal(chmod(db, 0666), 0);
	assert_int_equal(as_nobody(expect_refusal, db, dirwords), 0);
	/* A file nobody may write but not fix. */
	assert_int_equal(chmod(dir, 02775), 0);
	assert_int_equal(chmod(db, 0646), 0);
	assert_int_equal(as_nobody(expect_refusal, db, filewords), 0);
	/* A read-only observer while a writer keeps -wal/-shm. */
	assert_int_equal(chmod(db, 0644), 0);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	assert_int_equal(chmod(db, 0644), 0);
	assert_int_equal(chmod(wal, 0644), 0);
	assert_int_equal(chmod(shm, 0644), 0);
	assert_int_equal(as_nobody(expect_readonly, db, NULL), 0);
	store_close(s);
	/* No writer, no -shm, no folder write access: say what is missing. */
	assert_int_equal(access(db, F_OK), 0);
	assert_int_equal(as_nobody(expect_refusal, db, shmwords), 0);
	/* Not in the folder's group (case C): never "unable to open". */
	assert_int_equal(chmod(dir, 0700), 0);
	assert_int_equal(as_nobody(expect_refusal, db, enterwords), 0);
	unlink(db);
	unlink(wal);
	unlink(shm);
	rmdir(dir);
	free(wal);
	free(shm);
	free(db);
	free(dir);
}

static void
test_root_leaves_no_root_files(void **state)
{
	char *dir, *db, *wal, *shm;
	struct store *s;
	struct wr_err err;

	(void)state;
	if (geteuid() != 0) {
		printf("note: not root, root ownership untested\n");
		return;
	}
	dir = tu_tmpdir();
	db = xasprintf("%s/x.db", dir);
	wal = xasprintf("%s-wal", db);
	shm = xasprintf("%s-shm", db);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	store_close(s);
	/* The database belongs to an operator; root attaches. */
	assert_int_equal(chown(db, 4242, 4242), 0);
	assert_int_equal(store_open(&s, db, 0, &err), 0);
	assert_int_equal(store_exec(s, "INSERT INTO strings(s) VALUES ('r')",
	    &err), 0);
	assert_int_equal(uid_of(wal), 4242);
	assert_int_equal(uid_of(shm), 4242);
	assert_int_equal(uid_of(db), 4242);
	store_close(s);
	free(wal);
	free(shm);
	free(db);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remote_names),
		cmocka_unit_test(test_local_fs_accepted),
		cmocka_unit_test(test_network_fs_refused),
		cmocka_unit_test(test_new_db_group_shared),
		cmocka_unit_test(test_other_accounts),
		cmocka_unit_test(test_root_leaves_no_root_files),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
