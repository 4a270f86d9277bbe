/*
 * The presence table: one row per attached console, keyed by incident,
 * operator, host and pid, rewritten by each heartbeat.  Heartbeats are
 * short write transactions (BEGIN IMMEDIATE).  A heartbeat does
 * not wait for the lock: busy, it fails with WR_ERR_BUSY at once and the
 * console tries again on its next poll.
 */
#include "core/presence.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "core/util.h"

static const char *
host_name(void)
{
	static char host[PRESENCE_HOST_LEN];

	if (host[0] == '\0' && gethostname(host, sizeof host - 1) == -1)
		snprintf(host, sizeof host, "localhost");
	return (host);
}

static int
beat_rows(struct store *s, const struct operator *op, int64_t incident,
    long pid, const char *pane, const char *editing, int64_t now,
    struct wr_err *err)
{
	static const char up[] =
	    "INSERT OR REPLACE INTO presence(incident_id, operator, pid,"
	    " host, addr, pane, editing, heartbeat)"
	    " VALUES (?,?,?,?,?,?,?,?)";
	static const char prune[] =
	    "DELETE FROM presence WHERE heartbeat < ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, up, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, op->name);
	sqlite3_bind_int64(st, 3, pid);
	store_bind_text(st, 4, host_name());
	store_bind_text(st, 5, op->addr);
	store_bind_text(st, 6, pane != NULL ? pane : "");
	store_bind_text(st, 7, editing != NULL ? editing : "");
	sqlite3_bind_int64(st, 8, now);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "recording presence"));
	if ((st = store_stmt(s, prune, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, now - PRESENCE_PRUNE_MS);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "pruning presence"));
}

int
presence_beat(struct store *s, const struct operator *op, int64_t incident,
    long pid, const char *pane, const char *editing, int64_t now,
    struct wr_err *err)
{
	if (store_try_begin(s, err) == -1)
		return (-1);
	if (beat_rows(s, op, incident, pid, pane, editing, now, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

int
presence_leave(struct store *s, const struct operator *op, int64_t incident,
    long pid, struct wr_err *err)
{
	static const char q[] =
	    "DELETE FROM presence WHERE incident_id = ? AND operator = ?"
	    " AND host = ? AND pid = ?";
	sqlite3_stmt *st;
	int rc;

	if (store_begin(s, err) == -1)
		return (-1);
	if ((st = store_stmt(s, q, err)) == NULL) {
		store_rollback(s);
		return (-1);
	}
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, op->name);
	store_bind_text(st, 3, host_name());
	sqlite3_bind_int64(st, 4, pid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, err, "leaving");
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

static void
row_read(sqlite3_stmt *st, struct presence *p)
{
	memset(p, 0, sizeof *p);
	strlcpy_wr(p->operator, store_column_str(st, 0), sizeof p->operator);
	strlcpy_wr(p->addr, store_column_str(st, 1), sizeof p->addr);
	strlcpy_wr(p->host, store_column_str(st, 2), sizeof p->host);
	p->pid = (long)sqlite3_column_int64(st, 3);
	strlcpy_wr(p->pane, store_column_str(st, 4), sizeof p->pane);
	strlcpy_wr(p->editing, store_column_str(st, 5), sizeof p->editing);
	p->heartbeat = sqlite3_column_int64(st, 6);
}

int
presence_list(struct store *s, int64_t incident, int64_t now,
    struct presence *out, int max, struct wr_err *err)
{
	static const char q[] =
	    "SELECT operator, addr, host, pid, pane, editing, heartbeat"
	    " FROM presence WHERE incident_id = ? AND heartbeat >= ?"
	    " ORDER BY operator, host, pid";
	sqlite3_stmt *st;
	int n = 0, rc, i;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	sqlite3_bind_int64(st, 2, now - PRESENCE_DEAD_MS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max)
		row_read(st, &out[n++]);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "listing who is attached"));
	/* Roles after the statement is reset: one short read each. */
	for (i = 0; i < n; i++)
		out[i].role = incident_role(s, incident, out[i].operator);
	return (n);
}

int
presence_editor(struct store *s, int64_t incident, const char *target,
    const struct operator *op, long pid, int64_t now, char *who, size_t len)
{
	static const char q[] =
	    "SELECT operator FROM presence WHERE incident_id = ?"
	    " AND editing = ? AND heartbeat >= ?"
	    " AND NOT (operator = ? AND pid = ?) ORDER BY heartbeat DESC";
	sqlite3_stmt *st;
	int found = 0;

	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (0);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, target);
	sqlite3_bind_int64(st, 3, now - PRESENCE_DEAD_MS);
	store_bind_text(st, 4, op->name);
	sqlite3_bind_int64(st, 5, pid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		strlcpy_wr(who, store_column_str(st, 0), len);
		found = 1;
	}
	sqlite3_reset(st);
	return (found);
}
