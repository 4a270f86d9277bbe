/*
 * The regression cases for rules (tests/cases, see its README): BR-03
 * identities, the rule part of BR-05 (records from LookupEvents judge
 * like trail records), BR-06 Insights, BR-08 sign-ins, BR-10 trail
 * tampering and key creation, BR-11 instance launches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

static struct ruleset *rules;

static int
setup(void **state)
{
	(void)state;
	rules = tr_rules();
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return (0);
}

static cJSON *
load_case(const char *name)
{
	char *path = tu_case(name);
	cJSON *doc = tr_parse_file(path);

	if (doc == NULL)
		print_error("cannot read %s\n", path);
	assert_non_null(doc);
	free(path);
	return (doc);
}

/* Hits of the record whose eventID ends in row (windows on). */
static void
row_hits(const cJSON *doc, const char *row, struct tr_hits *hs)
{
	const cJSON *r = tr_record(doc, row);

	if (r == NULL)
		print_error("no row %s\n", row);
	assert_non_null(r);
	tr_eval(rules, r, 1, hs);
}

/* Assert rule id fired at p (0: must not fire). */
static const struct tr_hit *
expect(const struct tr_hits *hs, const char *row, const char *id, int p)
{
	const struct tr_hit *h = tr_find(hs, id);
	int i;

	if ((p == 0) != (h == NULL) || (h != NULL && h->p_level != p)) {
		print_error("row %s: want %s at P%d, hits:\n", row, id, p);
		for (i = 0; i < hs->n; i++)
			print_error("  %s P%d %s\n", hs->h[i].id,
			    hs->h[i].p_level, hs->h[i].title);
		fail();
	}
	return (h);
}

static int
best_level(const struct tr_hits *hs)
{
	int i, best = 5;

	for (i = 0; i < hs->n; i++)
		if (hs->h[i].p_level < best)
			best = hs->h[i].p_level;
	return (best);
}

static void
test_br03_identities(void **state)
{
	cJSON *doc = load_case("BR-03.json");
	struct tr_hits hs;
	int i;

	(void)state;
	row_hits(doc, "0301", &hs);
	expect(&hs, "0301", "root-read-activity", 2);
	row_hits(doc, "0302", &hs);
	expect(&hs, "0302", "root-read-activity", 0);
	expect(&hs, "0302", "root-via-service", 4);
	assert_true(best_level(&hs) >= 4);
	/* Nobody else here is root; a null identity matches nothing. */
	for (i = 3; i <= 12; i++) {
		char row[8];

		snprintf(row, sizeof row, "03%02d", i);
		row_hits(doc, row, &hs);
		expect(&hs, row, "root-read-activity", 0);
		expect(&hs, row, "root-activity", 0);
	}
	row_hits(doc, "0312", &hs);
	assert_int_equal(hs.n, 0);
	cJSON_Delete(doc);
}

static void
test_br05_lookup_records(void **state)
{
	cJSON *lookup = load_case("BR-05.lookup-api-raw.json");
	cJSON *trail = load_case("BR-05.trail-s3.json");
	const cJSON *e, *events;
	struct tr_hits a, b;
	cJSON *inner;
	char row[8];
	int n = 0;

	(void)state;
	events = cJSON_GetObjectItemCaseSensitive(lookup, "Events");
	cJSON_ArrayForEach(e, events) {
		inner = cJSON_Parse(cJSON_GetObjectItemCaseSensitive(e,
		    "CloudTrailEvent")->valuestring);
		assert_non_null(inner);
		tr_eval(rules, inner, 1, &a);
		snprintf(row, sizeof row, "%s", event_str(inner, "eventID") +
		    strlen(event_str(inner, "eventID")) - 4);
		row_hits(trail, row, &b);
		assert_int_equal(a.n, b.n);
		for (int i = 0; i < a.n; i++)
			assert_non_null(tr_find(&b, a.h[i].id));
		cJSON_Delete(inner);
		n++;
	}
	assert_int_equal(n, 2);
	/* 0502: alice made a key for herself, not for another user. */
	row_hits(trail, "0502", &b);
	expect(&b, "0502", "access-key-self-created", 4);
	expect(&b, "0502", "access-key-created-for-other", 0);
	cJSON_Delete(lookup);
	cJSON_Delete(trail);
}

static void
test_br06_insights(void **state)
{
	cJSON *doc = load_case("BR-06.json");
	struct tr_hits hs;
	const struct tr_hit *h1, *h2;
	char group[RULE_TITLE_LEN];

	(void)state;
	row_hits(doc, "0601", &hs);
	assert_int_equal(hs.n, 1);
	h1 = expect(&hs, "0601", "insight-unusual-rate", 3);
	assert_non_null(strstr(h1->title, "RunInstances"));
	assert_non_null(strstr(h1->title, "203.7"));
	strlcpy_wr(group, h1->group, sizeof group);
	row_hits(doc, "0602", &hs);
	h2 = expect(&hs, "0602", "insight-unusual-rate", 3);
	assert_string_equal(h2->group, group);
	row_hits(doc, "0603", &hs);
	expect(&hs, "0603", "ec2-gpu-launch", 0);
	/* The real t3.micro launch fires nothing at all. */
	row_hits(doc, "0604", &hs);
	assert_int_equal(hs.n, 0);
	cJSON_Delete(doc);
}

static void
test_br08_console_login(void **state)
{
	cJSON *doc = load_case("BR-08.json");
	struct tr_hits hs;
	const struct tr_hit *h;

	(void)state;
	row_hits(doc, "0801", &hs);
	expect(&hs, "0801", "console-login-no-mfa", 1);
	expect(&hs, "0801", "root-console-login", 2);
	row_hits(doc, "0802", &hs);
	expect(&hs, "0802", "root-console-login", 2);
	expect(&hs, "0802", "console-login-no-mfa", 0);
	row_hits(doc, "0803", &hs);
	expect(&hs, "0803", "root-login-failed", 3);
	expect(&hs, "0803", "root-console-login", 0);
	row_hits(doc, "0804", &hs);
	h = expect(&hs, "0804", "console-login-failed-unknown-user", 4);
	assert_string_equal(h->principal, "ip:203.0.113.30");
	assert_null(strstr(h->principal, "HIDDEN"));
	expect(&hs, "0804", "console-login-failed", 0);
	row_hits(doc, "0805", &hs);
	expect(&hs, "0805", "console-login-no-mfa", 0);
	expect(&hs, "0805", "console-login-federated", 4);
	row_hits(doc, "0806", &hs);
	expect(&hs, "0806", "console-login-no-mfa", 3);
	row_hits(doc, "0807", &hs);
	expect(&hs, "0807", "console-login-failed", 4);
	row_hits(doc, "0808", &hs);
	expect(&hs, "0808", "root-console-login", 0);
	expect(&hs, "0808", "console-login-no-mfa", 0);
	cJSON_Delete(doc);
}

static void
test_br10_trail_and_keys(void **state)
{
	cJSON *doc = load_case("BR-10.json");
	struct tr_hits hs;
	const struct tr_hit *h;

	(void)state;
	row_hits(doc, "1001", &hs);
	h = expect(&hs, "1001", "cloudtrail-stopped", 1);
	assert_string_equal(h->group, "ir-trail");
	assert_non_null(strstr(h->title, "ir-trail"));
	row_hits(doc, "1002", &hs);
	h = expect(&hs, "1002", "cloudtrail-stopped", 1);
	assert_string_equal(h->group, "ir-trail");
	row_hits(doc, "1003", &hs);
	expect(&hs, "1003", "cloudtrail-stop-denied", 2);
	expect(&hs, "1003", "cloudtrail-stopped", 0);
	row_hits(doc, "1004", &hs);
	expect(&hs, "1004", "cloudtrail-stop-unknown-trail", 4);
	expect(&hs, "1004", "cloudtrail-stop-denied", 0);
	row_hits(doc, "1005", &hs);
	expect(&hs, "1005", "cloudtrail-selectors-weakened", 2);
	row_hits(doc, "1006", &hs);
	h = expect(&hs, "1006", "cloudtrail-updated", 2);
	assert_non_null(strstr(h->title, "attacker-bucket-444455556666"));
	row_hits(doc, "1007", &hs);
	expect(&hs, "1007", "cloudtrail-deleted", 1);
	row_hits(doc, "1011", &hs);
	h = expect(&hs, "1011", "access-key-self-created", 4);
	assert_string_equal(h->group, "AKIAEXAMPLENEWKEY011");
	expect(&hs, "1011", "access-key-created-for-other", 0);
	row_hits(doc, "1012", &hs);
	h = expect(&hs, "1012", "access-key-created-for-other", 2);
	assert_non_null(strstr(h->title, "bob-example"));
	row_hits(doc, "1013", &hs);
	expect(&hs, "1013", "root-access-key-created", 1);
	row_hits(doc, "1014", &hs);
	expect(&hs, "1014", "access-key-create-failed", 4);
	expect(&hs, "1014", "access-key-created-for-other", 0);
	assert_true(best_level(&hs) >= 4);
	cJSON_Delete(doc);
}

static void
test_br11_instances(void **state)
{
	cJSON *doc = load_case("BR-11.json");
	struct tr_hits hs;
	const struct tr_hit *h;
	static const char *probes[] = { "1102", "1103", "1104" };
	int i;

	(void)state;
	row_hits(doc, "1101", &hs);
	h = expect(&hs, "1101", "ec2-gpu-launch", 2);
	assert_non_null(strstr(h->title, "3 x p3.16xlarge"));
	assert_non_null(strstr(h->title, "up to 20"));
	for (i = 0; i < 3; i++) {
		row_hits(doc, probes[i], &hs);
		expect(&hs, probes[i], "ec2-gpu-launch-attempt", 3);
		expect(&hs, probes[i], "ec2-gpu-launch", 0);
		assert_non_null(strstr(tr_find(&hs,
		    "ec2-gpu-launch-attempt")->why, "0 instances"));
	}
	row_hits(doc, "1105", &hs);
	assert_int_equal(hs.n, 0);
	row_hits(doc, "1106", &hs);
	h = expect(&hs, "1106", "ec2-gpu-launch", 2);
	assert_non_null(strstr(h->title, "ap-southeast-3"));
	row_hits(doc, "1107", &hs);
	h = expect(&hs, "1107", "ec2-gpu-launch", 2);
	assert_non_null(strstr(h->title, "p4d.24xlarge"));
	row_hits(doc, "1108", &hs);
	h = expect(&hs, "1108", "ec2-large-launch", 2);
	assert_non_null(strstr(h->title, "50 x c5.24xlarge"));
	cJSON_Delete(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_br03_identities),
		cmocka_unit_test(test_br05_lookup_records),
		cmocka_unit_test(test_br06_insights),
		cmocka_unit_test(test_br08_console_login),
		cmocka_unit_test(test_br10_trail_and_keys),
		cmocka_unit_test(test_br11_instances),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
