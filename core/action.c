/*
 * Containment actions in the store, and the gate around them.  The
 * provider's calls happen outside any transaction (a slow AWS reply
 * must not hold the write lock); each step's result is then written
 * with its audit row in one transaction.
 */
#include "core/action.h"
#include "core/action_int.h"

#include <cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/checklist.h"
#include "core/incident.h"
#include "core/provider.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define ROW_COLS "id, incident_id, action, resource, region, params, " \
	"state, item_id, requested_by, requested_at, approved_by, " \
	"request_id, verified, undo, error, updated_at"

static char *
col_dup(sqlite3_stmt *st, int i)
{
	return (sqlite3_column_type(st, i) == SQLITE_NULL ? NULL :
	    xstrdup((const char *)sqlite3_column_text(st, i)));
}

static void
row_read(sqlite3_stmt *st, struct action_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->incident_id = sqlite3_column_int64(st, 1);
	r->action = xstrdup(store_column_str(st, 2));
	r->resource = xstrdup(store_column_str(st, 3));
	r->region = xstrdup(store_column_str(st, 4));
	r->params = col_dup(st, 5);
	r->state = xstrdup(store_column_str(st, 6));
	r->item_id = sqlite3_column_int64(st, 7);
	r->requested_by = xstrdup(store_column_str(st, 8));
	r->requested_at = store_column_time(st, 9);
	r->approved_by = xstrdup(store_column_str(st, 10));
	r->request_id = xstrdup(store_column_str(st, 11));
	r->verified = sqlite3_column_int(st, 12);
	r->undo = col_dup(st, 13);
	r->error = xstrdup(store_column_str(st, 14));
	r->updated_at = store_column_time(st, 15);
}

void
action_row_free(struct action_row *r)
{
	free(r->action);
	free(r->resource);
	free(r->region);
	free(r->params);
	free(r->state);
	free(r->requested_by);
	free(r->approved_by);
	free(r->request_id);
	free(r->undo);
	free(r->error);
	memset(r, 0, sizeof *r);
}

int
action_get(struct store *s, int64_t id, struct action_row *r,
    struct wr_err *err)
{
	static const char q[] = "SELECT " ROW_COLS " FROM actions WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_read(st, r);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return (0);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "actions"));
	return (wr_fail(err, WR_ERR_NOTFOUND, "actions",
	    "no action %lld", (long long)id));
}

int
action_each(struct store *s, int64_t incident,
    int (*fn)(const struct action_row *, void *), void *arg,
    struct wr_err *err)
{
	static const char q[] = "SELECT " ROW_COLS
	    " FROM actions WHERE incident_id = ? ORDER BY id";
	struct action_row r;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		stop = fn(&r, arg);
		action_row_free(&r);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return (store_fail(s, err, "actions"));
	return (0);
}

/* One timeline row for action id: "action.called" etc. */
int
action_audit(struct store *s, const struct operator *op, int64_t incident,
    const char *step, int64_t id, const char *before, const char *after,
    const char *detail, struct wr_err *err)
{
	struct audit_entry e;
	char target[32];

	snprintf(target, sizeof target, "action %lld", (long long)id);
	memset(&e, 0, sizeof e);
	e.incident_id = incident;
	e.happened_at = e.discovered_at = TIME_NONE;
	e.op = op;
	e.action = step;
	e.target = target;
	e.before = before;
	e.after = after;
	e.detail = detail;
	return (audit_append(s, &e, err));
}

/* {"action":..,"resource":..,k:v} for the timeline's detail column. */
char *
action_detail(const char *action, const char *resource, const char *k,
    const char *v)
{
	cJSON *o = cJSON_CreateObject();
	char *out;

	cJSON_AddStringToObject(o, "action", action);
	cJSON_AddStringToObject(o, "resource", resource);
	if (k != NULL && v != NULL)
		cJSON_AddStringToObject(o, k, v);
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return (out);
}

int
action_gate(struct store *s, const struct operator *op, int64_t incident,
    enum role need, const char *what, struct wr_err *err)
{
	struct incident inc;

	if (incident_get(s, incident, &inc, err) == -1)
		return (-1);
	if (inc.exercise)
		return (wr_fail(err, WR_ERR_DENIED, what, "incident %lld is an "
		    "exercise: containment actions are refused",
		    (long long)incident));
	if (inc.closed)
		return (wr_fail(err, WR_ERR_DENIED, what, "incident %lld is "
		    "closed", (long long)incident));
	return (incident_require(s, incident, op, need, what, err));
}

static int
insert_row(struct store *s, const struct operator *op, int64_t incident,
    const struct action_new *a, const char *state, int64_t *id,
    struct wr_err *err)
{
	static const char q[] = "INSERT INTO actions(incident_id, action, "
	    "resource, region, params, state, item_id, requested_by, "
	    "requested_at, approved_by, approved_at, updated_at) "
	    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	int64_t now = time_now_ms();
	int approved = strcmp(state, "approved") == 0;
	sqlite3_stmt *st;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, a->action);
	store_bind_text(st, 3, a->resource);
	store_bind_text(st, 4, a->region != NULL ? a->region : "");
	store_bind_text(st, 5, a->params);
	store_bind_text(st, 6, state);
	if (a->item_id > 0)
		sqlite3_bind_int64(st, 7, a->item_id);
	store_bind_text(st, 8, op->name);
	sqlite3_bind_int64(st, 9, now);
	store_bind_text(st, 10, approved ? op->name : "");
	store_bind_time(st, 11, approved ? now : TIME_NONE);
	sqlite3_bind_int64(st, 12, now);
	if (sqlite3_step(st) != SQLITE_DONE)
		return (store_fail(s, err, "actions"));
	*id = sqlite3_last_insert_rowid(store_db(s));
	return (0);
}

int
action_request(struct store *s, const struct operator *op, int64_t incident,
    const struct action_new *a, int64_t *id, int *approved,
    struct wr_err *err)
{
	enum role r;
	char *d;
	int rc;

	if (action_find(a->action) == NULL)
		return (wr_fail(err, WR_ERR_USAGE, a->action, "unknown action "
		    "(see warroom contain --help)"));
	if (a->resource == NULL || a->resource[0] == '\0')
		return (wr_fail(err, WR_ERR_USAGE, a->action, "no resource"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (action_gate(s, op, incident, ROLE_RESPONDER, a->action, err) == -1)
		goto fail;
	r = incident_role(s, incident, op->name);
	*approved = r == ROLE_COMMANDER;
	d = action_detail(a->action, a->resource, "params", a->params);
	rc = insert_row(s, op, incident, a, *approved ? "approved" :
	    "requested", id, err);
	if (rc == 0)
		rc = action_audit(s, op, incident, "action.requested", *id,
		    NULL, "requested", d, err);
	if (rc == 0 && *approved)
		rc = action_audit(s, op, incident, "action.approved", *id,
		    "requested", "approved", d, err);
	free(d);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

/* Move id from state `from` to `to`, with its audit row. */
int
action_set_state(struct store *s, const struct operator *op,
    const struct action_row *r, const char *to, const char *step,
    const char *detail, struct wr_err *err)
{
	static const char q[] = "UPDATE actions SET state = ?, "
	    "updated_at = ? WHERE id = ?";
	sqlite3_stmt *st;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, to);
	sqlite3_bind_int64(st, 2, time_now_ms());
	sqlite3_bind_int64(st, 3, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return (store_fail(s, err, "actions"));
	return (action_audit(s, op, r->incident_id, step, r->id, r->state, to,
	    detail, err));
}

int
action_approve(struct store *s, const struct operator *op, int64_t id,
    struct wr_err *err)
{
	static const char q[] = "UPDATE actions SET approved_by = ?, "
	    "approved_at = ? WHERE id = ?";
	struct action_row r;
	sqlite3_stmt *st;
	char *d;
	int rc = -1;

	if (store_begin(s, err) == -1)
		return (-1);
	if (action_get(s, id, &r, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	if (action_gate(s, op, r.incident_id, ROLE_COMMANDER, "approve",
	    err) == -1)
		goto out;
	if (strcmp(r.state, "requested") != 0) {
		wr_fail(err, WR_ERR_INVALID, "approve", "action %lld is %s, "
		    "not waiting for approval", (long long)id, r.state);
		goto out;
	}
	if ((st = store_stmt(s, q, err)) == NULL)
		goto out;
	store_bind_text(st, 1, op->name);
	sqlite3_bind_int64(st, 2, time_now_ms());
	sqlite3_bind_int64(st, 3, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "actions");
		goto out;
	}
	d = action_detail(r.action, r.resource, NULL, NULL);
	rc = action_set_state(s, op, &r, "approved", "action.approved", d, err);
	free(d);
out:
	action_row_free(&r);
	if (rc == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}
