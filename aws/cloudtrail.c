/*
 * CloudTrail LookupEvents (JSON 1.1).  The API allows 2 requests per
 * second per account and region, so calls in one region are spaced at
 * least 500 ms apart; throttling beyond that is retried by aws/http.
 * NextToken goes back exactly as it came (it holds + / =, BR-05).
 * Events reach LookupEvents up to ~15 minutes late, so each poll reads
 * again from cursor - overlap; ingest drops what it has already seen.
 */
#include "aws/clients.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "aws/session.h"
#include "core/config.h"
#include "core/timeutil.h"
#include "core/util.h"

#define CT_PAGE 50
#define CT_SPACING_MS 500
#define CT_TARGET \
	"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"

static void
pace(struct session_region *sr)
{
	int64_t now = time_real_ms(), wait;
	struct timespec ts;

	if (sr == NULL)
		return;
	if ((wait = sr->ct_next - now) > 0) {
		ts.tv_sec = wait / 1000;
		ts.tv_nsec = (wait % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
}

/* Counted from the end of a call: its retries count against the rate. */
static void
paced(struct session_region *sr)
{
	if (sr != NULL)
		sr->ct_next = time_real_ms() + CT_SPACING_MS;
}

/* The request body; attributes from the config narrow the lookup. */
static char *
lookup_body(int64_t from, int64_t to, const char *token)
{
	const char *key = config_string("watch.cloudtrail.access_key", NULL);
	const char *user = config_string("watch.cloudtrail.user", NULL);
	cJSON *b = cJSON_CreateObject(), *attrs, *a;
	char *s;

	cJSON_AddNumberToObject(b, "StartTime", (double)from / 1000.0);
	cJSON_AddNumberToObject(b, "EndTime", (double)to / 1000.0);
	cJSON_AddNumberToObject(b, "MaxResults", CT_PAGE);
	/* LookupEvents takes one attribute at most. */
	if (key != NULL || user != NULL) {
		attrs = cJSON_AddArrayToObject(b, "LookupAttributes");
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "AttributeKey", key != NULL ?
		    "AccessKeyId" : "Username");
		cJSON_AddStringToObject(a, "AttributeValue", key != NULL ?
		    key : user);
		cJSON_AddItemToArray(attrs, a);
	}
	if (token != NULL)
		cJSON_AddStringToObject(b, "NextToken", token);
	s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return (s);
}

/* Newest EventTime (epoch seconds) of a page, and the next token. */
static char *
scan_page(const struct http_response *r, int64_t *newest, long *n,
    struct wr_err *err)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const cJSON *e, *t;
	const char *tok;
	char *next = NULL;
	int64_t ms;

	if (j == NULL || !cJSON_IsArray(cJSON_GetObjectItem(j, "Events"))) {
		cJSON_Delete(j);
		wr_fail(err, WR_ERR_SCHEMA, "cloudtrail LookupEvents",
		    "reply has no Events array");
		return (NULL);
	}
	cJSON_ArrayForEach(e, cJSON_GetObjectItem(j, "Events")) {
		(*n)++;
		t = cJSON_GetObjectItem(e, "EventTime");
		if (cJSON_IsNumber(t) && (ms = (int64_t)(t->valuedouble *
		    1000.0)) > *newest)
			*newest = ms;
	}
	tok = cJSON_GetStringValue(cJSON_GetObjectItem(j, "NextToken"));
	next = xstrdup(tok != NULL ? tok : "");
	cJSON_Delete(j);
	return (next);
}

int
cloudtrail_poll(struct provider_session *s, const char *region,
    int64_t since, int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	int64_t overlap = (int64_t)config_number("watch.cloudtrail.overlap_s",
	    900) * 1000, from, to = time_now_ms(), newest;
	struct session_call c;
	struct http_response r;
	char *body, *token = NULL, name[96];
	int rc;

	from = *cursor > 0 ? *cursor - overlap : since;
	newest = *cursor > 0 ? *cursor : since;
	memset(&c, 0, sizeof c);
	c.what = "cloudtrail LookupEvents";
	c.service_id = "CloudTrail";
	c.prefix = c.signing = "cloudtrail";
	c.region = region;
	c.path = "/";
	c.target = CT_TARGET;
	c.content_type = "application/x-amz-json-1.1";
	snprintf(name, sizeof name, "cloudtrail:LookupEvents %s", region);
	do {
		body = lookup_body(from, to, token);
		free(token);
		token = NULL;
		c.body = body;
		pace(session_region(s, region));
		rc = session_call(s, &c, &r, st, err);
		paced(session_region(s, region));
		free(body);
		if (rc == 0 && (token = scan_page(&r, &newest, &st->items,
		    err)) == NULL)
			rc = -1;
		if (rc == 0) {
			st->pages++;
			rc = page(arg, "cloudtrail", name, r.body.data,
			    r.body.len, err);
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
