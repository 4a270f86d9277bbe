/*
 * aws_provider: the struct wr_provider that tui/main.c hands to core.
 * It maps the collector's sources onto the API clients; the global
 * services (Cost Explorer, the billing metric) are polled once per
 * round, in the first region.
 */
#include "aws/provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/clients.h"
#include "aws/contain.h"
#include "aws/session.h"
#include "aws/sts.h"
#include "core/util.h"

static const char *const aws_sources[] = { "guardduty", "cloudtrail",
    "costexplorer", "cloudwatch", NULL };

static int
aws_open(const struct provider_opts *o, struct provider_session **out,
    struct wr_err *err)
{
	struct provider_session *s = xcalloc(1, sizeof *s);

	if (session_open(s, o, err) == -1) {
		session_free(s);
		free(s);
		*out = NULL;
		return (-1);
	}
	*out = s;
	return (0);
}

static const char *const *
aws_regions(struct provider_session *s)
{
	return (s->region_names);
}

static int
aws_identity(struct provider_session *s, char *account, size_t alen,
    char *arn, size_t arnlen, struct wr_err *err)
{
	struct sts_identity id;
	char *ep;
	int rc;

	if (session_refresh(s, err) == -1)
		return (-1);
	ep = creds_endpoint(&s->cfg, "STS", "sts", s->region[0].name);
	rc = sts_caller_identity(&s->http, ep, s->region[0].name, &id, err);
	free(ep);
	if (rc == 0) {
		snprintf(account, alen, "%s", id.account);
		snprintf(arn, arnlen, "%s", id.arn);
	}
	return (rc);
}

static int
aws_poll(struct provider_session *s, const char *source, const char *region,
    int64_t since, int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	int first = strcmp(region, s->region[0].name) == 0;

	if (strcmp(source, "guardduty") == 0)
		return (guardduty_poll(s, region, since, cursor, page, arg, st,
		    err));
	if (strcmp(source, "cloudtrail") == 0)
		return (cloudtrail_poll(s, region, since, cursor, page, arg, st,
		    err));
	if (strcmp(source, "costexplorer") == 0)
		return (first ? costexplorer_poll(s, since, cursor, page, arg,
		    st, err) : 0);
	if (strcmp(source, "cloudwatch") == 0)
		return (first ? cloudwatch_poll(s, since, cursor, page, arg, st,
		    err) : 0);
	return (wr_fail(err, WR_ERR_USAGE, source, "unknown source (known: "
	    "guardduty, cloudtrail, costexplorer, cloudwatch)"));
}

static void
aws_close(struct provider_session *s)
{
	if (s == NULL)
		return;
	session_free(s);
	free(s);
}

const struct wr_provider aws_provider = {
	"aws",
	aws_sources,
	aws_open,
	aws_regions,
	aws_identity,
	aws_poll,
	aws_close,
	contain_act,
	contain_verify,
	contain_undo,
};
