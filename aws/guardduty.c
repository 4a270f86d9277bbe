/*
 * GuardDuty (REST-JSON): the detector of each region, then the ids of
 * findings updated since the cursor, oldest first, then the findings
 * themselves in batches of 50 (GetFindings' limit).  Each GetFindings
 * reply goes to ingest as it came.
 */
#include "aws/clients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "aws/session.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/util.h"

#define GD_BATCH 50

static int
gd_call(struct provider_session *s, const char *region, const char *what,
    const char *path, const char *body, struct http_response *r,
    struct provider_stats *st, struct wr_err *err)
{
	struct session_call c;

	memset(&c, 0, sizeof c);
	c.what = what;
	c.service_id = "GuardDuty";
	c.prefix = "guardduty";
	c.signing = "guardduty";
	c.region = region;
	c.path = path;
	c.content_type = "application/json";
	c.body = body;
	return (session_call(s, &c, r, st, err));
}

static cJSON *
reply_json(const struct http_response *r, const char *what,
    struct wr_err *err)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data != NULL ?
	    r->body.data : "", r->body.len);

	if (j == NULL || !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		wr_fail(err, WR_ERR_JSON, what, "reply is not a JSON object");
	}
	return (j);
}

int
guardduty_detector(struct provider_session *s, const char *region,
    char *buf, size_t len, struct provider_stats *st, struct wr_err *err)
{
	struct session_region *sr = session_region(s, region);
	struct http_response r;
	const cJSON *ids;
	cJSON *j;
	int rc;

	if (sr != NULL && sr->detector_known) {
		snprintf(buf, len, "%s", sr->detector);
		return (0);
	}
	rc = gd_call(s, region, "guardduty ListDetectors", "/detector", NULL,
	    &r, st, err);
	if (rc == 0 && (j = reply_json(&r, "guardduty ListDetectors", err))
	    != NULL) {
		ids = cJSON_GetObjectItem(j, "detectorIds");
		snprintf(buf, len, "%s", cJSON_IsArray(ids) &&
		    cJSON_GetArraySize(ids) > 0 ? cJSON_GetStringValue(
		    cJSON_GetArrayItem(ids, 0)) : "");
		cJSON_Delete(j);
		if (sr != NULL) {
			snprintf(sr->detector, sizeof sr->detector, "%s", buf);
			sr->detector_known = 1;
		}
		if (*buf == '\0')
			log_warn("GuardDuty has no detector in %s", region);
	} else
		rc = -1;
	http_response_free(&r);
	return (rc);
}

/* ListFindings body for one page. */
static char *
list_body(int64_t from, const char *token)
{
	cJSON *b = cJSON_CreateObject(), *crit, *upd, *sort;
	char *s;

	crit = cJSON_AddObjectToObject(cJSON_AddObjectToObject(b,
	    "findingCriteria"), "criterion");
	upd = cJSON_AddObjectToObject(crit, "updatedAt");
	cJSON_AddNumberToObject(upd, "gte", (double)from);
	sort = cJSON_AddObjectToObject(b, "sortCriteria");
	cJSON_AddStringToObject(sort, "attributeName", "updatedAt");
	cJSON_AddStringToObject(sort, "orderBy", "ASC");
	cJSON_AddNumberToObject(b, "maxResults", GD_BATCH);
	if (token != NULL)
		cJSON_AddStringToObject(b, "nextToken", token);
	s = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	return (s);
}

static void
add_id(cJSON *ids, const cJSON *id)
{
	if (cJSON_IsString(id))
		cJSON_AddItemToArray(ids, cJSON_CreateString(id->valuestring));
}

/* nextToken, or NULL at the last page; caller frees. */
static char *
next_token(const cJSON *j)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(j,
	    "nextToken"));

	return (t != NULL && *t != '\0' ? xstrdup(t) : NULL);
}

/* Every id updated since from, across pages, into ids (an array). */
static int
list_ids(struct provider_session *s, const char *region, const char *det,
    int64_t from, cJSON *ids, struct provider_stats *st, struct wr_err *err)
{
	struct http_response r;
	char *path, *body, *token = NULL;
	const cJSON *page, *id;
	cJSON *j;
	int rc = 0;

	path = xasprintf("/detector/%s/findings", det);
	do {
		body = list_body(from, token);
		free(token);
		token = NULL;
		rc = gd_call(s, region, "guardduty ListFindings", path, body,
		    &r, st, err);
		free(body);
		if (rc == 0 && (j = reply_json(&r, "guardduty ListFindings",
		    err)) != NULL) {
			page = cJSON_GetObjectItem(j, "findingIds");
			cJSON_ArrayForEach(id, page)
				add_id(ids, id);
			token = next_token(j);
			cJSON_Delete(j);
			st->pages++;
		} else
			rc = -1;
		http_response_free(&r);
	} while (rc == 0 && token != NULL);
	free(token);
	free(path);
	return (rc);
}

/* The newest updatedAt in a GetFindings reply, or keep *newest. */
static void
newest_update(const struct http_response *r, int64_t *newest, long *n)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const cJSON *f;
	const char *u;
	int64_t t;

	cJSON_ArrayForEach(f, cJSON_GetObjectItem(j, "findings")) {
		(*n)++;
		u = cJSON_GetStringValue(cJSON_GetObjectItem(f, "updatedAt"));
		if (u != NULL && time_parse_iso(u, &t) == 0 && t > *newest)
			*newest = t;
	}
	cJSON_Delete(j);
}

static int
get_batch(struct provider_session *s, const char *region, const char *det,
    cJSON *ids, int start, provider_page_fn page, void *arg,
    int64_t *newest, struct provider_stats *st, struct wr_err *err)
{
	struct http_response r;
	cJSON *b, *batch;
	char *path, *body, name[96];
	int i, n = cJSON_GetArraySize(ids), rc;

	b = cJSON_CreateObject();
	batch = cJSON_AddArrayToObject(b, "findingIds");
	for (i = start; i < n && i < start + GD_BATCH; i++)
		cJSON_AddItemToArray(batch, cJSON_CreateString(
		    cJSON_GetArrayItem(ids, i)->valuestring));
	body = cJSON_PrintUnformatted(b);
	cJSON_Delete(b);
	path = xasprintf("/detector/%s/findings/get", det);
	rc = gd_call(s, region, "guardduty GetFindings", path, body, &r, st,
	    err);
	free(body);
	free(path);
	if (rc == 0) {
		st->pages++;
		newest_update(&r, newest, &st->items);
		snprintf(name, sizeof name, "guardduty:GetFindings %s", region);
		rc = page(arg, "guardduty", name, r.body.data, r.body.len,
		    err);
	}
	http_response_free(&r);
	return (rc);
}

int
guardduty_poll(struct provider_session *s, const char *region,
    int64_t since, int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	char det[128];
	int64_t from = *cursor > 0 ? *cursor : since, newest = from;
	cJSON *ids;
	int i, n, rc;

	if (guardduty_detector(s, region, det, sizeof det, st, err) == -1)
		return (-1);
	if (*det == '\0')
		return (0);
	ids = cJSON_CreateArray();
	rc = list_ids(s, region, det, from, ids, st, err);
	n = cJSON_GetArraySize(ids);
	for (i = 0; rc == 0 && i < n; i += GD_BATCH)
		rc = get_batch(s, region, det, ids, i, page, arg, &newest, st,
		    err);
	cJSON_Delete(ids);
	if (rc == 0)
		*cursor = newest;
	return (rc);
}
