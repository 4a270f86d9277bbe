/*
 * IAM containment over the Query protocol (XML replies, read with
 * libxml2): deactivate an access key (its owner found with
 * GetAccessKeyLastUsed when not given), delete a console password,
 * quarantine a user with an inline deny-all, revoke a role's older
 * sessions (the AWSRevokeOlderSessions pattern).  IAM is global:
 * signed for us-east-1.
 */
#include "aws/contain.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/http.h"
#include "aws/session.h"
#include "aws/sigv4.h"
#include "aws/xml.h"
#include "core/timeutil.h"
#include "core/util.h"

#define QUARANTINE	"warroom-quarantine"
#define REVOKE		"AWSRevokeOlderSessions"

static const char deny_all[] = "{\"Version\":\"2012-10-17\",\"Statement\":"
    "[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

static void
form_add(struct buf *b, const char *key, const char *value)
{
	char *v = sigv4_uri_encode(value, strlen(value), 0);

	buf_printf(b, "&%s=%s", key, v);
	free(v);
}

/* One IAM call: Action=op with the form pairs kv (NULL-terminated). */
static int
iam_call(struct provider_session *s, const char *op,
    const char *const *kv, struct http_response *r, struct wr_err *err)
{
	struct session_call c;
	char what[64];
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "Action=%s", op);
	for (; kv[0] != NULL; kv += 2)
		form_add(&b, kv[0], kv[1]);
	form_add(&b, "Version", "2010-05-08");
	snprintf(what, sizeof what, "iam %s", op);
	memset(&c, 0, sizeof c);
	c.what = what;
	c.service_id = "IAM";
	c.prefix = "iam";
	c.signing = "iam";
	c.region = "us-east-1";
	c.path = "/";
	c.content_type = "application/x-www-form-urlencoded; charset=utf-8";
	c.body = b.data;
	rc = session_call(s, &c, r, NULL, err);
	buf_free(&b);
	return (rc);
}

/* Call op; on failure the error in plain words, naming iam:op. */
static int
iam_do(struct provider_session *s, const char *op, const char *const *kv,
    const char *resource, struct provider_result *res, struct wr_err *err)
{
	struct http_response r;
	char perm[64];
	int rc;

	rc = iam_call(s, op, kv, &r, err);
	if (rc == -1) {
		snprintf(perm, sizeof perm, "iam:%s", op);
		contain_explain(&r, perm, resource, err);
	} else if (res != NULL)
		snprintf(res->request_id, sizeof res->request_id, "%s",
		    r.request_id);
	http_response_free(&r);
	return (rc);
}

/* The string key of a JSON object text, or NULL.  Caller frees. */
static char *
json_str(const char *text, const char *key)
{
	cJSON *j = text != NULL ? cJSON_Parse(text) : NULL;
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, key);
	char *out = cJSON_IsString(u) ? xstrdup(u->valuestring) : NULL;

	cJSON_Delete(j);
	return (out);
}

/* GetAccessKeyLastUsed: the IAM user who owns key, into *user. */
static int
key_owner(struct provider_session *s, const char *key, char **user,
    struct wr_err *err)
{
	const char *kv[] = { "AccessKeyId", key, NULL };
	struct http_response r;

	*user = NULL;
	if (iam_call(s, "GetAccessKeyLastUsed", kv, &r, err) == -1) {
		contain_explain(&r, "iam:GetAccessKeyLastUsed", key, err);
		http_response_free(&r);
		return (-1);
	}
	*user = xml_text(r.body.data, r.body.len, "UserName");
	http_response_free(&r);
	if (*user == NULL || (*user)[0] == '\0') {
		free(*user);
		*user = NULL;
		return (wr_fail(err, WR_ERR_NOTFOUND, key, "iam "
		    "GetAccessKeyLastUsed names no user for the key (a root "
		    "key?): give --user"));
	}
	return (0);
}

/*
 * The key's owner: --user, else what act found (kept in the undo JSON),
 * else looked up.
 */
static int
owner(struct provider_session *s, const struct provider_action *a,
    char **user, struct wr_err *err)
{
	if ((*user = json_str(a->params, "user")) != NULL ||
	    (*user = json_str(a->undo, "user")) != NULL)
		return (0);
	return (key_owner(s, a->resource, user, err));
}

static int
key_status(struct provider_session *s, const char *user, const char *key,
    struct provider_result *res, struct wr_err *err)
{
	const char *kv[] = { "UserName", user, NULL };
	struct http_response r;
	char *st;

	if (iam_call(s, "ListAccessKeys", kv, &r, err) == -1) {
		contain_explain(&r, "iam:ListAccessKeys", user, err);
		http_response_free(&r);
		return (-1);
	}
	st = xml_member_field(r.body.data, r.body.len, "AccessKeyMetadata",
	    "AccessKeyId", key, "Status");
	snprintf(res->detail, sizeof res->detail, "key %s of %s: %s", key,
	    user, st != NULL ? st : "not listed");
	res->verified = st != NULL && strcmp(st, "Inactive") == 0;
	free(st);
	http_response_free(&r);
	return (0);
}

static int
deactivate_key(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	const char *kv[] = { "UserName", NULL, "AccessKeyId", a->resource,
	    "Status", step == CONTAIN_UNDO ? "Active" : "Inactive", NULL };
	char *user;
	cJSON *u;
	int rc;

	if (owner(s, a, &user, err) == -1)
		return (-1);
	kv[1] = user;
	if (step == CONTAIN_VERIFY)
		rc = key_status(s, user, a->resource, res, err);
	else
		rc = iam_do(s, "UpdateAccessKey", kv, a->resource, res, err);
	if (rc == 0 && step == CONTAIN_ACT) {
		/* The owner, so verify and undo need no second lookup. */
		u = cJSON_CreateObject();
		cJSON_AddStringToObject(u, "Status", "Active");
		cJSON_AddStringToObject(u, "user", user);
		res->undo = cJSON_PrintUnformatted(u);
		cJSON_Delete(u);
	}
	free(user);
	return (rc);
}

/* verified when the password is gone (GetLoginProfile: NoSuchEntity). */
static int
login_profile(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	const char *kv[] = { "UserName", a->resource, NULL };
	struct http_response r;
	int rc;

	if (step == CONTAIN_UNDO)
		return (wr_fail(err, WR_ERR_INVALID, a->resource, "a deleted "
		    "console password cannot be restored (no undo)"));
	if (step == CONTAIN_ACT)
		return (iam_do(s, "DeleteLoginProfile", kv, a->resource, res,
		    err));
	rc = iam_call(s, "GetLoginProfile", kv, &r, err);
	if (rc == -1 && strcmp(r.error_code, "NoSuchEntity") == 0) {
		res->verified = 1;
		snprintf(res->detail, sizeof res->detail, "%s has no console "
		    "password", a->resource);
		rc = 0;
	} else if (rc == -1)
		contain_explain(&r, "iam:GetLoginProfile", a->resource, err);
	else
		snprintf(res->detail, sizeof res->detail, "%s still has a "
		    "console password", a->resource);
	http_response_free(&r);
	return (rc);
}

/* IAM returns policy documents URL-encoded (RFC 3986); in place. */
static void
url_decode(char *s)
{
	char *o = s, hex[3] = { 0, 0, 0 };

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] != '\0' && s[2] != '\0' &&
		    strchr("0123456789abcdefABCDEF", s[1]) != NULL &&
		    strchr("0123456789abcdefABCDEF", s[2]) != NULL) {
			hex[0] = s[1];
			hex[1] = s[2];
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else
			*o++ = *s == '+' ? ' ' : *s;
	}
	*o = '\0';
}

/* Get{User,Role}Policy: verified when the document reads back. */
static int
policy_check(struct provider_session *s, const char *kind, const char *name,
    const char *policy, const char *needle, struct provider_result *res,
    struct wr_err *err)
{
	const char *kv[] = { strcmp(kind, "User") == 0 ? "UserName" :
	    "RoleName", name, "PolicyName", policy, NULL };
	struct http_response r;
	char op[32], perm[48];
	char *doc;
	int rc;

	snprintf(op, sizeof op, "Get%sPolicy", kind);
	if ((rc = iam_call(s, op, kv, &r, err)) == -1) {
		snprintf(perm, sizeof perm, "iam:%s", op);
		if (strcmp(r.error_code, "NoSuchEntity") == 0) {
			snprintf(res->detail, sizeof res->detail,
			    "no policy %s on %s", policy, name);
			rc = 0;
		} else
			contain_explain(&r, perm, name, err);
		http_response_free(&r);
		return (rc);
	}
	doc = xml_text(r.body.data, r.body.len, "PolicyDocument");
	if (doc != NULL)
		url_decode(doc);
	res->verified = doc != NULL && strstr(doc, "\"Deny\"") != NULL &&
	    strstr(doc, needle) != NULL;
	snprintf(res->detail, sizeof res->detail, "policy %s on %s: %s",
	    policy, name, res->verified ? "deny in place" : "not a deny");
	free(doc);
	http_response_free(&r);
	return (0);
}

static int
quarantine(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	const char *kv[] = { "UserName", a->resource, "PolicyName",
	    QUARANTINE, "PolicyDocument", deny_all, NULL };

	if (step == CONTAIN_VERIFY)
		return (policy_check(s, "User", a->resource, QUARANTINE,
		    "\"*\"", res, err));
	if (step == CONTAIN_UNDO) {
		kv[4] = NULL;
		return (iam_do(s, "DeleteUserPolicy", kv, a->resource, res,
		    err));
	}
	if (iam_do(s, "PutUserPolicy", kv, a->resource, res, err) == -1)
		return (-1);
	res->undo = xstrdup("{\"DeleteUserPolicy\":\"" QUARANTINE "\"}");
	return (0);
}

static int
revoke_sessions(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	const char *kv[] = { "RoleName", a->resource, "PolicyName", REVOKE,
	    "PolicyDocument", NULL, NULL };
	char iso[40], *doc;
	int rc;

	if (step == CONTAIN_VERIFY)
		return (policy_check(s, "Role", a->resource, REVOKE,
		    "aws:TokenIssueTime", res, err));
	if (step == CONTAIN_UNDO) {
		kv[4] = NULL;
		return (iam_do(s, "DeleteRolePolicy", kv, a->resource, res,
		    err));
	}
	time_fmt_iso(a->now, iso, sizeof iso);
	doc = xasprintf("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect"
	    "\":\"Deny\",\"Action\":[\"*\"],\"Resource\":[\"*\"],\"Condition"
	    "\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"%s\"}}}]}", iso);
	kv[5] = doc;
	rc = iam_do(s, "PutRolePolicy", kv, a->resource, res, err);
	free(doc);
	if (rc == 0)
		res->undo = xstrdup("{\"DeleteRolePolicy\":\"" REVOKE "\"}");
	return (rc);
}

int
iam_action(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	if (strcmp(a->action, "deactivate-key") == 0)
		return (deactivate_key(s, step, a, res, err));
	if (strcmp(a->action, "delete-login-profile") == 0)
		return (login_profile(s, step, a, res, err));
	if (strcmp(a->action, "quarantine-user") == 0)
		return (quarantine(s, step, a, res, err));
	if (strcmp(a->action, "revoke-sessions") == 0)
		return (revoke_sessions(s, step, a, res, err));
	return (wr_fail(err, WR_ERR_USAGE, a->action, "not an IAM action"));
}
