/*
 * Reversing containment actions.  Like the action itself, an undo is a
 * request in the store first (the commander's, "undo-requested"), then
 * carried out by whichever process holds AWS credentials: the
 * commander's own, or the collector (warroom watch) between its rounds.
 * A failed undo puts the action back as it was, so it can be retried.
 */
#include "core/action.h"
#include "core/action_int.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/provider.h"
#include "core/store.h"
#include "core/util.h"

/*
 * What can be undone: a done action, and a failed one whose call went
 * through (a request id and the undo kept), e.g. when verification did
 * not read the change back or a later step of it was refused.
 */
static int
undo_check(struct store *s, const struct operator *op,
    const struct action_row *r, struct wr_err *err)
{
	const struct action_def *d = action_find(r->action);

	if (action_gate(s, op, r->incident_id, ROLE_COMMANDER, "undo",
	    err) == -1)
		return (-1);
	if (d == NULL || (d->flags & ACTION_NO_UNDO))
		return (wr_fail(err, WR_ERR_INVALID, r->action, "this action "
		    "has no undo"));
	if (strcmp(r->state, "done") == 0)
		return (0);
	if (strcmp(r->state, "failed") == 0 && r->request_id[0] != '\0' &&
	    r->undo != NULL)
		return (0);
	if (strcmp(r->state, "failed") == 0)
		return (wr_fail(err, WR_ERR_INVALID, "undo", "action %lld "
		    "failed before AWS changed anything: nothing to undo",
		    (long long)r->id));
	if (strcmp(r->state, "undo-requested") == 0)
		return (wr_fail(err, WR_ERR_INVALID, "undo", "the undo of "
		    "action %lld is already requested", (long long)r->id));
	if (strcmp(r->state, "undoing") == 0)
		return (wr_fail(err, WR_ERR_INVALID, "undo", "action %lld is "
		    "being undone", (long long)r->id));
	return (wr_fail(err, WR_ERR_INVALID, "undo", "action %lld is %s; "
	    "only a done action, or a failed one that AWS carried out, can "
	    "be undone", (long long)r->id, r->state));
}

int
action_request_undo(struct store *s, const struct operator *op, int64_t id,
    struct wr_err *err)
{
	struct action_row r;
	char *d;
	int rc = -1;

	/* Read and moved in one transaction: two requests never race. */
	if (store_begin(s, err) == -1)
		return (-1);
	if (action_get(s, id, &r, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	if (undo_check(s, op, &r, err) == 0) {
		d = action_detail(r.action, r.resource, NULL, NULL);
		rc = action_set_state(s, op, &r, "undo-requested",
		    "action.undo_requested", d, err);
		free(d);
	}
	action_row_free(&r);
	if (rc == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

/*
 * Who asked for r's undo and the state r had then, from the newest
 * "action.undo_requested" row (written with the state change).
 */
static int
undo_request_of(struct store *s, const struct action_row *r,
    struct operator *who, char *prev, size_t len, struct wr_err *err)
{
	static const char q[] = "SELECT actor, before FROM audit WHERE "
	    "incident_id = ? AND target = ? AND "
	    "action = 'action.undo_requested' ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	char target[32];
	int rc;

	snprintf(target, sizeof target, "action %lld", (long long)r->id);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, r->incident_id);
	store_bind_text(st, 2, target);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		operator_make(who, store_column_str(st, 0), "");
		snprintf(prev, len, "%s", store_column_str(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return (0);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "audit"));
	return (wr_fail(err, WR_ERR_INVALID, target, "no undo request on the "
	    "timeline"));
}

/* "undone", and the item open again (by who asked for the undo). */
static int
record_undone(struct store *s, const struct operator *op,
    const struct operator *who, const struct action_row *r,
    const struct provider_result *res, struct wr_err *err)
{
	char *d;
	int rc;

	if (store_begin(s, err) == -1)
		return (-1);
	d = action_detail(r->action, r->resource, "request_id",
	    res->request_id);
	rc = action_set_state(s, op, r, "undone", "action.undone", d, err);
	free(d);
	/* The containment no longer holds: its item is open again. */
	if (rc == 0 && r->item_id > 0 && r->verified)
		rc = checklist_tick(s, who, r->item_id, 0, err);
	if (rc == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

/*
 * The undo failed: back to prev ("done" or "failed"), the error on the
 * row and on the "action.undo_failed" timeline row.
 */
static void
record_undo_failed(struct store *s, const struct operator *op,
    const struct action_row *r, const char *prev, const struct wr_err *why)
{
	static const char q[] = "UPDATE actions SET error = ? WHERE id = ?";
	struct wr_err e2;
	sqlite3_stmt *st;
	char text[600], *msg, *d;
	int rc = -1;

	wr_err_text(why, text, sizeof text);
	msg = xasprintf(ACTION_UNDO_FAILED "%s", text);
	d = action_detail(r->action, r->resource, "error", text);
	if (store_begin(s, &e2) == -1)
		goto out;
	if ((st = store_stmt(s, q, &e2)) != NULL) {
		store_bind_text(st, 1, msg);
		sqlite3_bind_int64(st, 2, r->id);
		if (sqlite3_step(st) == SQLITE_DONE)
			rc = action_set_state(s, op, r, prev,
			    "action.undo_failed", d, &e2);
	}
	if (rc == 0)
		store_commit(s, &e2);
	else
		store_rollback(s);
out:
	free(d);
	free(msg);
}

/* Gate, state and provider: everything checked before the claim. */
static int
undo_ready(struct store *s, const struct operator *op,
    const struct wr_provider *p, const struct action_row *r,
    struct wr_err *err)
{
	if (action_gate(s, op, r->incident_id, ROLE_NONE, "undo", err) == -1)
		return (-1);
	if (strcmp(r->state, "undoing") == 0)
		return (wr_fail(err, WR_ERR_BUSY, "undo", "action %lld is "
		    "being undone", (long long)r->id));
	if (strcmp(r->state, "undo-requested") != 0)
		return (wr_fail(err, WR_ERR_INVALID, "undo", "action %lld is "
		    "%s, no undo requested (warroom undo %lld)",
		    (long long)r->id, r->state, (long long)r->id));
	if (p == NULL || p->undo == NULL)
		return (wr_fail(err, WR_ERR_USAGE, "undo", "no cloud provider "
		    "to carry the undo out"));
	return (0);
}

int
action_undo(struct store *s, const struct operator *op,
    const struct wr_provider *p, struct provider_session *ps, int64_t id,
    struct wr_err *err)
{
	struct provider_action pa;
	struct provider_result res;
	struct action_row r;
	struct operator who;
	char prev[16];
	int rc = -1;

	if (action_get(s, id, &r, err) == -1)
		return (-1);
	memset(&res, 0, sizeof res);
	if (undo_ready(s, op, p, &r, err) == -1 ||
	    undo_request_of(s, &r, &who, prev, sizeof prev, err) == -1 ||
	    action_claim(s, &r, "undo-requested", "undoing", err) == -1)
		goto out;
	free(r.state);
	r.state = xstrdup("undoing");
	action_to_call(&r, &pa);
	if (p->undo(ps, &pa, &res, err) == -1)
		record_undo_failed(s, op, &r, prev, err);
	else	/* The commander's own undo keeps their address. */
		rc = record_undone(s, op, strcmp(op->name, who.name) == 0 ?
		    op : &who, &r, &res, err);
out:
	free(res.undo);
	action_row_free(&r);
	return (rc);
}
