/*
 * core/ingest_fold.c: rule hits are tallied in memory per file and the
 * finding ids of committed files are kept for the rest of an
 * ingest_path.  A folder ingested in one ingest_path must leave the
 * same findings and links as its files ingested one by one with
 * ingest_buffer (which keeps nothing between files), including after a
 * failed file whose new finding was rolled back.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/ingest.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/util.h"

/* User u stops trail-u at second sec of one minute. */
static void
rec(struct buf *b, const char *u, int sec, const char *id)
{
	buf_printf(b, "%s{\"eventVersion\":\"1.08\",\"userIdentity\":{"
	    "\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE%s\","
	    "\"arn\":\"arn:aws:iam::111122223333:user/%s\","
	    "\"accountId\":\"111122223333\",\"accessKeyId\":"
	    "\"AKIAEXAMPLEKEY0000%s\",\"userName\":\"%s\"},"
	    "\"eventTime\":\"2026-11-24T10:00:%02dZ\","
	    "\"eventSource\":\"cloudtrail.amazonaws.com\","
	    "\"eventName\":\"StopLogging\",\"awsRegion\":\"us-east-1\","
	    "\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":\"aws-cli\","
	    "\"requestParameters\":{\"name\":\"trail-%s\"},"
	    "\"responseElements\":null,\"eventID\":\"%s\","
	    "\"readOnly\":false,\"eventType\":\"AwsApiCall\","
	    "\"recipientAccountId\":\"111122223333\"}",
	    b->len > 12 ? "," : "", u, u, u, u, sec, u, id);
}

struct file {
	const char	*name;
	const char	*recs[6];	/* "user sec id" */
	int		 broken;	/* last record invalid: fails */
};

static const struct file files[] = {
	{ "f1.json", { "AA 30 e1", "AA 10 e2", "AA 20 e3", "BB 15 e4" }, 0 },
	{ "f2.json", { "AA 05 e5", "CC 40 e6", "AA 50 e7" }, 1 },
	{ "f3.json", { "CC 45 e8", "AA 55 e9", "AA 01 e10" }, 0 },
	{ "f4.json", { "AA 30 e1", "BB 16 e11", "AA 02 e12" }, 0 },
};
#define NFILES ((int)(sizeof files / sizeof files[0]))

static char *
doc(const struct file *f, size_t *len)
{
	struct buf b;
	char u[8], id[16];
	int i, sec;

	buf_init(&b);
	buf_adds(&b, "{\"Records\":[");
	for (i = 0; i < 6 && f->recs[i] != NULL; i++) {
		assert_int_equal(sscanf(f->recs[i], "%7s %d %15s", u, &sec,
		    id), 3);
		rec(&b, u, sec, id);
	}
	/* The scanner takes "tru"; cJSON does not, after the hits above. */
	buf_adds(&b, f->broken ? ",{\"eventName\":tru}]}" : "]}");
	*len = b.len;
	return (buf_steal(&b));
}

static struct store *
fresh(struct ingest_ctx *ic, struct ruleset *rs)
{
	struct store *s = tu_store();
	struct wr_err err;
	int64_t inc;

	assert_int_equal(incident_create(s, tu_op("alice"), "t",
	    "compromised-iam-key", 0, &inc, &err), 0);
	ingest_init(ic, s, inc, tu_op("alice"));
	ic->rules = rs;
	return (s);
}

/* Findings and their links, one line each, in a stable order. */
static char *
findings_text(struct store *s)
{
	static const char q[] =
	    "SELECT f.ext_id, f.principal, f.count, f.first_seen,"
	    " f.last_seen, f.p_level, f.p_base, (SELECT group_concat("
	    " e.event_id, ' ') FROM (SELECT e.event_id FROM finding_events l"
	    " JOIN events e ON e.id = l.event_row WHERE l.finding_id = f.id"
	    " ORDER BY e.event_id) e) FROM findings f ORDER BY f.ext_id";
	sqlite3_stmt *st;
	struct buf b;
	int i;

	buf_init(&b);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), q, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < 8; i++)
			buf_printf(&b, "%s|", sqlite3_column_text(st, i) !=
			    NULL ? (const char *)sqlite3_column_text(st, i) :
			    "NULL");
		buf_addc(&b, '\n');
	}
	sqlite3_finalize(st);
	return (buf_steal(&b));
}

static long
count_of(struct store *s, const char *user)
{
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), "SELECT count FROM"
	    " findings WHERE ext_id = 'cloudtrail-stopped|trail-' || ?", -1,
	    &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, user, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return (n);
}

static void
test_folder_equals_files(void **state)
{
	struct ingest_ctx ic1, ic2;
	struct ingest_file out;
	struct ruleset *rs;
	struct store *s1, *s2;
	struct wr_err err;
	char *dir = tu_tmpdir(), *rules = tu_data("rules"), *p, *d, *t1, *t2;
	size_t len;
	int i;

	(void)state;
	assert_int_equal(rules_load_dir(rules, &rs, &err), 0);
	s1 = fresh(&ic1, rs);
	for (i = 0; i < NFILES; i++) {
		d = doc(&files[i], &len);
		p = xasprintf("%s/%s", dir, files[i].name);
		tu_write(p, d, len);
		free(p);
		free(d);
	}
	assert_int_equal(ingest_path(&ic1, dir), -1);	/* f2 fails */
	assert_int_equal(ic1.totals.failed, 1);
	s2 = fresh(&ic2, rs);
	for (i = 0; i < NFILES; i++) {
		d = doc(&files[i], &len);
		(void)ingest_buffer(&ic2, files[i].name, d, len, &out);
		assert_int_equal(out.status == INGEST_FAILED,
		    files[i].broken);
		free(d);
	}
	t1 = findings_text(s1);
	t2 = findings_text(s2);
	assert_string_equal(t1, t2);
	assert_non_null(strstr(t1, "e1 e10 e12 e2 e3 e9|"));
	/* f2 stored nothing: AA 3 + 2 + 1 (e1 again is no new event). */
	assert_int_equal(count_of(s1, "AA"), 6);
	assert_int_equal(count_of(s1, "BB"), 2);
	assert_int_equal(count_of(s1, "CC"), 1);
	free(t1);
	free(t2);
	store_close(s1);
	store_close(s2);
	rules_free(rs);
	free(rules);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folder_equals_files),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
