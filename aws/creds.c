/*
 * The credential chain, in the AWS CLI's order: environment keys (unless
 * --profile was given), then the profile: role_arn (STS AssumeRole from
 * source_profile or credential_source), keys in the credentials file,
 * credential_process, keys in the config file; then IMDSv2.  Container
 * credentials and SSO are not read (see the report).
 */
#include "aws/creds.h"

#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cJSON.h>

#include "aws/http.h"
#include "aws/ini.h"
#include "aws/sts.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/util.h"

#define CREDS_MAX_DEPTH 5

/* Both shared files, parsed once per resolve. */
struct profiles {
	struct ini	 cred;
	struct ini	 conf;
	char		*cred_path;
	char		*conf_path;
};

static int	profile_creds(struct profiles *, const struct aws_config *,
		    const char *, int, struct aws_creds *, struct wr_err *);

void
creds_free(struct aws_creds *c)
{
	if (c->secret_key != NULL)
		explicit_bzero(c->secret_key, strlen(c->secret_key));
	if (c->token != NULL)
		explicit_bzero(c->token, strlen(c->token));
	free(c->access_key);
	free(c->secret_key);
	free(c->token);
	memset(c, 0, sizeof *c);
}

void
creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
	*dst = *src;
	dst->access_key = src->access_key ? xstrdup(src->access_key) : NULL;
	dst->secret_key = src->secret_key ? xstrdup(src->secret_key) : NULL;
	dst->token = src->token ? xstrdup(src->token) : NULL;
}

int
creds_expiring(const struct aws_creds *c, int64_t now, int64_t margin)
{
	return (c->expires != 0 && c->expires - margin <= now);
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return (v != NULL && *v != '\0' ? v : NULL);
}

const char *
creds_profile_name(const struct aws_config *cfg)
{
	const char *p;

	if (cfg != NULL && cfg->profile != NULL && *cfg->profile != '\0')
		return (cfg->profile);
	if ((p = env("AWS_PROFILE")) != NULL)
		return (p);
	if ((p = env("AWS_DEFAULT_PROFILE")) != NULL)
		return (p);
	return ("default");
}

/* A path from the environment or ~/.aws/<file>; "~/" expanded. */
static char *
shared_path(const char *var, const char *file)
{
	const char *v = env(var), *home = env("HOME");

	if (v != NULL && v[0] == '~' && v[1] == '/' && home != NULL)
		return (xasprintf("%s%s", home, v + 1));
	if (v != NULL)
		return (xstrdup(v));
	return (xasprintf("%s/.aws/%s", home != NULL ? home : "", file));
}

static int
profiles_load(struct profiles *p, struct wr_err *err)
{
	memset(p, 0, sizeof *p);
	p->cred_path = shared_path("AWS_SHARED_CREDENTIALS_FILE",
	    "credentials");
	p->conf_path = shared_path("AWS_CONFIG_FILE", "config");
	if (ini_load(&p->cred, p->cred_path, err) == -1 ||
	    ini_load(&p->conf, p->conf_path, err) == -1)
		return (-1);
	return (0);
}

static void
profiles_free(struct profiles *p)
{
	ini_free(&p->cred);
	ini_free(&p->conf);
	free(p->cred_path);
	free(p->conf_path);
}

/* The config file's section: [profile x], or [default] for default. */
static const char *
conf_get(const struct profiles *p, const char *name, const char *key)
{
	char sect[256];
	const char *v;

	snprintf(sect, sizeof sect, "profile %s", name);
	if ((v = ini_get(&p->conf, sect, key)) != NULL)
		return (v);
	if (strcmp(name, "default") == 0)
		return (ini_get(&p->conf, "default", key));
	return (NULL);
}

/* Merged as botocore merges: the credentials file wins. */
static const char *
prof_get(const struct profiles *p, const char *name, const char *key)
{
	const char *v = ini_get(&p->cred, name, key);

	return (v != NULL ? v : conf_get(p, name, key));
}

static int
prof_exists(const struct profiles *p, const char *name)
{
	char sect[256];

	snprintf(sect, sizeof sect, "profile %s", name);
	return (ini_has_section(&p->cred, name) ||
	    ini_has_section(&p->conf, sect) ||
	    (strcmp(name, "default") == 0 &&
	    ini_has_section(&p->conf, "default")));
}

static void
set_creds(struct aws_creds *c, const char *ak, const char *sk,
    const char *tok, const char *source)
{
	memset(c, 0, sizeof *c);
	c->access_key = xstrdup(ak);
	c->secret_key = xstrdup(sk);
	c->token = tok != NULL && *tok != '\0' ? xstrdup(tok) : NULL;
	snprintf(c->source, sizeof c->source, "%s", source);
}

static int
env_creds(struct aws_creds *c)
{
	const char *ak = env("AWS_ACCESS_KEY_ID");
	const char *sk = env("AWS_SECRET_ACCESS_KEY");
	const char *tok = env("AWS_SESSION_TOKEN");

	if (tok == NULL)
		tok = env("AWS_SECURITY_TOKEN");
	if (ak == NULL || sk == NULL)
		return (0);
	set_creds(c, ak, sk, tok, "env");
	return (1);
}

/* Keys written in one file's section. */
static int
static_creds(const struct ini *ini, const char *sect, const char *source,
    struct aws_creds *c)
{
	const char *ak = ini_get(ini, sect, "aws_access_key_id");
	const char *sk = ini_get(ini, sect, "aws_secret_access_key");

	if (ak == NULL || sk == NULL || *ak == '\0' || *sk == '\0')
		return (0);
	set_creds(c, ak, sk, ini_get(ini, sect, "aws_session_token"),
	    source);
	return (1);
}

static int
conf_static_creds(const struct profiles *p, const char *name,
    struct aws_creds *c)
{
	char sect[256];

	snprintf(sect, sizeof sect, "profile %s", name);
	if (static_creds(&p->conf, sect, "config-file", c))
		return (1);
	return (strcmp(name, "default") == 0 &&
	    static_creds(&p->conf, "default", "config-file", c));
}

/* Read all of fd into b. */
static void
read_all(int fd, struct buf *b)
{
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(b, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof chunk);
}

/* Run a credential_process command; its stdout into out. */
static int
run_process(const char *cmd, struct buf *out, struct wr_err *err)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) == -1)
		return (wr_fail(err, WR_ERR_IO, "credential_process",
		    "pipe: %s", strerror(errno)));
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return (wr_fail(err, WR_ERR_IO, "credential_process",
		    "fork: %s", strerror(errno)));
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	read_all(fds[0], out);
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return (wr_fail(err, WR_ERR_CREDS, "credential_process",
		    "\"%s\" failed (exit %d)", cmd, WIFEXITED(status) ?
		    WEXITSTATUS(status) : -1));
	return (0);
}

/* The JSON a credential_process prints (Version 1). */
static int
process_json(const char *cmd, const struct buf *out, struct aws_creds *c,
    struct wr_err *err)
{
	cJSON *j = cJSON_ParseWithLength(out->data != NULL ? out->data : "",
	    out->len);
	const char *ak, *sk, *tok, *exp;
	const cJSON *ver;
	int rc = 0;

	ver = cJSON_GetObjectItem(j, "Version");
	ak = cJSON_GetStringValue(cJSON_GetObjectItem(j, "AccessKeyId"));
	sk = cJSON_GetStringValue(cJSON_GetObjectItem(j, "SecretAccessKey"));
	tok = cJSON_GetStringValue(cJSON_GetObjectItem(j, "SessionToken"));
	exp = cJSON_GetStringValue(cJSON_GetObjectItem(j, "Expiration"));
	if (j == NULL)
		rc = wr_fail(err, WR_ERR_JSON, "credential_process",
		    "\"%s\" did not print JSON", cmd);
	else if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
		rc = wr_fail(err, WR_ERR_CREDS, "credential_process",
		    "\"%s\": Version must be 1", cmd);
	else if (ak == NULL || sk == NULL)
		rc = wr_fail(err, WR_ERR_CREDS, "credential_process",
		    "\"%s\": no AccessKeyId or SecretAccessKey", cmd);
	else {
		set_creds(c, ak, sk, tok, "credential_process");
		if (exp != NULL && time_parse_iso(exp, &c->expires) == -1)
			c->expires = 0;
	}
	if (j != NULL && sk != NULL)
		explicit_bzero(cJSON_GetObjectItem(j,
		    "SecretAccessKey")->valuestring, strlen(sk));
	cJSON_Delete(j);
	return (rc);
}

static int
process_creds(const char *cmd, struct aws_creds *c, struct wr_err *err)
{
	struct buf out;
	int rc;

	buf_init(&out);
	rc = run_process(cmd, &out, err);
	if (rc == 0)
		rc = process_json(cmd, &out, c, err);
	if (out.data != NULL)
		explicit_bzero(out.data, out.len);
	buf_free(&out);
	return (rc);
}

/* One unsigned IMDS call; body into r. */
static int
imds_call(struct http_client *h, const char *method, const char *ep,
    const char *path, const struct sigv4_header *hd, struct
    http_response *r, struct wr_err *err)
{
	struct http_request q;

	memset(&q, 0, sizeof q);
	q.what = "instance metadata";
	q.method = method;
	q.endpoint = ep;
	q.path = path;
	q.headers = hd;
	q.nheaders = 1;
	q.unsigned_req = 1;
	return (http_call(h, &q, r, err));
}

static int
imds_read(const struct http_response *r, struct aws_creds *c,
    struct wr_err *err)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data, r->body.len);
	const char *ak, *sk, *tok, *exp;
	int rc = 0;

	ak = cJSON_GetStringValue(cJSON_GetObjectItem(j, "AccessKeyId"));
	sk = cJSON_GetStringValue(cJSON_GetObjectItem(j, "SecretAccessKey"));
	tok = cJSON_GetStringValue(cJSON_GetObjectItem(j, "Token"));
	exp = cJSON_GetStringValue(cJSON_GetObjectItem(j, "Expiration"));
	if (ak == NULL || sk == NULL)
		rc = wr_fail(err, WR_ERR_CREDS, "instance metadata",
		    "no AccessKeyId or SecretAccessKey in the reply");
	else {
		set_creds(c, ak, sk, tok, "imds");
		if (exp != NULL && time_parse_iso(exp, &c->expires) == -1)
			c->expires = 0;
	}
	cJSON_Delete(j);
	return (rc);
}

/*
 * IMDSv2: a session token by PUT, the role name, then its keys.  Short
 * timeouts and one attempt, as the SDKs use, so that a host off EC2
 * finds out within a second.
 */
static int
imds_creds(struct aws_creds *c, struct wr_err *err)
{
	const char *ep = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	struct sigv4_header hd = { "X-aws-ec2-metadata-token-ttl-seconds",
	    "21600" };
	struct http_client h;
	struct http_response r;
	char *token = NULL, *role = NULL, *path;
	int rc;

	if (ep == NULL)
		ep = "http://169.254.169.254";
	http_client_init(&h, NULL);
	h.connect_ms = h.timeout_ms = 1000;
	h.max_attempts = 1;
	rc = imds_call(&h, "PUT", ep, "/latest/api/token", &hd, &r, err);
	if (rc == 0)
		token = buf_steal(&r.body);
	http_response_free(&r);
	hd.name = "X-aws-ec2-metadata-token";
	hd.value = token;
	if (rc == 0 && (rc = imds_call(&h, "GET", ep,
	    "/latest/meta-data/iam/security-credentials/", &hd, &r, err)) == 0)
		role = xstrndup(r.body.data, strcspn(r.body.data, "\r\n"));
	http_response_free(&r);
	if (rc == 0) {
		path = xasprintf("/latest/meta-data/iam/"
		    "security-credentials/%s", role);
		if ((rc = imds_call(&h, "GET", ep, path, &hd, &r, err)) == 0)
			rc = imds_read(&r, c, err);
		if (r.body.data != NULL)
			explicit_bzero(r.body.data, r.body.len);
		http_response_free(&r);
		free(path);
	}
	http_client_free(&h);
	free(role);
	free(token);
	return (rc);
}

static int
imds_enabled(void)
{
	const char *v = env("AWS_EC2_METADATA_DISABLED");

	return (v == NULL || strcasecmp(v, "true") != 0);
}

/* The source credentials of a role profile. */
static int
role_source(struct profiles *p, const struct aws_config *cfg,
    const char *name, int depth, struct aws_creds *src, struct wr_err *err)
{
	const char *sp = prof_get(p, name, "source_profile");
	const char *cs = prof_get(p, name, "credential_source");
	int rc;

	if (sp != NULL && strcmp(sp, name) == 0) {
		/* A profile may name itself: its own keys sign. */
		if (static_creds(&p->cred, name, "shared-credentials-file",
		    src) || conf_static_creds(p, name, src))
			return (0);
		return (wr_fail(err, WR_ERR_CREDS, p->cred_path,
		    "profile %s is its own source_profile but has no keys",
		    name));
	}
	if (sp != NULL) {
		if (!prof_exists(p, sp))
			return (wr_fail(err, WR_ERR_CREDS, p->conf_path,
			    "source_profile %s of profile %s not found", sp,
			    name));
		rc = profile_creds(p, cfg, sp, depth + 1, src, err);
		if (rc == 1)
			return (wr_fail(err, WR_ERR_CREDS, p->conf_path,
			    "source_profile %s has no credentials", sp));
		return (rc);
	}
	if (cs != NULL && strcmp(cs, "Environment") == 0) {
		if (env_creds(src))
			return (0);
		return (wr_fail(err, WR_ERR_CREDS, name, "credential_source "
		    "Environment, but AWS_ACCESS_KEY_ID is not set"));
	}
	if (cs != NULL && strcmp(cs, "Ec2InstanceMetadata") == 0)
		return (imds_creds(src, err));
	return (wr_fail(err, WR_ERR_CREDS, p->conf_path, "profile %s has "
	    "role_arn but no usable source_profile or credential_source",
	    name));
}

static int
assume_role(struct profiles *p, const struct aws_config *cfg,
    const char *name, int depth, struct aws_creds *c, struct wr_err *err)
{
	struct aws_config sub = { name, cfg != NULL ? cfg->region : NULL };
	struct aws_creds src;
	struct http_client h;
	struct sts_assume a;
	char region[64], *ep, session[64];
	const char *dur;
	int rc;

	if (role_source(p, cfg, name, depth, &src, err) == -1)
		return (-1);
	if (creds_region(&sub, region, sizeof region, NULL) == -1)
		snprintf(region, sizeof region, "us-east-1");
	ep = creds_endpoint(&sub, "STS", "sts", region);
	snprintf(session, sizeof session, "warroom-%lld",
	    (long long)(time_now_ms() / 1000));
	memset(&a, 0, sizeof a);
	a.role_arn = prof_get(p, name, "role_arn");
	a.session_name = prof_get(p, name, "role_session_name");
	if (a.session_name == NULL)
		a.session_name = session;
	a.external_id = prof_get(p, name, "external_id");
	if ((dur = prof_get(p, name, "duration_seconds")) != NULL)
		a.duration_s = (int)strtol(dur, NULL, 10);
	http_client_init(&h, &src);
	rc = sts_assume_role(&h, ep, region, &a, c, err);
	http_client_free(&h);
	creds_free(&src);
	free(ep);
	if (rc == 0)
		snprintf(c->source, sizeof c->source, "assume-role:%s", name);
	return (rc);
}

/*
 * The credentials of one profile: 0 found, 1 the profile has none, -1
 * an error (a broken role chain, a failing process).
 */
static int
profile_creds(struct profiles *p, const struct aws_config *cfg,
    const char *name, int depth, struct aws_creds *c, struct wr_err *err)
{
	const char *proc;

	if (depth > CREDS_MAX_DEPTH)
		return (wr_fail(err, WR_ERR_CREDS, p->conf_path,
		    "source_profile chain longer than %d at %s",
		    CREDS_MAX_DEPTH, name));
	if (prof_get(p, name, "role_arn") != NULL)
		return (assume_role(p, cfg, name, depth, c, err));
	if (static_creds(&p->cred, name, "shared-credentials-file", c))
		return (0);
	if ((proc = prof_get(p, name, "credential_process")) != NULL)
		return (process_creds(proc, c, err));
	if (conf_static_creds(p, name, c))
		return (0);
	return (1);
}

int
creds_resolve(const struct aws_config *cfg, struct aws_creds *c,
    struct wr_err *err)
{
	const char *name = creds_profile_name(cfg);
	int named = (cfg != NULL && cfg->profile != NULL) ||
	    env("AWS_PROFILE") != NULL;
	struct profiles p;
	int rc;

	memset(c, 0, sizeof *c);
	/* An explicit --profile wins over environment keys (AWS CLI). */
	if ((cfg == NULL || cfg->profile == NULL) && env_creds(c))
		return (0);
	if (profiles_load(&p, err) == -1)
		return (-1);
	if (prof_exists(&p, name))
		rc = profile_creds(&p, cfg, name, 0, c, err);
	else if (named)
		rc = wr_fail(err, WR_ERR_CREDS, name, "profile %s not found "
		    "in %s or %s", name, p.cred_path, p.conf_path);
	else
		rc = 1;
	if (rc == 1 && imds_enabled())
		rc = imds_creds(c, err) == 0 ? 0 : 2;
	if (rc == 1 || rc == 2)
		rc = wr_fail(err, WR_ERR_CREDS, name, "no AWS credentials: "
		    "none in the environment, profile %s (%s, %s)%s", name,
		    p.cred_path, p.conf_path, rc == 2 ?
		    " or the instance metadata service" : "");
	if (rc == 0 && strcmp(c->source, "shared-credentials-file") != 0 &&
	    strncmp(c->source, "assume-role", 11) != 0)
		log_info("credentials from %s", c->source);
	else if (rc == 0)
		log_info("credentials from %s (profile %s)", c->source, name);
	profiles_free(&p);
	return (rc);
}

static char *
profile_value(const struct aws_config *cfg, const char *key)
{
	struct profiles p;
	const char *v;
	char *out = NULL;

	if (profiles_load(&p, NULL) == 0 &&
	    (v = prof_get(&p, creds_profile_name(cfg), key)) != NULL)
		out = xstrdup(v);
	profiles_free(&p);
	return (out);
}

char *
creds_profile_value(const struct aws_config *cfg, const char *key)
{
	return (profile_value(cfg, key));
}

int
creds_region(const struct aws_config *cfg, char *buf, size_t len,
    struct wr_err *err)
{
	const char *v = NULL;
	char *pv = NULL;

	if (cfg != NULL && cfg->region != NULL && *cfg->region != '\0')
		v = cfg->region;
	else if ((v = env("AWS_REGION")) == NULL &&
	    (v = env("AWS_DEFAULT_REGION")) == NULL)
		v = pv = profile_value(cfg, "region");
	if (v == NULL)
		return (wr_fail(err, WR_ERR_USAGE, creds_profile_name(cfg),
		    "no AWS region: give --region, set AWS_REGION or put "
		    "region in the profile"));
	snprintf(buf, len, "%s", v);
	free(pv);
	return (0);
}

char *
creds_endpoint(const struct aws_config *cfg, const char *service_id,
    const char *prefix, const char *region)
{
	const char *ign = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), *v;
	char var[128], *out = NULL;
	size_t i, n;

	snprintf(var, sizeof var, "AWS_ENDPOINT_URL_%s", service_id);
	for (i = strlen("AWS_ENDPOINT_URL_"); var[i] != '\0'; i++)
		var[i] = var[i] == ' ' ? '_' :
		    (char)toupper((unsigned char)var[i]);
	if (ign == NULL || strcasecmp(ign, "true") != 0) {
		if ((v = env(var)) != NULL || (v = env("AWS_ENDPOINT_URL"))
		    != NULL)
			out = xstrdup(v);
		else
			out = profile_value(cfg, "endpoint_url");
	}
	if (out == NULL && strcmp(prefix, "ce") == 0)
		out = xstrdup("https://ce.us-east-1.amazonaws.com");
	if (out == NULL)
		out = xasprintf("https://%s.%s.amazonaws.com%s", prefix,
		    region, strncmp(region, "cn-", 3) == 0 ? ".cn" : "");
	n = strlen(out);
	while (n > 0 && out[n - 1] == '/')
		out[--n] = '\0';
	return (out);
}
