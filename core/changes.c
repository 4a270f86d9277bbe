/*
 * Change classes from the timeline: every change an operator or an
 * ingest makes writes an audit row in the same transaction, so the new
 * rows name what moved.  A fingerprint of the checklist, findings and
 * incident rows backs that up for writes that leave no audit row.
 */
#include "core/changes.h"

#include <stdio.h>
#include <string.h>

#include "core/store.h"
#include "core/util.h"

static const struct {
	const char	*prefix;
	int		 mask;
} action_map[] = {
	{ "tick", CHANGE_CHECKLIST },
	{ "untick", CHANGE_CHECKLIST },
	{ "assign", CHANGE_CHECKLIST },
	{ "item.", CHANGE_CHECKLIST },
	{ "playbook.", CHANGE_CHECKLIST },
	{ "phase", CHANGE_INCIDENT | CHANGE_CHECKLIST },
	{ "incident.", CHANGE_INCIDENT },
	{ "level", CHANGE_INCIDENT },
	{ "role", CHANGE_INCIDENT },
	{ "note", 0 },
	{ "notify.", CHANGE_INCIDENT },
	{ "finding.", CHANGE_FINDINGS | CHANGE_INCIDENT },
	{ "ingest", CHANGE_FINDINGS | CHANGE_EVENTS | CHANGE_CHECKLIST |
	    CHANGE_INCIDENT },
	{ NULL, 0 }
};

int
changes_of_action(const char *action)
{
	size_t n;
	int i;

	for (i = 0; action_map[i].prefix != NULL; i++) {
		n = strlen(action_map[i].prefix);
		if (strncmp(action, action_map[i].prefix, n) != 0)
			continue;
		/* "phase" must not match "phases.x"; "item." must. */
		if (action_map[i].prefix[n - 1] == '.' || action[n] == '\0')
			return (action_map[i].mask | CHANGE_TIMELINE);
	}
	return (CHANGE_ALL);
}

static int
new_rows(struct store *s, int64_t incident, struct change_mark *m,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT id, action FROM audit WHERE id > ? AND"
	    " (incident_id = ? OR incident_id = 0) ORDER BY id";
	sqlite3_stmt *st;
	int mask = 0, rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, m->audit_id);
	sqlite3_bind_int64(st, 2, incident);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		m->audit_id = sqlite3_column_int64(st, 0);
		mask |= changes_of_action(store_column_str(st, 1));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "reading new timeline rows"));
	return (mask);
}

static int
fingerprint(struct store *s, int64_t incident, char *out, size_t len,
    struct wr_err *err)
{
	static const char q[] =
	    "SELECT (SELECT count(*) || '.' || coalesce(max(id), 0) || '.' ||"
	    "  total(done) || '.' || coalesce(max(done_at), 0)"
	    "  FROM checklist WHERE incident_id = ?1),"
	    " (SELECT count(*) || '.' || coalesce(max(id), 0) || '.' ||"
	    "  coalesce(max(updated_at), 0) FROM findings"
	    "  WHERE incident_id = ?1),"
	    " (SELECT phase || '.' || closed || '.' || p_level"
	    "  FROM incidents WHERE id = ?1)";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, len, "%s|%s|%s", store_column_str(st, 0),
		    store_column_str(st, 1), store_column_str(st, 2));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return (store_fail(s, err, "fingerprinting the incident"));
	return (0);
}

int
changes_since(struct store *s, int64_t incident, struct change_mark *m,
    int *mask, struct wr_err *err)
{
	char finger[sizeof m->finger];
	int rows;

	*mask = 0;
	if ((rows = new_rows(s, incident, m, err)) == -1 ||
	    fingerprint(s, incident, finger, sizeof finger, err) == -1)
		return (-1);
	if (!m->primed) {
		m->primed = 1;
		rows = CHANGE_ALL;
	} else if (strcmp(finger, m->finger) != 0 && (rows &
	    (CHANGE_CHECKLIST | CHANGE_FINDINGS | CHANGE_INCIDENT)) == 0)
		rows |= CHANGE_ALL;	/* a write that left no audit row */
	strlcpy_wr(m->finger, finger, sizeof m->finger);
	*mask = rows;
	return (0);
}
