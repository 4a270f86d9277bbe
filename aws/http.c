/*
 * The one place warroom talks HTTP.  Each call is signed just before it
 * is sent, with the time corrected by the clock offset AWS taught us;
 * the curl trace goes to core/log with Authorization and the session
 * token redacted.  Error replies are read in all three AWS shapes
 * (JSON __type, the x-amzn-ErrorType header, XML <Code>).
 */
#include "aws/http.h"

#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "aws/creds.h"
#include "aws/xml.h"
#include "core/log.h"
#include "core/timeutil.h"

#define HTTP_MAX_HEADERS 16

/* Server minus local clock, ms; shared by every request (BR-18). */
static int64_t	http_offset;

int64_t
http_clock_offset(void)
{
	return (__atomic_load_n(&http_offset, __ATOMIC_RELAXED));
}

void
http_set_clock_offset(int64_t ms)
{
	__atomic_store_n(&http_offset, ms, __ATOMIC_RELAXED);
}

const char *
http_skew_text(char *buf, size_t len)
{
	int64_t off = http_clock_offset(), s = (off < 0 ? -off : off) / 1000;

	if (s == 0) {
		snprintf(buf, len, "%s", "");
		return (buf);
	}
	if (s >= 3600)
		snprintf(buf, len, "local clock %lld h %lld min %lld s %s — "
		    "compensating", (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60),
		    off > 0 ? "slow" : "fast");
	else
		snprintf(buf, len, "local clock %lld min %lld s %s — "
		    "compensating", (long long)(s / 60), (long long)(s % 60),
		    off > 0 ? "slow" : "fast");
	return (buf);
}

void
http_client_init(struct http_client *c, const struct aws_creds *creds)
{
	const char *ca = getenv("AWS_CA_BUNDLE");

	memset(c, 0, sizeof *c);
	c->creds = creds;
	c->ca_bundle = (ca != NULL && *ca != '\0') ? ca : NULL;
	c->connect_ms = 3000;
	c->timeout_ms = 20000;
	c->max_attempts = 3;
	c->backoff_base_ms = 200;
	c->backoff_cap_ms = 20000;
}

void
http_client_free(struct http_client *c)
{
	if (c->curl != NULL)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
}

void
http_response_free(struct http_response *r)
{
	buf_free(&r->body);
	memset(r, 0, sizeof *r);
}

int
http_retryable(long status, const char *code)
{
	static const char *const throttle[] = { "Throttling",
	    "ThrottlingException", "ThrottledException",
	    "RequestThrottledException", "TooManyRequestsException",
	    "ProvisionedThroughputExceededException", "RequestLimitExceeded",
	    "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
	    "PriorRequestNotComplete", "EC2ThrottledException",
	    "LimitExceededException", "TransactionInProgressException" };
	static const char *const transient[] = { "RequestTimeout",
	    "RequestTimeoutException", "InternalError", "InternalFailure",
	    "ServiceUnavailable", "ServiceUnavailableException",
	    "InternalServerErrorException", "InternalServerError" };
	size_t i;

	for (i = 0; code != NULL && i < sizeof throttle / sizeof *throttle;
	    i++)
		if (strcmp(code, throttle[i]) == 0)
			return (1);
	if (status == 429)
		return (1);
	for (i = 0; code != NULL && i < sizeof transient / sizeof *transient;
	    i++)
		if (strcmp(code, transient[i]) == 0)
			return (2);
	if (status == 500 || status == 502 || status == 503 || status == 504)
		return (2);
	return (0);
}

/* Credential and signature rejections: retrying will not help. */
static int
is_sig_error(const char *code)
{
	static const char *const sig[] = { "SignatureDoesNotMatch",
	    "InvalidSignatureException", "IncompleteSignature",
	    "IncompleteSignatureException", "InvalidClientTokenId",
	    "UnrecognizedClientException", "AuthFailure", "ExpiredToken",
	    "ExpiredTokenException", "InvalidAccessKeyId",
	    "MissingAuthenticationToken", "MissingAuthenticationTokenException",
	    "RequestExpired", "RequestTimeTooSkewed", "InvalidToken" };
	size_t i;

	for (i = 0; i < sizeof sig / sizeof *sig; i++)
		if (strcmp(code, sig[i]) == 0)
			return (1);
	return (0);
}

static int
is_denied(const char *code)
{
	return (strcmp(code, "AccessDenied") == 0 ||
	    strcmp(code, "AccessDeniedException") == 0 ||
	    strcmp(code, "UnauthorizedOperation") == 0);
}

int
http_is_skew(const struct http_response *r)
{
	const char *c = r->error_code, *m = r->error_msg;

	if (strcmp(c, "RequestTimeTooSkewed") == 0 ||
	    strcmp(c, "RequestExpired") == 0)
		return (1);
	if (strcmp(c, "InvalidSignatureException") != 0 &&
	    strcmp(c, "SignatureDoesNotMatch") != 0 &&
	    strcmp(c, "AuthFailure") != 0)
		return (0);
	return (strstr(m, "Signature expired") != NULL ||
	    strstr(m, "not yet current") != NULL ||
	    strstr(m, "too skewed") != NULL);
}

/* A "20261202T103612Z" stamp at p, into ms. */
static int
parse_stamp(const char *p, int64_t *ms)
{
	char iso[32];
	int i;

	for (i = 0; i < 16; i++)
		if (p[i] == '\0')
			return (-1);
	if (p[8] != 'T' || p[15] != 'Z')
		return (-1);
	snprintf(iso, sizeof iso, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", p, p + 4,
	    p + 6, p + 9, p + 11, p + 13);
	return (time_parse_iso(iso, ms));
}

static int
parse_http_date(const char *s, int64_t *ms)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	if (end == NULL)
		return (-1);
	*ms = (int64_t)timegm(&tm) * 1000;
	return (0);
}

int
http_server_time(const struct http_response *r, int64_t *ms)
{
	const char *p;
	char *st;
	int rc = -1;

	st = xml_text(r->body.data, r->body.len, "ServerTime");
	if (st != NULL)
		rc = time_parse_iso(st, ms);
	free(st);
	if (rc == 0)
		return (0);
	/* "... is now earlier than X (20261202T103612Z - 5 min.)" */
	if ((p = strstr(r->error_msg, "(")) != NULL &&
	    parse_stamp(p + 1, ms) == 0)
		return (0);
	if (r->date[0] != '\0' && parse_http_date(r->date, ms) == 0)
		return (0);
	return (-1);
}

static void
xml_copy(const struct http_response *r, const char *name, char *out,
    size_t len)
{
	char *x;

	if ((x = xml_text(r->body.data, r->body.len, name)) != NULL)
		snprintf(out, len, "%s", x);
	free(x);
}

/* Fill error_code / error_msg / request_id from the reply body. */
static void
parse_error(struct http_response *r)
{
	cJSON *j;
	const char *t, *hash;

	if (r->body.len > 0 && r->body.data[0] == '{' &&
	    (j = cJSON_ParseWithLength(r->body.data, r->body.len)) != NULL) {
		t = cJSON_GetStringValue(cJSON_GetObjectItem(j, "__type"));
		if (t == NULL)
			t = cJSON_GetStringValue(cJSON_GetObjectItem(j,
			    "code"));
		if (t != NULL && r->error_code[0] == '\0') {
			hash = strrchr(t, '#');
			snprintf(r->error_code, sizeof r->error_code, "%s",
			    hash != NULL ? hash + 1 : t);
		}
		t = cJSON_GetStringValue(cJSON_GetObjectItem(j, "message"));
		if (t == NULL)
			t = cJSON_GetStringValue(cJSON_GetObjectItem(j,
			    "Message"));
		if (t != NULL)
			snprintf(r->error_msg, sizeof r->error_msg, "%s", t);
		cJSON_Delete(j);
		return;
	}
	xml_copy(r, "Code", r->error_code, sizeof r->error_code);
	xml_copy(r, "Message", r->error_msg, sizeof r->error_msg);
	if (r->request_id[0] == '\0')
		xml_copy(r, "RequestId", r->request_id, sizeof r->request_id);
	/* EC2's <Response><Errors>...</Errors><RequestID>. */
	if (r->request_id[0] == '\0')
		xml_copy(r, "RequestID", r->request_id, sizeof r->request_id);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return (size * n);
}

/* Copy the value of "Name: value\r\n" into out when the name matches. */
static int
header_value(const char *line, size_t len, const char *name, char *out,
    size_t outlen)
{
	size_t nl = strlen(name), vl;
	const char *v;

	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return (0);
	v = line + nl + 1;
	while (v < line + len && (*v == ' ' || *v == '\t'))
		v++;
	vl = (size_t)(line + len - v);
	while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' ||
	    v[vl - 1] == ' '))
		vl--;
	snprintf(out, outlen, "%.*s", (int)vl, v);
	return (1);
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_response *r = arg;
	size_t len = size * n;
	char *colon;

	if (len > 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new status line (after a redirect or 100): start over. */
		r->request_id[0] = r->error_code[0] = r->date[0] = '\0';
		return (len);
	}
	if (header_value(p, len, "x-amzn-RequestId", r->request_id,
	    sizeof r->request_id) ||
	    header_value(p, len, "x-amz-request-id", r->request_id,
	    sizeof r->request_id) ||
	    header_value(p, len, "Date", r->date, sizeof r->date))
		return (len);
	if (header_value(p, len, "x-amzn-ErrorType", r->error_code,
	    sizeof r->error_code) &&
	    (colon = strchr(r->error_code, ':')) != NULL)
		*colon = '\0';
	return (len);
}

/* Log one trace block line by line, secrets replaced. */
static void
log_redacted(const char *dir, const char *p, size_t len)
{
	static const char *const secret[] = { "authorization:",
	    "x-amz-security-token:", "x-aws-ec2-metadata-token:" };
	const char *e, *end = p + len;
	size_t i, n;

	for (; p < end; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		for (i = 0; i < sizeof secret / sizeof *secret; i++)
			if (n >= strlen(secret[i]) &&
			    strncasecmp(p, secret[i], strlen(secret[i])) == 0)
				break;
		if (i < sizeof secret / sizeof *secret)
			log_debug("%s %.*s [redacted]", dir,
			    (int)strlen(secret[i]), p);
		else if (n > 0)
			log_debug("%s %.*s", dir, (int)n, p);
		if (e == end)
			break;
	}
}

static int
on_trace(CURL *h, curl_infotype type, char *p, size_t len, void *arg)
{
	struct http_client *c = arg;

	(void)h;
	if (type == CURLINFO_HEADER_OUT && c->sent != NULL)
		c->sent(c->sent_arg, p, len);
	if (type == CURLINFO_HEADER_OUT)
		log_redacted(">", p, len);
	else if (type == CURLINFO_HEADER_IN)
		log_redacted("<", p, len);
	else if (type == CURLINFO_TEXT)
		log_redacted("*", p, len);
	return (0);
}

/* Split "scheme://host[:port][/base]" into host and base path. */
static int
split_endpoint(const char *ep, char **host, char **base)
{
	const char *h, *slash;

	*host = *base = NULL;
	if ((h = strstr(ep, "://")) == NULL)
		return (-1);
	h += 3;
	slash = strchr(h, '/');
	*host = slash != NULL ? xstrndup(h, (size_t)(slash - h)) :
	    xstrdup(h);
	*base = xstrdup(slash != NULL ? slash : "");
	if ((*base)[0] != '\0' && str_has_suffix(*base, "/"))
		(*base)[strlen(*base) - 1] = '\0';
	return (**host == '\0' ? -1 : 0);
}

/* The request line's URL: endpoint, encoded path, encoded query. */
static char *
build_url(const char *ep, const char *path, const struct http_request *q)
{
	struct buf b;
	const char *scheme_end = strstr(ep, "://") + 3, *slash;
	char *enc, *k, *v;
	size_t i;

	buf_init(&b);
	slash = strchr(scheme_end, '/');
	buf_add(&b, ep, slash != NULL ? (size_t)(slash - ep) : strlen(ep));
	enc = sigv4_uri_encode(path, strlen(path), 1);
	buf_adds(&b, enc);
	free(enc);
	for (i = 0; i < q->nquery; i++) {
		k = sigv4_uri_encode(q->query[i].key, strlen(q->query[i].key),
		    0);
		v = sigv4_uri_encode(q->query[i].value,
		    strlen(q->query[i].value), 0);
		buf_printf(&b, "%c%s=%s", i == 0 ? '?' : '&', k, v);
		free(k);
		free(v);
	}
	return (buf_steal(&b));
}

/* Everything one attempt needs, built once per attempt. */
struct attempt {
	struct sigv4_header	 h[HTTP_MAX_HEADERS];
	size_t			 nh;
	struct sigv4_result	 sig;
	struct curl_slist	*list;
	char			*url;
	char			*path;
	char			*host;
	int64_t			 signed_at;
};

static void
attempt_free(struct attempt *a)
{
	sigv4_result_free(&a->sig);
	curl_slist_free_all(a->list);
	free(a->url);
	free(a->path);
	free(a->host);
	memset(a, 0, sizeof *a);
}

static struct curl_slist *
add_header(struct curl_slist *l, const char *name, const char *value)
{
	char *line;
	struct curl_slist *n;

	line = xasprintf("%s: %s", name, value);
	n = curl_slist_append(l, line);
	explicit_bzero(line, strlen(line));
	free(line);
	if (n == NULL)
		fatal("out of memory (curl_slist_append)");
	return (n);
}

/* Sign what attempt_build assembled; adds the signer's headers. */
static int
sign_attempt(struct http_client *c, const struct http_request *q,
    struct attempt *a, struct wr_err *err)
{
	struct sigv4_request sr;
	struct sigv4_creds sc;
	struct sigv4_opts so;
	size_t i;

	memset(&sr, 0, sizeof sr);
	sr.method = q->method;
	sr.path = a->path;
	sr.query = q->query;
	sr.nquery = q->nquery;
	sr.headers = a->h;
	sr.nheaders = a->nh;
	sr.body = q->body;
	sr.body_len = q->body_len;
	sc.access_key = c->creds->access_key;
	sc.secret_key = c->creds->secret_key;
	sc.token = c->creds->token;
	memset(&so, 0, sizeof so);
	so.region = q->region;
	so.service = q->service;
	so.normalize_path = !q->s3;
	so.sign_body = q->s3;
	a->signed_at = time_now_ms() + http_clock_offset();
	if (sigv4_sign(&sr, &sc, &so, a->signed_at, &a->sig, err) == -1) {
		snprintf(err->where, sizeof err->where, "%s", q->what);
		return (-1);
	}
	for (i = 0; i < a->sig.nadded; i++)
		a->list = add_header(a->list, a->sig.added[i].name,
		    a->sig.added[i].value);
	a->list = add_header(a->list, "Authorization", a->sig.authorization);
	return (0);
}

static int
has_content_type(const struct http_request *q)
{
	size_t i;

	for (i = 0; i < q->nheaders; i++)
		if (strcasecmp(q->headers[i].name, "Content-Type") == 0)
			return (1);
	return (0);
}

static int
attempt_build(struct http_client *c, const struct http_request *q,
    struct attempt *a, struct wr_err *err)
{
	char *base = NULL;
	size_t i;

	memset(a, 0, sizeof *a);
	if (split_endpoint(q->endpoint, &a->host, &base) == -1) {
		free(base);
		return (wr_fail(err, WR_ERR_INVALID, q->what,
		    "bad endpoint URL \"%s\"", q->endpoint));
	}
	a->path = xasprintf("%s%s", base, q->path);
	free(base);
	a->url = build_url(q->endpoint, a->path, q);
	if (q->nheaders + 1 > HTTP_MAX_HEADERS)
		return (wr_fail(err, WR_ERR_INVALID, q->what,
		    "too many headers"));
	a->h[a->nh].name = "Host";
	a->h[a->nh++].value = a->host;
	for (i = 0; i < q->nheaders; i++)
		a->h[a->nh++] = q->headers[i];
	for (i = 0; i < a->nh; i++)
		a->list = add_header(a->list, a->h[i].name, a->h[i].value);
	/* Headers libcurl would add on its own stay out (BR-17). */
	a->list = curl_slist_append(a->list, "Expect:");
	a->list = curl_slist_append(a->list, "Accept:");
	/* A bodiless PUT or DELETE would get curl's form Content-Type. */
	if (!has_content_type(q))
		a->list = curl_slist_append(a->list, "Content-Type:");
	if (q->unsigned_req)
		return (0);
	if (c->creds == NULL)
		return (wr_fail(err, WR_ERR_CREDS, q->what,
		    "no credentials to sign with"));
	return (sign_attempt(c, q, a, err));
}

static void
setup_curl(struct http_client *c, const struct http_request *q,
    struct attempt *a, struct http_response *r, char *errbuf)
{
	CURL *h = c->curl;

	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, a->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, a->list);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "warroom/1");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (c->ca_bundle != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_bundle);
	if (c->sent != NULL || log_level_now >= LOG_DEBUG) {
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_trace);
		curl_easy_setopt(h, CURLOPT_DEBUGDATA, c);
	}
	if (strcmp(q->method, "GET") == 0)
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	else {
		if (strcmp(q->method, "POST") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS,
		    q->body != NULL ? q->body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)q->body_len);
	}
}

/* Full jitter over an exponential ceiling; Retry-After not trusted. */
static void
backoff(const struct http_client *c, int attempt)
{
	static unsigned seed;
	long ceil = c->backoff_base_ms, ms;
	struct timespec ts;
	int i;

	if (seed == 0)
		seed = (unsigned)time_real_ms() ^ (unsigned)getpid();
	for (i = 1; i < attempt && ceil < c->backoff_cap_ms; i++)
		ceil *= 2;
	if (ceil > c->backoff_cap_ms)
		ceil = c->backoff_cap_ms;
	ms = ceil / 2 + (long)(rand_r(&seed) % (unsigned)(ceil / 2 + 1));
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* One send; returns the curl code, fills r. */
static CURLcode
send_once(struct http_client *c, const struct http_request *q,
    struct attempt *a, struct http_response *r, char *errbuf)
{
	CURLcode rc;

	buf_reset(&r->body);
	r->status = 0;
	r->error_code[0] = r->error_msg[0] = '\0';
	r->request_id[0] = r->date[0] = '\0';
	errbuf[0] = '\0';
	setup_curl(c, q, a, r, errbuf);
	r->attempts++;
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
		if (r->status < 200 || r->status > 299)
			parse_error(r);
	}
	return (rc);
}

/* The final error for a non-2xx reply. */
static int
reply_error(const struct http_request *q, const struct http_response *r,
    struct wr_err *err)
{
	enum wr_status code = WR_ERR_AWS;
	const char *ec = r->error_code[0] != '\0' ? r->error_code : "HTTP";

	if (is_sig_error(ec))
		code = WR_ERR_SIG;
	else if (is_denied(ec))
		code = WR_ERR_DENIED;
	return (wr_fail(err, code, q->what, "%s (HTTP %ld): %s%s%s%s", ec,
	    r->status, r->error_msg[0] != '\0' ? r->error_msg : "no message",
	    r->request_id[0] != '\0' ? " [request id " : "", r->request_id,
	    r->request_id[0] != '\0' ? "]" : ""));
}

/* After a skew rejection: learn the offset, 1 when a retry is due. */
static int
learn_skew(const struct http_request *q, const struct attempt *a,
    struct http_response *r)
{
	int64_t server, local, off;
	char text[128];

	if (r->skew_retried || !http_is_skew(r) ||
	    http_server_time(r, &server) == -1)
		return (0);
	local = a->signed_at - http_clock_offset();
	off = server - local;
	http_set_clock_offset(off);
	r->skew_retried = 1;
	log_warn("%s: %s; %s (request id %s)", q->what, r->error_code,
	    http_skew_text(text, sizeof text), r->request_id);
	return (1);
}

int
http_call(struct http_client *c, const struct http_request *q,
    struct http_response *r, struct wr_err *err)
{
	char errbuf[CURL_ERROR_SIZE];
	struct attempt a;
	CURLcode rc;
	int kind, tries = 0;

	memset(r, 0, sizeof *r);
	buf_init(&r->body);
	if (c->curl == NULL && (c->curl = curl_easy_init()) == NULL)
		return (wr_fail(err, WR_ERR_HTTP, q->what, "curl_easy_init"));
	for (;;) {
		if (attempt_build(c, q, &a, err) == -1) {
			attempt_free(&a);
			return (-1);
		}
		rc = send_once(c, q, &a, r, errbuf);
		tries++;
		if (rc == CURLE_OK && r->status >= 200 && r->status <= 299) {
			log_info("%s: HTTP %ld, request id %s, %d attempt(s)",
			    q->what, r->status, r->request_id[0] != '\0' ?
			    r->request_id : "(none)", r->attempts);
			attempt_free(&a);
			return (0);
		}
		if (rc != CURLE_OK) {
			log_warn("%s: %s: %s (attempt %d)", q->what,
			    curl_easy_strerror(rc), errbuf, tries);
			if (tries < c->max_attempts) {
				attempt_free(&a);
				backoff(c, tries);
				continue;
			}
			attempt_free(&a);
			return (wr_fail(err, WR_ERR_HTTP, q->what, "%s%s%s",
			    curl_easy_strerror(rc), errbuf[0] ? ": " : "",
			    errbuf));
		}
		log_warn("%s: HTTP %ld %s, request id %s", q->what, r->status,
		    r->error_code, r->request_id[0] != '\0' ? r->request_id :
		    "(none)");
		/* One re-signed retry with the corrected time (BR-18). */
		if (learn_skew(q, &a, r)) {
			attempt_free(&a);
			tries--;
			continue;
		}
		attempt_free(&a);
		kind = http_retryable(r->status, r->error_code);
		if (kind == 1)
			r->throttled++;
		if (kind != 0 && tries < c->max_attempts) {
			backoff(c, tries);
			continue;
		}
		return (reply_error(q, r, err));
	}
}
