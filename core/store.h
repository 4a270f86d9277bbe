/*
 * The store: one SQLite file shared by every warroom process on the
 * war-room host.  WAL, busy_timeout, synchronous=FULL, and every write in
 * BEGIN IMMEDIATE (a deferred transaction that upgrades to a write gets
 * SQLITE_BUSY at once, whatever the timeout).  The schema is versioned
 * with PRAGMA user_version; migrations only go forward (core/schema.c).
 *
 * Other core modules run their own SQL through store_stmt(), which keeps
 * prepared statements for the life of the connection.
 */
#ifndef WR_STORE_H
#define WR_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;

#define STORE_READONLY	0x1	/* observers: open without write access */
#define STORE_NOCREATE	0x2	/* fail when the file does not exist */

/*
 * Where the database is when no --db is given: $WARROOM_DB, else
 * /var/lib/warroom/warroom.db when that folder exists, else
 * $XDG_DATA_HOME/warroom/warroom.db (~/.local/share when unset).
 * Writes into buf and returns it.
 */
const char	*store_default_path(char *buf, size_t len);

/*
 * Open (creating the file as needed) and migrate.  A missing folder is
 * created only for the per-user default under XDG data home; any other
 * missing folder is refused (WR_ERR_NOTFOUND, naming the path).
 */
int		 store_open(struct store **, const char *path, int flags,
		     struct wr_err *);
void		 store_close(struct store *);
sqlite3		*store_db(struct store *);
const char	*store_path(const struct store *);
int		 store_schema_version(struct store *);

/*
 * A cached prepared statement for sql (which must be a string literal
 * or otherwise live as long as the store): reset, bindings cleared.
 * Returns NULL and fills err when SQLite refuses it.
 */
sqlite3_stmt	*store_stmt(struct store *, const char *sql, struct wr_err *);
/* Run SQL with no results (several statements allowed). */
int		 store_exec(struct store *, const char *sql, struct wr_err *);

/*
 * Transactions.  store_begin() is BEGIN IMMEDIATE: it waits up to the
 * busy timeout, then retries with jitter a bounded number of times, so
 * SQLITE_BUSY never reaches a user unless the database stays locked for
 * tens of seconds.  Nested begin/commit pairs are counted: only the
 * outermost commits.
 */
int		 store_begin(struct store *, struct wr_err *);
/*
 * BEGIN IMMEDIATE without waiting: WR_ERR_BUSY at once when another
 * connection writes (heartbeats skip a turn rather than freeze a
 * console behind a long ingest).
 */
int		 store_try_begin(struct store *, struct wr_err *);
/*
 * Reset any statement left stepping outside a transaction, so this
 * connection holds no read snapshot (it would hide other commits and
 * keep the WAL from being checkpointed).  Returns how many it reset.
 */
int		 store_end_reads(struct store *);
int		 store_commit(struct store *, struct wr_err *);
void		 store_rollback(struct store *);
int		 store_in_tx(const struct store *);

/* Run fn inside one write transaction; rolls back when fn returns -1. */
int		 store_tx(struct store *, int (*fn)(struct store *, void *,
		     struct wr_err *), void *arg, struct wr_err *);

/*
 * 1 when another connection committed since the last call, through a
 * dedicated connection that never holds a transaction open (our own
 * commits do not change data_version, BR-23).  Also notices when the
 * file was replaced (inode changed) and reopens it.
 */
int		 store_changed(struct store *);

/*
 * The reason when the store is read-only ("read-only: bob cannot write
 * ..."), NULL when it may write.  Writes on a read-only store fail with
 * that reason (WR_ERR_DENIED).
 */
const char	*store_readonly(const struct store *);

/*
 * A passive checkpoint (never waits for readers or writers): consoles
 * call it now and then so the WAL stays small.  wal_pages (may be NULL)
 * gets the WAL's length in pages.  -1 inside a transaction.
 */
int		 store_checkpoint(struct store *, int *wal_pages);

/* Intern a string into the strings table; 0 for NULL.  Cached. */
int64_t		 store_intern(struct store *, const char *, struct wr_err *);
/* The string for an interned id, or NULL; valid until the next call. */
const char	*store_string(struct store *, int64_t id);

/* Bulk load: larger page cache, rarer checkpoints while an ingest runs. */
void		 store_bulk(struct store *, int on);

/* Fill err from the connection's last error, naming what. */
int		 store_fail(struct store *, struct wr_err *, const char *what);

/* Bind helpers that treat NULL / TIME_NONE as SQL NULL. */
void		 store_bind_text(sqlite3_stmt *, int, const char *);
void		 store_bind_time(sqlite3_stmt *, int, int64_t);
int64_t		 store_column_time(sqlite3_stmt *, int);
/* A column as a string, "" when NULL (never NULL itself). */
const char	*store_column_str(sqlite3_stmt *, int);

#endif
