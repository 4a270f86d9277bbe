/*
 * core/ingest*.c: every input shape, the gzip oddities of BR-02, digests
 * (BR-01), LookupEvents and dedupe (BR-05), GuardDuty severity bands,
 * samples and resources (BR-12, BR-14, BR-15), upserts, and the promise
 * that a failed file stores nothing.
 */
#include "tests/unit/testutil.h"

#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/finding.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/store.h"
#include "core/util.h"

struct fx {
	struct store		*s;
	int64_t			 inc;
	struct ingest_ctx	 ic;
	struct ingest_file	 last[16];
	int			 nlast;
};

static void
on_file(const struct ingest_file *f, void *arg)
{
	struct fx *x = arg;

	if (x->nlast < 16)
		x->last[x->nlast++] = *f;
}

static int
setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof *x);
	struct wr_err err;

	x->s = tu_store();
	assert_int_equal(incident_create(x->s, tu_op("alice"), "t",
	    "compromised-iam-key", 0, &x->inc, &err), 0);
	ingest_init(&x->ic, x->s, x->inc, tu_op("alice"));
	x->ic.on_file = on_file;
	x->ic.arg = x;
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
q1(struct fx *x, const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(x->s), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (n);
}

/* Ingest one case file; returns its result. */
static const struct ingest_file *
one(struct fx *x, const char *name)
{
	char *p = tu_case(name);

	x->nlast = 0;
	(void)ingest_path(&x->ic, p);
	free(p);
	assert_int_equal(x->nlast, 1);
	return (&x->last[0]);
}

static const struct ingest_file *
text(struct fx *x, const char *name, const char *body)
{
	struct ingest_file *f = &x->last[0];

	x->nlast = 0;
	(void)ingest_buffer(&x->ic, name, body, strlen(body), f);
	return (f);
}

static void
expect(const struct ingest_file *f, enum ingest_status st, long records,
    const char *reason)
{
	if (f->status != st || f->records != records ||
	    (reason != NULL && strstr(f->reason, reason) == NULL))
		fail_msg("%s: got %s %ld records (%s), want %s %ld (%s)",
		    f->path, ingest_status_name(f->status), f->records,
		    f->reason, ingest_status_name(st), records,
		    reason != NULL ? reason : "");
}

static void
test_br01_digest_skipped(void **state)
{
	struct fx *x = *state;

	expect(one(x, "BR-01.log.json.gz"), INGEST_OK, 2, NULL);
	expect(one(x, "BR-01.digest.json.gz"), INGEST_SKIPPED, 0, "digest");
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 2);
}

static void
test_br02_gzip_batch(void **state)
{
	struct fx *x = *state;

	expect(one(x, "BR-02.a-zero-bytes.json.gz"), INGEST_SKIPPED, 0,
	    "empty");
	expect(one(x, "BR-02.b-empty-records.json.gz"), INGEST_OK, 0, NULL);
	expect(one(x, "BR-02.c-truncated.json.gz"), INGEST_FAILED, 0,
	    "truncated gzip");
	expect(one(x, "BR-02.d-plain-json-named-gz.json.gz"), INGEST_OK, 1,
	    "not compressed despite .gz");
	expect(one(x, "BR-02.e-trailing-garbage.json.gz"), INGEST_SUSPECT, 1,
	    "trailing data after gzip member");
	expect(one(x, "BR-02.f-two-members.json.gz"), INGEST_SUSPECT, 2,
	    "multiple gzip members");
	expect(one(x, "BR-02.g-s3-error-body.json.gz"), INGEST_FAILED, 0,
	    "S3 error AccessDenied");
	expect(one(x, "BR-02.h-records-not-array.json.gz"), INGEST_FAILED, 0,
	    "Records is not an array");
	/* Every attempt is on the record, failures included. */
	assert_int_equal(q1(x, "SELECT count(*) FROM ingest_runs"), 8);
	assert_int_equal(q1(x, "SELECT count(*) FROM audit WHERE"
	    " action = 'ingest'"), 8);
}

static int
nfds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return (0);
	while ((e = readdir(d)) != NULL)
		n++;
	closedir(d);
	return (n);
}

static void
test_br02_repeated_no_leaks(void **state)
{
	static const char *names[] = {
		"BR-02.a-zero-bytes.json.gz", "BR-02.b-empty-records.json.gz",
		"BR-02.c-truncated.json.gz",
		"BR-02.d-plain-json-named-gz.json.gz",
		"BR-02.e-trailing-garbage.json.gz",
		"BR-02.f-two-members.json.gz", "BR-02.g-s3-error-body.json.gz",
		"BR-02.h-records-not-array.json.gz",
	};
	struct fx *x = *state;
	struct wr_err err;
	char *paths[8];
	int i, j, before;

	/* Speed over durability for this loop only. */
	assert_int_equal(store_exec(x->s, "PRAGMA synchronous=OFF", &err), 0);
	x->ic.on_file = NULL;
	for (j = 0; j < 8; j++)
		paths[j] = tu_case(names[j]);
	before = nfds();
	for (i = 0; i < 1000; i++) {
		for (j = 0; j < 8; j++)
			(void)ingest_path(&x->ic, paths[j]);
	}
	assert_int_equal(nfds(), before);
	assert_int_equal(x->ic.totals.failed, 3000);
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 3);
	for (j = 0; j < 8; j++)
		free(paths[j]);
}

static void
test_failed_file_stores_nothing(void **state)
{
	struct fx *x = *state;
	const char *half = "{\"Records\":[{\"eventID\":\"e1\",\"eventName\":"
	    "\"A\",\"eventSource\":\"s\",\"eventTime\":\"2026-01-01T00:00:00Z\""
	    "},{\"eventID\":\"e2\",";

	expect(text(x, "half.json", half), INGEST_FAILED, 0, NULL);
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 0);
	assert_non_null(strstr(x->last[0].reason, "line 1"));
}

static void
test_br05_dedupe_three_sources(void **state)
{
	struct fx *x = *state;

	expect(one(x, "BR-05.lookup-api-raw.json"), INGEST_OK, 2, NULL);
	assert_int_equal(x->last[0].new, 2);
	expect(one(x, "BR-05.lookup-cli-v2.json"), INGEST_OK, 2, NULL);
	assert_int_equal(x->last[0].new, 0);
	expect(one(x, "BR-05.trail-s3.json"), INGEST_OK, 2, NULL);
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 2);
	/* Each event keeps every source it came from. */
	assert_int_equal(q1(x, "SELECT count(*) FROM event_sources"), 4);
	/* Inner CloudTrailEvent wins: the times are the record's. */
	assert_int_equal(q1(x, "SELECT count(*) FROM events WHERE time_ms IN"
	    " (1793649310000, 1793649187000)"), 2);
	one(x, "BR-05.lookup-api-raw.json");
	assert_int_equal(x->last[0].new, 0);
}

static void
test_br05_untimed_kept(void **state)
{
	struct fx *x = *state;
	const struct ingest_file *f = one(x, "BR-05.time-formats.json");

	expect(f, INGEST_OK, 9, "3 untimed events");
	assert_int_equal(q1(x, "SELECT count(*) FROM events WHERE"
	    " time_ms IS NULL"), 3);
}

static void
test_br03_all_stored(void **state)
{
	struct fx *x = *state;

	expect(one(x, "BR-03.json"), INGEST_OK, 12, NULL);
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 12);
}

struct levels {
	int	n;
	int	p[32];
	int	flags[32];
	char	res[32][128];
};

static int
by_id(struct fx *x, struct levels *l)
{
	static const char q[] = "SELECT p_level, flags, resource FROM findings"
	    " ORDER BY id";
	sqlite3_stmt *st;

	memset(l, 0, sizeof *l);
	assert_int_equal(sqlite3_prepare_v2(store_db(x->s), q, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && l->n < 32) {
		l->p[l->n] = sqlite3_column_int(st, 0);
		l->flags[l->n] = sqlite3_column_int(st, 1);
		strlcpy_wr(l->res[l->n], store_column_str(st, 2),
		    sizeof l->res[0]);
		l->n++;
	}
	sqlite3_finalize(st);
	return (l->n);
}

static void
test_br12_bands(void **state)
{
	/* 0, .5, 1, 3.9, 3.95, 4, 6.9, 7, 8.9, 8.95, 9, 10, 10.5, "8" */
	static const int want[] = { 4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1, 1, 2 };
	struct fx *x = *state;
	struct levels l;
	int i;

	expect(one(x, "BR-12.json"), INGEST_OK, 14, NULL);
	assert_int_equal(by_id(x, &l), 14);
	for (i = 0; i < 14; i++) {
		/* The High rows are Recon types (not attacker at work): P2,
		 * except the AttackSequence rows at 9 and 10 (Critical). */
		assert_int_equal(l.p[i], want[i]);
	}
	assert_true(l.flags[0] & FINDING_F_SEV_RANGE);
	assert_true(l.flags[12] & FINDING_F_SEV_RANGE);
	assert_true(l.flags[13] & FINDING_F_SEV_STRING);
	assert_false(l.flags[5] & FINDING_F_SEV_RANGE);
}

static void
test_br14_samples(void **state)
{
	struct fx *x = *state;
	struct levels l;
	struct incident inc;
	struct wr_err err;

	expect(one(x, "BR-14.json"), INGEST_OK, 6, NULL);
	assert_int_equal(by_id(x, &l), 6);
	assert_true(l.flags[0] & FINDING_F_SAMPLE);
	assert_true(l.flags[1] & FINDING_F_SAMPLE);
	assert_false(l.flags[2] & FINDING_F_SAMPLE);
	assert_true(l.flags[3] & FINDING_F_SAMPLE);
	assert_false(l.flags[4] & FINDING_F_SAMPLE);
	assert_false(l.flags[5] & FINDING_F_SAMPLE);
	/* Row 03 is real and High (CryptoCurrency: P1); samples never
	 * raise the level, so the incident follows row 03 only. */
	assert_int_equal(incident_get(x->s, x->inc, &inc, &err), 0);
	assert_int_equal(inc.p_level, l.p[2]);
	assert_int_equal(finding_worst_level(x->s, x->inc), l.p[2]);
}

/* A drill runs at the level its findings would give a real incident. */
static void
test_exercise_level_follows_findings(void **state)
{
	struct fx *x = *state;
	struct incident inc;
	struct wr_err err;
	int64_t drill;

	assert_int_equal(incident_create(x->s, tu_op("alice"), "drill",
	    "compromised-iam-access-key", 1, &drill, &err), 0);
	ingest_init(&x->ic, x->s, drill, tu_op("alice"));
	x->ic.on_file = on_file;
	x->ic.arg = x;
	expect(one(x, "BR-14.json"), INGEST_OK, 6, NULL);
	assert_int_equal(incident_get(x->s, drill, &inc, &err), 0);
	assert_true(inc.exercise);
	assert_int_equal(inc.p_level, 1);
	assert_int_equal(finding_worst_level(x->s, drill), 1);
}

static void
test_br15_resources(void **state)
{
	static const char *want[] = {
		"EC2 i-0example000000001 (c5.large, 198.51.100.50)",
		"access key AKIAIOSFODNN7EXAMPLE (alice-example)",
		"S3 example-evidence-bucket (PUBLIC)",
		"EKS example-cluster (user system:anonymous)",
		"Lambda example-fn",
		"RDS example-db (aurora-mysql, admin_example)",
		"ECS example-ecs (image docker.io/example/miner:latest)",
		"container app (example/app:1.0)",
		"SomeFutureResource (unparsed)",
		"(no resource)",
	};
	struct fx *x = *state;
	struct levels l;
	int i;

	expect(one(x, "BR-15.json"), INGEST_OK, 10, NULL);
	assert_int_equal(by_id(x, &l), 10);
	for (i = 0; i < 10; i++)
		assert_string_equal(l.res[i], want[i]);
}

static const char gd_camel[] =
    "{\"schemaVersion\":\"2.0\",\"id\":\"f1\",\"type\":"
    "\"CryptoCurrency:EC2/BitcoinTool.B!DNS\",\"severity\":8,"
    "\"title\":\"old\",\"updatedAt\":\"2026-11-02T10:00:00Z\","
    "\"service\":{\"count\":3}}";
static const char gd_newer[] =
    "{\"Findings\":[{\"SchemaVersion\":\"2.0\",\"Id\":\"f1\",\"Type\":"
    "\"CryptoCurrency:EC2/BitcoinTool.B!DNS\",\"Severity\":8,"
    "\"Title\":\"new\",\"UpdatedAt\":\"2026-11-02T11:00:00Z\","
    "\"Service\":{\"Count\":7}}]}";
static const char gd_older[] =
    "[{\"schemaVersion\":\"2.0\",\"id\":\"f1\",\"type\":"
    "\"CryptoCurrency:EC2/BitcoinTool.B!DNS\",\"severity\":2,"
    "\"title\":\"older\",\"updatedAt\":\"2026-11-01T11:00:00Z\"}]";

static void
test_gd_upsert_newer_wins(void **state)
{
	struct fx *x = *state;

	expect(text(x, "bare.json", gd_camel), INGEST_OK, 1, NULL);
	expect(text(x, "pascal.json", gd_newer), INGEST_OK, 1, NULL);
	assert_int_equal(x->last[0].new, 0);
	expect(text(x, "older.json", gd_older), INGEST_OK, 1, NULL);
	assert_int_equal(q1(x, "SELECT count(*) FROM findings"), 1);
	assert_int_equal(q1(x, "SELECT count FROM findings"), 7);
	assert_int_equal(q1(x, "SELECT title = 'new' FROM findings"), 1);
}

static const char rec1[] =
    "{\"eventVersion\":\"1.08\",\"eventID\":\"n1\",\"eventName\":"
    "\"ListBuckets\",\"eventSource\":\"s3.amazonaws.com\",\"eventTime\":"
    "\"2026-11-02T10:00:00Z\",\"userIdentity\":{\"type\":\"IAMUser\","
    "\"arn\":\"arn:aws:iam::111122223333:user/a\",\"userName\":\"a\"}}";

static void
test_shapes(void **state)
{
	struct fx *x = *state;
	char *nd, *arr, *eb, *ebgd;

	expect(text(x, "bare.json", rec1), INGEST_OK, 1, NULL);
	assert_string_equal(x->last[0].kind, "cloudtrail-record");
	arr = xasprintf("[%s]", rec1);
	expect(text(x, "arr.json", arr), INGEST_OK, 1, NULL);
	nd = xasprintf("%s\n%s\n", rec1, gd_camel);
	expect(text(x, "nd.json", nd), INGEST_OK, 2, NULL);
	eb = xasprintf("{\"version\":\"0\",\"detail-type\":\"AWS API Call via "
	    "CloudTrail\",\"source\":\"aws.s3\",\"detail\":%s}", rec1);
	expect(text(x, "eb.json", eb), INGEST_OK, 1, NULL);
	assert_string_equal(x->last[0].kind, "eventbridge");
	ebgd = xasprintf("{\"detail-type\":\"GuardDuty Finding\",\"detail\":"
	    "%s}", gd_camel);
	expect(text(x, "ebgd.json", ebgd), INGEST_OK, 1, NULL);
	expect(text(x, "ebempty.json", "{\"detail-type\":\"GuardDuty "
	    "Finding\",\"detail\":{}}"), INGEST_SKIPPED, 0, "empty detail");
	expect(text(x, "other.json", "{\"rule_id\":\"x\",\"tests\":[]}"),
	    INGEST_SKIPPED, 0, "keys: rule_id, tests");
	expect(text(x, "asff.json", "{\"Findings\":[{\"SchemaVersion\":"
	    "\"2018-10-08\",\"Id\":\"a\"}]}"), INGEST_SKIPPED, 0, "ASFF");
	expect(text(x, "bad.json", "{\"Records\": [}"), INGEST_FAILED, 0,
	    "invalid JSON");
	expect(text(x, "scalar.json", "42"), INGEST_FAILED, 0, "bare value");
	assert_int_equal(q1(x, "SELECT count(*) FROM events"), 1);
	free(nd);
	free(arr);
	free(eb);
	free(ebgd);
}

static void
test_raw_kept_byte_for_byte(void **state)
{
	struct fx *x = *state;
	const char *odd = "{\"Records\":[ {\"eventID\" : \"sp1\", "
	    "\"eventName\":\"X\",\"eventSource\":\"s\",\"eventTime\":"
	    "\"2026-11-02T10:00:00Z\",\"n\":1.50e3,\"u\":\"\\u00e9\"} ]}";
	sqlite3_stmt *st;

	expect(text(x, "odd.json", odd), INGEST_OK, 1, NULL);
	assert_int_equal(sqlite3_prepare_v2(store_db(x->s),
	    "SELECT raw_len FROM events", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* The span between the brackets' spaces, untouched. */
	assert_int_equal(sqlite3_column_int(st, 0),
	    (int)(strstr(odd, "} ]") + 1 - strchr(odd + 1, '{')));
	sqlite3_finalize(st);
}

static void
test_billing_signals(void **state)
{
	struct fx *x = *state;
	char *p = tu_fixture("billing/get-anomalies.json");

	x->nlast = 0;
	(void)ingest_path(&x->ic, p);
	free(p);
	expect(&x->last[0], INGEST_OK, 3, NULL);
	assert_string_equal(x->last[0].kind, "billing");
	assert_int_equal(q1(x, "SELECT count(*) FROM findings WHERE"
	    " source = 'billing'"), 3);
	/* Again: upserted, not doubled. */
	p = tu_fixture("billing/get-anomalies.json");
	(void)ingest_path(&x->ic, p);
	free(p);
	assert_int_equal(q1(x, "SELECT count(*) FROM findings WHERE"
	    " source = 'billing'"), 3);
}

/*
 * What a folder's walk passes by is on the output as skipped with the
 * reason: a link to a folder (it may loop) and a FIFO, beside a file
 * that is read.
 */
static void
test_walk_reports_what_it_passes(void **state)
{
	struct fx *x = *state;
	char *dir = tu_tmpdir(), *sub, *p;
	FILE *fp;
	int i, seen = 0;

	sub = xasprintf("%s/in", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	p = xasprintf("%s/a.json", sub);
	assert_non_null(fp = fopen(p, "w"));
	fputs("{}", fp);
	fclose(fp);
	free(p);
	p = xasprintf("%s/loop", sub);
	assert_int_equal(symlink("..", p), 0);
	free(p);
	p = xasprintf("%s/pipe", sub);
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	x->nlast = 0;
	(void)ingest_path(&x->ic, sub);
	assert_int_equal(x->nlast, 3);
	assert_int_equal(x->ic.totals.files, 3);
	assert_int_equal(x->ic.totals.skipped, 3);
	for (i = 0; i < x->nlast; i++) {
		if (strstr(x->last[i].path, "/loop") != NULL &&
		    strstr(x->last[i].reason, "link to a folder") != NULL)
			seen |= 1;
		if (strstr(x->last[i].path, "/pipe") != NULL &&
		    strstr(x->last[i].reason, "not a regular file") != NULL)
			seen |= 2;
	}
	assert_int_equal(seen, 3);
	free(sub);
	free(dir);
}

/* A gzip of nothing says so, not only "not CloudTrail". */
static void
test_empty_gzip_said(void **state)
{
	static const char gz[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00"
	    "\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00";
	struct fx *x = *state;
	struct ingest_file f;

	(void)ingest_buffer(&x->ic, "e.json.gz", gz, sizeof gz - 1, &f);
	expect(&f, INGEST_SKIPPED, 0, "empty once decompressed");
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_br01_digest_skipped),
		T(test_br02_gzip_batch),
		T(test_br02_repeated_no_leaks),
		T(test_failed_file_stores_nothing),
		T(test_br05_dedupe_three_sources),
		T(test_br05_untimed_kept),
		T(test_br03_all_stored),
		T(test_br12_bands),
		T(test_br14_samples),
		T(test_exercise_level_follows_findings),
		T(test_br15_resources),
		T(test_gd_upsert_newer_wins),
		T(test_shapes),
		T(test_raw_kept_byte_for_byte),
		T(test_billing_signals),
		T(test_walk_reports_what_it_passes),
		T(test_empty_gzip_said),
	};
#undef T

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
