/*
 * CloudTrail events in the store.  The raw record is kept as the bytes
 * that arrived.  Compressing each record with zlib saved a third of the
 * space but cost more CPU than storing it (README, "Ingest speed"), so
 * it is not done; raw_len stays beside the blob as a check.
 */
#include "core/eventstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

/*
 * The row key clusters events by time: the second of the event in the
 * high bits and 32 bits of a hash of (incident, eventID) below.  Rows
 * of one log file then share a few B-tree pages, so a transaction
 * dirties pages near each other instead of all over a table keyed by a
 * random hash.  The same eventID always carries the same eventTime, so
 * duplicates from other sources meet at the same key; untimed events
 * sit at second 0.
 */
static int64_t
row_key(int64_t incident, const char *event_id, int64_t time_ms)
{
	unsigned char tmp[8 + 256];
	size_t n = strlen(event_id), m = n < 256 ? n : 256;
	int64_t secs = time_ms == TIME_NONE || time_ms < 0 ? 0 :
	    time_ms / 1000;
	uint64_t h;

	memcpy(tmp, &incident, 8);
	memcpy(tmp + 8, event_id, m);
	h = hash64(tmp, 8 + m) & 0xffffffffULL;
	if (secs > 0x7ffffffeLL)
		secs = 0x7ffffffeLL;
	return ((secs << 32) | (int64_t)h | (secs == 0 && h == 0));
}

/*
 * Find the row for (incident, eventID): *row is where it is or where it
 * goes (the first free slot on the probe sequence); returns 1 if found.
 */
static int
probe(struct store *s, int64_t incident, const char *eid, int64_t time_ms,
    int64_t *row, struct wr_err *err)
{
	static const char q[] =
	    "SELECT incident_id, event_id FROM events WHERE id = ?";
	sqlite3_stmt *st;
	int64_t k = row_key(incident, eid, time_ms);
	int found, i;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	for (i = 0; i < 64; i++, k++) {
		sqlite3_bind_int64(st, 1, k);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			*row = k;
			return (0);
		}
		found = sqlite3_column_int64(st, 0) == incident &&
		    strcmp(store_column_str(st, 1), eid) == 0;
		sqlite3_reset(st);
		if (found) {
			*row = k;
			return (1);
		}
	}
	return (wr_fail(err, WR_ERR_DB, eid, "event key probe overflow"));
}

static int
add_source(struct store *s, int64_t row, int64_t run, struct wr_err *err)
{
	static const char q[] =
	    "INSERT OR IGNORE INTO event_sources(event_row, run_id)"
	    " VALUES (?, ?)";
	sqlite3_stmt *st;
	int rc;

	if (run == 0)
		return (0);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, row);
	sqlite3_bind_int64(st, 2, run);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err,
	    "recording an event's source"));
}

static int
put_ids(struct store *s, const struct ct_event *ev, int64_t ids[4],
    struct wr_err *err)
{
	if ((ids[0] = store_intern(s, ev->event_name, err)) == -1 ||
	    (ids[1] = store_intern(s, ev->event_source, err)) == -1 ||
	    (ids[2] = store_intern(s, ev->principal, err)) == -1 ||
	    (ids[3] = store_intern(s, ev->actor, err)) == -1)
		return (-1);
	return (0);
}

static const char *
nz(const char *v)
{
	return (v != NULL && *v != '\0' ? v : NULL);
}

int
eventstore_put(struct store *s, int64_t incident, const struct ct_event *ev,
    const char *raw, size_t len, int64_t run, int64_t *row, int *is_new,
    struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO events(id, incident_id, event_id, time_ms, name_id,"
	    " source_id, principal_id, actor_id, access_key, source_ip,"
	    " region, error_code, run_id, raw, raw_len)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
	char synth[40];
	const char *eid = ev->event_id;
	int64_t ids[4];
	sqlite3_stmt *st;
	int found, rc;

	if (*eid == '\0') {
		/* No eventID: the record's bytes identify it. */
		snprintf(synth, sizeof synth, "raw:%016llx",
		    (unsigned long long)hash64(raw, len));
		eid = synth;
	}
	if ((found = probe(s, incident, eid, ev->time_ms, row, err)) == -1)
		return (-1);
	*is_new = !found;
	if (found)
		return (add_source(s, *row, run, err));
	if (put_ids(s, ev, ids, err) == -1 ||
	    (st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, *row);
	sqlite3_bind_int64(st, 2, incident);
	sqlite3_bind_text(st, 3, eid, -1, SQLITE_STATIC);
	store_bind_time(st, 4, ev->time_ms);
	sqlite3_bind_int64(st, 5, ids[0]);
	sqlite3_bind_int64(st, 6, ids[1]);
	sqlite3_bind_int64(st, 7, ids[2]);
	sqlite3_bind_int64(st, 8, ids[3]);
	sqlite3_bind_text(st, 9, nz(ev->access_key), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, nz(ev->source_ip), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, nz(ev->region), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, nz(ev->error_code), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, run);
	sqlite3_bind_blob(st, 14, raw, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, (int64_t)len);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "storing an event"));
	return (0);
}

void
event_query_init(struct event_query *q, int64_t incident)
{
	memset(q, 0, sizeof *q);
	q->incident_id = incident;
	q->since = q->until = TIME_NONE;
}

/* Columns 4-7 are string ids, looked up through a names cache. */
#define EVENT_SELECT \
	"SELECT e.id, e.incident_id, e.event_id, e.time_ms," \
	" e.name_id, e.source_id, e.principal_id, e.actor_id," \
	" e.access_key, e.source_ip, e.region, e.error_code, e.raw," \
	" e.raw_len FROM events e"
#define EVENT_ORDER " ORDER BY e.time_ms IS NULL, e.time_ms, e.event_id"

/*
 * The interned names of one query's rows (event names, sources,
 * principals): a few hundred distinct ones over thousands of rows, so
 * each is read from the strings table once instead of once a row.
 */
#define NAMES_SLOTS 512

struct names {
	struct store	*s;
	int64_t		 id[NAMES_SLOTS];
	char		*str[NAMES_SLOTS];
};

static const char *
names_get(struct names *nc, int64_t id)
{
	size_t i = (size_t)((uint64_t)id % NAMES_SLOTS);
	const char *v;

	if (id == 0)
		return ("");
	if (nc->str[i] != NULL && nc->id[i] == id)
		return (nc->str[i]);
	v = store_string(nc->s, id);
	free(nc->str[i]);
	nc->str[i] = xstrdup(v != NULL ? v : "");
	nc->id[i] = id;
	return (nc->str[i]);
}

static void
names_free(struct names *nc)
{
	size_t i;

	for (i = 0; i < NAMES_SLOTS; i++)
		free(nc->str[i]);
}

static int
row_emit(sqlite3_stmt *st, int want_raw, struct buf *b, struct names *nc,
    int (*fn)(const struct event_row *, void *), void *arg)
{
	struct event_row r;
	const void *blob;
	size_t blen;

	memset(&r, 0, sizeof r);
	r.row = sqlite3_column_int64(st, 0);
	r.incident_id = sqlite3_column_int64(st, 1);
	r.event_id = store_column_str(st, 2);
	r.time_ms = store_column_time(st, 3);
	r.event_name = names_get(nc, sqlite3_column_int64(st, 4));
	r.event_source = names_get(nc, sqlite3_column_int64(st, 5));
	r.principal = names_get(nc, sqlite3_column_int64(st, 6));
	r.actor = names_get(nc, sqlite3_column_int64(st, 7));
	r.access_key = store_column_str(st, 8);
	r.source_ip = store_column_str(st, 9);
	r.region = store_column_str(st, 10);
	r.error_code = store_column_str(st, 11);
	r.raw_len = (size_t)sqlite3_column_int64(st, 13);
	if (want_raw) {
		blob = sqlite3_column_blob(st, 12);
		blen = (size_t)sqlite3_column_bytes(st, 12);
		if (blen != r.raw_len)
			return (-2);
		buf_reset(b);
		buf_add(b, blob, blen);
		r.raw = b->data;
	}
	return (fn(&r, arg));
}

static int
run_query(struct store *s, sqlite3_stmt *st, int want_raw,
    int (*fn)(const struct event_row *, void *), void *arg,
    struct wr_err *err)
{
	struct names *nc = xcalloc(1, sizeof *nc);
	struct buf b;
	int rc = 0, step;

	nc->s = s;
	buf_init(&b);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = row_emit(st, want_raw, &b, nc, fn, arg)) != 0)
			break;
	}
	if (rc == -2)
		rc = wr_fail(err, WR_ERR_DB, store_path(s),
		    "a stored event record is damaged (row %lld)",
		    (long long)sqlite3_column_int64(st, 0));
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_fail(s, err, "reading events");
	sqlite3_finalize(st);
	buf_free(&b);
	names_free(nc);
	free(nc);
	return (rc < 0 ? -1 : 0);
}

static int
is_access_key(const char *p)
{
	return (strlen(p) >= 16 && strlen(p) <= 128 &&
	    (str_has_prefix(p, "AKIA") || str_has_prefix(p, "ASIA")) &&
	    strchr(p, ':') == NULL);
}

static void
query_sql(const struct event_query *q, struct buf *sql)
{
	/*
	 * By access key, events_key must lead: without statistics the
	 * planner prefers events_time (incident and a time range) and
	 * reads every event of the window for one key.  The unary + keeps
	 * incident_id out of index choice; the rows are the same.
	 */
	if (q->principal != NULL && is_access_key(q->principal))
		buf_adds(sql, EVENT_SELECT " WHERE +e.incident_id = ?1"
		    " AND e.access_key = ?2");
	else if (q->principal != NULL)
		buf_adds(sql, EVENT_SELECT " WHERE e.incident_id = ?1"
		    " AND e.principal_id ="
		    " (SELECT id FROM strings WHERE s = ?2)");
	else
		buf_adds(sql, EVENT_SELECT " WHERE e.incident_id = ?1");
	if (q->since != TIME_NONE)
		buf_adds(sql, " AND e.time_ms >= ?3");
	if (q->until != TIME_NONE)
		buf_adds(sql, " AND e.time_ms <= ?4");
	if (q->event_name != NULL)
		buf_adds(sql, " AND e.name_id ="
		    " (SELECT id FROM strings WHERE s = ?5)");
	buf_adds(sql, EVENT_ORDER);
	if (q->limit > 0)
		buf_printf(sql, " LIMIT %d", q->limit);
}

int
eventstore_each(struct store *s, const struct event_query *q,
    int (*fn)(const struct event_row *, void *), void *arg,
    struct wr_err *err)
{
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	buf_init(&sql);
	query_sql(q, &sql);
	rc = sqlite3_prepare_v2(store_db(s), sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return (store_fail(s, err, "querying events"));
	sqlite3_bind_int64(st, 1, q->incident_id);
	if (q->principal != NULL)
		sqlite3_bind_text(st, 2, q->principal, -1, SQLITE_STATIC);
	if (q->since != TIME_NONE)
		sqlite3_bind_int64(st, 3, q->since);
	if (q->until != TIME_NONE)
		sqlite3_bind_int64(st, 4, q->until);
	if (q->event_name != NULL)
		sqlite3_bind_text(st, 5, q->event_name, -1, SQLITE_STATIC);
	return (run_query(s, st, q->want_raw, fn, arg, err));
}

int
eventstore_get(struct store *s, int64_t row,
    int (*fn)(const struct event_row *, void *), void *arg,
    struct wr_err *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), EVENT_SELECT " WHERE e.id = ?",
	    -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, err, "reading an event"));
	sqlite3_bind_int64(st, 1, row);
	return (run_query(s, st, 1, fn, arg, err));
}

int
eventstore_each_of_finding(struct store *s, int64_t finding,
    int (*fn)(const struct event_row *, void *), void *arg,
    struct wr_err *err)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(store_db(s), EVENT_SELECT
	    " JOIN finding_events f ON f.event_row = e.id"
	    " WHERE f.finding_id = ?" EVENT_ORDER, -1, &st, NULL) != SQLITE_OK)
		return (store_fail(s, err, "reading a finding's events"));
	sqlite3_bind_int64(st, 1, finding);
	return (run_query(s, st, 1, fn, arg, err));
}

int64_t
eventstore_count(struct store *s, int64_t incident)
{
	static const char q[] =
	    "SELECT count(*) FROM events WHERE incident_id = ?";
	sqlite3_stmt *st;
	int64_t n = 0;

	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (0);
	sqlite3_bind_int64(st, 1, incident);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (n);
}
