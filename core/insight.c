/*
 * One finding per CloudTrail Insights burst.  The End record knows the
 * whole story (start from its duration, who it is attributed to), so
 * its title wins; a Start alone says the burst is ongoing.
 */
#include "core/insight.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/util.h"

static double
stat_avg(const cJSON *rec, const char *which)
{
	char path[96];
	const cJSON *v;

	snprintf(path, sizeof path,
	    "insightDetails.insightContext.statistics.%s.average", which);
	v = event_get(rec, path);
	return (cJSON_IsNumber(v) ? v->valuedouble : 0);
}

/* The user an End record attributes the burst to, or "". */
static const char *
attributed(const cJSON *rec)
{
	const cJSON *a, *list;

	list = event_get(rec, "insightDetails.insightContext.attributions");
	cJSON_ArrayForEach(a, list) {
		if (strcmp(event_str(a, "attribute"), "userIdentityArn") != 0)
			continue;
		return (event_str(cJSON_GetArrayItem(cJSON_GetObjectItem(a,
		    "insight"), 0), "value"));
	}
	return ("");
}

static void
title(const struct ct_event *ev, struct finding *f, struct insight_text *t,
    const char *who)
{
	const char *src = event_str(ev->json, "insightDetails.eventSource");
	const char *name = event_str(ev->json, "insightDetails.eventName");
	const char *type = event_str(ev->json, "insightDetails.insightType");
	const char *tail = strrchr(who, '/');
	char svc[64], a[TIME_ISO_LEN], b[TIME_ISO_LEN], by[300] = "";

	snprintf(svc, sizeof svc, "%.*s", (int)strcspn(src, "."), src);
	if (*who != '\0')
		snprintf(by, sizeof by, ", attributed to %s",
		    tail != NULL ? tail + 1 : who);
	time_fmt_short(f->first_seen, a, sizeof a);
	time_fmt_short(f->last_seen, b, sizeof b);
	snprintf(t->title, sizeof t->title, "%s %s %s rate %.1f vs baseline "
	    "%.1f, %s%s%s%s", svc, name, strstr(type, "Error") != NULL ?
	    "error" : "call", stat_avg(ev->json, "insight"),
	    stat_avg(ev->json, "baseline"), a, t->end ? " .. " : "",
	    t->end ? b : " (ongoing)", by);
}

int
insight_read(const struct ct_event *ev, int64_t incident, struct finding *f,
    struct insight_text *t)
{
	const char *shared = event_str(ev->json, "sharedEventID");
	const char *who = attributed(ev->json);
	const cJSON *dur;

	memset(f, 0, sizeof *f);
	memset(t, 0, sizeof *t);
	if (*shared == '\0')
		return (-1);
	t->end = strcmp(event_str(ev->json, "insightDetails.state"),
	    "End") == 0;
	strlcpy_wr(t->ext_id, shared, sizeof t->ext_id);
	snprintf(t->type, sizeof t->type, "cloudtrail-insight:%s",
	    event_str(ev->json, "insightDetails.insightType"));
	strlcpy_wr(t->principal, *who != '\0' ? who : "insights",
	    sizeof t->principal);
	f->first_seen = f->last_seen = ev->time_ms;
	dur = event_get(ev->json,
	    "insightDetails.insightContext.statistics.insightDuration");
	if (t->end && cJSON_IsNumber(dur) && ev->time_ms != TIME_NONE)
		f->first_seen = ev->time_ms - (int64_t)dur->valuedouble * 60000;
	title(ev, f, t, who);
	f->incident_id = incident;
	f->source = "rule";
	f->ext_id = t->ext_id;
	f->type = t->type;
	f->title = t->title;
	f->description = "CloudTrail Insights: an unusual rate of API calls "
	    "or errors";
	f->principal = t->principal;
	f->resource = "";
	f->region = ev->region;
	f->account = ev->recipient_account;
	f->p_level = 3;
	f->updated_at = TIME_NONE;
	f->count = t->end ? 0 : 1;
	return (0);
}
