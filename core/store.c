/*
 * The SQLite store: opening, migrations, transactions with bounded
 * retry, cached statements, string interning and change detection.
 */
#include "core/store.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/schema.h"
#include "core/storefs.h"
#include "core/timeutil.h"
#include "core/util.h"

#define STORE_BUSY_MS		5000
#define STORE_BEGIN_TRIES	8
#define STORE_NSTMT		192
#define STORE_NINTERN		4096	/* power of two */

struct stmt_slot {
	const char	*sql;
	sqlite3_stmt	*stmt;
};

struct intern_slot {
	char		*s;
	int64_t		 id;
};

struct store {
	sqlite3			*db;
	sqlite3			*watch;		/* data_version poller */
	char			 path[PATH_MAX];
	int			 flags;
	char			 ro_reason[PATH_MAX + 192];
	int			 depth;		/* transaction nesting */
	int64_t			 data_version;
	dev_t			 dev;
	ino_t			 ino;
	ino_t			 wal_ino;	/* of the -wal we used */
	struct stmt_slot	 stmts[STORE_NSTMT];
	int			 nstmts;
	struct intern_slot	 intern[STORE_NINTERN];
	char			*string_buf;
};

/* The per-user default under XDG data home; 0 when there is none. */
static int
xdg_default_path(char *buf, size_t len)
{
	const char *x, *h;

	if ((x = getenv("XDG_DATA_HOME")) != NULL && *x == '/')
		snprintf(buf, len, "%s/warroom/warroom.db", x);
	else if ((h = getenv("HOME")) != NULL && *h == '/')
		snprintf(buf, len, "%s/.local/share/warroom/warroom.db", h);
	else
		return (0);
	return (1);
}

const char *
store_default_path(char *buf, size_t len)
{
	const char *env = getenv("WARROOM_DB");
	struct stat st;

	if (env != NULL && *env != '\0')
		snprintf(buf, len, "%s", env);
	else if (stat("/var/lib/warroom", &st) == 0 && S_ISDIR(st.st_mode))
		snprintf(buf, len, "/var/lib/warroom/warroom.db");
	else if (!xdg_default_path(buf, len))
		snprintf(buf, len, "warroom.db");
	return (buf);
}

int
store_fail(struct store *s, struct wr_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;

	return (wr_fail(err, code == SQLITE_BUSY || code == SQLITE_LOCKED ?
	    WR_ERR_BUSY : WR_ERR_DB, s->path, "%s: %s", what,
	    sqlite3_errmsg(s->db)));
}

static int
mkparents(const char *path, struct wr_err *err)
{
	char tmp[PATH_MAX], *p;

	snprintf(tmp, sizeof tmp, "%s", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		/* EACCES: a folder we cannot enter; the pre-flight says so. */
		if (mkdir(tmp, 0770) == -1 && errno != EEXIST &&
		    errno != EACCES)
			return (wr_fail(err, WR_ERR_IO, tmp,
			    "cannot create folder: %s", strerror(errno)));
		*p = '/';
	}
	return (0);
}

/*
 * Only the per-user default folder is ours to create.  Any other path
 * (--db, $WARROOM_DB) names a folder the operator chose: a missing one
 * is most likely a typo, and making it would hide the incident's data
 * in a database nobody else opens.
 */
static int
check_parent(const char *path, struct wr_err *err)
{
	char own[PATH_MAX], dir[PATH_MAX], *slash;
	struct stat st;

	if (xdg_default_path(own, sizeof own) && strcmp(own, path) == 0)
		return (mkparents(path, err));
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		return (0);
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &st) == -1 && (errno == ENOENT || errno == ENOTDIR))
		return (wr_fail(err, WR_ERR_NOTFOUND, path, "the folder %s "
		    "does not exist; check the path, or create the folder "
		    "first (warroom creates only its own default folder)",
		    dir));
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return (wr_fail(err, WR_ERR_NOTFOUND, path, "%s is not a "
		    "folder", dir));
	return (0);
}

static int
open_conn(struct store *s, sqlite3 **db, int flags, struct wr_err *err)
{
	int oflags, rc;

	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	if (!(flags & (STORE_READONLY | STORE_NOCREATE)))
		oflags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(s->path, db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		wr_fail(err, WR_ERR_DB, s->path, "cannot open database: %s",
		    *db != NULL ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
		sqlite3_close(*db);
		*db = NULL;
		return (-1);
	}
	sqlite3_busy_timeout(*db, STORE_BUSY_MS);
	sqlite3_extended_result_codes(*db, 1);
	return (0);
}

int
store_exec(struct store *s, const char *sql, struct wr_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_extended_errcode(s->db) & 0xff;

		wr_fail(err, code == SQLITE_BUSY ? WR_ERR_BUSY : WR_ERR_DB,
		    s->path, "%s", msg != NULL ? msg : "SQL failed");
		sqlite3_free(msg);
		return (-1);
	}
	return (0);
}

int
store_schema_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (v);
}

static int
migrate(struct store *s, struct wr_err *err)
{
	char sql[64];
	int v;

	if ((v = store_schema_version(s)) < 0)
		return (store_fail(s, err, "reading the schema version"));
	if (v > schema_version)
		return (wr_fail(err, WR_ERR_DB, s->path,
		    "database schema %d is newer than this warroom (%d): "
		    "upgrade warroom", v, schema_version));
	if (v == schema_version || (s->flags & STORE_READONLY))
		return (0);
	for (v++; v <= schema_version; v++) {
		if (store_begin(s, err) == -1)
			return (-1);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
		if (store_exec(s, schema_migrations[v], err) == -1 ||
		    store_exec(s, sql, err) == -1) {
			store_rollback(s);
			return (-1);
		}
		if (store_commit(s, err) == -1)
			return (-1);
		log_info("migrated %s to schema %d", s->path, v);
	}
	return (0);
}

static ino_t
inode_of(const char *path, const char *suffix)
{
	char p[PATH_MAX + 8];
	struct stat st;

	snprintf(p, sizeof p, "%s%s", path, suffix);
	return (stat(p, &st) == 0 ? st.st_ino : 0);
}

static void
remember_inode(struct store *s)
{
	struct stat st;

	if (stat(s->path, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
	}
	s->wal_ino = inode_of(s->path, "-wal");
}

/*
 * The file was replaced (a restore).  The -wal beside it is still the
 * old database's when it is the one we used, and SQLite does not clear
 * it on closing a moved file: opening the new file with it would lay
 * old pages over new ones.  So it goes, with its -shm; a -wal that came
 * with the restored file is left alone.
 */
static void
drop_stale_wal(struct store *s)
{
	char p[PATH_MAX + 8];

	if (s->wal_ino == 0 || inode_of(s->path, "-wal") != s->wal_ino)
		return;
	snprintf(p, sizeof p, "%s-wal", s->path);
	if (unlink(p) == 0)
		log_warn("%s: removed the replaced database's WAL", p);
	snprintf(p, sizeof p, "%s-shm", s->path);
	(void)unlink(p);
}

static int
setup(struct store *s, struct wr_err *err)
{
	if (!(s->flags & STORE_READONLY)) {
		if (store_exec(s, "PRAGMA journal_mode=WAL", err) == -1)
			return (-1);
	}
	/*
	 * journal_size_limit: after a checkpoint resets the WAL, truncate
	 * it back, so consoles attached for hours keep it small.
	 */
	if (store_exec(s, "PRAGMA synchronous=FULL;"
	    "PRAGMA temp_store=MEMORY;"
	    "PRAGMA journal_size_limit=4194304;", err) == -1)
		return (-1);
	return (migrate(s, err));
}

int
store_open(struct store **out, const char *path, int flags,
    struct wr_err *err)
{
	struct store *s;
	struct stat st;
	int ro;

	*out = NULL;
	/* --db naming the folder instead of the file inside it. */
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return (wr_fail(err, WR_ERR_USAGE, path, "is a folder, not a "
		    "database file; give the file's path, such as "
		    "%s%swarroom.db", path, str_has_suffix(path, "/") ? "" :
		    "/"));
	s = xcalloc(1, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", path);
	s->data_version = -1;
	ro = 0;
	/* Read-only callers (bundled scenarios) change nothing on disk. */
	if (flags & STORE_READONLY) {
		if (storefs_check_fs(path, err) == -1) {
			free(s);
			return (-1);
		}
	} else if ((!(flags & STORE_NOCREATE) && check_parent(path, err) ==
	    -1) ||
	    storefs_preflight(path, flags & STORE_NOCREATE, &ro,
	    s->ro_reason, sizeof s->ro_reason, err) == -1) {
		free(s);
		return (-1);
	}
	/* An observer who may only read gets a read-only connection. */
	s->flags = flags | (ro ? STORE_READONLY : 0);
	if (open_conn(s, &s->db, s->flags, err) == -1 ||
	    setup(s, err) == -1) {
		store_close(s);
		return (-1);
	}
	if (!(s->flags & STORE_READONLY))
		storefs_settle(path);
	remember_inode(s);
	*out = s;
	return (0);
}

static void
intern_clear(struct store *s)
{
	int i;

	for (i = 0; i < STORE_NINTERN; i++) {
		free(s->intern[i].s);
		s->intern[i].s = NULL;
	}
}

static void
close_conns(struct store *s)
{
	int i;

	for (i = 0; i < s->nstmts; i++)
		sqlite3_finalize(s->stmts[i].stmt);
	s->nstmts = 0;
	sqlite3_close(s->watch);
	sqlite3_close(s->db);
	s->watch = s->db = NULL;
	intern_clear(s);
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	if (s->depth > 0 && s->db != NULL)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	close_conns(s);
	free(s->string_buf);
	free(s);
}

sqlite3 *
store_db(struct store *s)
{
	return (s->db);
}

const char *
store_path(const struct store *s)
{
	return (s->path);
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql, struct wr_err *err)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < s->nstmts; i++) {
		if (s->stmts[i].sql == sql) {
			st = s->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return (st);
		}
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, err, "preparing a statement");
		return (NULL);
	}
	if (s->nstmts == STORE_NSTMT) {
		/* Full: evict the oldest; callers never keep statements. */
		sqlite3_finalize(s->stmts[0].stmt);
		memmove(&s->stmts[0], &s->stmts[1],
		    (STORE_NSTMT - 1) * sizeof s->stmts[0]);
		s->nstmts--;
	}
	s->stmts[s->nstmts].sql = sql;
	s->stmts[s->nstmts].stmt = st;
	s->nstmts++;
	return (st);
}

static void
jitter_sleep(int attempt)
{
	struct timespec ts;
	long ms;

	/* Jitter from the clock and the pid, so racers drift apart. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ms = 20L * (1L << (attempt < 5 ? attempt : 5));
	ms += (long)((ts.tv_nsec / 1000 + getpid()) % 97);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

int
store_begin(struct store *s, struct wr_err *err)
{
	int attempt, rc;

	if (s->depth > 0) {
		s->depth++;
		return (0);
	}
	if (s->flags & STORE_READONLY)
		return (wr_fail(err, WR_ERR_DENIED, s->path, "%s",
		    s->ro_reason[0] != '\0' ? s->ro_reason :
		    "the database is open read-only"));
	for (attempt = 0; attempt < STORE_BEGIN_TRIES; attempt++) {
		rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK) {
			s->depth = 1;
			return (0);
		}
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			return (store_fail(s, err, "starting a transaction"));
		log_warn("%s busy, retry %d", s->path, attempt + 1);
		jitter_sleep(attempt);
	}
	return (wr_fail(err, WR_ERR_BUSY, s->path,
	    "database stayed locked for over %d seconds",
	    STORE_BEGIN_TRIES * STORE_BUSY_MS / 1000));
}

int
store_try_begin(struct store *s, struct wr_err *err)
{
	int rc;

	if (s->depth > 0) {
		s->depth++;
		return (0);
	}
	if (s->flags & STORE_READONLY)
		return (wr_fail(err, WR_ERR_DENIED, s->path, "read-only"));
	/* No waiting: the caller tries again on its next turn. */
	sqlite3_busy_timeout(s->db, 0);
	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (rc != SQLITE_OK)
		return (store_fail(s, err, "starting a transaction"));
	s->depth = 1;
	return (0);
}

int
store_end_reads(struct store *s)
{
	sqlite3_stmt *st = NULL;
	int n = 0;

	if (s->depth > 0)
		return (0);
	while ((st = sqlite3_next_stmt(s->db, st)) != NULL) {
		if (!sqlite3_stmt_busy(st))
			continue;
		log_warn("statement left open: %.60s", sqlite3_sql(st));
		sqlite3_reset(st);
		n++;
	}
	return (n);
}

int
store_commit(struct store *s, struct wr_err *err)
{
	int attempt, rc;

	if (s->depth == 0)
		return (wr_fail(err, WR_ERR_DB, s->path, "commit outside a "
		    "transaction"));
	if (--s->depth > 0)
		return (0);
	for (attempt = 0; attempt < STORE_BEGIN_TRIES; attempt++) {
		rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return (0);
		if ((rc & 0xff) != SQLITE_BUSY)
			break;
		jitter_sleep(attempt);
	}
	store_fail(s, err, "committing");
	s->depth = 1;
	store_rollback(s);
	return (-1);
}

void
store_rollback(struct store *s)
{
	if (s->depth == 0)
		return;
	s->depth = 0;
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	/* Interned ids written in this transaction are gone with it. */
	intern_clear(s);
}

int
store_in_tx(const struct store *s)
{
	return (s->depth > 0);
}

int
store_tx(struct store *s, int (*fn)(struct store *, void *, struct wr_err *),
    void *arg, struct wr_err *err)
{
	if (store_begin(s, err) == -1)
		return (-1);
	if (fn(s, arg, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

static int64_t
read_data_version(struct store *s)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(s->watch, "PRAGMA data_version", -1, &st,
	    NULL) != SQLITE_OK)
		return (-1);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (v);
}

static int
file_replaced(struct store *s)
{
	struct stat st;

	if (stat(s->path, &st) == -1)
		return (0);
	return (st.st_dev != s->dev || st.st_ino != s->ino);
}

int
store_changed(struct store *s)
{
	int64_t v;

	if (s->depth == 0 && file_replaced(s)) {
		struct wr_err err;

		log_warn("%s was replaced; reopening", s->path);
		close_conns(s);
		drop_stale_wal(s);
		if (open_conn(s, &s->db, s->flags, &err) == -1 ||
		    setup(s, &err) == -1)
			fatal("cannot reopen %s: %s", s->path, err.msg);
		remember_inode(s);
		s->data_version = -1;
	}
	if (s->watch == NULL && open_conn(s, &s->watch,
	    (s->flags & STORE_READONLY) | STORE_NOCREATE, NULL) == -1)
		return (0);
	v = read_data_version(s);
	if (v == s->data_version)
		return (0);
	s->data_version = v;
	return (1);
}

const char *
store_readonly(const struct store *s)
{
	if (!(s->flags & STORE_READONLY))
		return (NULL);
	return (s->ro_reason[0] != '\0' ? s->ro_reason : "read-only");
}

int
store_checkpoint(struct store *s, int *wal_pages)
{
	int log = -1, ckpt = -1;

	if (s->depth > 0 || (s->flags & STORE_READONLY))
		return (-1);
	if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &log, &ckpt) != SQLITE_OK)
		return (-1);
	if (wal_pages != NULL)
		*wal_pages = log;
	return (0);
}

static unsigned
intern_slot_of(const char *str)
{
	return ((unsigned)hash64(str, strlen(str)) & (STORE_NINTERN - 1));
}

static int64_t
intern_lookup(struct store *s, const char *str, struct wr_err *err)
{
	static const char q[] = "SELECT id FROM strings WHERE s = ?";
	static const char ins[] = "INSERT INTO strings(s) VALUES (?)";
	sqlite3_stmt *st;
	int64_t id = 0;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, str, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (id != 0)
		return (id);
	if ((st = store_stmt(s, ins, err)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, str, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "interning a string");
		return (-1);
	}
	sqlite3_reset(st);
	return (sqlite3_last_insert_rowid(s->db));
}

int64_t
store_intern(struct store *s, const char *str, struct wr_err *err)
{
	struct intern_slot *slot;
	int64_t id;

	if (str == NULL)
		return (0);
	slot = &s->intern[intern_slot_of(str)];
	if (slot->s != NULL && strcmp(slot->s, str) == 0)
		return (slot->id);
	if ((id = intern_lookup(s, str, err)) == -1)
		return (-1);
	free(slot->s);
	slot->s = xstrdup(str);
	slot->id = id;
	return (id);
}

const char *
store_string(struct store *s, int64_t id)
{
	static const char q[] = "SELECT s FROM strings WHERE id = ?";
	sqlite3_stmt *st;

	if (id == 0 || (st = store_stmt(s, q, NULL)) == NULL)
		return (NULL);
	sqlite3_bind_int64(st, 1, id);
	free(s->string_buf);
	s->string_buf = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		s->string_buf = xstrdup(
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return (s->string_buf);
}

/*
 * A bulk load commits once per file, and each commit rewrites every
 * index page the file touched.  Checkpointing at the default 1000 WAL
 * pages copies each of those versions into the database; letting the
 * WAL reach 32768 pages (128 MB on disk, no memory) first copies only
 * the last version of a page, a third less I/O over a large ingest.
 * Each commit is still synced: durability does not change.
 */
void
store_bulk(struct store *s, int on)
{
	sqlite3_exec(s->db, on ? "PRAGMA cache_size=-32768;"
	    "PRAGMA wal_autocheckpoint=32768" : "PRAGMA cache_size=-2000;"
	    "PRAGMA wal_autocheckpoint=1000", NULL, NULL, NULL);
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

void
store_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
	if (t == TIME_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, t);
}

int64_t
store_column_time(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (TIME_NONE);
	return (sqlite3_column_int64(st, i));
}

const char *
store_column_str(sqlite3_stmt *st, int i)
{
	const unsigned char *p = sqlite3_column_text(st, i);

	return (p != NULL ? (const char *)p : "");
}
