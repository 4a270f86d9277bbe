/*
 * Billing signal -> finding fields.  An anomaly's impact (actual minus
 * expected spend) sets its level; for EstimatedCharges the rise over
 * the series does, and the month-to-date total alone can reach P2.
 */
#include "core/billing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config.h"
#include "core/timeutil.h"
#include "core/util.h"

void
billing_thresholds(struct billing_thresholds *t)
{
	t->minor_usd = config_number("billing.minor_usd", 100);
	t->major_usd = config_number("billing.major_usd", 1000);
	t->critical_usd = config_number("billing.critical_usd", 10000);
	t->unauth_pct = config_number("billing.unauthorized_percent", 500);
}

int
billing_level(const struct billing_thresholds *t, double usd, double pct)
{
	if (usd >= t->critical_usd)
		return (1);
	if (usd >= t->major_usd)
		return (pct >= 0 && pct >= t->unauth_pct ? 1 : 2);
	if (usd >= t->minor_usd)
		return (3);
	return (4);
}

/* Either spelling of a key: "Impact" or "impact". */
static const cJSON *
get2(const cJSON *o, const char *pascal)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, pascal);
	char camel[64];

	if (v != NULL || pascal[0] == '\0')
		return (v);
	strlcpy_wr(camel, pascal, sizeof camel);
	camel[0] = (char)(camel[0] - 'A' + 'a');
	return (cJSON_GetObjectItemCaseSensitive(o, camel));
}

static double
num2(const cJSON *o, const char *key, double def)
{
	const cJSON *v = get2(o, key);
	char *end;
	double d;

	if (cJSON_IsNumber(v))
		return (v->valuedouble);
	if (cJSON_IsString(v)) {
		d = strtod(v->valuestring, &end);
		if (end != v->valuestring && *end == '\0')
			return (d);
	}
	return (def);
}

static const char *
str2(const cJSON *o, const char *key)
{
	const cJSON *v = get2(o, key);

	return (cJSON_IsString(v) ? v->valuestring : "");
}

static int64_t
time2(const cJSON *o, const char *key)
{
	const cJSON *v = get2(o, key);
	char full[32];
	int64_t ms;

	if (cJSON_IsString(v) && time_parse_iso(v->valuestring, &ms) == 0)
		return (ms);
	/* Cost Explorer often gives a bare date: "2026-11-02". */
	if (cJSON_IsString(v) && strlen(v->valuestring) == 10) {
		snprintf(full, sizeof full, "%sT00:00:00Z", v->valuestring);
		if (time_parse_iso(full, &ms) == 0)
			return (ms);
	}
	if (cJSON_IsNumber(v))
		return ((int64_t)(v->valuedouble * 1000.0));
	return (TIME_NONE);
}

static const cJSON *
anomalies(const cJSON *doc)
{
	const cJSON *a = get2(doc, "Anomalies");

	if (cJSON_IsArray(a))
		return (a);
	/* One anomaly alone, as an alert carries it. */
	if (get2(doc, "AnomalyId") != NULL && get2(doc, "Impact") != NULL)
		return (doc);
	return (NULL);
}

static const cJSON *
charges(const cJSON *doc)
{
	const cJSON *r = get2(doc, "MetricDataResults");

	if (cJSON_IsArray(r))
		return (r);
	if (strcmp(str2(doc, "Label"), "EstimatedCharges") == 0 &&
	    cJSON_IsArray(get2(doc, "Datapoints")))
		return (doc);
	return (NULL);
}

int
billing_is_signal(const cJSON *doc)
{
	return (cJSON_IsObject(doc) &&
	    (anomalies(doc) != NULL || charges(doc) != NULL));
}

/* The first root cause, in words: "Amazon EC2 in us-east-1 (...)". */
static void
root_cause(const cJSON *a, struct billing_text *t)
{
	const cJSON *rc = cJSON_GetArrayItem(get2(a, "RootCauses"), 0);
	const char *svc = str2(rc, "Service"), *use = str2(rc, "UsageType");

	strlcpy_wr(t->region, str2(rc, "Region"), sizeof t->region);
	strlcpy_wr(t->account, str2(rc, "LinkedAccount"), sizeof t->account);
	snprintf(t->resource, sizeof t->resource, "%s%s%s%s%s",
	    svc[0] != '\0' ? svc : "unknown service",
	    t->region[0] != '\0' ? " in " : "", t->region,
	    use[0] != '\0' ? ", " : "", use);
}

static int
one_anomaly(const cJSON *a, int64_t incident,
    const struct billing_thresholds *th, struct finding *f,
    struct billing_text *t)
{
	const cJSON *imp = get2(a, "Impact");
	double total = num2(imp, "TotalImpact", num2(imp, "MaxImpact", 0));
	double actual = num2(imp, "TotalActualSpend", -1);
	double expected = num2(imp, "TotalExpectedSpend", -1);
	double pct = num2(imp, "TotalImpactPercentage", -1);

	if (pct < 0 && expected > 0 && actual >= 0)
		pct = 100.0 * (actual - expected) / expected;
	memset(t, 0, sizeof *t);
	root_cause(a, t);
	snprintf(t->ext_id, sizeof t->ext_id, "anomaly:%s",
	    str2(a, "AnomalyId"));
	strlcpy_wr(t->type, "billing:cost-anomaly", sizeof t->type);
	snprintf(t->title, sizeof t->title, "Cost anomaly: $%.0f over "
	    "expected (%s)", total, t->resource);
	if (pct >= 0)
		snprintf(t->description, sizeof t->description, "Cost Anomaly "
		    "Detection: $%.2f above expected, %.0f%% over; actual "
		    "$%.2f", total, pct, actual);
	else
		snprintf(t->description, sizeof t->description, "Cost Anomaly "
		    "Detection: $%.2f above expected", total);
	snprintf(t->principal, sizeof t->principal, "account:%s",
	    t->account[0] != '\0' ? t->account : "billing");
	memset(f, 0, sizeof *f);
	f->incident_id = incident;
	f->p_level = billing_level(th, total, pct);
	f->severity = num2(get2(a, "AnomalyScore"), "MaxScore", 0);
	f->first_seen = time2(a, "AnomalyStartDate");
	f->last_seen = time2(a, "AnomalyEndDate");
	if (f->last_seen == TIME_NONE)
		f->last_seen = f->first_seen;
	return (0);
}

/* Values of one series, in time order: (first, last, t_first, t_last). */
struct series {
	double	first, last, max;
	int64_t	t_first, t_last;
	int	n;
};

static void
series_add(struct series *s, int64_t t, double v)
{
	if (s->n == 0 || t < s->t_first) {
		s->t_first = t;
		s->first = v;
	}
	if (s->n == 0 || t >= s->t_last) {
		s->t_last = t;
		s->last = v;
	}
	if (s->n == 0 || v > s->max)
		s->max = v;
	s->n++;
}

/* GetMetricStatistics: Datapoints [{Timestamp, Maximum|Average|Sum}]. */
static void
series_points(const cJSON *doc, struct series *s)
{
	const cJSON *p;
	double v;

	cJSON_ArrayForEach(p, get2(doc, "Datapoints")) {
		v = num2(p, "Maximum", num2(p, "Average", num2(p, "Sum",
		    NAN)));
		if (!isnan(v))
			series_add(s, time2(p, "Timestamp"), v);
	}
}

/* GetMetricData: {Timestamps: [...], Values: [...]} side by side. */
static void
series_data(const cJSON *r, struct series *s)
{
	const cJSON *ts = get2(r, "Timestamps"), *vs = get2(r, "Values");
	const cJSON *t, *v;
	int64_t ms;

	for (t = ts != NULL ? ts->child : NULL, v = vs != NULL ? vs->child :
	    NULL; t != NULL && v != NULL; t = t->next, v = v->next) {
		if (!cJSON_IsNumber(v) || !cJSON_IsString(t) ||
		    time_parse_iso(t->valuestring, &ms) == -1)
			continue;
		series_add(s, ms, v->valuedouble);
	}
}

static void
charges_finding(const struct series *s, const char *label, int64_t incident,
    const struct billing_thresholds *th, struct finding *f,
    struct billing_text *t)
{
	double rise = s->last - s->first;
	char day[TIME_ISO_LEN];
	int lv_rise = billing_level(th, rise, -1);
	int lv_total = s->last >= th->major_usd ? 2 : 4;

	memset(t, 0, sizeof *t);
	time_fmt_iso(s->t_first, day, sizeof day);
	day[7] = '\0';		/* "2026-11": one finding per month */
	snprintf(t->ext_id, sizeof t->ext_id, "estimated-charges:%s:%s",
	    label, day);
	strlcpy_wr(t->type, "billing:estimated-charges", sizeof t->type);
	snprintf(t->title, sizeof t->title, "Estimated charges $%.0f, up "
	    "$%.0f in this series", s->last, rise);
	snprintf(t->description, sizeof t->description, "CloudWatch "
	    "EstimatedCharges rose from $%.2f to $%.2f over %d points",
	    s->first, s->last, s->n);
	strlcpy_wr(t->principal, "account:billing", sizeof t->principal);
	strlcpy_wr(t->resource, label, sizeof t->resource);
	memset(f, 0, sizeof *f);
	f->incident_id = incident;
	f->p_level = lv_rise < lv_total ? lv_rise : lv_total;
	f->first_seen = s->t_first;
	f->last_seen = s->t_last;
}

static void
fill_strings(struct finding *f, struct billing_text *t)
{
	f->source = "billing";
	f->ext_id = t->ext_id;
	f->type = t->type;
	f->title = t->title;
	f->description = t->description;
	f->principal = t->principal;
	f->resource = t->resource;
	f->region = t->region;
	f->account = t->account;
	f->updated_at = TIME_NONE;
	f->count = 1;
	f->status = "open";
}

static int
read_charges(const cJSON *list, const char *where, int64_t incident,
    const struct billing_thresholds *th,
    int (*fn)(const struct finding *, void *), void *arg,
    struct wr_err *err)
{
	struct billing_text t;
	struct finding f;
	const cJSON *r, *results = cJSON_IsArray(list) ? list : NULL;
	struct series s;
	int n = 0;

	cJSON_ArrayForEach(r, results) {
		if (strcasestr(str2(r, "Label"), "EstimatedCharges") == NULL &&
		    strcasestr(str2(r, "Id"), "charges") == NULL)
			continue;
		memset(&s, 0, sizeof s);
		series_data(r, &s);
		if (s.n == 0)
			continue;
		charges_finding(&s, str2(r, "Id"), incident, th, &f, &t);
		fill_strings(&f, &t);
		if (fn(&f, arg) == -1)
			return (wr_fail(err, WR_ERR_DB, where, "billing "
			    "finding not stored"));
		n++;
	}
	if (!cJSON_IsArray(list)) {
		memset(&s, 0, sizeof s);
		series_points(list, &s);
		if (s.n == 0)
			return (0);
		charges_finding(&s, "EstimatedCharges", incident, th, &f, &t);
		fill_strings(&f, &t);
		if (fn(&f, arg) == -1)
			return (wr_fail(err, WR_ERR_DB, where, "billing "
			    "finding not stored"));
		n++;
	}
	return (n);
}

int
billing_read(const cJSON *doc, const char *where, int64_t incident,
    const struct billing_thresholds *th,
    int (*fn)(const struct finding *, void *), void *arg,
    struct wr_err *err)
{
	struct billing_text t;
	struct finding f;
	const cJSON *list, *a;
	int n = 0;

	if (!billing_is_signal(doc))
		return (wr_fail(err, WR_ERR_SCHEMA, where, "not a billing "
		    "signal (Anomalies, AnomalyId or EstimatedCharges)"));
	if ((list = charges(doc)) != NULL)
		return (read_charges(list == doc ? doc : list, where,
		    incident, th, fn, arg, err));
	list = anomalies(doc);
	if (list == doc) {
		one_anomaly(doc, incident, th, &f, &t);
		fill_strings(&f, &t);
		return (fn(&f, arg) == -1 ? wr_fail(err, WR_ERR_DB, where,
		    "billing finding not stored") : 1);
	}
	cJSON_ArrayForEach(a, list) {
		if (!cJSON_IsObject(a))
			continue;
		one_anomaly(a, incident, th, &f, &t);
		fill_strings(&f, &t);
		if (fn(&f, arg) == -1)
			return (wr_fail(err, WR_ERR_DB, where, "billing "
			    "finding not stored"));
		n++;
	}
	return (n);
}
