/*
 * The collector loop and its state.  The `cursors` column holds one JSON
 * object: {"sources": {"guardduty:us-east-1": ms, ...}, "health_since",
 * "interval_ms", "billing": {"usd", "at"}, "skew"}.  Cursors move only
 * after a source's whole poll went into the store, and every poll reads
 * a little before its cursor; ingest's dedupe makes the overlap free,
 * so a restart resumes where it stopped with no duplicates.
 */
#include "core/collector.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "core/action.h"
#include "core/audit.h"
#include "core/config.h"
#include "core/finding.h"
#include "core/ingest.h"
#include "core/log.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define COLLECTOR_LAG_MIN_MS 30000

const char *
collector_health_name(enum collector_health h)
{
	static const char *const names[] = { "not running", "healthy",
	    "lagging", "failing", "stopped" };

	return ((unsigned)h < sizeof names / sizeof *names ? names[h] : "?");
}

/* The row as stored, plus its JSON. */
struct crow {
	char	 state[16];
	char	 account[64];
	long	 pid;
	int64_t	 last_poll, next_poll, last_ok, error_since, updated;
	char	 last_error[512];
	long	 throttled;
	cJSON	*json;
};

static int
row_load(struct store *s, int64_t incident, struct crow *r, int *found,
    struct wr_err *err)
{
	sqlite3_stmt *st;
	const char *cur;
	int rc;

	memset(r, 0, sizeof *r);
	*found = 0;
	st = store_stmt(s, "SELECT state, account, pid, last_poll, next_poll,"
	    " last_ok, last_error, error_since, throttled, cursors, updated_at"
	    " FROM collector WHERE incident_id = ?", err);
	if (st == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, incident);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = 1;
		snprintf(r->state, sizeof r->state, "%s",
		    store_column_str(st, 0));
		snprintf(r->account, sizeof r->account, "%s",
		    store_column_str(st, 1));
		r->pid = (long)sqlite3_column_int64(st, 2);
		r->last_poll = store_column_time(st, 3);
		r->next_poll = store_column_time(st, 4);
		r->last_ok = store_column_time(st, 5);
		snprintf(r->last_error, sizeof r->last_error, "%s",
		    store_column_str(st, 6));
		r->error_since = store_column_time(st, 7);
		r->throttled = (long)sqlite3_column_int64(st, 8);
		cur = store_column_str(st, 9);
		r->json = cJSON_Parse(cur);
		r->updated = store_column_time(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "collector"));
	if (r->json == NULL || !cJSON_IsObject(r->json)) {
		cJSON_Delete(r->json);
		r->json = cJSON_CreateObject();
	}
	return (0);
}

static int
row_save(struct store *s, int64_t incident, const struct crow *r,
    struct wr_err *err)
{
	sqlite3_stmt *st;
	char *cur;
	int rc;

	st = store_stmt(s, "INSERT OR REPLACE INTO collector(incident_id,"
	    " state, account, pid, last_poll, next_poll, last_ok, last_error,"
	    " error_since, throttled, cursors, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);
	if (st == NULL)
		return (-1);
	cur = cJSON_PrintUnformatted(r->json);
	sqlite3_bind_int64(st, 1, incident);
	store_bind_text(st, 2, r->state);
	store_bind_text(st, 3, r->account);
	sqlite3_bind_int64(st, 4, r->pid);
	store_bind_time(st, 5, r->last_poll);
	store_bind_time(st, 6, r->next_poll);
	store_bind_time(st, 7, r->last_ok);
	store_bind_text(st, 8, r->last_error);
	store_bind_time(st, 9, r->error_since);
	sqlite3_bind_int64(st, 10, r->throttled);
	store_bind_text(st, 11, cur);
	sqlite3_bind_int64(st, 12, time_now_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(cur);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "collector"));
	return (0);
}

/* Save inside its own write transaction. */
static int
row_commit(struct store *s, int64_t incident, const struct crow *r,
    struct wr_err *err)
{
	if (store_begin(s, err) == -1)
		return (-1);
	if (row_save(s, incident, r, err) == -1) {
		store_rollback(s);
		return (-1);
	}
	return (store_commit(s, err));
}

static int64_t
json_ms(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);

	return (cJSON_IsNumber(v) ? (int64_t)v->valuedouble : 0);
}

static void
json_set(cJSON *o, const char *key, cJSON *v)
{
	if (cJSON_GetObjectItem(o, key) != NULL)
		cJSON_ReplaceItemInObject(o, key, v);
	else
		cJSON_AddItemToObject(o, key, v);
}

/* The health of a loaded row at time now. */
static void
judge(const struct crow *r, int64_t now, struct collector_status *cs)
{
	int64_t interval = json_ms(r->json, "interval_ms"), grace;

	grace = interval / 2 > COLLECTOR_LAG_MIN_MS ? interval / 2 :
	    COLLECTOR_LAG_MIN_MS;
	if (strcmp(r->state, "stopped") == 0) {
		cs->health = COLLECTOR_STOPPED;
		cs->since = r->updated;
	} else if (r->error_since != TIME_NONE) {
		cs->health = COLLECTOR_FAILING;
		cs->since = r->error_since;
	} else if (r->next_poll != TIME_NONE && now > r->next_poll + grace) {
		cs->health = COLLECTOR_LAGGING;
		cs->since = r->next_poll;
	} else {
		cs->health = COLLECTOR_HEALTHY;
		cs->since = json_ms(r->json, "health_since");
		if (cs->since == 0)
			cs->since = r->last_ok;
	}
}

static void
status_text(struct collector_status *cs)
{
	char since[TIME_ISO_LEN] = "", usd[48] = "";
	int n;

	if (cs->health == COLLECTOR_ABSENT) {
		snprintf(cs->text, sizeof cs->text, "collector: not running");
		return;
	}
	if (cs->since != TIME_NONE && cs->since != 0)
		time_fmt_short(cs->since, since, sizeof since);
	if (cs->estimated_usd >= 0)
		snprintf(usd, sizeof usd, ", est. charges $%.2f",
		    cs->estimated_usd);
	n = snprintf(cs->text, sizeof cs->text, "collector: %s%s%s%s%s%s",
	    collector_health_name(cs->health), since[0] ? " since " : "",
	    since, cs->account[0] ? ", account " : "", cs->account, usd);
	if (cs->health == COLLECTOR_FAILING && n > 0 &&
	    (size_t)n < sizeof cs->text)
		snprintf(cs->text + n, sizeof cs->text - (size_t)n, ": %s",
		    cs->last_error);
	else if (cs->skew[0] != '\0' && n > 0 && (size_t)n < sizeof cs->text)
		snprintf(cs->text + n, sizeof cs->text - (size_t)n, "; %s",
		    cs->skew);
}

int
collector_status(struct store *s, int64_t incident, int64_t now,
    struct collector_status *cs, struct wr_err *err)
{
	const cJSON *b;
	struct crow r;
	int found;

	memset(cs, 0, sizeof *cs);
	cs->estimated_usd = -1;
	cs->last_poll = cs->next_poll = cs->last_ok = TIME_NONE;
	cs->error_since = cs->since = TIME_NONE;
	if (row_load(s, incident, &r, &found, err) == -1)
		return (-1);
	if (found) {
		judge(&r, now, cs);
		snprintf(cs->state, sizeof cs->state, "%s", r.state);
		snprintf(cs->account, sizeof cs->account, "%s", r.account);
		snprintf(cs->last_error, sizeof cs->last_error, "%s",
		    r.last_error);
		cs->pid = r.pid;
		cs->last_poll = r.last_poll;
		cs->next_poll = r.next_poll;
		cs->last_ok = r.last_ok;
		cs->error_since = r.error_since;
		cs->throttled = r.throttled;
		b = cJSON_GetObjectItem(r.json, "billing");
		if (cJSON_IsNumber(cJSON_GetObjectItem(b, "usd")))
			cs->estimated_usd = cJSON_GetObjectItem(b,
			    "usd")->valuedouble;
		snprintf(cs->skew, sizeof cs->skew, "%s",
		    cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "skew")) ?
		    cJSON_GetStringValue(cJSON_GetObjectItem(r.json, "skew")) :
		    "");
	}
	status_text(cs);
	cJSON_Delete(r.json);
	return (0);
}

/* Everything one run carries between rounds. */
struct run {
	struct ingest_ctx		*ic;
	const struct wr_provider	*p;
	const struct collector_opts	*o;
	struct provider_session		*sess;
	struct crow			 row;
	struct collector_round		 round;
	const char *const		*sources;
	char				**own_sources;
	int				 reopen;
};

/* A billing anomaly becomes a "billing" finding. */
static int
billing_anomaly(struct run *rn, const cJSON *a, int *is_new,
    struct wr_err *err)
{
	const cJSON *imp = cJSON_GetObjectItem(a, "Impact");
	const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(a,
	    "AnomalyId"));
	const char *svc = cJSON_GetStringValue(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(a, "RootCauses"), 0),
	    "Service"));
	double total = cJSON_GetNumberValue(cJSON_GetObjectItem(imp,
	    "TotalImpact"));
	char iso[40], *title, *raw;
	struct finding f;
	int64_t fid, start = TIME_NONE;
	int rc;

	if (id == NULL)
		return (0);
	if (total != total)
		total = cJSON_GetNumberValue(cJSON_GetObjectItem(imp,
		    "MaxImpact"));
	if (total != total)
		total = 0;
	snprintf(iso, sizeof iso, "%.10sT00:00:00Z",
	    cJSON_GetStringValue(cJSON_GetObjectItem(a, "AnomalyStartDate"))
	    ? cJSON_GetStringValue(cJSON_GetObjectItem(a, "AnomalyStartDate"))
	    : "");
	(void)time_parse_iso(iso, &start);
	title = xasprintf("Cost anomaly: $%.2f above expected%s%s", total,
	    svc != NULL ? " in " : "", svc != NULL ? svc : "");
	raw = cJSON_PrintUnformatted(a);
	memset(&f, 0, sizeof f);
	f.incident_id = rn->ic->incident_id;
	f.source = "billing";
	f.ext_id = id;
	f.type = "Billing:CostAnomaly";
	f.title = title;
	f.description = "";
	f.principal = "";
	f.resource = svc != NULL ? svc : "";
	f.region = "";
	f.account = rn->row.account;
	f.p_level = total >= config_number("billing.major_usd", 1000) ? 2 : 3;
	f.severity = total;
	f.first_seen = f.last_seen = f.updated_at = start;
	f.count = 1;
	f.status = "open";
	f.raw = raw;
	f.raw_len = strlen(raw);
	rc = finding_upsert(rn->ic->store, &f, &fid, is_new, err);
	free(title);
	free(raw);
	return (rc);
}

static int
billing_page(struct run *rn, const char *name, const char *data,
    size_t len, struct wr_err *err)
{
	struct audit_entry ae;
	cJSON *j = cJSON_ParseWithLength(data, len);
	const cJSON *a;
	int is_new, n = 0, rc = 0;
	char detail[64];

	if (j == NULL)
		return (wr_fail(err, WR_ERR_JSON, name, "not JSON"));
	if (store_begin(rn->ic->store, err) == -1) {
		cJSON_Delete(j);
		return (-1);
	}
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(j, "Anomalies")) {
		if ((rc = billing_anomaly(rn, a, &is_new, err)) == -1)
			break;
		n += is_new;
	}
	if (rc == 0 && n > 0) {
		memset(&ae, 0, sizeof ae);
		ae.incident_id = rn->ic->incident_id;
		ae.happened_at = ae.discovered_at = TIME_NONE;
		ae.op = rn->ic->op;
		ae.action = "collect";
		ae.target = name;
		snprintf(detail, sizeof detail, "{\"new\":%d}", n);
		ae.detail = detail;
		rc = audit_append(rn->ic->store, &ae, err);
	}
	cJSON_Delete(j);
	if (rc == -1) {
		store_rollback(rn->ic->store);
		return (-1);
	}
	rn->round.new_items += n;
	return (store_commit(rn->ic->store, err));
}

/* The newest EstimatedCharges value goes into the state. */
static int
charges_page(struct run *rn, const char *data, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(data, len), *b;
	const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(j,
	    "MetricDataResults"), 0);
	const cJSON *ts = cJSON_GetObjectItem(m, "Timestamps");
	const cJSON *vs = cJSON_GetObjectItem(m, "Values");
	int n = cJSON_GetArraySize(vs);
	int64_t at;

	if (n > 0 && time_parse_iso(cJSON_GetStringValue(cJSON_GetArrayItem(
	    ts, n - 1)) ? cJSON_GetStringValue(cJSON_GetArrayItem(ts, n - 1)) :
	    "", &at) == 0) {
		b = cJSON_CreateObject();
		cJSON_AddNumberToObject(b, "usd", cJSON_GetNumberValue(
		    cJSON_GetArrayItem(vs, n - 1)));
		cJSON_AddNumberToObject(b, "at", (double)at);
		json_set(rn->row.json, "billing", b);
	}
	cJSON_Delete(j);
	return (0);
}

static int
on_page(void *arg, const char *source, const char *name, const char *data,
    size_t len, struct wr_err *err)
{
	struct run *rn = arg;
	struct ingest_file f;

	rn->round.pages++;
	if (strcmp(source, "costexplorer") == 0)
		return (billing_page(rn, name, data, len, err));
	if (strcmp(source, "cloudwatch") == 0)
		return (charges_page(rn, data, len));
	if (ingest_buffer(rn->ic, name, data, len, &f) == -1 &&
	    f.status == INGEST_FAILED)
		return (wr_fail(err, WR_ERR_SCHEMA, name, "ingest: %s",
		    f.reason));
	rn->round.items += f.records;
	rn->round.new_items += f.new;
	return (0);
}

/* One source in one region; its cursor moves on success. */
static void
poll_one(struct run *rn, const char *source, const char *region,
    struct provider_stats *st)
{
	cJSON *curs = cJSON_GetObjectItem(rn->row.json, "sources");
	char key[128], text[WR_ERR_MSG_LEN + WR_ERR_WHERE_LEN + 4];
	struct wr_err err;
	int64_t cursor;

	snprintf(key, sizeof key, "%s:%s", source, region);
	cursor = json_ms(curs, key);
	wr_err_clear(&err);
	if (rn->p->poll(rn->sess, source, region, rn->o->since, &cursor,
	    on_page, rn, st, &err) == 0) {
		json_set(curs, key, cJSON_CreateNumber((double)cursor));
		return;
	}
	wr_err_text(&err, text, sizeof text);
	log_warn("%s in %s: %s", source, region, text);
	/* Rejected credentials may have expired: resolve them anew. */
	if (err.code == WR_ERR_SIG || err.code == WR_ERR_CREDS)
		rn->reopen = 1;
	if (rn->round.errors++ == 0) {
		strlcpy_wr(rn->round.error, text, sizeof rn->round.error);
		rn->round.code = err.code;
	}
}

static int
source_enabled(const struct run *rn, const char *s)
{
	size_t i;

	for (i = 0; rn->sources[i] != NULL; i++)
		if (strcmp(rn->sources[i], s) == 0)
			return (1);
	return (0);
}

/* After a round: errors, throttling, health, next poll. */
static void
round_state(struct run *rn, int64_t start, const struct provider_stats *st)
{
	struct crow *r = &rn->row;
	int64_t now = time_now_ms();

	r->last_poll = start;
	r->next_poll = now + rn->o->interval_ms;
	r->throttled += st->throttled;
	r->pid = (long)getpid();
	rn->round.throttled = st->throttled;
	json_set(r->json, "interval_ms",
	    cJSON_CreateNumber((double)rn->o->interval_ms));
	json_set(r->json, "skew", cJSON_CreateString(st->skew));
	if (rn->round.errors == 0) {
		if (r->error_since != TIME_NONE ||
		    json_ms(r->json, "health_since") == 0)
			json_set(r->json, "health_since",
			    cJSON_CreateNumber((double)now));
		r->error_since = TIME_NONE;
		r->last_error[0] = '\0';
		r->last_ok = now;
	} else {
		if (r->error_since == TIME_NONE)
			r->error_since = now;
		strlcpy_wr(r->last_error, rn->round.error,
		    sizeof r->last_error);
	}
	snprintf(r->state, sizeof r->state, "%s", rn->round.errors ?
	    "failing" : "idle");
}

/* Open the session and learn the account; errors count as a round's. */
static int
ensure_session(struct run *rn)
{
	char arn[PROVIDER_ID_LEN], text[WR_ERR_MSG_LEN + WR_ERR_WHERE_LEN + 4];
	struct wr_err err;

	if (rn->sess != NULL && rn->reopen) {
		rn->p->close(rn->sess);
		rn->sess = NULL;
	}
	rn->reopen = 0;
	if (rn->sess != NULL)
		return (0);
	wr_err_clear(&err);
	if (rn->p->open(&rn->o->provider, &rn->sess, &err) == 0 &&
	    rn->p->identity(rn->sess, rn->row.account, sizeof rn->row.account,
	    arn, sizeof arn, &err) == 0) {
		log_info("watching account %s as %s", rn->row.account, arn);
		return (0);
	}
	if (rn->sess != NULL)
		rn->p->close(rn->sess);
	rn->sess = NULL;
	wr_err_text(&err, text, sizeof text);
	log_warn("%s", text);
	rn->round.errors++;
	rn->round.code = err.code;
	strlcpy_wr(rn->round.error, text, sizeof rn->round.error);
	return (-1);
}

/*
 * Approved containment actions and requested undos first: operators
 * over SSH hold no AWS credentials, so the collector carries them out
 * (core/action.h); each outcome is on the action's row and the
 * timeline.
 */
static void
run_actions(struct run *rn)
{
	struct wr_err err;
	int ran;

	if (rn->p->act == NULL)
		return;
	if (action_run_pending(rn->ic->store, rn->ic->op, rn->p, rn->sess,
	    rn->ic->incident_id, &ran, &err) == -1)
		log_warn("containment actions: %s", err.msg);
	else if (ran > 0)
		log_info("carried out %d containment action(s)", ran);
}

static int
one_round(struct run *rn, struct wr_err *err)
{
	struct provider_stats st;
	const char *const *regions;
	int64_t start = time_now_ms();
	size_t i, j;

	memset(&rn->round, 0, sizeof rn->round);
	memset(&st, 0, sizeof st);
	if (cJSON_GetObjectItem(rn->row.json, "sources") == NULL)
		cJSON_AddObjectToObject(rn->row.json, "sources");
	if (ensure_session(rn) == 0) {
		run_actions(rn);
		regions = rn->p->regions(rn->sess);
		for (i = 0; rn->p->sources[i] != NULL; i++) {
			if (!source_enabled(rn, rn->p->sources[i]))
				continue;
			for (j = 0; regions[j] != NULL; j++)
				poll_one(rn, rn->p->sources[i], regions[j],
				    &st);
		}
	}
	round_state(rn, start, &st);
	if (rn->o->on_round != NULL)
		rn->o->on_round(&rn->round, rn->o->arg);
	return (row_commit(rn->ic->store, rn->ic->incident_id, &rn->row,
	    err));
}

/*
 * Between rounds: an action approved (or an undo requested) meanwhile
 * is carried out within about this long, not at the next round (a
 * commander waiting on a disabled key must not wait a poll interval).
 */
#define COLLECTOR_ACTION_CHECK_MS 500

/* 1 when an action or an undo waits and this collector can run it. */
static int
actions_waiting(struct run *rn)
{
	struct wr_err err;
	int rc;

	if (rn->p->act == NULL)
		return (0);
	if ((rc = action_waiting(rn->ic->store, rn->ic->incident_id,
	    &err)) == -1)
		log_warn("containment actions: %s", err.msg);
	return (rc == 1);
}

/*
 * Sleep until t or until stop is set, in short slices, carrying out
 * approved actions and requested undos as they come.  The wait is
 * measured on the real clock, since a test build may pin "now".
 */
static void
wait_until(struct run *rn, int64_t t, volatile sig_atomic_t *stop)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int64_t now = time_real_ms(), end = now + (t - time_now_ms());
	int64_t check = now + COLLECTOR_ACTION_CHECK_MS;

	while ((stop == NULL || !*stop) && (now = time_real_ms()) < end) {
		if (now >= check && actions_waiting(rn)) {
			if (ensure_session(rn) == 0)
				run_actions(rn);
			else	/* The next round reports why. */
				check = end;
		}
		if (now >= check)
			check = now + COLLECTOR_ACTION_CHECK_MS;
		nanosleep(&ts, NULL);
	}
}

/* Sources from the options, else watch.sources, else all. */
static void
pick_sources(struct run *rn)
{
	const cJSON *cfg = config_get("watch.sources"), *v;
	size_t n = 0;

	if (rn->o->sources != NULL) {
		rn->sources = rn->o->sources;
		return;
	}
	if (!cJSON_IsArray(cfg)) {
		rn->sources = rn->p->sources;
		return;
	}
	rn->own_sources = xcalloc((size_t)cJSON_GetArraySize(cfg) + 1,
	    sizeof *rn->own_sources);
	cJSON_ArrayForEach(v, cfg)
		if (cJSON_IsString(v))
			rn->own_sources[n++] = xstrdup(v->valuestring);
	rn->sources = (const char *const *)rn->own_sources;
}

static void
run_free(struct run *rn)
{
	size_t i;

	if (rn->sess != NULL)
		rn->p->close(rn->sess);
	for (i = 0; rn->own_sources != NULL && rn->own_sources[i]; i++)
		free(rn->own_sources[i]);
	free(rn->own_sources);
	cJSON_Delete(rn->row.json);
}

/*
 * One collector per incident: another live process on this host that
 * has not stopped keeps the incident.  A crashed one (no such pid) does
 * not, nor does a finished --once.
 */
static int
other_running(const struct crow *r)
{
	if (strcmp(r->state, "stopped") == 0 || r->pid <= 0 ||
	    r->pid == (long)getpid())
		return (0);
	return (kill((pid_t)r->pid, 0) == 0 || errno == EPERM);
}

int
collector_run(struct ingest_ctx *ic, const struct wr_provider *p,
    const struct collector_opts *o, struct wr_err *err)
{
	struct run rn;
	int found, rc = 0;

	memset(&rn, 0, sizeof rn);
	rn.ic = ic;
	rn.p = p;
	rn.o = o;
	if (row_load(ic->store, ic->incident_id, &rn.row, &found, err) == -1)
		return (-1);
	if (found && other_running(&rn.row)) {
		cJSON_Delete(rn.row.json);
		return (wr_fail(err, WR_ERR_EXISTS, "watch", "a collector "
		    "(pid %ld) already watches incident %lld", rn.row.pid,
		    (long long)ic->incident_id));
	}
	if (!found)
		rn.row.last_poll = rn.row.next_poll = rn.row.last_ok =
		    rn.row.error_since = TIME_NONE;
	pick_sources(&rn);
	while (o->stop == NULL || !*o->stop) {
		if ((rc = one_round(&rn, err)) == -1)
			break;
		if (o->once) {
			if (rn.round.errors > 0)
				rc = wr_fail(err, rn.round.code, "watch", "%s",
				    rn.round.error);
			break;
		}
		wait_until(&rn, rn.row.next_poll, o->stop);
	}
	if (!o->once && rc == 0) {
		snprintf(rn.row.state, sizeof rn.row.state, "stopped");
		rc = row_commit(ic->store, ic->incident_id, &rn.row, err);
	}
	run_free(&rn);
	return (rc);
}
