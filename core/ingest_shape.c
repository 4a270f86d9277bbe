/*
 * Recognising what a document is, by content: CloudTrail S3 log files,
 * digests, LookupEvents output (API and CLI), EventBridge envelopes,
 * GuardDuty GetFindings output and bare findings, bare records, arrays
 * and NDJSON of any of these.  Records are handed on as the exact bytes
 * that arrived.
 */
#include "core/ingest_int.h"

#include <stdio.h>
#include <string.h>

#include "core/billing.h"
#include "core/event.h"
#include "core/guardduty.h"
#include "core/jsondepth.h"
#include "core/jsonscan.h"

static void
set_kind(struct ingest_run *r, const char *kind)
{
	if (r->kind == NULL)
		r->kind = kind;
	r->recognised = 1;
}

static int
bad_json(struct ingest_run *r, const char *at, const char *what)
{
	const char *p;
	long line = 1, col = 1;

	if (at == NULL || at < r->doc || at > r->doc + r->doc_len)
		return (wr_fail(r->err, WR_ERR_JSON, r->res->path, "%s", what));
	for (p = r->doc; p < at; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else
			col++;
	}
	return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
	    "%s at line %ld, column %ld", what, line, col));
}

static cJSON *
parse_span(const struct jspan *v)
{
	return (json_parse_aws(v->p, v->n));
}

/* Where cJSON gave up on the span v, as a line and column. */
static int
bad_span(struct ingest_run *r, const struct jspan *v, const char *what)
{
	const char *at = cJSON_GetErrorPtr();

	if (at == NULL || at < v->p || at > v->p + v->n)
		at = v->p;
	return (bad_json(r, at, what));
}

/* Records: the S3 log file array; each element is one record. */
static int
do_records(struct ingest_run *r, const struct jspan *v)
{
	struct jiter it;
	struct jspan key, el;
	cJSON *rec;
	int rc;

	if (v->p[0] != '[')
		return (wr_fail(r->err, WR_ERR_SCHEMA, r->res->path,
		    "schema: Records is not an array"));
	set_kind(r, "cloudtrail");
	jscan_open(&it, v);
	it.memo = r->memo;
	while ((rc = jscan_next(&it, &key, &el)) == 1) {
		/* A record's tree lives only while it is ingested. */
		if ((rec = json_parse_scratch(el.p, el.n)) == NULL)
			return (bad_span(r, &el, "invalid JSON in a record"));
		rc = ingest_record(r, rec, el.p, el.n);
		json_scratch_free(rec);
		if (rc == -1)
			return (-1);
	}
	if (rc == -1)
		return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
		    "malformed Records array after record %ld",
		    r->res->records));
	return (0);
}

/* LookupEvents: the record is the CloudTrailEvent string, parsed. */
static int
do_lookup(struct ingest_run *r, const cJSON *events)
{
	const cJSON *e, *ct;
	cJSON *rec;
	int rc, i = 0;

	set_kind(r, "lookup-events");
	cJSON_ArrayForEach(e, events) {
		i++;
		ct = cJSON_GetObjectItemCaseSensitive(e, "CloudTrailEvent");
		if (!cJSON_IsString(ct)) {
			r->other++;
			continue;
		}
		if ((rec = json_parse_aws(ct->valuestring,
		    strlen(ct->valuestring))) == NULL)
			return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
			    "Events[%d].CloudTrailEvent is not valid JSON",
			    i - 1));
		rc = ingest_record(r, rec, ct->valuestring,
		    strlen(ct->valuestring));
		cJSON_Delete(rec);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

static int
do_findings(struct ingest_run *r, const struct jspan *v)
{
	struct jiter it;
	struct jspan key, el;
	cJSON *o;
	int rc;

	if (v->p[0] != '[')
		return (wr_fail(r->err, WR_ERR_SCHEMA, r->res->path,
		    "schema: Findings is not an array"));
	jscan_open(&it, v);
	it.memo = r->memo;
	while ((rc = jscan_next(&it, &key, &el)) == 1) {
		if ((o = parse_span(&el)) == NULL)
			return (bad_span(r, &el, "invalid JSON in a finding"));
		if (gd_is_finding(o)) {
			set_kind(r, "guardduty");
			rc = ingest_gd(r, o, el.p, el.n);
		} else if (gd_is_asff(o))
			r->asff++;
		else
			r->other++;
		cJSON_Delete(o);
		if (rc == -1)
			return (-1);
	}
	if (rc == -1)
		return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
		    "malformed Findings array"));
	/* An empty page of GetFindings is still GuardDuty output. */
	if (v->n > 0 && r->kind == NULL && r->asff == 0 && r->other == 0)
		set_kind(r, "guardduty");
	return (0);
}

/* EventBridge: the record or the finding is the detail member. */
static int
do_envelope(struct ingest_run *r, const cJSON *o, const struct jspan *dspan)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "detail");
	const char *dt = event_str(o, "detail-type");

	if (cJSON_IsObject(d) && event_is_record(d)) {
		set_kind(r, "eventbridge");
		return (ingest_record(r, d, dspan->p, dspan->n));
	}
	if (cJSON_IsObject(d) && gd_is_finding(d)) {
		set_kind(r, "eventbridge");
		return (ingest_gd(r, d, dspan->p, dspan->n));
	}
	if (strcmp(dt, "GuardDuty Finding") == 0 ||
	    str_has_suffix(dt, "via CloudTrail"))
		r->empty_envelopes++;
	else
		r->other++;
	return (0);
}

static int
billing_one(const struct finding *f, void *arg)
{
	return (ingest_finding(arg, f));
}

/* Cost Anomaly Detection anomalies or an EstimatedCharges series. */
static int
do_billing(struct ingest_run *r, const cJSON *o)
{
	struct billing_thresholds th;

	set_kind(r, "billing");
	billing_thresholds(&th);
	return (billing_read(o, r->res->path, r->ic->incident_id, &th,
	    billing_one, r, r->err));
}

static void
note_keys(struct ingest_run *r, const cJSON *o)
{
	const cJSON *k;
	size_t n;

	if (r->other_keys[0] != '\0' || !cJSON_IsObject(o))
		return;
	for (k = o->child; k != NULL; k = k->next) {
		n = strlen(r->other_keys);
		if (n + strlen(k->string) + 3 >= sizeof r->other_keys)
			break;
		snprintf(r->other_keys + n, sizeof r->other_keys - n, "%s%s",
		    n > 0 ? ", " : "", k->string);
	}
}

/* An object that is not a log file: a record, a finding, an envelope. */
static int
do_single(struct ingest_run *r, const struct jspan *v,
    const struct jspan *detail)
{
	cJSON *o;
	int rc = 0;

	if ((o = parse_span(v)) == NULL)
		return (bad_span(r, v, "invalid JSON"));
	if (detail->p != NULL && cJSON_IsString(cJSON_GetObjectItem(o,
	    "detail-type")))
		rc = do_envelope(r, o, detail);
	else if (event_is_record(o)) {
		set_kind(r, "cloudtrail-record");
		rc = ingest_record(r, o, v->p, v->n);
	} else if (gd_is_finding(o)) {
		set_kind(r, "guardduty");
		rc = ingest_gd(r, o, v->p, v->n);
	} else if (gd_is_asff(o))
		r->asff++;
	else if (billing_is_signal(o))
		rc = do_billing(r, o);
	else {
		r->other++;
		note_keys(r, o);
	}
	cJSON_Delete(o);
	return (rc);
}

static int do_value(struct ingest_run *, const struct jspan *, int depth);

static int
do_object(struct ingest_run *r, const struct jspan *v)
{
	struct jspan key, val, records = { 0 }, events = { 0 };
	struct jspan findings = { 0 }, detail = { 0 };
	struct jiter it;
	int rc, digest = 0;

	jscan_open(&it, v);
	it.memo = r->memo;
	while ((rc = jscan_next(&it, &key, &val)) == 1) {
		if (jscan_key_is(&key, "Records"))
			records = val;
		else if (jscan_key_is(&key, "Events"))
			events = val;
		else if (jscan_key_is(&key, "Findings") ||
		    jscan_key_is(&key, "findings"))
			findings = val;
		else if (jscan_key_is(&key, "detail"))
			detail = val;
		else if (jscan_key_is(&key, "digestPublicKeyFingerprint") ||
		    jscan_key_is(&key, "logFiles"))
			digest = 1;
	}
	if (rc == -1)
		return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
		    "malformed JSON object"));
	if (records.p != NULL)
		return (do_records(r, &records));
	if (digest) {
		r->digest = 1;
		set_kind(r, "cloudtrail-digest");
		return (0);
	}
	if (findings.p != NULL)
		return (do_findings(r, &findings));
	if (events.p != NULL && events.p[0] == '[') {
		cJSON *ev = parse_span(&events);

		if (ev == NULL)
			return (bad_span(r, &events, "invalid JSON in Events"));
		rc = do_lookup(r, ev);
		cJSON_Delete(ev);
		return (rc);
	}
	return (do_single(r, v, &detail));
}

static int
do_array(struct ingest_run *r, const struct jspan *v, int depth)
{
	struct jiter it;
	struct jspan key, el;
	int rc;

	jscan_open(&it, v);
	it.memo = r->memo;
	while ((rc = jscan_next(&it, &key, &el)) == 1) {
		if (do_value(r, &el, depth + 1) == -1)
			return (-1);
	}
	if (rc == -1)
		return (wr_fail(r->err, WR_ERR_JSON, r->res->path,
		    "malformed JSON array"));
	return (0);
}

static int
do_value(struct ingest_run *r, const struct jspan *v, int depth)
{
	if (v->p[0] == '{')
		return (do_object(r, v));
	if (v->p[0] == '[' && depth < 2)
		return (do_array(r, v, depth));
	r->other++;
	return (0);
}

/* An XML answer where JSON was expected: most often an S3 error. */
static int
xml_body(struct ingest_run *r, const char *data, size_t len)
{
	const char *c, *e;
	char code[64] = "";

	if ((c = memmem(data, len, "<Code>", 6)) != NULL &&
	    (e = memmem(c, len - (size_t)(c - data), "</Code>", 7)) != NULL &&
	    e - c - 6 < (long)sizeof code)
		snprintf(code, sizeof code, "%.*s", (int)(e - c - 6), c + 6);
	if (memmem(data, len, "<Error>", 7) != NULL)
		return (wr_fail(r->err, WR_ERR_SCHEMA, r->res->path,
		    "not CloudTrail: S3 error %s",
		    code[0] != '\0' ? code : "(no code)"));
	return (wr_fail(r->err, WR_ERR_SCHEMA, r->res->path,
	    "not JSON: an XML or HTML document"));
}

/*
 * The text encoding, before any JSON: a UTF-8 byte order mark (some
 * Windows tools write one) is skipped; UTF-16, with its mark or as a
 * bracket followed or preceded by a NUL, is refused by name rather than
 * reported as invalid JSON at column 1.
 */
static int
encoding(struct ingest_run *r, const char **data, size_t *len)
{
	const unsigned char *u = (const unsigned char *)*data;

	if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*data += 3;
		*len -= 3;
		return (0);
	}
	if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0xFE && u[1] == 0xFF) ||
	    (u[1] == 0 && (u[0] == '{' || u[0] == '[')) ||
	    (u[0] == 0 && (u[1] == '{' || u[1] == '['))))
		return (wr_fail(r->err, WR_ERR_INVALID, r->res->path,
		    "UTF-16 text; convert to UTF-8 (iconv -f UTF-16 -t "
		    "UTF-8)"));
	return (0);
}

/* The scanner refused a value: too deep, or plain invalid JSON? */
static int
bad_value(struct ingest_run *r, const char *p, const char *end)
{
	char where[128], what[192], nth[32] = "";
	const char *at;

	if ((at = jdepth_find(p, end, JSCAN_MAX_DEPTH, where,
	    sizeof where)) != NULL) {
		/* NDJSON: which line's value, when it is not the first. */
		if (r->nvalues > 0)
			snprintf(nth, sizeof nth, " of value %ld",
			    (long)r->nvalues + 1);
		snprintf(what, sizeof what, "nested deeper than %d levels in "
		    "record %s%s", JSCAN_MAX_DEPTH, where, nth);
		return (bad_json(r, at, what));
	}
	/* cJSON finds the spot the scanner only knows of. */
	cJSON_Delete(cJSON_ParseWithLength(p, (size_t)(end - p)));
	return (bad_json(r, cJSON_GetErrorPtr(), "invalid JSON"));
}

/* Each top-level value, scanned once: the memo serves the levels below. */
static int
doc_values(struct ingest_run *r, const char *p, const char *end)
{
	struct jscan_memo memo;
	const char *q;
	struct jspan v;
	int rc = 0;

	jscan_memo_init(&memo);
	r->memo = &memo;
	while (rc == 0 && (p = jscan_ws(p, end)) < end) {
		if ((q = jscan_value_memo(p, end, &v, &memo)) == NULL)
			rc = bad_value(r, p, end);
		else if (v.p[0] != '{' && v.p[0] != '[')
			rc = bad_json(r, p, "invalid JSON (a bare value)");
		else {
			r->nvalues++;
			rc = do_value(r, &v, 0) == -1 ? -1 : 0;
			p = q;
		}
	}
	r->memo = NULL;
	jscan_memo_free(&memo);
	return (rc);
}

int
ingest_document(struct ingest_run *r, const char *data, size_t len)
{
	const char *p, *end;

	if (encoding(r, &data, &len) == -1)
		return (-1);
	p = data;
	end = data + len;
	r->doc = data;
	r->doc_len = len;
	p = jscan_ws(p, end);
	if (p < end && *p == '<')
		return (xml_body(r, p, (size_t)(end - p)));
	return (doc_values(r, p, end));
}
