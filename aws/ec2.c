/*
 * EC2 containment over the Query protocol (XML replies): stop an
 * instance (undo: start it) and terminate one (no undo), each verified
 * with DescribeInstances reading the instance's state back.
 */
#include "aws/contain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/http.h"
#include "aws/session.h"
#include "aws/sigv4.h"
#include "aws/xml.h"
#include "core/util.h"

int
ec2_query(struct provider_session *s, const char *op, const char *region,
    const char *const *kv, struct http_response *r, struct wr_err *err)
{
	struct session_call c;
	char what[64], *v;
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "Action=%s", op);
	for (; kv != NULL && kv[0] != NULL; kv += 2) {
		v = sigv4_uri_encode(kv[1], strlen(kv[1]), 0);
		buf_printf(&b, "&%s=%s", kv[0], v);
		free(v);
	}
	buf_printf(&b, "&Version=2016-11-15");
	snprintf(what, sizeof what, "ec2 %s", op);
	memset(&c, 0, sizeof c);
	c.what = what;
	c.service_id = "EC2";
	c.prefix = "ec2";
	c.signing = "ec2";
	c.region = region;
	c.path = "/";
	c.content_type = "application/x-www-form-urlencoded; charset=utf-8";
	c.body = b.data;
	rc = session_call(s, &c, r, NULL, err);
	buf_free(&b);
	return (rc);
}

void
ec2_request_id(const struct http_response *r, char *out, size_t len)
{
	char *rid;

	if (r->request_id[0] != '\0') {
		snprintf(out, len, "%s", r->request_id);
		return;
	}
	/* EC2 puts it in the body as requestId (RequestID in errors). */
	rid = xml_text(r->body.data, r->body.len, "requestId");
	snprintf(out, len, "%s", rid != NULL ? rid : "");
	free(rid);
}

const char *
ec2_region(const struct provider_session *s, const struct provider_action *a)
{
	return (a->region != NULL && a->region[0] != '\0' ? a->region :
	    s->region[0].name);
}

/* One EC2 call on one instance in region. */
static int
ec2_call(struct provider_session *s, const char *op, const char *region,
    const char *instance, struct http_response *r, struct wr_err *err)
{
	const char *kv[] = { "InstanceId.1", instance, NULL };

	return (ec2_query(s, op, region, kv, r, err));
}

static int
ec2_do(struct provider_session *s, const char *op, const char *region,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	struct http_response r;
	char perm[64];
	int rc;

	rc = ec2_call(s, op, region, a->resource, &r, err);
	if (rc == -1) {
		snprintf(perm, sizeof perm, "ec2:%s", op);
		contain_explain(&r, perm, a->resource, err);
	} else
		ec2_request_id(&r, res->request_id, sizeof res->request_id);
	http_response_free(&r);
	return (rc);
}

/* DescribeInstances: verified when the state is one of want. */
static int
ec2_state(struct provider_session *s, const char *region,
    const struct provider_action *a, const char *const *want,
    struct provider_result *res, struct wr_err *err)
{
	struct http_response r;
	char *st;
	int i;

	if (ec2_call(s, "DescribeInstances", region, a->resource, &r,
	    err) == -1) {
		contain_explain(&r, "ec2:DescribeInstances", a->resource, err);
		http_response_free(&r);
		return (-1);
	}
	/* instanceState holds <code> and <name>; the name is what counts. */
	st = xml_text(r.body.data, r.body.len, "instanceState");
	for (i = 0; st != NULL && want[i] != NULL; i++)
		if (strstr(st, want[i]) != NULL)
			res->verified = 1;
	snprintf(res->detail, sizeof res->detail, "instance %s: %s",
	    a->resource, st != NULL ? st + strspn(st, "0123456789") :
	    "not found");
	free(st);
	http_response_free(&r);
	return (0);
}

int
ec2_action(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	static const char *const stopped[] = { "stopping", "stopped", NULL };
	static const char *const gone[] = { "shutting-down", "terminated",
	    NULL };
	const char *region = ec2_region(s, a);
	int stop = strcmp(a->action, "stop-instance") == 0;

	if (!stop && strcmp(a->action, "terminate-instance") != 0)
		return (wr_fail(err, WR_ERR_USAGE, a->action,
		    "not an EC2 action"));
	if (step == CONTAIN_VERIFY)
		return (ec2_state(s, region, a, stop ? stopped : gone, res,
		    err));
	if (step == CONTAIN_UNDO) {
		if (!stop)
			return (wr_fail(err, WR_ERR_INVALID, a->resource, "a "
			    "terminated instance cannot come back (no undo)"));
		return (ec2_do(s, "StartInstances", region, a, res, err));
	}
	if (ec2_do(s, stop ? "StopInstances" : "TerminateInstances", region,
	    a, res, err) == -1)
		return (-1);
	if (stop)
		res->undo = xstrdup("{\"StartInstances\":true}");
	return (0);
}
