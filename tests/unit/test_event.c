/*
 * core/event.c: the userIdentity variants of BR-03, record detection,
 * and the eventTime forms of BR-05.
 */
#include "tests/unit/testutil.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/timeutil.h"
#include "core/util.h"

static cJSON *
load_case(const char *name)
{
	char *path = tu_case(name), *text;
	cJSON *root;

	text = tu_read(path, NULL);
	assert_non_null(text);
	root = cJSON_Parse(text);
	assert_non_null(root);
	free(text);
	free(path);
	return (root);
}

static const cJSON *
row(const cJSON *records, const char *suffix)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, records) {
		if (str_has_suffix(event_str(r, "eventID"), suffix))
			return (r);
	}
	fail_msg("no row %s", suffix);
	return (NULL);
}

struct want {
	const char	*row;
	const char	*actor;
	const char	*principal;
	int		 human;
	int		 cross;
};

static void
test_br03_identities(void **state)
{
	static const struct want w[] = {
		{ "0301", "root (111122223333)",
		  "arn:aws:iam::111122223333:root", 1, 0 },
		{ "0302", "root via support.amazonaws.com",
		  "arn:aws:iam::111122223333:root", 0, 0 },
		{ "0303", "alice-example (IAM user)",
		  "arn:aws:iam::111122223333:user/alice-example", 1, 0 },
		{ "0304", "role IncidentResponder, session "
		  "alice-example@example.com",
		  "arn:aws:iam::111122223333:role/IncidentResponder", 1, 0 },
		{ "0305",
		  "SSO bob-example (permission set AdministratorAccess)",
		  NULL, 1, 0 },
		{ "0306", "service cloudtrail.amazonaws.com",
		  "service:cloudtrail.amazonaws.com", 0, 0 },
		{ "0307", "external account 444455556666",
		  "account:444455556666", 1, 1 },
		{ "0308",
		  "federated carol-example (via IAM user carol-example)",
		  "arn:aws:iam::111122223333:user/carol-example", 1, 0 },
		{ "0309", "Identity Center user "
		  "00000000-aaaa-bbbb-cccc-000000000001 (store d-0000000000)",
		  NULL, 1, 0 },
		{ "0310", "SomeFutureType EXAMPLEFUTURE01", NULL, 1, 0 },
		{ "0311", "AWS internal", "internal", 0, 0 },
		{ "0312", "(unknown)", "", 0, 0 },
	};
	cJSON *root = load_case("BR-03.json");
	const cJSON *recs = cJSON_GetObjectItem(root, "Records");
	struct ct_event ev;
	size_t i;

	(void)state;
	assert_int_equal(cJSON_GetArraySize(recs), 12);
	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		event_read(row(recs, w[i].row), &ev);
		assert_string_equal(ev.actor, w[i].actor);
		if (w[i].principal != NULL)
			assert_string_equal(ev.principal, w[i].principal);
		assert_int_equal(ev.human, w[i].human);
		assert_int_equal(ev.cross_account, w[i].cross);
		assert_true(event_is_record(row(recs, w[i].row)));
	}
	cJSON_Delete(root);
}

static void
test_br05_time_forms(void **state)
{
	cJSON *root = load_case("BR-05.time-formats.json");
	const cJSON *recs = cJSON_GetObjectItem(root, "Records");
	static const char *same[] = { "0511", "0512", "0513", "0514", "0515" };
	struct ct_event ev;
	int64_t want;
	size_t i;

	(void)state;
	assert_int_equal(time_parse_iso("2026-11-02T19:53:07Z", &want), 0);
	for (i = 0; i < 5; i++) {
		event_read(row(recs, same[i]), &ev);
		/* Fractions are kept for ordering; the second is the same. */
		assert_int_equal(ev.time_ms / 1000, want / 1000);
	}
	event_read(row(recs, "0516"), &ev);
	assert_true(ev.time_ms == TIME_NONE);
	event_read(row(recs, "0517"), &ev);
	assert_true(ev.time_ms == TIME_NONE);
	event_read(row(recs, "0518"), &ev);
	assert_true(ev.time_ms == TIME_NONE);
	event_read(row(recs, "0519"), &ev);
	assert_true(ev.time_ms != TIME_NONE);
	assert_int_equal(ev.time_warning, 1);
	cJSON_Delete(root);
}

static void
test_insights_are_records(void **state)
{
	cJSON *root = load_case("BR-06.json");
	const cJSON *recs = cJSON_GetObjectItem(root, "Records");
	struct ct_event ev;

	(void)state;
	event_read(row(recs, "0601"), &ev);
	assert_true(event_is_record(row(recs, "0601")));
	assert_int_equal(ev.insight, 1);
	assert_string_equal(ev.actor, "(CloudTrail Insights)");
	event_read(row(recs, "0604"), &ev);
	assert_int_equal(ev.insight, 0);
	cJSON_Delete(root);
}

static void
test_offsets_and_epochs(void **state)
{
	int64_t a, b;

	(void)state;
	assert_int_equal(time_parse_iso("2026-11-03T01:23:07+05:30", &a), 0);
	assert_int_equal(time_parse_iso("2026-11-02T19:53:07Z", &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(time_parse_epoch("1793649187", &a), 0);
	assert_int_equal(a, b);
	assert_int_equal(time_parse_iso("2026-13-02T19:53:07Z", &a), -1);
	assert_int_equal(time_parse_iso("not a time", &a), -1);
	assert_int_equal(time_parse_since("90d", 100LL * 86400000, &a), 0);
	assert_int_equal(a, 10LL * 86400000);
	/* A date alone is its midnight UTC; an impossible date is not. */
	assert_int_equal(time_parse_since("2026-12-01", 0, &a), 0);
	assert_int_equal(time_parse_iso("2026-12-01T00:00:00Z", &b), 0);
	assert_int_equal(a, b);
	assert_int_equal(time_parse_since("2028-02-29", 0, &a), 0);
	assert_int_equal(time_parse_since("2026-02-29", 0, &a), -1);
	assert_int_equal(time_parse_since("2026-04-31", 0, &a), -1);
	assert_int_equal(time_parse_since("2026-12-01x", 0, &a), -1);
	assert_int_equal(time_parse_since("2026-12", 0, &a), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_br03_identities),
		cmocka_unit_test(test_br05_time_forms),
		cmocka_unit_test(test_insights_are_records),
		cmocka_unit_test(test_offsets_and_epochs),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
