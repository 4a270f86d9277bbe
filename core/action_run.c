/*
 * Carrying containment actions out through the provider: act, record
 * the AWS request id, verify, tick the checklist item only when the
 * verification reads the change back.  The collector's turn covers
 * approved actions and requested undos (core/action_undo.c).
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
#include "core/timeutil.h"
#include "core/util.h"

/* The provider's view of row r, now as its cut-off time. */
void
action_to_call(const struct action_row *r, struct provider_action *pa)
{
	memset(pa, 0, sizeof *pa);
	pa->action = r->action;
	pa->resource = r->resource;
	pa->region = r->region;
	pa->params = r->params;
	pa->undo = r->undo;
	pa->incident_id = r->incident_id;
	pa->now = time_now_ms();
}

/*
 * state failed, error text kept, "action.failed" on the timeline.  res
 * (or NULL) is what a call that failed part-way still changed: its
 * request id and undo are kept, so the commander can reverse it.
 */
static void
record_failure(struct store *s, const struct operator *op,
    const struct action_row *r, const struct provider_result *res,
    const struct wr_err *why)
{
	static const char q[] = "UPDATE actions SET error = ? WHERE id = ?";
	static const char qu[] = "UPDATE actions SET request_id = ?, "
	    "undo = ? WHERE id = ?";
	struct wr_err e2;
	sqlite3_stmt *st;
	char text[600], *d;

	wr_err_text(why, text, sizeof text);
	if (store_begin(s, &e2) == -1)
		return;
	if ((st = store_stmt(s, q, &e2)) == NULL)
		goto fail;
	store_bind_text(st, 1, text);
	sqlite3_bind_int64(st, 2, r->id);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	if (res != NULL && res->undo != NULL) {
		if ((st = store_stmt(s, qu, &e2)) == NULL)
			goto fail;
		store_bind_text(st, 1, res->request_id);
		store_bind_text(st, 2, res->undo);
		sqlite3_bind_int64(st, 3, r->id);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
	}
	d = action_detail(r->action, r->resource, "error", text);
	if (action_set_state(s, op, r, "failed", "action.failed", d,
	    &e2) == -1) {
		free(d);
		goto fail;
	}
	free(d);
	store_commit(s, &e2);
	return;
fail:
	store_rollback(s);
}

static int
record_called(struct store *s, const struct operator *op,
    struct action_row *r, const struct provider_result *res,
    struct wr_err *err)
{
	static const char q[] = "UPDATE actions SET request_id = ?, "
	    "undo = ? WHERE id = ?";
	sqlite3_stmt *st;
	char *d;
	int rc;

	if (store_begin(s, err) == -1)
		return (-1);
	if ((st = store_stmt(s, q, err)) == NULL)
		goto fail;
	store_bind_text(st, 1, res->request_id);
	store_bind_text(st, 2, res->undo);
	sqlite3_bind_int64(st, 3, r->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "actions");
		goto fail;
	}
	d = action_detail(r->action, r->resource, "request_id",
	    res->request_id);
	rc = action_set_state(s, op, r, "done", "action.called", d, err);
	free(d);
	if (rc == -1)
		goto fail;
	free(r->state);
	r->state = xstrdup("done");
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

/* verified = 1, "action.verified", and the item ticked (by approver). */
static int
record_verified(struct store *s, const struct operator *op,
    const struct action_row *r, const struct provider_result *res,
    struct wr_err *err)
{
	static const char q[] = "UPDATE actions SET verified = 1, "
	    "updated_at = ? WHERE id = ?";
	struct operator ap;
	sqlite3_stmt *st;
	char *d;
	int rc;

	if (store_begin(s, err) == -1)
		return (-1);
	if ((st = store_stmt(s, q, err)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, time_now_ms());
	sqlite3_bind_int64(st, 2, r->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "actions");
		goto fail;
	}
	d = action_detail(r->action, r->resource, "read", res->detail);
	rc = action_audit(s, op, r->incident_id, "action.verified", r->id,
	    "unverified", "verified", d, err);
	free(d);
	/* The commander who approved it answers for the tick. */
	operator_make(&ap, r->approved_by, "");
	if (rc == 0 && r->item_id > 0)
		rc = checklist_tick(s, &ap, r->item_id, 1, err);
	if (rc == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

/*
 * Take action r for this process, from state `from` to `to` in one
 * statement: the collector and a commander with credentials must never
 * both carry it out.
 */
int
action_claim(struct store *s, const struct action_row *r, const char *from,
    const char *to, struct wr_err *err)
{
	static const char q[] = "UPDATE actions SET state = ?, "
	    "updated_at = ? WHERE id = ? AND state = ?";
	sqlite3_stmt *st;

	if (store_begin(s, err) == -1)
		return (-1);
	if ((st = store_stmt(s, q, err)) == NULL)
		goto fail;
	store_bind_text(st, 1, to);
	sqlite3_bind_int64(st, 2, time_now_ms());
	sqlite3_bind_int64(st, 3, r->id);
	store_bind_text(st, 4, from);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, err, "actions");
		goto fail;
	}
	if (sqlite3_changes(store_db(s)) != 1) {
		wr_fail(err, WR_ERR_BUSY, r->action, "action %lld is already "
		    "being carried out (%s)", (long long)r->id, to);
		goto fail;
	}
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

static int
run_verify(struct store *s, const struct operator *op,
    const struct wr_provider *p, struct provider_session *ps,
    struct action_row *r, struct provider_result *res, struct wr_err *err)
{
	struct provider_action pa;
	struct provider_result vr;

	if (p->verify == NULL)
		return (wr_fail(err, WR_ERR_USAGE, r->action,
		    "the provider cannot verify this action"));
	action_to_call(r, &pa);
	pa.undo = res->undo;
	memset(&vr, 0, sizeof vr);
	if (p->verify(ps, &pa, &vr, err) == -1)
		return (-1);
	free(vr.undo);
	if (!vr.verified)
		return (wr_fail(err, WR_ERR_AWS, r->action, "verification "
		    "failed: %s", vr.detail[0] != '\0' ? vr.detail :
		    "the change does not read back"));
	return (record_verified(s, op, r, &vr, err));
}

int
action_run(struct store *s, const struct operator *op,
    const struct wr_provider *p, struct provider_session *ps, int64_t id,
    struct wr_err *err)
{
	struct provider_action pa;
	struct provider_result res;
	struct action_row r;
	int rc = -1;

	if (p == NULL || p->act == NULL)
		return (wr_fail(err, WR_ERR_USAGE, "contain",
		    "no cloud provider to carry actions out"));
	if (action_get(s, id, &r, err) == -1)
		return (-1);
	memset(&res, 0, sizeof res);
	if (action_gate(s, op, r.incident_id, ROLE_NONE, r.action, err) == -1)
		goto out;
	if (strcmp(r.state, "approved") != 0) {
		wr_fail(err, WR_ERR_INVALID, r.action, "action %lld is %s, not "
		    "approved", (long long)id, r.state);
		goto out;
	}
	if (action_claim(s, &r, "approved", "running", err) == -1)
		goto out;
	action_to_call(&r, &pa);
	if (p->act(ps, &pa, &res, err) == -1) {
		record_failure(s, op, &r, &res, err);
		goto out;
	}
	if (record_called(s, op, &r, &res, err) == -1)
		goto out;
	if ((rc = run_verify(s, op, p, ps, &r, &res, err)) == -1)
		record_failure(s, op, &r, NULL, err);
out:
	free(res.undo);
	action_row_free(&r);
	return (rc);
}

int
action_waiting(struct store *s, int64_t incident, struct wr_err *err)
{
	static const char q[] = "SELECT 1 FROM actions WHERE incident_id = ? "
	    "AND state IN ('approved', 'undo-requested') LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return (1);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "actions"));
	return (0);
}

/* Ids to carry out, each negated when it is an undo. */
static int
collect_pending(const struct action_row *r, void *arg)
{
	struct buf *ids = arg;
	int64_t id;

	if (strcmp(r->state, "approved") == 0)
		id = r->id;
	else if (strcmp(r->state, "undo-requested") == 0)
		id = -r->id;
	else
		return (0);
	buf_add(ids, &id, sizeof id);
	return (0);
}

int
action_run_pending(struct store *s, const struct operator *op,
    const struct wr_provider *p, struct provider_session *ps,
    int64_t incident, int *ran, struct wr_err *err)
{
	struct wr_err e2;
	struct buf ids;
	int64_t id;
	size_t i;

	*ran = 0;
	buf_init(&ids);
	if (action_each(s, incident, collect_pending, &ids, err) == -1) {
		buf_free(&ids);
		return (-1);
	}
	for (i = 0; i + sizeof id <= ids.len; i += sizeof id) {
		memcpy(&id, ids.data + i, sizeof id);
		(*ran)++;
		/* Each failure is on the action's row and the timeline. */
		if (id > 0)
			(void)action_run(s, op, p, ps, id, &e2);
		else
			(void)action_undo(s, op, p, ps, -id, &e2);
	}
	buf_free(&ids);
	return (0);
}
