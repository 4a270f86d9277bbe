/*
 * Deadline arithmetic: hours across DST changes, business days over
 * weekends and holidays (US-FED, EU-DE), month-end clamping, local
 * times that DST makes ambiguous or skips, and bad calendar files.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/notify_time.h"
#include "core/timeutil.h"
#include "core/util.h"

static cJSON *cal_doc;

static int
setup(void **state)
{
	char *path = tu_data("notification/calendars.json");
	char *text = tu_read(path, NULL);

	(void)state;
	assert_non_null(text);
	cal_doc = cJSON_Parse(text);
	assert_non_null(cal_doc);
	free(text);
	free(path);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	cJSON_Delete(cal_doc);
	return (0);
}

static void
load_cal(const char *id, struct notify_calendar *cal)
{
	const cJSON *c;
	struct wr_err err;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(cal_doc, "calendars")) {
		if (strcmp(cJSON_GetObjectItem(c, "id")->valuestring, id))
			continue;
		if (notify_calendar_parse(c, id, cal, &err) == -1)
			fail_msg("%s: %s", err.where, err.msg);
		return;
	}
	fail_msg("no calendar %s", id);
}

static int64_t
iso(const char *s)
{
	int64_t ms;

	if (time_parse_iso(s, &ms) == -1)
		fail_msg("bad test time %s", s);
	return (ms);
}

static void
check_add(const char *start, int n, enum notify_unit u,
    const struct notify_calendar *cal, const char *want)
{
	struct wr_err err;
	int64_t d;
	char buf[TIME_ISO_LEN];

	if (notify_add(iso(start), n, u, cal, &d, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_string_equal(time_fmt_iso(d, buf, sizeof buf), want);
}

static void
check_local(const char *zone, const char *utc, const char *want)
{
	char buf[64];

	assert_string_equal(notify_fmt_local(zone, iso(utc), buf,
	    sizeof buf), want);
}

static void
test_hours_across_dst(void **state)
{
	(void)state;
	/* New York springs forward on 8 March 2026: 24 h is 13:00 EDT. */
	check_add("2026-03-07T12:00:00-05:00", 24, NOTIFY_HOURS, NULL,
	    "2026-03-08T17:00:00Z");
	check_local("America/New_York", "2026-03-08T17:00:00Z",
	    "2026-03-08T13:00:00-04:00");
	/* Berlin falls back on 25 October 2026: 72 h is 09:00 CET. */
	check_add("2026-10-24T10:00:00+02:00", 72, NOTIFY_HOURS, NULL,
	    "2026-10-27T08:00:00Z");
	check_local("Europe/Berlin", "2026-10-27T08:00:00Z",
	    "2026-10-27T09:00:00+01:00");
	/* 6 h inside the repeated hour of 1 November 2026 in New York. */
	check_add("2026-11-01T01:30:00-04:00", 1, NOTIFY_HOURS, NULL,
	    "2026-11-01T06:30:00Z");
	check_local("America/New_York", "2026-11-01T06:30:00Z",
	    "2026-11-01T01:30:00-05:00");
}

static void
test_calendar_days(void **state)
{
	(void)state;
	check_add("2026-10-20T15:00:00Z", 60, NOTIFY_CALENDAR_DAYS, NULL,
	    "2026-12-19T15:00:00Z");
	check_add("2026-02-20T08:00:00Z", 10, NOTIFY_CALENDAR_DAYS, NULL,
	    "2026-03-02T08:00:00Z");
}

static void
test_business_us_fed(void **state)
{
	struct notify_calendar cal;
	struct wr_err err;
	char buf[TIME_ISO_LEN];
	int64_t d;

	(void)state;
	load_cal("US-FED", &cal);
	/* Wednesday before Thanksgiving: Fri, Mon, Tue, Wed. */
	check_add("2026-11-25T15:00:00-05:00", 4, NOTIFY_BUSINESS_DAYS, &cal,
	    "2026-12-03T04:59:59Z");
	/* Friday: the weekend does not count. */
	check_add("2026-12-04T10:00:00-05:00", 1, NOTIFY_BUSINESS_DAYS, &cal,
	    "2026-12-08T04:59:59Z");
	/* Saturday: the period begins on and includes Monday (8-K B.1). */
	check_add("2026-12-05T10:00:00-05:00", 4, NOTIFY_BUSINESS_DAYS, &cal,
	    "2026-12-11T04:59:59Z");
	/* Monday 23:30 in New York is Tuesday in UTC; New York counts. */
	check_add("2026-11-30T23:30:00-05:00", 1, NOTIFY_BUSINESS_DAYS, &cal,
	    "2026-12-02T04:59:59Z");
	/* 2027: Christmas and New Year fall on Saturdays, observed Fri. */
	check_add("2027-12-23T12:00:00-05:00", 1, NOTIFY_BUSINESS_DAYS, &cal,
	    "2027-12-28T04:59:59Z");
	check_add("2027-12-30T12:00:00-05:00", 1, NOTIFY_BUSINESS_DAYS, &cal,
	    "2028-01-04T04:59:59Z");
	/* With EDGAR's 17:30 cut-off instead of the end of the day. */
	assert_int_equal(notify_add_cutoff(iso("2026-11-25T15:00:00-05:00"),
	    4, NOTIFY_BUSINESS_DAYS, &cal, 17 * 60 + 30, &d, &err), 0);
	assert_string_equal(time_fmt_iso(d, buf, sizeof buf),
	    "2026-12-02T22:30:00Z");
	assert_string_equal(notify_holiday_name(&cal, 2026, 7, 3),
	    "Independence Day");
	assert_string_equal(notify_holiday_name(&cal, 2027, 12, 31),
	    "New Year's Day");
	assert_null(notify_holiday_name(&cal, 2020, 6, 19));
	assert_string_equal(notify_holiday_name(&cal, 2026, 5, 25),
	    "Memorial Day");
	assert_true(notify_is_business_day(&cal, 2026, 11, 27));
	assert_false(notify_is_business_day(&cal, 2026, 11, 26));
	notify_calendar_free(&cal);
}

static void
test_business_eu_de(void **state)
{
	struct notify_calendar cal;

	(void)state;
	load_cal("EU-DE", &cal);
	/* Easter 2027 is 28 March; DST starts that night too. */
	check_add("2027-03-25T10:00:00+01:00", 2, NOTIFY_BUSINESS_DAYS, &cal,
	    "2027-03-31T21:59:59Z");
	assert_string_equal(notify_holiday_name(&cal, 2027, 5, 6),
	    "Christi Himmelfahrt");
	assert_string_equal(notify_holiday_name(&cal, 2026, 5, 25),
	    "Pfingstmontag");
	notify_calendar_free(&cal);
}

static void
test_business_needs_calendar(void **state)
{
	struct wr_err err;
	int64_t d;

	(void)state;
	assert_int_equal(notify_add(iso("2026-12-01T00:00:00Z"), 3,
	    NOTIFY_BUSINESS_DAYS, NULL, &d, &err), -1);
	assert_non_null(strstr(err.msg, "calendar"));
	assert_int_equal(notify_add(iso("2026-12-01T00:00:00Z"), -1,
	    NOTIFY_HOURS, NULL, &d, &err), -1);
	assert_int_equal(notify_add(TIME_NONE, 1, NOTIFY_HOURS, NULL, &d,
	    &err), -1);
	assert_int_equal(notify_add(iso("2026-12-01T00:00:00Z"), 0,
	    NOTIFY_ASAP, NULL, &d, &err), 0);
	assert_true(d == TIME_NONE);
}

static void
test_months_clamp(void **state)
{
	(void)state;
	check_add("2026-01-31T10:00:00Z", 1, NOTIFY_MONTHS, NULL,
	    "2026-02-28T10:00:00Z");
	check_add("2028-01-31T10:00:00Z", 1, NOTIFY_MONTHS, NULL,
	    "2028-02-29T10:00:00Z");
	check_add("2026-03-31T23:00:00Z", 1, NOTIFY_MONTHS, NULL,
	    "2026-04-30T23:00:00Z");
	check_add("2026-12-15T09:30:00.250Z", 1, NOTIFY_MONTHS, NULL,
	    "2027-01-15T09:30:00.250Z");
	check_add("2026-05-31T00:00:00Z", 13, NOTIFY_MONTHS, NULL,
	    "2027-06-30T00:00:00Z");
}

static void
check_local_refused(const char *zone, const char *s, const char *word)
{
	struct wr_err err;
	int64_t ms;

	assert_int_equal(notify_parse_time(s, zone, &ms, &err), -1);
	if (strstr(err.msg, word) == NULL)
		fail_msg("%s in %s: \"%s\" lacks \"%s\"", s, zone, err.msg,
		    word);
}

static void
check_local_ok(const char *zone, const char *s, const char *want)
{
	struct wr_err err;
	int64_t ms;
	char buf[TIME_ISO_LEN];

	if (notify_parse_time(s, zone, &ms, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_string_equal(time_fmt_iso(ms, buf, sizeof buf), want);
}

static void
test_local_times(void **state)
{
	(void)state;
	check_local_refused("America/New_York", "2026-03-08 02:30",
	    "does not exist");
	check_local_refused("America/New_York", "2026-11-01 01:30",
	    "ambiguous");
	check_local_refused("Europe/Berlin", "2026-03-29T02:15",
	    "does not exist");
	check_local_refused("Europe/Berlin", "2026-10-25 02:30:00",
	    "ambiguous");
	check_local_refused("Mars/Olympus_Mons", "2026-10-25 02:30",
	    "unknown time zone");
	check_local_refused("UTC", "2026-02-30 10:00", "no such date");
	check_local_refused("UTC", "next tuesday", "not a time");
	check_local_ok("America/New_York", "2026-11-01 00:30",
	    "2026-11-01T04:30:00Z");
	check_local_ok("America/New_York", "2026-11-01 02:30",
	    "2026-11-01T07:30:00Z");
	check_local_ok("Asia/Kolkata", "2026-12-03T10:00",
	    "2026-12-03T04:30:00Z");
	/* An explicit offset settles an ambiguous hour. */
	check_local_ok("America/New_York", "2026-11-01T01:30:00-04:00",
	    "2026-11-01T05:30:00Z");
}

static void
check_bad_cal(const char *json, const char *where, const char *word)
{
	struct notify_calendar cal;
	struct wr_err err;
	cJSON *o = cJSON_Parse(json);

	assert_non_null(o);
	assert_int_equal(notify_calendar_parse(o, "cal.json: calendars[0]",
	    &cal, &err), -1);
	assert_string_equal(err.where, where);
	if (strstr(err.msg, word) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", err.msg, word);
	notify_calendar_free(&cal);
	cJSON_Delete(o);
}

#define CAL_HEAD "{\"id\":\"X\",\"name\":\"x\",\"source\":\"s\"," \
	"\"checked\":\"2026-12-03\","

static void
test_bad_calendars(void **state)
{
	(void)state;
	check_bad_cal(CAL_HEAD "\"zone\":\"Nowhere/Land\"}",
	    "cal.json: calendars[0].zone", "Nowhere/Land");
	check_bad_cal(CAL_HEAD "\"zone\":\"UTC\",\"holidays\":[{\"name\":"
	    "\"a\",\"date\":\"02-30\"}]}",
	    "cal.json: calendars[0].holidays[0].date", "MM-DD");
	check_bad_cal(CAL_HEAD "\"zone\":\"UTC\",\"holidays\":[{\"name\":"
	    "\"a\",\"month\":5,\"weekday\":\"monday\",\"nth\":1}]}",
	    "cal.json: calendars[0].holidays[0].weekday", "weekday");
	check_bad_cal(CAL_HEAD "\"zone\":\"UTC\",\"holidayz\":[]}",
	    "cal.json: calendars[0].holidayz", "unknown key");
	check_bad_cal("{\"id\":\"X\"}", "cal.json: calendars[0].name",
	    "missing");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours_across_dst),
		cmocka_unit_test(test_calendar_days),
		cmocka_unit_test(test_business_us_fed),
		cmocka_unit_test(test_business_eu_de),
		cmocka_unit_test(test_business_needs_calendar),
		cmocka_unit_test(test_months_clamp),
		cmocka_unit_test(test_local_times),
		cmocka_unit_test(test_bad_calendars),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
