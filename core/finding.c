/*
 * Findings in the store.  GuardDuty findings are upserted by id (the
 * newer updatedAt wins); rule hits fold into one finding per rule and
 * group, counting occurrences and widening first/last seen.
 */
#include "core/finding.h"

#include <stdio.h>
#include <string.h>

#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define FINDING_COLS \
	"id, incident_id, source, ext_id, type, title, description," \
	" principal, resource, region, account, p_level, severity," \
	" first_seen, last_seen, updated_at, count, flags, status, raw"

const char *
finding_level_name(int p)
{
	static const char *names[] = { "P?", "P1", "P2", "P3", "P4" };

	return (p >= 1 && p <= 4 ? names[p] : names[0]);
}

static int64_t
tmin(int64_t a, int64_t b)
{
	if (a == TIME_NONE)
		return (b);
	if (b == TIME_NONE)
		return (a);
	return (a < b ? a : b);
}

static int64_t
tmax(int64_t a, int64_t b)
{
	if (a == TIME_NONE)
		return (b);
	if (b == TIME_NONE)
		return (a);
	return (a > b ? a : b);
}

static int
insert(struct store *s, const struct finding *f, int64_t *id,
    struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO findings(incident_id, source, ext_id, type, title,"
	    " description, principal, resource, region, account, p_level,"
	    " severity, first_seen, last_seen, updated_at, count, flags,"
	    " status, raw, p_base)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?11)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, f->incident_id);
	store_bind_text(st, 2, f->source);
	store_bind_text(st, 3, f->ext_id);
	store_bind_text(st, 4, f->type);
	store_bind_text(st, 5, f->title != NULL ? f->title : "");
	store_bind_text(st, 6, f->description != NULL ? f->description : "");
	store_bind_text(st, 7, f->principal != NULL ? f->principal : "");
	store_bind_text(st, 8, f->resource != NULL ? f->resource : "");
	store_bind_text(st, 9, f->region != NULL ? f->region : "");
	store_bind_text(st, 10, f->account != NULL ? f->account : "");
	sqlite3_bind_int(st, 11, f->p_level);
	sqlite3_bind_double(st, 12, f->severity);
	store_bind_time(st, 13, f->first_seen);
	store_bind_time(st, 14, f->last_seen);
	store_bind_time(st, 15, f->updated_at);
	sqlite3_bind_int64(st, 16, f->count > 0 ? f->count : 1);
	sqlite3_bind_int(st, 17, f->flags);
	store_bind_text(st, 18, f->status != NULL ? f->status : "open");
	if (f->raw != NULL)
		sqlite3_bind_blob(st, 19, f->raw, (int)f->raw_len,
		    SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "storing a finding"));
	*id = sqlite3_last_insert_rowid(store_db(s));
	return (0);
}

/* A rule hit again: count it, widen the window, keep the worst level. */
static int
fold(struct store *s, const struct finding *f, int64_t id,
    struct wr_err *err)
{
	static const char q[] =
	    "UPDATE findings SET count = count + ?1, p_base = min(p_base, ?2),"
	    " p_level = min(p_level, ?2), first_seen = ?3, last_seen = ?4"
	    " WHERE id = ?5";
	static const char r[] =
	    "SELECT first_seen, last_seen FROM findings WHERE id = ?";
	sqlite3_stmt *st;
	int64_t first = TIME_NONE, last = TIME_NONE;
	int rc;

	if ((st = store_stmt(s, r, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		first = store_column_time(st, 0);
		last = store_column_time(st, 1);
	}
	sqlite3_reset(st);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, f->count > 0 ? f->count : 1);
	sqlite3_bind_int(st, 2, f->p_level);
	store_bind_time(st, 3, tmin(first, f->first_seen));
	store_bind_time(st, 4, tmax(last, f->last_seen));
	sqlite3_bind_int64(st, 5, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "updating a finding"));
}

/* A GuardDuty finding again: the newer updatedAt replaces the fields. */
static int
replace(struct store *s, const struct finding *f, int64_t id,
    struct wr_err *err)
{
	static const char r[] =
	    "SELECT updated_at, first_seen, last_seen FROM findings"
	    " WHERE id = ?";
	static const char q[] =
	    "UPDATE findings SET type = ?, title = ?, description = ?,"
	    " principal = ?, resource = ?, region = ?, account = ?,"
	    " p_level = ?8, severity = ?, first_seen = ?, last_seen = ?,"
	    " updated_at = ?, count = ?, flags = ?, raw = ?, p_base = ?8"
	    " WHERE id = ?";
	sqlite3_stmt *st;
	int64_t upd = TIME_NONE, first = TIME_NONE, last = TIME_NONE;
	int rc;

	if ((st = store_stmt(s, r, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		upd = store_column_time(st, 0);
		first = store_column_time(st, 1);
		last = store_column_time(st, 2);
	}
	sqlite3_reset(st);
	if (upd != TIME_NONE && f->updated_at != TIME_NONE &&
	    f->updated_at <= upd)
		return (0);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, f->type);
	store_bind_text(st, 2, f->title != NULL ? f->title : "");
	store_bind_text(st, 3, f->description != NULL ? f->description : "");
	store_bind_text(st, 4, f->principal != NULL ? f->principal : "");
	store_bind_text(st, 5, f->resource != NULL ? f->resource : "");
	store_bind_text(st, 6, f->region != NULL ? f->region : "");
	store_bind_text(st, 7, f->account != NULL ? f->account : "");
	sqlite3_bind_int(st, 8, f->p_level);
	sqlite3_bind_double(st, 9, f->severity);
	store_bind_time(st, 10, tmin(first, f->first_seen));
	store_bind_time(st, 11, tmax(last, f->last_seen));
	store_bind_time(st, 12, f->updated_at);
	sqlite3_bind_int64(st, 13, f->count > 0 ? f->count : 1);
	sqlite3_bind_int(st, 14, f->flags);
	if (f->raw != NULL)
		sqlite3_bind_blob(st, 15, f->raw, (int)f->raw_len,
		    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 16, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "updating a finding"));
}

int
finding_upsert(struct store *s, const struct finding *f, int64_t *id,
    int *is_new, struct wr_err *err)
{
	static const char q[] =
	    "SELECT id FROM findings WHERE incident_id = ? AND source = ?"
	    " AND ext_id = ?";
	sqlite3_stmt *st;
	int64_t have = 0;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, f->incident_id);
	store_bind_text(st, 2, f->source);
	store_bind_text(st, 3, f->ext_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (is_new != NULL)
		*is_new = have == 0;
	if (have == 0)
		return (insert(s, f, id, err));
	*id = have;
	if (strcmp(f->source, "guardduty") == 0)
		return (replace(s, f, have, err));
	return (fold(s, f, have, err));
}

int
finding_fold(struct store *s, int64_t id, const struct finding *f,
    struct wr_err *err)
{
	return (fold(s, f, id, err));
}

int
finding_set_title(struct store *s, int64_t id, const char *title,
    struct wr_err *err)
{
	static const char q[] = "UPDATE findings SET title = ? WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, title);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "retitling a finding"));
}

int
finding_link_event(struct store *s, int64_t finding, int64_t row,
    struct wr_err *err)
{
	static const char q[] =
	    "INSERT OR IGNORE INTO finding_events(finding_id, event_row)"
	    " VALUES (?, ?)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, finding);
	sqlite3_bind_int64(st, 2, row);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "linking a finding to its event"));
}

static void
row_read(sqlite3_stmt *st, struct finding *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	f->incident_id = sqlite3_column_int64(st, 1);
	f->source = store_column_str(st, 2);
	f->ext_id = store_column_str(st, 3);
	f->type = store_column_str(st, 4);
	f->title = store_column_str(st, 5);
	f->description = store_column_str(st, 6);
	f->principal = store_column_str(st, 7);
	f->resource = store_column_str(st, 8);
	f->region = store_column_str(st, 9);
	f->account = store_column_str(st, 10);
	f->p_level = sqlite3_column_int(st, 11);
	f->severity = sqlite3_column_double(st, 12);
	f->first_seen = store_column_time(st, 13);
	f->last_seen = store_column_time(st, 14);
	f->updated_at = store_column_time(st, 15);
	f->count = sqlite3_column_int64(st, 16);
	f->flags = sqlite3_column_int(st, 17);
	f->status = store_column_str(st, 18);
	f->raw = sqlite3_column_blob(st, 19);
	f->raw_len = (size_t)sqlite3_column_bytes(st, 19);
}

static int
each(struct store *s, const char *sql, int64_t arg1,
    int (*fn)(const struct finding *, void *), void *arg,
    struct wr_err *err)
{
	sqlite3_stmt *st;
	struct finding f;
	int rc = 0, step;

	/* Private statement: the callback may run its own queries. */
	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, err, "listing findings"));
	sqlite3_bind_int64(st, 1, arg1);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &f);
		if ((rc = fn(&f, arg)) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(s, err, "listing findings");
	sqlite3_finalize(st);
	return (rc < 0 ? -1 : 0);
}

int
finding_each(struct store *s, int64_t incident,
    int (*fn)(const struct finding *, void *), void *arg,
    struct wr_err *err)
{
	return (each(s, "SELECT " FINDING_COLS " FROM findings"
	    " WHERE incident_id = ? ORDER BY (flags & 1), p_level,"
	    " coalesce(last_seen, 0) DESC, id", incident, fn, arg, err));
}

int
finding_get(struct store *s, int64_t id,
    int (*fn)(const struct finding *, void *), void *arg,
    struct wr_err *err)
{
	return (each(s, "SELECT " FINDING_COLS " FROM findings WHERE id = ?",
	    id, fn, arg, err));
}

int
finding_escalate(struct store *s, int64_t incident, struct wr_err *err)
{
	/*
	 * Run after every file: only the rows whose level changes are
	 * written, so a file's commit does not rewrite every finding.
	 */
#define ESCALATED \
	"CASE WHEN p_base > 1 AND EXISTS (" \
	"  SELECT 1 FROM findings g" \
	"  WHERE g.incident_id = findings.incident_id" \
	"  AND g.principal = findings.principal AND g.id <> findings.id" \
	"  AND g.status = 'open' AND (g.flags & 1) = 0 AND g.p_base <= 2)" \
	" THEN p_base - 1 ELSE p_base END"
	static const char q[] =
	    "UPDATE findings SET p_level = " ESCALATED
	    " WHERE incident_id = ? AND source = 'rule' AND principal <> ''"
	    " AND p_level IS NOT " ESCALATED;
#undef ESCALATED
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "escalating findings"));
}

int
finding_worst_level(struct store *s, int64_t incident)
{
	static const char q[] =
	    "SELECT min(p_level) FROM findings WHERE incident_id = ?"
	    " AND status = 'open' AND (flags & 1) = 0";
	sqlite3_stmt *st;
	int level = 4;

	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (4);
	sqlite3_bind_int64(st, 1, incident);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		level = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return (level);
}
