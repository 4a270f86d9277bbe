/*
 * CloudWatch GetMetricData (the query protocol, XML replies) for the
 * AWS/Billing EstimatedCharges metric, which only exists in us-east-1.
 * The reply is turned into the JSON shape of the same API so that core
 * reads one format.
 */
#include "aws/clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "aws/session.h"
#include "aws/sigv4.h"
#include "aws/xml.h"
#include "core/timeutil.h"
#include "core/util.h"

#define CW_Q "MetricDataQueries.member.1."
#define CW_DAY_MS (24 * 3600 * 1000LL)

static void
form(struct buf *b, const char *key, const char *value)
{
	char *v = sigv4_uri_encode(value, strlen(value), 0);

	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", key, v);
	free(v);
}

static char *
metric_body(int64_t from, int64_t to, const char *token)
{
	char t1[TIME_ISO_LEN], t2[TIME_ISO_LEN];
	struct buf b;

	buf_init(&b);
	form(&b, "Action", "GetMetricData");
	form(&b, "Version", "2010-08-01");
	form(&b, "StartTime", time_fmt_iso(from - from % 1000, t1, sizeof t1));
	form(&b, "EndTime", time_fmt_iso(to - to % 1000, t2, sizeof t2));
	form(&b, "ScanBy", "TimestampAscending");
	form(&b, CW_Q "Id", "charges");
	form(&b, CW_Q "MetricStat.Metric.Namespace", "AWS/Billing");
	form(&b, CW_Q "MetricStat.Metric.MetricName", "EstimatedCharges");
	form(&b, CW_Q "MetricStat.Metric.Dimensions.member.1.Name",
	    "Currency");
	form(&b, CW_Q "MetricStat.Metric.Dimensions.member.1.Value", "USD");
	form(&b, CW_Q "MetricStat.Period", "21600");
	form(&b, CW_Q "MetricStat.Stat", "Maximum");
	if (token != NULL)
		form(&b, "NextToken", token);
	return (buf_steal(&b));
}

/* The XML reply as {"MetricDataResults":[...]} JSON; newest time. */
static char *
to_json(const struct http_response *r, int64_t *newest, long *items)
{
	char **ts, **vs, *s;
	size_t nt, nv, i;
	cJSON *root, *res, *m, *ta, *va;
	int64_t ms;

	ts = xml_list(r->body.data, r->body.len, "Timestamps", "member", &nt);
	vs = xml_list(r->body.data, r->body.len, "Values", "member", &nv);
	root = cJSON_CreateObject();
	res = cJSON_AddArrayToObject(root, "MetricDataResults");
	m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "Id", "charges");
	cJSON_AddStringToObject(m, "Label", "EstimatedCharges");
	ta = cJSON_AddArrayToObject(m, "Timestamps");
	va = cJSON_AddArrayToObject(m, "Values");
	for (i = 0; i < nt && i < nv; i++) {
		cJSON_AddItemToArray(ta, cJSON_CreateString(ts[i]));
		cJSON_AddItemToArray(va, cJSON_CreateNumber(strtod(vs[i],
		    NULL)));
		if (time_parse_iso(ts[i], &ms) == 0 && ms > *newest)
			*newest = ms;
		(*items)++;
	}
	cJSON_AddItemToArray(res, m);
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	xml_list_free(ts);
	xml_list_free(vs);
	return (s);
}

int
cloudwatch_poll(struct provider_session *s, int64_t since,
    int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	int64_t now = time_now_ms(), from = *cursor > 0 ? *cursor : since;
	int64_t newest = from;
	struct session_call c;
	struct http_response r;
	char *body, *json, *token = NULL;
	int rc;

	/* The metric is written every few hours: look back a day. */
	if (from > now - CW_DAY_MS)
		from = now - CW_DAY_MS;
	memset(&c, 0, sizeof c);
	c.what = "cloudwatch GetMetricData";
	c.service_id = "CloudWatch";
	c.prefix = c.signing = "monitoring";
	c.region = "us-east-1";
	c.path = "/";
	c.content_type = "application/x-www-form-urlencoded; charset=utf-8";
	do {
		body = metric_body(from, now, token);
		free(token);
		token = NULL;
		c.body = body;
		rc = session_call(s, &c, &r, st, err);
		free(body);
		if (rc == 0) {
			st->pages++;
			token = xml_text(r.body.data, r.body.len, "NextToken");
			json = to_json(&r, &newest, &st->items);
			rc = page(arg, "cloudwatch", "cloudwatch:GetMetricData",
			    json, strlen(json), err);
			free(json);
		}
		http_response_free(&r);
		if (token != NULL && *token == '\0') {
			free(token);
			token = NULL;
		}
	} while (rc == 0 && token != NULL);
	free(token);
	if (rc == 0)
		*cursor = newest;
	return (rc);
}
