/*
 * Incidents, phases, P-level and roles.  Each change is checked against
 * the operator's role and written with its audit row in one transaction.
 * An operator with no role on an incident counts as a responder; the
 * commander can make anyone an observer.
 */
#include "core/incident.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/audit.h"
#include "core/finding.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

static const char *phase_names[PHASE__COUNT] = {
	"Detection", "Containment", "Investigation", "Eradication",
	"Recovery", "Post-Incident"
};

static const char *role_names[] = {
	"none", "observer", "scribe", "responder", "commander"
};

const char *
phase_name(int p)
{
	if (p < 0 || p >= PHASE__COUNT)
		return ("?");
	return (phase_names[p]);
}

int
phase_from_name(const char *s)
{
	int i;

	for (i = 0; i < PHASE__COUNT; i++) {
		if (strcasecmp(s, phase_names[i]) == 0)
			return (i);
	}
	if (strcasecmp(s, "post") == 0 || strcasecmp(s, "postincident") == 0 ||
	    strcasecmp(s, "post_incident") == 0)
		return (PHASE_POST_INCIDENT);
	return (-1);
}

const char *
role_name(enum role r)
{
	if ((unsigned)r > ROLE_COMMANDER)
		return ("?");
	return (role_names[r]);
}

int
role_from_name(const char *s)
{
	int i;

	for (i = ROLE_OBSERVER; i <= ROLE_COMMANDER; i++) {
		if (strcasecmp(s, role_names[i]) == 0)
			return (i);
	}
	return (-1);
}

static int
audit(struct store *s, const struct operator *op, int64_t id,
    const char *action, const char *target, const char *before,
    const char *after, struct wr_err *err)
{
	return (audit_change(s, op, id, action, target, before, after, NULL,
	    err));
}

static int
set_role_row(struct store *s, int64_t id, const char *who, enum role r,
    struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO roles(incident_id, operator, role, since)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT(incident_id, operator)"
	    " DO UPDATE SET role = excluded.role, since = excluded.since";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, who);
	store_bind_text(st, 3, role_name(r));
	sqlite3_bind_int64(st, 4, time_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "setting a role"));
}

static int
phase_row(struct store *s, const struct operator *op, int64_t id, int phase,
    int64_t now, struct wr_err *err)
{
	static const char q1[] =
	    "INSERT INTO phases(incident_id, phase, entered_at, entered_by)"
	    " VALUES (?, ?, ?, ?)";
	static const char q2[] =
	    "UPDATE incidents SET phase = ?, phase_at = ?, phase_by = ?"
	    " WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q1, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, phase);
	sqlite3_bind_int64(st, 3, now);
	store_bind_text(st, 4, op->name);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "recording the phase"));
	if ((st = store_stmt(s, q2, err)) == NULL)
		return (-1);
	sqlite3_bind_int(st, 1, phase);
	sqlite3_bind_int64(st, 2, now);
	store_bind_text(st, 3, op->name);
	sqlite3_bind_int64(st, 4, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "setting phase"));
}

static int
insert_incident(struct store *s, const struct operator *op,
    const char *title, const char *type, int exercise, int64_t now,
    int64_t *id, struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO incidents(title, type, exercise, created_at,"
	    " created_by) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, title);
	store_bind_text(st, 2, type);
	sqlite3_bind_int(st, 3, exercise != 0);
	sqlite3_bind_int64(st, 4, now);
	store_bind_text(st, 5, op->name);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "creating the incident"));
	*id = sqlite3_last_insert_rowid(store_db(s));
	return (0);
}

int
incident_create(struct store *s, const struct operator *op,
    const char *title, const char *type, int exercise, int64_t *id,
    struct wr_err *err)
{
	int64_t now = time_now_ms();
	char detail[512];

	if (*title == '\0' || *type == '\0')
		return (wr_fail(err, WR_ERR_USAGE, "init",
		    "an incident needs a title and a type"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (insert_incident(s, op, title, type, exercise, now, id, err) == -1 ||
	    set_role_row(s, *id, op->name, ROLE_COMMANDER, err) == -1 ||
	    phase_row(s, op, *id, PHASE_DETECTION, now, err) == -1)
		goto fail;
	snprintf(detail, sizeof detail, "%s%s", type,
	    exercise ? " (exercise)" : "");
	if (audit(s, op, *id, "incident.open", title, NULL, detail,
	    err) == -1 ||
	    audit(s, op, *id, "role", op->name, NULL, "commander", err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
incident_get(struct store *s, int64_t id, struct incident *inc,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT id, title, type, exercise, closed, phase, p_level,"
	    " created_at, created_by, closed_at, phase_at, phase_by"
	    " FROM incidents WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return (store_fail(s, err, "reading an incident"));
		return (wr_fail(err, WR_ERR_NOTFOUND, "incident",
		    "no incident %lld", (long long)id));
	}
	memset(inc, 0, sizeof *inc);
	inc->id = sqlite3_column_int64(st, 0);
	strlcpy_wr(inc->title, store_column_str(st, 1), sizeof inc->title);
	strlcpy_wr(inc->type, store_column_str(st, 2), sizeof inc->type);
	inc->exercise = sqlite3_column_int(st, 3);
	inc->closed = sqlite3_column_int(st, 4);
	inc->phase = sqlite3_column_int(st, 5);
	inc->p_level = sqlite3_column_int(st, 6);
	inc->created_at = sqlite3_column_int64(st, 7);
	strlcpy_wr(inc->created_by, store_column_str(st, 8),
	    sizeof inc->created_by);
	inc->closed_at = store_column_time(st, 9);
	inc->phase_at = store_column_time(st, 10);
	strlcpy_wr(inc->phase_by, store_column_str(st, 11),
	    sizeof inc->phase_by);
	sqlite3_reset(st);
	return (0);
}

int
incident_current(struct store *s, int64_t *id, struct wr_err *err)
{
	static const char q[] =
	    "SELECT id FROM incidents WHERE closed = 0"
	    " ORDER BY created_at DESC, id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return (0);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "finding the open incident"));
	return (wr_fail(err, WR_ERR_NOTFOUND, store_path(s),
	    "no open incident (start one with: warroom init --title T "
	    "--type TYPE)"));
}

int
incident_resolve(struct store *s, int64_t id, int64_t *out,
    struct wr_err *err)
{
	struct incident inc;

	if (id == 0)
		return (incident_current(s, out, err));
	if (incident_get(s, id, &inc, err) == -1)
		return (-1);
	*out = id;
	return (0);
}

enum role
incident_role(struct store *s, int64_t id, const char *name)
{
	static const char q[] =
	    "SELECT role FROM roles WHERE incident_id = ? AND operator = ?";
	sqlite3_stmt *st;
	int r = ROLE_RESPONDER;

	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (ROLE_OBSERVER);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		r = role_from_name(store_column_str(st, 0));
	sqlite3_reset(st);
	return (r < 0 ? ROLE_OBSERVER : (enum role)r);
}

int
incident_require(struct store *s, int64_t id, const struct operator *op,
    enum role need, const char *what, struct wr_err *err)
{
	enum role have = incident_role(s, id, op->name);

	if (have >= need)
		return (0);
	if (need == ROLE_COMMANDER)
		return (wr_fail(err, WR_ERR_DENIED, what,
		    "only the incident commander can do this (%s is %s)",
		    op->name, role_name(have)));
	return (wr_fail(err, WR_ERR_DENIED, what,
	    "observers change nothing in the incident (%s is %s)",
	    op->name, role_name(have)));
}

int
incident_set_phase(struct store *s, const struct operator *op, int64_t id,
    int phase, struct wr_err *err)
{
	struct incident inc;

	if (phase < 0 || phase >= PHASE__COUNT)
		return (wr_fail(err, WR_ERR_INVALID, "phase",
		    "no such phase"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_get(s, id, &inc, err) == -1 ||
	    incident_require(s, id, op, ROLE_COMMANDER, "phase", err) == -1)
		goto fail;
	if (inc.closed) {
		wr_fail(err, WR_ERR_DENIED, "phase", "incident %lld is closed",
		    (long long)id);
		goto fail;
	}
	if (inc.phase == phase) {
		wr_fail(err, WR_ERR_INVALID, "phase", "already in %s",
		    phase_name(phase));
		goto fail;
	}
	if (phase_row(s, op, id, phase, time_now_ms(), err) == -1 ||
	    audit(s, op, id, "phase", "", phase_name(inc.phase),
	    phase_name(phase), err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

static int
set_closed(struct store *s, const struct operator *op, int64_t id,
    int closed, struct wr_err *err)
{
	static const char q[] =
	    "UPDATE incidents SET closed = ?, closed_at = ? WHERE id = ?";
	struct incident inc;
	sqlite3_stmt *st;
	int rc;

	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_get(s, id, &inc, err) == -1 ||
	    incident_require(s, id, op, ROLE_COMMANDER, closed ? "close" :
	    "reopen", err) == -1)
		goto fail;
	if (inc.closed == closed) {
		wr_fail(err, WR_ERR_INVALID, "incident", "incident %lld is "
		    "already %s", (long long)id, closed ? "closed" : "open");
		goto fail;
	}
	if ((st = store_stmt(s, q, err)) == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, closed);
	store_bind_time(st, 2, closed ? time_now_ms() : TIME_NONE);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, err, "closing the incident");
		goto fail;
	}
	if (audit(s, op, id, closed ? "incident.close" : "incident.reopen",
	    "", closed ? "open" : "closed", closed ? "closed" : "open",
	    err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
incident_close(struct store *s, const struct operator *op, int64_t id,
    struct wr_err *err)
{
	return (set_closed(s, op, id, 1, err));
}

int
incident_reopen(struct store *s, const struct operator *op, int64_t id,
    struct wr_err *err)
{
	return (set_closed(s, op, id, 0, err));
}

int
incident_update_level(struct store *s, const struct operator *op,
    int64_t id, struct wr_err *err)
{
	static const char q[] = "UPDATE incidents SET p_level = ? WHERE id = ?";
	struct incident inc;
	sqlite3_stmt *st;
	int level, rc;

	if (incident_get(s, id, &inc, err) == -1)
		return (-1);
	/*
	 * A drill is run at the level its findings would have, so the team
	 * practises the real thing; [EXERCISE] beside it says what it is.
	 */
	level = finding_worst_level(s, id);
	if (level == inc.p_level)
		return (0);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int(st, 1, level);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "setting the P-level"));
	return (audit(s, op, id, "level", "", finding_level_name(inc.p_level),
	    finding_level_name(level), err));
}

int
incident_set_role(struct store *s, const struct operator *op, int64_t id,
    const char *who, enum role r, struct wr_err *err)
{
	static const char q[] =
	    "SELECT operator FROM roles WHERE incident_id = ?"
	    " AND role = 'commander' AND operator <> ?";
	char old[OPERATOR_NAME_LEN] = "";
	sqlite3_stmt *st;
	enum role before;

	if (r < ROLE_OBSERVER || r > ROLE_COMMANDER || *who == '\0')
		return (wr_fail(err, WR_ERR_INVALID, "role", "bad role"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_require(s, id, op, ROLE_COMMANDER, "role", err) == -1)
		goto fail;
	before = incident_role(s, id, who);
	if (r == ROLE_COMMANDER) {
		if ((st = store_stmt(s, q, err)) == NULL)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, who);
		if (sqlite3_step(st) == SQLITE_ROW)
			strlcpy_wr(old, store_column_str(st, 0), sizeof old);
		sqlite3_reset(st);
		/* One commander at a time: the old one steps down. */
		if (old[0] != '\0' && (set_role_row(s, id, old,
		    ROLE_RESPONDER, err) == -1 || audit(s, op, id, "role", old,
		    "commander", "responder", err) == -1))
			goto fail;
	}
	if (set_role_row(s, id, who, r, err) == -1 ||
	    audit(s, op, id, "role", who, role_name(before), role_name(r),
	    err) == -1)
		goto fail;
	return (store_commit(s, err));
fail:
	store_rollback(s);
	return (-1);
}

int
incident_note(struct store *s, const struct operator *op, int64_t id,
    const char *text, struct wr_err *err)
{
	/* Blanks alone say nothing: refused like an empty note. */
	if (text[strspn(text, " \t\r\n")] == '\0')
		return (wr_fail(err, WR_ERR_USAGE, "note", "empty note"));
	if (store_begin(s, err) == -1)
		return (-1);
	if (incident_require(s, id, op, ROLE_SCRIBE, "note", err) == -1 ||
	    audit(s, op, id, "note", "", NULL, text, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}
