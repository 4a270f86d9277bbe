/*
 * S3 containment (REST, XML): block public access on a bucket with all
 * four PublicAccessBlock settings on, the previous configuration kept
 * for undo (put back, or deleted when there was none), verified with
 * GetPublicAccessBlock.  Path-style requests, Content-MD5 as S3 wants.
 */
#include "aws/contain.h"

#include <cJSON.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "aws/session.h"
#include "aws/xml.h"
#include "core/util.h"

static const char all_on[] = "<PublicAccessBlockConfiguration xmlns=\""
    "http://s3.amazonaws.com/doc/2006-03-01/\"><BlockPublicAcls>true"
    "</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
    "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>"
    "true</RestrictPublicBuckets></PublicAccessBlockConfiguration>";

static const char *const settings[] = { "BlockPublicAcls",
    "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets",
    NULL };

/* base64(MD5(body)) into out (at least 25 bytes). */
static void
content_md5(const char *body, size_t len, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(body, len, md, &n, EVP_md5(), NULL);
	EVP_EncodeBlock((unsigned char *)out, md, (int)n);
}

/* One call on BUCKET?publicAccessBlock; body NULL for GET/DELETE. */
static int
pab_call(struct provider_session *s, const char *method, const char *bucket,
    const char *region, const char *body, struct http_response *r,
    struct wr_err *err)
{
	static const struct sigv4_param q[] = { { "publicAccessBlock", "" } };
	struct sigv4_header h[2];
	struct http_request rq;
	char md5[32], what[64], *ep, *path;
	int rc;

	memset(r, 0, sizeof *r);
	if (session_refresh(s, err) == -1)
		return (-1);
	ep = creds_endpoint(&s->cfg, "S3", "s3", region);
	path = xasprintf("/%s", bucket);
	snprintf(what, sizeof what, "s3 %sPublicAccessBlock",
	    strcmp(method, "PUT") == 0 ? "Put" : strcmp(method, "GET") == 0 ?
	    "Get" : "Delete");
	memset(&rq, 0, sizeof rq);
	rq.what = what;
	rq.method = method;
	rq.endpoint = ep;
	rq.path = path;
	rq.query = q;
	rq.nquery = 1;
	if (body != NULL) {
		content_md5(body, strlen(body), md5);
		h[0].name = "Content-MD5";
		h[0].value = md5;
		h[1].name = "Content-Type";
		h[1].value = "application/xml";
		rq.headers = h;
		rq.nheaders = 2;
		rq.body = body;
		rq.body_len = strlen(body);
	}
	rq.service = "s3";
	rq.region = region;
	rq.s3 = 1;
	rc = http_call(&s->http, &rq, r, err);
	free(path);
	free(ep);
	return (rc);
}

static int
pab_do(struct provider_session *s, const char *method,
    const struct provider_action *a, const char *region, const char *body,
    struct provider_result *res, struct wr_err *err)
{
	struct http_response r;
	int rc;

	rc = pab_call(s, method, a->resource, region, body, &r, err);
	/* Deleting the configuration needs the same permission. */
	if (rc == -1)
		contain_explain(&r, "s3:PutBucketPublicAccessBlock",
		    a->resource, err);
	else
		snprintf(res->request_id, sizeof res->request_id, "%s",
		    r.request_id);
	http_response_free(&r);
	return (rc);
}

/* The current configuration's XML, or NULL when the bucket has none. */
static int
pab_get(struct provider_session *s, const struct provider_action *a,
    const char *region, char **xml, struct wr_err *err)
{
	struct http_response r;
	int rc;

	*xml = NULL;
	rc = pab_call(s, "GET", a->resource, region, NULL, &r, err);
	if (rc == 0)
		*xml = xasprintf("%.*s", (int)r.body.len,
		    r.body.data != NULL ? r.body.data : "");
	else if (strcmp(r.error_code,
	    "NoSuchPublicAccessBlockConfiguration") == 0)
		rc = 0;
	else
		contain_explain(&r, "s3:GetBucketPublicAccessBlock",
		    a->resource, err);
	http_response_free(&r);
	return (rc);
}

static int
pab_verify(struct provider_session *s, const struct provider_action *a,
    const char *region, struct provider_result *res, struct wr_err *err)
{
	char *xml, *v;
	int i, on = 0;

	if (pab_get(s, a, region, &xml, err) == -1)
		return (-1);
	for (i = 0; xml != NULL && settings[i] != NULL; i++) {
		v = xml_text(xml, strlen(xml), settings[i]);
		on += v != NULL && strcmp(v, "true") == 0;
		free(v);
	}
	res->verified = on == 4;
	snprintf(res->detail, sizeof res->detail, "bucket %s: %d of 4 public "
	    "access blocks on", a->resource, on);
	free(xml);
	return (0);
}

/* The kept configuration: {"previous": XML} or {"previous": null}. */
static char *
undo_text(const char *xml)
{
	cJSON *o = cJSON_CreateObject();
	char *out;

	if (xml != NULL)
		cJSON_AddStringToObject(o, "previous", xml);
	else
		cJSON_AddNullToObject(o, "previous");
	out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return (out);
}

static int
pab_undo(struct provider_session *s, const struct provider_action *a,
    const char *region, struct provider_result *res, struct wr_err *err)
{
	cJSON *u = a->undo != NULL ? cJSON_Parse(a->undo) : NULL;
	const cJSON *prev = cJSON_GetObjectItemCaseSensitive(u, "previous");
	int rc;

	if (prev == NULL) {
		cJSON_Delete(u);
		return (wr_fail(err, WR_ERR_INVALID, a->resource, "the "
		    "previous setting was not kept; nothing to put back"));
	}
	if (cJSON_IsString(prev))
		rc = pab_do(s, "PUT", a, region, prev->valuestring, res, err);
	else
		rc = pab_do(s, "DELETE", a, region, NULL, res, err);
	cJSON_Delete(u);
	return (rc);
}

int
s3ctl_action(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	const char *region = a->region != NULL && a->region[0] != '\0' ?
	    a->region : s->region[0].name;
	char *prev;

	if (step == CONTAIN_VERIFY)
		return (pab_verify(s, a, region, res, err));
	if (step == CONTAIN_UNDO)
		return (pab_undo(s, a, region, res, err));
	if (pab_get(s, a, region, &prev, err) == -1)
		return (-1);
	if (pab_do(s, "PUT", a, region, all_on, res, err) == 0)
		res->undo = undo_text(prev);
	free(prev);
	return (res->undo != NULL ? 0 : -1);
}
