/*
 * The audit log and its hash chain.  A row's content is serialised with
 * a length before every field, so no two different rows can produce the
 * same bytes; the hash is SHA-256 over the previous hash, a newline and
 * those bytes.  The first row of an incident chains to 64 zeros.
 */
#include "core/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

static const char genesis[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void
field(struct buf *b, const char *v)
{
	if (v == NULL) {
		buf_adds(b, "-;");
		return;
	}
	buf_printf(b, "%zu:", strlen(v));
	buf_adds(b, v);
	buf_addc(b, ';');
}

static void
field_time(struct buf *b, int64_t t)
{
	if (t == TIME_NONE)
		buf_adds(b, "-;");
	else
		buf_printf(b, "%lld;", (long long)t);
}

static void
row_hash(const struct audit_row *r, const char *prev, char out[65])
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, prev);
	buf_addc(&b, '\n');
	buf_printf(&b, "%lld;%lld;", (long long)r->id,
	    (long long)r->incident_id);
	field_time(&b, r->recorded_at);
	field_time(&b, r->happened_at);
	field_time(&b, r->discovered_at);
	field(&b, r->actor);
	field(&b, r->actor_addr);
	field(&b, r->action);
	field(&b, r->target);
	field(&b, r->before);
	field(&b, r->after);
	field(&b, r->detail);
	sha256_hex(b.data, b.len, out);
	buf_free(&b);
}

static int
last_hash(struct store *s, int64_t incident, char out[65], int64_t *next,
    struct wr_err *err)
{
	static const char q1[] =
	    "SELECT hash FROM audit WHERE incident_id = ? "
	    "ORDER BY id DESC LIMIT 1";
	static const char q2[] = "SELECT coalesce(max(id), 0) + 1 FROM audit";
	sqlite3_stmt *st;

	if ((st = store_stmt(s, q1, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	memcpy(out, genesis, 65);
	if (sqlite3_step(st) == SQLITE_ROW)
		strlcpy_wr(out, store_column_str(st, 0), 65);
	sqlite3_reset(st);
	if ((st = store_stmt(s, q2, err)) == NULL)
		return (-1);
	*next = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int64(st, 0) : 1;
	sqlite3_reset(st);
	return (0);
}

int
audit_append(struct store *s, const struct audit_entry *e,
    struct wr_err *err)
{
	static const char ins[] =
	    "INSERT INTO audit(id, incident_id, recorded_at, happened_at,"
	    " discovered_at, actor, actor_addr, action, target, before,"
	    " after, detail, prev_hash, hash)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	struct audit_row r;
	char prev[65];
	sqlite3_stmt *st;

	if (!store_in_tx(s))
		return (wr_fail(err, WR_ERR_DB, "audit",
		    "audit row written outside a transaction"));
	memset(&r, 0, sizeof r);
	if (last_hash(s, e->incident_id, prev, &r.id, err) == -1)
		return (-1);
	r.incident_id = e->incident_id;
	r.recorded_at = time_now_ms();
	r.happened_at = e->happened_at;
	r.discovered_at = e->discovered_at;
	r.actor = (char *)(uintptr_t)e->op->name;
	r.actor_addr = (char *)(uintptr_t)e->op->addr;
	r.action = (char *)(uintptr_t)e->action;
	r.target = (char *)(uintptr_t)(e->target != NULL ? e->target : "");
	r.before = (char *)(uintptr_t)e->before;
	r.after = (char *)(uintptr_t)e->after;
	r.detail = (char *)(uintptr_t)e->detail;
	row_hash(&r, prev, r.hash);
	if ((st = store_stmt(s, ins, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, r.id);
	sqlite3_bind_int64(st, 2, r.incident_id);
	sqlite3_bind_int64(st, 3, r.recorded_at);
	store_bind_time(st, 4, r.happened_at);
	store_bind_time(st, 5, r.discovered_at);
	store_bind_text(st, 6, r.actor);
	store_bind_text(st, 7, r.actor_addr);
	store_bind_text(st, 8, r.action);
	store_bind_text(st, 9, r.target);
	store_bind_text(st, 10, r.before);
	store_bind_text(st, 11, r.after);
	store_bind_text(st, 12, r.detail);
	store_bind_text(st, 13, prev);
	store_bind_text(st, 14, r.hash);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "appending to the audit log");
		sqlite3_reset(st);
		return (-1);
	}
	sqlite3_reset(st);
	return (0);
}

int
audit_change(struct store *s, const struct operator *op, int64_t incident,
    const char *action, const char *target, const char *before,
    const char *after, const char *detail, struct wr_err *err)
{
	struct audit_entry e;

	memset(&e, 0, sizeof e);
	e.incident_id = incident;
	e.happened_at = e.discovered_at = TIME_NONE;
	e.op = op;
	e.action = action;
	e.target = target;
	e.before = before;
	e.after = after;
	e.detail = detail;
	return (audit_append(s, &e, err));
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (NULL);
	return (xstrdup(store_column_str(st, i)));
}

static void
row_read(sqlite3_stmt *st, struct audit_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->incident_id = sqlite3_column_int64(st, 1);
	r->recorded_at = store_column_time(st, 2);
	r->happened_at = store_column_time(st, 3);
	r->discovered_at = store_column_time(st, 4);
	r->actor = col_dup(st, 5);
	r->actor_addr = col_dup(st, 6);
	r->action = col_dup(st, 7);
	r->target = col_dup(st, 8);
	r->before = col_dup(st, 9);
	r->after = col_dup(st, 10);
	r->detail = col_dup(st, 11);
	strlcpy_wr(r->prev_hash, store_column_str(st, 12), 65);
	strlcpy_wr(r->hash, store_column_str(st, 13), 65);
}

static void
row_free(struct audit_row *r)
{
	free(r->actor);
	free(r->actor_addr);
	free(r->action);
	free(r->target);
	free(r->before);
	free(r->after);
	free(r->detail);
}

int
audit_each(struct store *s, int64_t incident,
    int (*fn)(const struct audit_row *, void *), void *arg,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT id, incident_id, recorded_at, happened_at, discovered_at,"
	    " actor, actor_addr, action, target, before, after, detail,"
	    " prev_hash, hash FROM audit WHERE incident_id = ? ORDER BY id";
	sqlite3_stmt *st;
	struct audit_row r;
	int rc = 0, step;

	/* A private statement: fn may itself run audit queries. */
	if (sqlite3_prepare_v2(store_db(s), q, -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, err, "reading the audit log"));
	sqlite3_bind_int64(st, 1, incident);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		rc = fn(&r, arg);
		row_free(&r);
		if (rc != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(s, err, "reading the audit log");
	sqlite3_finalize(st);
	return (rc < 0 ? -1 : 0);
}

struct verify_state {
	char		 prev[65];
	int64_t		 n;
	int64_t		 bad;
	struct wr_err	*err;
};

static int
verify_row(const struct audit_row *r, void *arg)
{
	struct verify_state *v = arg;
	char h[65];

	v->n++;
	if (strcmp(r->prev_hash, v->prev) != 0) {
		v->bad = r->id;
		wr_fail(v->err, WR_ERR_INVALID, "audit",
		    "row %lld does not chain to the row before it "
		    "(a row was removed, inserted or reordered)",
		    (long long)r->id);
		return (1);
	}
	row_hash(r, r->prev_hash, h);
	if (strcmp(h, r->hash) != 0) {
		v->bad = r->id;
		wr_fail(v->err, WR_ERR_INVALID, "audit",
		    "row %lld was changed after it was written (%s %s)",
		    (long long)r->id, r->action != NULL ? r->action : "",
		    r->target != NULL ? r->target : "");
		return (1);
	}
	memcpy(v->prev, r->hash, 65);
	return (0);
}

int
audit_verify(struct store *s, int64_t incident, char head[65], int64_t *n,
    int64_t *bad_id, struct wr_err *err)
{
	struct verify_state v;

	memcpy(v.prev, genesis, 65);
	v.n = 0;
	v.bad = 0;
	v.err = err;
	if (audit_each(s, incident, verify_row, &v, err) == -1)
		return (-1);
	if (head != NULL)
		memcpy(head, v.prev, 65);
	if (n != NULL)
		*n = v.n;
	if (bad_id != NULL)
		*bad_id = v.bad;
	return (v.bad != 0 ? -1 : 0);
}

int
audit_guarded(struct store *s)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM"
	    " sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
	    " AND name IN ('audit_no_update', 'audit_no_delete')", -1, &st,
	    NULL) != SQLITE_OK)
		return (0);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (n == 2);
}
