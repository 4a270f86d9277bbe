/*
 * Sessions: credentials, regions and the shared HTTP client.  A
 * credentials error while refreshing is reported like any AWS error, so
 * the collector keeps running and says why it is failing.
 */
#include "aws/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/timeutil.h"
#include "core/util.h"

#define SESSION_REFRESH_MS (5 * 60 * 1000)

static int
add_region(struct provider_session *s, const char *name, struct wr_err *err)
{
	size_t i;

	for (i = 0; i < s->nregions; i++)
		if (strcmp(s->region[i].name, name) == 0)
			return (0);
	if (s->nregions == SESSION_MAX_REGIONS)
		return (wr_fail(err, WR_ERR_USAGE, name,
		    "more than %d regions", SESSION_MAX_REGIONS));
	if (*name == '\0' || strlen(name) >= sizeof s->region[0].name ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(name))
		return (wr_fail(err, WR_ERR_USAGE, name,
		    "not a region name"));
	snprintf(s->region[s->nregions].name, sizeof s->region[0].name,
	    "%s", name);
	s->region_names[s->nregions] = s->region[s->nregions].name;
	s->nregions++;
	s->region_names[s->nregions] = NULL;
	return (0);
}

int
session_open(struct provider_session *s, const struct provider_opts *o,
    struct wr_err *err)
{
	char region[64];
	size_t i;

	memset(s, 0, sizeof *s);
	if (o->profile != NULL) {
		snprintf(s->profile, sizeof s->profile, "%s", o->profile);
		s->cfg.profile = s->profile;
	}
	for (i = 0; o->regions != NULL && o->regions[i] != NULL; i++)
		if (add_region(s, o->regions[i], err) == -1)
			return (-1);
	if (s->nregions == 0) {
		if (creds_region(&s->cfg, region, sizeof region, err) == -1)
			return (-1);
		if (add_region(s, region, err) == -1)
			return (-1);
	}
	if (creds_resolve(&s->cfg, &s->creds, err) == -1)
		return (-1);
	http_client_init(&s->http, &s->creds);
	return (0);
}

void
session_free(struct provider_session *s)
{
	http_client_free(&s->http);
	creds_free(&s->creds);
	memset(s, 0, sizeof *s);
}

int
session_refresh(struct provider_session *s, struct wr_err *err)
{
	struct aws_creds fresh;

	if (!creds_expiring(&s->creds, time_now_ms(), SESSION_REFRESH_MS))
		return (0);
	if (creds_resolve(&s->cfg, &fresh, err) == -1)
		return (-1);
	creds_free(&s->creds);
	s->creds = fresh;
	log_info("credentials refreshed from %s", s->creds.source);
	return (0);
}

struct session_region *
session_region(struct provider_session *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nregions; i++)
		if (strcmp(s->region[i].name, name) == 0)
			return (&s->region[i]);
	return (NULL);
}

int
session_call(struct provider_session *s, const struct session_call *c,
    struct http_response *r, struct provider_stats *st, struct wr_err *err)
{
	struct sigv4_header h[2];
	struct http_request q;
	char *ep;
	int rc;

	memset(r, 0, sizeof *r);
	if (session_refresh(s, err) == -1)
		return (-1);
	ep = creds_endpoint(&s->cfg, c->service_id, c->prefix, c->region);
	memset(&q, 0, sizeof q);
	h[0].name = "Content-Type";
	h[0].value = c->content_type;
	h[1].name = "X-Amz-Target";
	h[1].value = c->target;
	q.what = c->what;
	q.method = c->body != NULL ? "POST" : "GET";
	q.endpoint = ep;
	q.path = c->path;
	q.headers = h;
	q.nheaders = c->target != NULL ? 2 : 1;
	q.body = c->body;
	q.body_len = c->body != NULL ? strlen(c->body) : 0;
	q.service = c->signing;
	q.region = c->region;
	rc = http_call(&s->http, &q, r, err);
	free(ep);
	if (st != NULL) {
		st->requests += r->attempts;
		st->throttled += r->throttled;
		http_skew_text(st->skew, sizeof st->skew);
	}
	return (rc);
}
