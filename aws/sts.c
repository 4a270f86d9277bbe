/*
 * STS calls.  The replies are XML; they are read with libxml2 (aws/xml)
 * and the secrets in them are wiped from the reply buffer at once.
 */
#include "aws/sts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "aws/xml.h"
#include "core/timeutil.h"
#include "core/util.h"

static const struct sigv4_header sts_headers[] = {
	{ "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" }
};

static void
form_add(struct buf *b, const char *key, const char *value)
{
	char *v;

	if (value == NULL)
		return;
	v = sigv4_uri_encode(value, strlen(value), 0);
	buf_printf(b, "%s%s=%s", b->len > 0 ? "&" : "", key, v);
	free(v);
}

static int
sts_post(struct http_client *c, const char *what, const char *endpoint,
    const char *region, const struct buf *body, struct http_response *r,
    struct wr_err *err)
{
	struct http_request q;

	memset(&q, 0, sizeof q);
	q.what = what;
	q.method = "POST";
	q.endpoint = endpoint;
	q.path = "/";
	q.headers = sts_headers;
	q.nheaders = 1;
	q.body = body->data;
	q.body_len = body->len;
	q.service = "sts";
	q.region = region;
	return (http_call(c, &q, r, err));
}

static void
copy_text(const struct http_response *r, const char *name, char *out,
    size_t len)
{
	char *v = xml_text(r->body.data, r->body.len, name);

	snprintf(out, len, "%s", v != NULL ? v : "");
	free(v);
}

int
sts_caller_identity(struct http_client *c, const char *endpoint,
    const char *region, struct sts_identity *id, struct wr_err *err)
{
	struct http_response r;
	struct buf b;
	int rc;

	memset(id, 0, sizeof *id);
	buf_init(&b);
	form_add(&b, "Action", "GetCallerIdentity");
	form_add(&b, "Version", "2011-06-15");
	rc = sts_post(c, "sts GetCallerIdentity", endpoint, region, &b, &r,
	    err);
	buf_free(&b);
	if (rc == 0) {
		copy_text(&r, "Account", id->account, sizeof id->account);
		copy_text(&r, "Arn", id->arn, sizeof id->arn);
		copy_text(&r, "UserId", id->user_id, sizeof id->user_id);
		if (id->account[0] == '\0')
			rc = wr_fail(err, WR_ERR_SCHEMA,
			    "sts GetCallerIdentity", "no Account in the reply");
	}
	http_response_free(&r);
	return (rc);
}

/* Take the credentials out of an AssumeRole reply. */
static int
read_assumed(struct http_response *r, struct aws_creds *out,
    struct wr_err *err)
{
	char *exp;

	memset(out, 0, sizeof *out);
	out->access_key = xml_text(r->body.data, r->body.len, "AccessKeyId");
	out->secret_key = xml_text(r->body.data, r->body.len,
	    "SecretAccessKey");
	out->token = xml_text(r->body.data, r->body.len, "SessionToken");
	exp = xml_text(r->body.data, r->body.len, "Expiration");
	if (exp != NULL && time_parse_iso(exp, &out->expires) == -1)
		out->expires = 0;
	free(exp);
	explicit_bzero(r->body.data, r->body.len);
	if (out->access_key == NULL || out->secret_key == NULL ||
	    out->token == NULL) {
		creds_free(out);
		return (wr_fail(err, WR_ERR_SCHEMA, "sts AssumeRole",
		    "no Credentials in the reply"));
	}
	return (0);
}

int
sts_assume_role(struct http_client *c, const char *endpoint,
    const char *region, const struct sts_assume *a, struct aws_creds *out,
    struct wr_err *err)
{
	struct http_response r;
	struct buf b;
	char dur[16];
	int rc;

	buf_init(&b);
	form_add(&b, "Action", "AssumeRole");
	form_add(&b, "RoleArn", a->role_arn);
	form_add(&b, "RoleSessionName", a->session_name);
	form_add(&b, "ExternalId", a->external_id);
	if (a->duration_s > 0) {
		snprintf(dur, sizeof dur, "%d", a->duration_s);
		form_add(&b, "DurationSeconds", dur);
	}
	form_add(&b, "Version", "2011-06-15");
	rc = sts_post(c, "sts AssumeRole", endpoint, region, &b, &r, err);
	buf_free(&b);
	if (rc == 0)
		rc = read_assumed(&r, out, err);
	else
		snprintf(err->where, sizeof err->where, "sts AssumeRole %s",
		    a->role_arn);
	http_response_free(&r);
	if (rc == 0)
		snprintf(out->source, sizeof out->source, "assume-role");
	return (rc);
}
