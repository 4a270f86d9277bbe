/*
 * The bytes before the JSON and the depth of it: a file saved with a
 * UTF-8 byte order mark ingests as if it had none (plain and gzipped);
 * UTF-16, with either byte order mark or none, fails with a message
 * that says so; nesting past the scanner's limit fails naming the
 * record and the spot, and a failed file stores nothing.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/incident.h"
#include "core/ingest.h"
#include "core/jsondepth.h"
#include "core/jsonscan.h"
#include "core/store.h"
#include "core/util.h"

#define REC "{\"eventVersion\":\"1.08\",\"eventID\":\"%s\"," \
	"\"eventTime\":\"2026-12-01T00:00:00Z\"," \
	"\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\"," \
	"\"awsRegion\":\"us-east-1\",\"userIdentity\":{\"type\":\"IAMUser\"," \
	"\"accessKeyId\":\"AKIAQA2EXAMPLE00003\"," \
	"\"arn\":\"arn:aws:iam::111122223333:user/qa\"}," \
	"\"recipientAccountId\":\"111122223333\"%s}"

struct fx {
	struct store		*s;
	int64_t			 inc;
	struct ingest_ctx	 ic;
};

static int
setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof *x);
	struct wr_err err;

	x->s = tu_store();
	assert_int_equal(incident_create(x->s, tu_op("alice"), "t",
	    "compromised-iam-access-key", 0, &x->inc, &err), 0);
	ingest_init(&x->ic, x->s, x->inc, tu_op("alice"));
	*state = x;
	return (0);
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	store_close(x->s);
	free(x);
	return (0);
}

static long
nevents(struct fx *x)
{
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(x->s),
	    "SELECT COUNT(*) FROM events", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (n);
}

/* {"Records":[REC]} with a record of event id id. */
static char *
doc(const char *id)
{
	char *rec = xasprintf(REC, id, ""), *d;

	d = xasprintf("{\"Records\":[%s]}\n", rec);
	free(rec);
	return (d);
}

static void
test_utf8_bom_skipped(void **state)
{
	struct fx *x = *state;
	struct ingest_file f;
	char *d = doc("bom-1"), *b;
	size_t n = strlen(d);

	b = xmalloc(n + 3);
	memcpy(b, "\xEF\xBB\xBF", 3);
	memcpy(b + 3, d, n);
	assert_int_equal(ingest_buffer(&x->ic, "bom.json", b, n + 3, &f), 0);
	assert_int_equal(f.status, INGEST_OK);
	assert_int_equal(f.records, 1);
	assert_int_equal(nevents(x), 1);
	free(b);
	free(d);
}

static void
test_utf8_bom_gzipped(void **state)
{
	struct fx *x = *state;
	struct ingest_file f;
	char *d = doc("bom-gz"), *b, *gz;
	size_t n = strlen(d);
	z_stream z;

	b = xmalloc(n + 3);
	memcpy(b, "\xEF\xBB\xBF", 3);
	memcpy(b + 3, d, n);
	gz = xmalloc(n + 256);
	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)b;
	z.avail_in = (unsigned)(n + 3);
	z.next_out = (unsigned char *)gz;
	z.avail_out = (unsigned)(n + 256);
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(ingest_buffer(&x->ic, "bom.json.gz", gz,
	    z.total_out, &f), 0);
	deflateEnd(&z);
	assert_int_equal(f.status, INGEST_OK);
	assert_int_equal(nevents(x), 1);
	free(gz);
	free(b);
	free(d);
}

/* d as UTF-16 (ASCII only), after a byte order mark when bom. */
static char *
utf16(const char *d, int big, int bom, size_t *len)
{
	size_t n = strlen(d), i, o = 0;
	char *u = xmalloc(2 * n + 2);

	if (bom) {
		u[o++] = big ? '\xFE' : '\xFF';
		u[o++] = big ? '\xFF' : '\xFE';
	}
	for (i = 0; i < n; i++) {
		u[o++] = big ? '\0' : d[i];
		u[o++] = big ? d[i] : '\0';
	}
	*len = o;
	return (u);
}

static void
test_utf16_refused(void **state)
{
	struct fx *x = *state;
	struct ingest_file f;
	char *d = doc("u16"), *u;
	size_t n;
	int big, bom;

	for (big = 0; big <= 1; big++) {
		for (bom = 0; bom <= 1; bom++) {
			u = utf16(d, big, bom, &n);
			assert_int_equal(ingest_buffer(&x->ic, "u16.json", u,
			    n, &f), -1);
			assert_int_equal(f.status, INGEST_FAILED);
			assert_string_equal(f.path, "u16.json");
			assert_non_null(strstr(f.reason, "UTF-16 text; "
			    "convert to UTF-8"));
			free(u);
		}
	}
	assert_int_equal(nevents(x), 0);
	free(d);
}

static void
test_deep_nesting_named(void **state)
{
	struct fx *x = *state;
	struct ingest_file f;
	struct buf b;
	char *r0 = xasprintf(REC, "deep-0", ""), *r1;
	int i;

	buf_init(&b);
	for (i = 0; i < 5000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 5000; i++)
		buf_addc(&b, ']');
	buf_addc(&b, '\0');
	r1 = xasprintf("{\"eventID\":\"deep-1\",\"requestParameters\":%s}",
	    b.data);
	buf_free(&b);
	buf_init(&b);
	buf_printf(&b, "{\"Records\":[%s,\n%s]}\n", r0, r1);
	assert_int_equal(ingest_buffer(&x->ic, "deep.json", b.data, b.len,
	    &f), -1);
	assert_int_equal(f.status, INGEST_FAILED);
	assert_non_null(strstr(f.reason, "nested deeper than 512 levels"));
	assert_non_null(strstr(f.reason, "record Records[1]"));
	assert_non_null(strstr(f.reason, "line 2"));
	assert_int_equal(nevents(x), 0);
	buf_free(&b);
	free(r0);
	free(r1);
}

/* The walker on its own: shapes, strings with brackets, the limit. */
static void
test_depth_walker(void **state)
{
	static const char ok[] = "{\"a\":\"[[[[\",\"b\":[[1]]}";
	static const char arr[] = "[{},{\"x\":1,\"requestParameters\":"
	    "[[[[\"\\\"]\"]]]]}]";
	char where[64];
	const char *at;

	(void)state;
	assert_null(jdepth_find(ok, ok + sizeof ok - 1, 3, where,
	    sizeof where));
	at = jdepth_find(ok, ok + sizeof ok - 1, 2, where, sizeof where);
	assert_non_null(at);
	assert_string_equal(where, "b[0]");
	at = jdepth_find(arr, arr + sizeof arr - 1, 4, where, sizeof where);
	assert_non_null(at);
	assert_string_equal(where, "[1].requestParameters");
	assert_int_equal(JSCAN_MAX_DEPTH, 512);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_utf8_bom_skipped),
		T(test_utf8_bom_gzipped),
		T(test_utf16_refused),
		T(test_deep_nesting_named),
		cmocka_unit_test(test_depth_walker),
	};
#undef T
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
