/*
 * aws/http against the local stand-in, which checks every signature
 * with botocore: the BR-17 invariants on the headers libcurl really
 * sent, retries on throttling and 5xx, a wrong secret, network loss,
 * the BR-18 clock-skew replies (one re-signed retry each), and that no
 * secret reaches the log.
 */
#include "tests/unit/testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "core/log.h"
#include "core/util.h"
#include "tests/unit/tu_standin.h"

#define AKID "AKIDSTANDINEXAMPLE"
#define SECRET "standin/secret+KEY"
#define TOKEN "FAKEtoken+/standin=="

static const char data[] =
    "{\"credentials\": {\"" AKID "\": \"" SECRET "\"},"
    " \"guardduty\": {\"us-east-1\": {\"detectors\": [\"d1\"]}},"
    " \"s3\": {\"bucket/AWSLogs/a b.json\": \"{}\"}}";

static struct tu_standin sd;
static struct aws_creds creds;
static struct buf sent;

static void
on_sent(void *arg, const char *p, size_t n)
{
	(void)arg;
	buf_add(&sent, p, n);
}

static int
setup(void **state)
{
	(void)state;
	if (tu_standin_start(&sd, data, NULL) == -1)
		return (0);
	memset(&creds, 0, sizeof creds);
	creds.access_key = xstrdup(AKID);
	creds.secret_key = xstrdup(SECRET);
	unsetenv("WARROOM_TEST_NOW");
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	tu_standin_stop(&sd);
	creds_free(&creds);
	buf_free(&sent);
	return (0);
}

static void
client(struct http_client *c)
{
	http_client_init(c, &creds);
	c->backoff_base_ms = 10;
	c->backoff_cap_ms = 50;
	buf_reset(&sent);
	c->sent = on_sent;
}

static void
gd_list(struct http_request *q)
{
	static const struct sigv4_header h[] = {
	    { "Content-Type", "application/json" } };

	memset(q, 0, sizeof *q);
	q->what = "guardduty ListDetectors";
	q->method = "GET";
	q->endpoint = sd.endpoint;
	q->path = "/detector";
	q->headers = h;
	q->nheaders = 1;
	q->service = "guardduty";
	q->region = "us-east-1";
}

static void
ct_lookup(struct http_request *q)
{
	static const struct sigv4_header h[] = {
	    { "Content-Type", "application/x-amz-json-1.1" },
	    { "X-Amz-Target", "com.amazonaws.cloudtrail.v20131101."
	      "CloudTrail_20131101.LookupEvents" } };
	static const char body[] = "{\"MaxResults\":50}";

	memset(q, 0, sizeof *q);
	q->what = "cloudtrail LookupEvents";
	q->method = "POST";
	q->endpoint = sd.endpoint;
	q->path = "/";
	q->headers = h;
	q->nheaders = 2;
	q->body = body;
	q->body_len = strlen(body);
	q->service = "cloudtrail";
	q->region = "us-east-1";
}

#define NEED_STANDIN() do { if (sd.pid == 0) skip(); } while (0)

/* Header names and values sent, from the raw trace. */
static int
sent_header(const char *name, char *value, size_t len, int *count)
{
	const char *p = sent.data, *e;
	size_t n = strlen(name);

	*count = 0;
	for (; p != NULL && *p != '\0'; p = e + 1) {
		if ((e = strchr(p, '\n')) == NULL)
			break;
		if ((size_t)(e - p) > n && strncasecmp(p, name, n) == 0 &&
		    p[n] == ':') {
			(*count)++;
			snprintf(value, len, "%.*s", (int)(e - p - n - 2),
			    p + n + 2);
			if (len > 0 && strchr(value, '\r') != NULL)
				*strchr(value, '\r') = '\0';
		}
	}
	return (*count > 0);
}

/*
 * BR-17: SignedHeaders equals the set of host, content-type and x-amz-*
 * headers sent; none twice; the token sent and signed.
 */
static void
check_br17(int want_token)
{
	char auth[1024], v[1024], *sh, *name, *save = NULL, lname[128];
	const char *p, *e;
	int count, nsigned = 0, nsent = 0;
	size_t i;

	assert_true(sent_header("Authorization", auth, sizeof auth, &count));
	assert_int_equal(count, 1);
	sh = strstr(auth, "SignedHeaders=");
	assert_non_null(sh);
	sh += strlen("SignedHeaders=");
	*strchr(sh, ',') = '\0';
	for (name = strtok_r(sh, ";", &save); name != NULL;
	    name = strtok_r(NULL, ";", &save)) {
		nsigned++;
		if (!sent_header(name, v, sizeof v, &count))
			fail_msg("signed header %s not sent", name);
		assert_int_equal(count, 1);
	}
	for (p = strchr(sent.data, '\n') + 1; *p != '\0'; p = e + 1) {
		if ((e = strchr(p, ':')) == NULL)
			break;
		snprintf(lname, sizeof lname, "%.*s", (int)(e - p), p);
		for (i = 0; lname[i] != '\0'; i++)
			lname[i] = (char)tolower((unsigned char)lname[i]);
		if (strcmp(lname, "host") == 0 ||
		    strcmp(lname, "content-type") == 0 ||
		    strncmp(lname, "x-amz-", 6) == 0)
			nsent++;
		if ((e = strchr(e, '\n')) == NULL)
			break;
	}
	assert_int_equal(nsigned, nsent);
	assert_int_equal(sent_header("X-Amz-Security-Token", v, sizeof v,
	    &count), want_token);
	if (want_token)
		assert_string_equal(v, TOKEN);
}

static void
test_signed_call(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;

	(void)state;
	NEED_STANDIN();
	client(&c);
	gd_list(&q);
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "\"d1\""));
	assert_true(r.request_id[0] != '\0');
	check_br17(0);
	http_response_free(&r);

	/* POST with a body and temporary credentials. */
	creds.token = xstrdup(TOKEN);
	tu_standin_ctl(&sd, "clock", "{\"offset\": 0}");
	free(creds.access_key);
	creds.access_key = xstrdup("ASIASTANDIN");
	http_client_free(&c);
	client(&c);
	ct_lookup(&q);
	/* The stand-in does not know this key: a credentials error. */
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_SIG);
	assert_non_null(strstr(err.msg, "UnrecognizedClientException"));
	check_br17(1);
	http_response_free(&r);
	free(creds.access_key);
	free(creds.token);
	creds.access_key = xstrdup(AKID);
	creds.token = NULL;
	http_client_free(&c);
}

static void
test_s3_payload_hash(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;
	char v[128];
	int count;

	(void)state;
	NEED_STANDIN();
	client(&c);
	memset(&q, 0, sizeof q);
	q.what = "s3 GetObject";
	q.method = "GET";
	q.endpoint = sd.endpoint;
	q.path = "/bucket/AWSLogs/a b.json";
	q.service = "s3";
	q.region = "us-east-1";
	q.s3 = 1;
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_string_equal(r.body.data, "{}");
	assert_true(sent_header("X-Amz-Content-Sha256", v, sizeof v, &count));
	assert_string_equal(v, "e3b0c44298fc1c149afbf4c8996fb92427ae41e464"
	    "9b934ca495991b7852b855");
	check_br17(0);
	http_response_free(&r);
	http_client_free(&c);
}

static void
test_wrong_secret(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;

	(void)state;
	NEED_STANDIN();
	free(creds.secret_key);
	creds.secret_key = xstrdup("not-the-secret");
	client(&c);
	gd_list(&q);
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_SIG);
	assert_non_null(strstr(err.msg, "SignatureDoesNotMatch"));
	assert_string_equal(err.where, "guardduty ListDetectors");
	/* Not retried: it would fail the same way. */
	assert_int_equal(r.attempts, 1);
	http_response_free(&r);
	http_client_free(&c);
	free(creds.secret_key);
	creds.secret_key = xstrdup(SECRET);
}

static void
test_throttling(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;

	(void)state;
	NEED_STANDIN();
	client(&c);
	ct_lookup(&q);
	tu_standin_ctl(&sd, "fail", "{\"op\": \"LookupEvents\", \"status\":"
	    " 400, \"code\": \"ThrottlingException\", \"message\": \"Rate "
	    "exceeded\", \"count\": 2}");
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.throttled, 2);
	http_response_free(&r);

	/* A 5xx with a transient code is retried too. */
	tu_standin_ctl(&sd, "fail", "{\"op\": \"ListDetectors\", \"status\":"
	    " 503, \"code\": \"ServiceUnavailable\", \"count\": 1}");
	gd_list(&q);
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.throttled, 0);
	http_response_free(&r);

	/* More throttling than attempts: the last error is reported. */
	tu_standin_ctl(&sd, "fail", "{\"op\": \"ListDetectors\", \"status\":"
	    " 429, \"code\": \"TooManyRequestsException\", \"count\": 3}");
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_AWS);
	assert_non_null(strstr(err.msg, "TooManyRequestsException"));
	assert_non_null(strstr(err.msg, "request id"));
	assert_int_equal(r.attempts, 3);
	http_response_free(&r);

	/* A client error is not retried. */
	tu_standin_ctl(&sd, "fail", "{\"op\": \"ListDetectors\", \"status\":"
	    " 400, \"code\": \"BadRequestException\", \"count\": 1}");
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(r.attempts, 1);
	http_response_free(&r);
	http_client_free(&c);
}

static void
test_network_loss(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;

	(void)state;
	client(&c);
	gd_list(&q);
	/* Port 9 on loopback: nothing listens (connection refused). */
	q.endpoint = "http://127.0.0.1:9";
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_HTTP);
	assert_int_equal(r.attempts, 3);
	http_response_free(&r);
	q.endpoint = "no-scheme";
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_INVALID);
	http_response_free(&r);
	http_client_free(&c);
}

/* One BR-18 reply, served once; expect one re-signed retry. */
static void
br18_case(const char *block, const char *now, int64_t want_offset,
    void (*req)(struct http_request *))
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;
	char *file, *ctl;

	http_set_clock_offset(0);
	setenv("WARROOM_TEST_NOW", now, 1);
	file = tu_case("BR-18.responses.txt");
	ctl = xasprintf("{\"file\": \"%s\", \"block\": \"%s\"}", file, block);
	tu_standin_ctl(&sd, "canned", ctl);
	client(&c);
	req(&q);
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s: %s", block, err.where, err.msg);
	assert_int_equal(r.skew_retried, 1);
	assert_int_equal(r.attempts, 2);
	if (http_clock_offset() != want_offset)
		fail_msg("%s: offset %lld, want %lld", block,
		    (long long)http_clock_offset(), (long long)want_offset);
	http_response_free(&r);
	http_client_free(&c);
	free(ctl);
	free(file);
}

/* CloudTrail allows 2 calls/s per region: R5 goes to another one. */
static void
ct_lookup_west(struct http_request *q)
{
	ct_lookup(q);
	q->region = "us-west-2";
}

static void
sts_identity(struct http_request *q)
{
	static const struct sigv4_header h[] = { { "Content-Type",
	    "application/x-www-form-urlencoded; charset=utf-8" } };
	static const char body[] = "Action=GetCallerIdentity&"
	    "Version=2011-06-15";

	memset(q, 0, sizeof *q);
	q->what = "sts GetCallerIdentity";
	q->method = "POST";
	q->endpoint = sd.endpoint;
	q->path = "/";
	q->headers = h;
	q->nheaders = 1;
	q->body = body;
	q->body_len = strlen(body);
	q->service = "sts";
	q->region = "us-east-1";
}

static void
s3_get(struct http_request *q)
{
	memset(q, 0, sizeof *q);
	q->what = "s3 GetObject";
	q->method = "GET";
	q->endpoint = sd.endpoint;
	q->path = "/bucket/AWSLogs/a b.json";
	q->service = "s3";
	q->region = "us-east-1";
	q->s3 = 1;
}

static void
test_br18_skew(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;
	char text[128], *file, *ctl;

	(void)state;
	NEED_STANDIN();
	tu_standin_ctl(&sd, "clock", "{\"now\": \"2026-12-02T10:36:12Z\"}");
	br18_case("R1", "2026-12-02T10:15:00Z", 1272000, s3_get);
	assert_string_equal(http_skew_text(text, sizeof text),
	    "local clock 21 min 12 s slow — compensating");
	br18_case("R2", "2026-12-02T10:15:00Z", 1272000, ct_lookup);
	br18_case("R3", "2026-12-02T10:15:00Z", 1272000, sts_identity);
	br18_case("R4", "2026-12-02T10:15:00Z", 1272000, gd_list);
	br18_case("R5", "2026-12-02T11:00:00Z", -1428000, ct_lookup_west);
	assert_non_null(strstr(http_skew_text(text, sizeof text), "fast"));

	/* R6: a wrong secret, not skew: no retry, a signing error. */
	http_set_clock_offset(0);
	setenv("WARROOM_TEST_NOW", "2026-12-02T10:15:00Z", 1);
	file = tu_case("BR-18.responses.txt");
	ctl = xasprintf("{\"file\": \"%s\", \"block\": \"R6\"}", file);
	tu_standin_ctl(&sd, "canned", ctl);
	client(&c);
	ct_lookup(&q);
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_SIG);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.skew_retried, 0);
	assert_int_equal(http_clock_offset(), 0);
	http_response_free(&r);

	/* Skew twice in a row: one retry only, then the error. */
	free(ctl);
	ctl = xasprintf("{\"file\": \"%s\", \"block\": \"R2\", \"count\": 2}",
	    file);
	tu_standin_ctl(&sd, "canned", ctl);
	assert_int_equal(http_call(&c, &q, &r, &err), -1);
	assert_int_equal(err.code, WR_ERR_SIG);
	assert_int_equal(r.attempts, 2);
	http_response_free(&r);
	http_client_free(&c);
	free(ctl);
	free(file);
	http_set_clock_offset(0);
	unsetenv("WARROOM_TEST_NOW");
	tu_standin_ctl(&sd, "clock", "{\"offset\": 0}");
}

/* Real skew, not canned: the stand-in's clock runs 20 min ahead. */
static void
test_live_skew(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;
	int64_t off;

	(void)state;
	NEED_STANDIN();
	http_set_clock_offset(0);
	tu_standin_ctl(&sd, "clock", "{\"offset\": 1200}");
	client(&c);
	gd_list(&q);
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	off = http_clock_offset();
	assert_true(off > 1195000 && off < 1205000);
	http_response_free(&r);
	/* The next call uses the offset at once: no retry needed. */
	if (http_call(&c, &q, &r, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(r.attempts, 1);
	http_response_free(&r);
	http_client_free(&c);
	tu_standin_ctl(&sd, "clock", "{\"offset\": 0}");
	http_set_clock_offset(0);
}

static void
test_log_redacted(void **state)
{
	struct http_client c;
	struct http_request q;
	struct http_response r;
	struct wr_err err;
	char *dir, *text;

	(void)state;
	NEED_STANDIN();
	dir = tu_tmpdir();
	setenv("WARROOM_LOG_DIR", dir, 1);
	log_close();
	log_init("test", LOG_DEBUG);
	creds.token = xstrdup(TOKEN);
	client(&c);
	c.sent = NULL;
	gd_list(&q);
	(void)http_call(&c, &q, &r, &err);
	http_response_free(&r);
	http_client_free(&c);
	text = tu_read(log_path(), NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "[redacted]"));
	assert_non_null(strstr(text, "request id"));
	assert_null(strstr(text, TOKEN));
	assert_null(strstr(text, "Signature="));
	assert_null(strstr(text, SECRET));
	free(text);
	log_close();
	log_init("test", LOG_WARN);
	free(creds.token);
	creds.token = NULL;
	free(dir);
}

static void
test_retryable_codes(void **state)
{
	(void)state;
	assert_int_equal(http_retryable(400, "ThrottlingException"), 1);
	assert_int_equal(http_retryable(400, "Throttling"), 1);
	assert_int_equal(http_retryable(429, ""), 1);
	assert_int_equal(http_retryable(500, "InternalFailure"), 2);
	assert_int_equal(http_retryable(502, ""), 2);
	assert_int_equal(http_retryable(400, "ValidationException"), 0);
	assert_int_equal(http_retryable(403, "AccessDeniedException"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retryable_codes),
		cmocka_unit_test(test_signed_call),
		cmocka_unit_test(test_s3_payload_hash),
		cmocka_unit_test(test_wrong_secret),
		cmocka_unit_test(test_throttling),
		cmocka_unit_test(test_network_loss),
		cmocka_unit_test(test_br18_skew),
		cmocka_unit_test(test_live_skew),
		cmocka_unit_test(test_log_redacted),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
