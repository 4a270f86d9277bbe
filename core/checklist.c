/*
 * Checklist items.  Ticking an item that someone else just ticked is
 * not an error: the state stays as the first tick left it, and both
 * acts are on the timeline.
 */
#include "core/checklist.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/incident.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define ITEM_COLS \
	"id, incident_id, phase, ord, text, playbook_id, step_id," \
	" owner_role, verify, query, action, resource, region," \
	" source_event, assignee, done, done_by, done_at, created_by," \
	" created_at"

static int
audit_item(struct store *s, const struct operator *op, int64_t incident,
    const char *action, int64_t item, const char *before, const char *after,
    struct wr_err *err)
{
	char target[32];

	snprintf(target, sizeof target, "item %lld", (long long)item);
	return (audit_change(s, op, incident, action, target, before, after,
	    NULL, err));
}

static const char *
str0(const char *v)
{
	return (v != NULL ? v : "");
}

static int
find_existing(struct store *s, const struct check_item *it, int64_t *id,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT id FROM checklist WHERE incident_id = ? AND"
	    " playbook_id = ? AND step_id = ? AND resource = ?"
	    /* The partial index checklist_step needs its own condition. */
	    " AND playbook_id <> ''";
	sqlite3_stmt *st;
	int found;

	if (it->playbook_id == NULL || *it->playbook_id == '\0')
		return (0);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, it->incident_id);
	store_bind_text(st, 2, it->playbook_id);
	store_bind_text(st, 3, str0(it->step_id));
	store_bind_text(st, 4, str0(it->resource));
	found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (found);
}

static int
insert_item(struct store *s, const struct operator *op,
    const struct check_item *it, int64_t *id, struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO checklist(incident_id, phase, ord, text,"
	    " playbook_id, step_id, owner_role, verify, query, action,"
	    " resource, region, source_event, assignee, created_by,"
	    " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, it->incident_id);
	sqlite3_bind_int(st, 2, it->phase);
	sqlite3_bind_int(st, 3, it->ord);
	store_bind_text(st, 4, it->text);
	store_bind_text(st, 5, str0(it->playbook_id));
	store_bind_text(st, 6, str0(it->step_id));
	store_bind_text(st, 7, str0(it->owner_role));
	store_bind_text(st, 8, str0(it->verify));
	store_bind_text(st, 9, it->query);
	store_bind_text(st, 10, it->action);
	store_bind_text(st, 11, str0(it->resource));
	store_bind_text(st, 12, str0(it->region));
	store_bind_text(st, 13, str0(it->source_event));
	store_bind_text(st, 14, str0(it->assignee));
	store_bind_text(st, 15, op->name);
	sqlite3_bind_int64(st, 16, time_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "adding a checklist item"));
	*id = sqlite3_last_insert_rowid(store_db(s));
	return (0);
}

int
checklist_add(struct store *s, const struct operator *op,
    const struct check_item *it, int64_t *id, int *is_new,
    struct wr_err *err)
{
	int found, adhoc;

	if (it->text == NULL || it->text[strspn(it->text, " \t\r\n")] ==
	    '\0' || it->phase < 0 || it->phase >= PHASE__COUNT)
		return (wr_fail(err, WR_ERR_INVALID, "item",
		    "an item needs text and a phase"));
	adhoc = it->playbook_id == NULL || *it->playbook_id == '\0';
	if (store_begin(s, err) == -1)
		return (-1);
	/* Playbook items arrive with a finding; hand-made ones need a role. */
	if (adhoc && incident_require(s, it->incident_id, op, ROLE_SCRIBE,
	    "item add", err) == -1)
		goto fail;
	if ((found = find_existing(s, it, id, err)) == -1)
		goto fail;
	if (is_new != NULL)
		*is_new = !found;
	if (!found && (insert_item(s, op, it, id, err) == -1 ||
	    audit_item(s, op, it->incident_id, "item.add", *id, NULL,
	    it->text, err) == -1))
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

static int
item_state(struct store *s, int64_t item, int64_t *incident, int *done,
    char *assignee, size_t alen, struct wr_err *err)
{
	static const char q[] =
	    "SELECT incident_id, done, assignee FROM checklist WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, item);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*incident = sqlite3_column_int64(st, 0);
		*done = sqlite3_column_int(st, 1);
		if (assignee != NULL)
			strlcpy_wr(assignee, store_column_str(st, 2), alen);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return (0);
	return (wr_fail(err, WR_ERR_NOTFOUND, "item", "no checklist item %lld",
	    (long long)item));
}

static int
set_done(struct store *s, const struct operator *op, int64_t item,
    int done, struct wr_err *err)
{
	static const char q[] =
	    "UPDATE checklist SET done = ?, done_by = ?, done_at = ?"
	    " WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int(st, 1, done);
	store_bind_text(st, 2, done ? op->name : "");
	store_bind_time(st, 3, done ? time_now_ms() : TIME_NONE);
	sqlite3_bind_int64(st, 4, item);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "ticking"));
}

int
checklist_tick(struct store *s, const struct operator *op, int64_t item,
    int done, struct wr_err *err)
{
	int64_t incident;
	int was;

	if (store_begin(s, err) == -1)
		return (-1);
	if (item_state(s, item, &incident, &was, NULL, 0, err) == -1 ||
	    incident_require(s, incident, op, ROLE_SCRIBE,
	    done ? "tick" : "untick", err) == -1)
		goto fail;
	if (was != done && set_done(s, op, item, done, err) == -1)
		goto fail;
	if (audit_item(s, op, incident, done ? "tick" : "untick", item,
	    was ? "done" : "open", done ? "done" : "open", err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
checklist_assign(struct store *s, const struct operator *op, int64_t item,
    const char *who, struct wr_err *err)
{
	static const char q[] =
	    "UPDATE checklist SET assignee = ? WHERE id = ?";
	char before[OPERATOR_NAME_LEN];
	sqlite3_stmt *st;
	int64_t incident;
	int done, rc;

	if (store_begin(s, err) == -1)
		return (-1);
	if (item_state(s, item, &incident, &done, before, sizeof before,
	    err) == -1 || incident_require(s, incident, op, ROLE_SCRIBE,
	    "assign", err) == -1 || (st = store_stmt(s, q, err)) == NULL)
		goto fail;
	store_bind_text(st, 1, who);
	sqlite3_bind_int64(st, 2, item);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, err, "assigning");
		goto fail;
	}
	if (audit_item(s, op, incident, "assign", item, before, who,
	    err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
checklist_note(struct store *s, const struct operator *op, int64_t item,
    const char *text, struct wr_err *err)
{
	int64_t incident;
	int done;

	/* Blanks alone say nothing: refused like an empty note. */
	if (text[strspn(text, " \t\r\n")] == '\0')
		return (wr_fail(err, WR_ERR_USAGE, "note", "empty note"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (item_state(s, item, &incident, &done, NULL, 0, err) == -1 ||
	    incident_require(s, incident, op, ROLE_SCRIBE, "note", err) == -1 ||
	    audit_item(s, op, incident, "item.note", item, NULL, text,
	    err) == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

static const char *
col_null(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (NULL);
	return (store_column_str(st, i));
}

static void
row_read(sqlite3_stmt *st, struct check_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(st, 0);
	it->incident_id = sqlite3_column_int64(st, 1);
	it->phase = sqlite3_column_int(st, 2);
	it->ord = sqlite3_column_int(st, 3);
	it->text = store_column_str(st, 4);
	it->playbook_id = store_column_str(st, 5);
	it->step_id = store_column_str(st, 6);
	it->owner_role = store_column_str(st, 7);
	it->verify = store_column_str(st, 8);
	it->query = col_null(st, 9);
	it->action = col_null(st, 10);
	it->resource = store_column_str(st, 11);
	it->region = store_column_str(st, 12);
	it->source_event = store_column_str(st, 13);
	it->assignee = store_column_str(st, 14);
	it->done = sqlite3_column_int(st, 15);
	it->done_by = store_column_str(st, 16);
	it->done_at = store_column_time(st, 17);
	it->created_by = store_column_str(st, 18);
	it->created_at = store_column_time(st, 19);
	it->editing = "";
}

int
checklist_each(struct store *s, int64_t incident,
    int (*fn)(const struct check_item *, void *), void *arg,
    struct wr_err *err)
{
	static const char q[] = "SELECT " ITEM_COLS " FROM checklist"
	    " WHERE incident_id = ? ORDER BY phase, ord, id";
	struct check_item it;
	sqlite3_stmt *st;
	int rc = 0, step;

	if (sqlite3_prepare_v2(store_db(s), q, -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, err, "listing the checklist"));
	sqlite3_bind_int64(st, 1, incident);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &it);
		if ((rc = fn(&it, arg)) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(s, err, "listing the checklist");
	sqlite3_finalize(st);
	return (rc < 0 ? -1 : 0);
}

int
checklist_progress(struct store *s, int64_t incident, int done[],
    int total[], int nphase)
{
	static const char q[] =
	    "SELECT phase, sum(done), count(*) FROM checklist"
	    " WHERE incident_id = ? GROUP BY phase";
	sqlite3_stmt *st;
	int p;

	for (p = 0; p < nphase; p++)
		done[p] = total[p] = 0;
	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	while (sqlite3_step(st) == SQLITE_ROW) {
		p = sqlite3_column_int(st, 0);
		if (p >= 0 && p < nphase) {
			done[p] = sqlite3_column_int(st, 1);
			total[p] = sqlite3_column_int(st, 2);
		}
	}
	sqlite3_reset(st);
	return (0);
}
