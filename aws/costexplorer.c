/*
 * Cost Explorer GetAnomalies (JSON 1.1, a global service answered from
 * us-east-1).  Anomalies are dated by day, so the cursor is the start
 * of the newest anomaly's day and each poll asks from there.
 */
#include "aws/clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "aws/session.h"
#include "core/timeutil.h"
#include "core/util.h"

static void
day(int64_t ms, char out[11])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static char *
anomalies_body(int64_t from, int64_t to, const char *token)
{
	cJSON *b = cJSON_CreateObject(), *di;
	char d1[11], d2[11], *s;

	day(from, d1);
	day(to, d2);
	di = cJSON_AddObjectToObject(b, "DateInterval");
	cJSON_AddStringToObject(di, "StartDate", d1);
	cJSON_AddStringToObject(di, "EndDate", d2);
	cJSON_AddNumberToObject(b, "MaxResults", 100);
	if (token != NULL)
		cJSON_AddStringToObject(b, "NextPageToken", token);
	s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return (s);
}

/* Next token and the newest anomaly start (ms) of one page. */
static char *
scan(const struct http_response *r, int64_t *newest, long *n,
    struct wr_err *err)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const cJSON *a;
	const char *d, *tok;
	char iso[40], *next;
	int64_t ms;

	if (j == NULL || !cJSON_IsArray(cJSON_GetObjectItem(j, "Anomalies"))) {
		cJSON_Delete(j);
		wr_fail(err, WR_ERR_SCHEMA, "ce GetAnomalies",
		    "reply has no Anomalies array");
		return (NULL);
	}
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(j, "Anomalies")) {
		(*n)++;
		d = cJSON_GetStringValue(cJSON_GetObjectItem(a,
		    "AnomalyStartDate"));
		if (d == NULL)
			continue;
		snprintf(iso, sizeof iso, "%.10sT00:00:00Z", d);
		if (time_parse_iso(iso, &ms) == 0 && ms > *newest)
			*newest = ms;
	}
	tok = cJSON_GetStringValue(cJSON_GetObjectItem(j, "NextPageToken"));
	next = xstrdup(tok != NULL ? tok : "");
	cJSON_Delete(j);
	return (next);
}

int
costexplorer_poll(struct provider_session *s, int64_t since,
    int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	int64_t from = *cursor > 0 ? *cursor : since, newest = from;
	struct session_call c;
	struct http_response r;
	char *body, *token = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	c.what = "ce GetAnomalies";
	c.service_id = "Cost Explorer";
	c.prefix = c.signing = "ce";
	c.region = "us-east-1";
	c.path = "/";
	c.target = "AWSInsightsIndexService.GetAnomalies";
	c.content_type = "application/x-amz-json-1.1";
	do {
		body = anomalies_body(from, time_now_ms(), token);
		free(token);
		c.body = body;
		rc = session_call(s, &c, &r, st, err);
		free(body);
		token = NULL;
		if (rc == 0 && (token = scan(&r, &newest, &st->items, err)) ==
		    NULL)
			rc = -1;
		if (rc == 0) {
			st->pages++;
			rc = page(arg, "costexplorer", "ce:GetAnomalies",
			    r.body.data, r.body.len, err);
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
