/*
 * Deadline arithmetic and zone handling for breach notification; see
 * notify_time.h.  Zones come from tzdata through localtime_r with TZ
 * switched for the call and put back after: the process is
 * single-threaded where this runs (CLI, console loop).
 */
#include "core/notify_time.h"

#include <sys/stat.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/notify_json.h"
#include "core/timeutil.h"
#include "core/util.h"

#define MS_HOUR		(3600 * 1000LL)
#define MS_DAY		(86400 * 1000LL)
#define AMOUNT_MAX	10000

static const char *const unit_names[NOTIFY_UNIT__COUNT] = {
	"hours", "calendar_days", "business_days", "months", "asap"
};
static const char *const wday_names[7] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

const char *
notify_unit_name(enum notify_unit u)
{
	return (u < NOTIFY_UNIT__COUNT ? unit_names[u] : "?");
}

int
notify_unit_from_name(const char *s)
{
	int i;

	for (i = 0; i < NOTIFY_UNIT__COUNT; i++)
		if (strcmp(s, unit_names[i]) == 0)
			return (i);
	return (-1);
}

/* Civil dates through timegm/gmtime_r: no calendar maths of our own. */
int32_t
notify_days_from_civil(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return ((int32_t)(timegm(&tm) / 86400));
}

void
notify_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	struct tm tm;
	time_t t = (time_t)days * 86400 + 43200;

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static int
weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday. */
	return ((int)(((days % 7) + 7 + 4) % 7));
}

static int32_t
easter_sunday(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;

	return (notify_days_from_civil(y, n / 31, n % 31 + 1));
}

/* The day a rule falls on in year y, or -1 when it does not apply. */
static int32_t
holiday_in(const struct notify_holiday *h, int y)
{
	int32_t dn;
	int w;

	if (h->from_year != 0 && y < h->from_year)
		return (-1);
	switch (h->kind) {
	case NOTIFY_HOL_FIXED:
		dn = notify_days_from_civil(y, h->month, h->day);
		w = weekday(dn);
		if (h->observed && w == 6)
			dn--;
		else if (h->observed && w == 0)
			dn++;
		return (dn);
	case NOTIFY_HOL_NTH:
		if (h->nth > 0) {
			dn = notify_days_from_civil(y, h->month, 1);
			dn += (h->weekday - weekday(dn) + 7) % 7;
			return (dn + (h->nth - 1) * 7);
		}
		dn = notify_days_from_civil(h->month == 12 ? y + 1 : y,
		    h->month == 12 ? 1 : h->month + 1, 1) - 1;
		return (dn - (weekday(dn) - h->weekday + 7) % 7);
	case NOTIFY_HOL_EASTER:
		return (easter_sunday(y) + h->easter);
	}
	return (-1);
}

const char *
notify_holiday_name(const struct notify_calendar *cal, int y, int m, int d)
{
	int32_t dn = notify_days_from_civil(y, m, d);
	size_t i;
	int yy;

	/* An observed date may fall in the next or the previous year. */
	for (i = 0; i < cal->nhol; i++)
		for (yy = y - 1; yy <= y + 1; yy++)
			if (holiday_in(&cal->hol[i], yy) == dn)
				return (cal->hol[i].name);
	for (i = 0; i < cal->nextra; i++)
		if (cal->extra[i] == dn)
			return ("closure");
	return (NULL);
}

int
notify_is_business_day(const struct notify_calendar *cal, int y, int m,
    int d)
{
	if (cal->weekend[weekday(notify_days_from_civil(y, m, d))])
		return (0);
	return (notify_holiday_name(cal, y, m, d) == NULL);
}

/* Switch TZ for one call and put it back. */
struct tzsave {
	char	*old;
};

static void
tz_push(const char *zone, struct tzsave *sv)
{
	const char *o = getenv("TZ");

	sv->old = o != NULL ? xstrdup(o) : NULL;
	setenv("TZ", zone, 1);
	tzset();
}

static void
tz_pop(struct tzsave *sv)
{
	if (sv->old != NULL)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(sv->old);
	sv->old = NULL;
}

static int
local_tm(const char *zone, time_t t, struct tm *tm)
{
	struct tzsave sv;
	int rc;

	tz_push(zone, &sv);
	rc = localtime_r(&t, tm) == NULL ? -1 : 0;
	tz_pop(&sv);
	return (rc);
}

int
notify_zone_check(const char *zone, struct wr_err *err)
{
	const char *dir = getenv("TZDIR");
	struct stat st;
	char path[512];
	const char *p;

	if (zone == NULL || *zone == '\0')
		return (wr_fail(err, WR_ERR_INVALID, "zone", "empty zone"));
	if (*zone == ':')
		zone++;
	if (strstr(zone, "..") != NULL || *zone == '/')
		return (wr_fail(err, WR_ERR_INVALID, zone,
		    "not a tzdata zone name"));
	snprintf(path, sizeof path, "%s/%s",
	    dir != NULL ? dir : "/usr/share/zoneinfo", zone);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return (0);
	/* A POSIX rule such as "CET-1CEST,M3.5.0,M10.5.0/3". */
	for (p = zone; *p != '\0'; p++)
		if (isdigit((unsigned char)*p))
			return (0);
	return (wr_fail(err, WR_ERR_INVALID, zone,
	    "unknown time zone (not in tzdata, is the tzdata package "
	    "installed?)"));
}

const char *
notify_operator_zone(char *buf, size_t len)
{
	const char *tz = getenv("TZ");
	FILE *f;
	size_t n;

	if (tz != NULL && *tz != '\0') {
		strlcpy_wr(buf, *tz == ':' ? tz + 1 : tz, len);
		return (buf);
	}
	strlcpy_wr(buf, "UTC", len);
	if ((f = fopen("/etc/timezone", "r")) == NULL)
		return (buf);
	if (fgets(buf, (int)len, f) == NULL)
		strlcpy_wr(buf, "UTC", len);
	fclose(f);
	n = strcspn(buf, " \t\r\n");
	buf[n] = '\0';
	if (n == 0)
		strlcpy_wr(buf, "UTC", len);
	return (buf);
}

const char *
notify_display_zone(char *buf, size_t len, int *bad)
{
	struct wr_err err;

	notify_operator_zone(buf, len);
	if (bad != NULL)
		*bad = 0;
	if (notify_zone_check(buf, &err) == 0)
		return (buf);
	if (bad != NULL)
		*bad = 1;
	strlcpy_wr(buf, "UTC", len);
	return (buf);
}

int
notify_to_local(const char *zone, int64_t ms, int *y, int *mo, int *d,
    int *h, int *mi, int *s, long *gmtoff, char *abbr, size_t abbrlen)
{
	struct tm tm;
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);

	if (local_tm(zone, t, &tm) == -1)
		return (-1);
	*y = tm.tm_year + 1900;
	*mo = tm.tm_mon + 1;
	*d = tm.tm_mday;
	*h = tm.tm_hour;
	*mi = tm.tm_min;
	*s = tm.tm_sec;
	*gmtoff = tm.tm_gmtoff;
	if (abbr != NULL)
		strlcpy_wr(abbr, tm.tm_zone != NULL ? tm.tm_zone : "", abbrlen);
	return (0);
}

char *
notify_fmt_local(const char *zone, int64_t ms, char *buf, size_t len)
{
	int y, mo, d, h, mi, s;
	long off;
	long a;

	if (ms == TIME_NONE || notify_to_local(zone, ms, &y, &mo, &d, &h,
	    &mi, &s, &off, NULL, 0) == -1) {
		snprintf(buf, len, "(none)");
		return (buf);
	}
	a = off < 0 ? -off : off;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", y,
	    mo, d, h, mi, s, off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	return (buf);
}

static int
same_wall(const struct tm *tm, int y, int mo, int d, int h, int mi, int s)
{
	return (tm->tm_year + 1900 == y && tm->tm_mon + 1 == mo &&
	    tm->tm_mday == d && tm->tm_hour == h && tm->tm_min == mi &&
	    tm->tm_sec == s);
}

/*
 * Try the offsets in force a day before and a day after: every real
 * transition lies between them.  Zero matches means the wall time was
 * skipped, two distinct ones that it happened twice.
 */
int
notify_from_local(const char *zone, int y, int mo, int d, int h, int mi,
    int s, int64_t *ms, struct wr_err *err)
{
	struct tm tm, a, b;
	time_t base, c[2];
	int ok[2], i;
	char what[64];

	if (notify_zone_check(zone, err) == -1)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	base = timegm(&tm);
	if (local_tm(zone, base - 86400, &a) == -1 ||
	    local_tm(zone, base + 86400, &b) == -1)
		return (wr_fail(err, WR_ERR_INVALID, zone, "zone unusable"));
	c[0] = base - a.tm_gmtoff;
	c[1] = base - b.tm_gmtoff;
	for (i = 0; i < 2; i++)
		ok[i] = local_tm(zone, c[i], &tm) == 0 &&
		    same_wall(&tm, y, mo, d, h, mi, s);
	snprintf(what, sizeof what, "%04d-%02d-%02d %02d:%02d:%02d", y, mo,
	    d, h, mi, s);
	if (ok[0] && ok[1] && c[0] != c[1])
		return (wr_fail(err, WR_ERR_INVALID, what, "ambiguous in %s: "
		    "this local time happens twice as the clocks go back; "
		    "give an offset (%+03ld:00 or %+03ld:00)", zone,
		    a.tm_gmtoff / 3600, b.tm_gmtoff / 3600));
	if (!ok[0] && !ok[1])
		return (wr_fail(err, WR_ERR_INVALID, what, "does not exist "
		    "in %s: the clocks jump forward over it", zone));
	*ms = (int64_t)(ok[0] ? c[0] : c[1]) * 1000;
	return (0);
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return (-1);
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return (0);
}

static int
valid_date(int y, int mo, int d)
{
	int yy, mm, dd;

	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return (0);
	notify_civil_from_days(notify_days_from_civil(y, mo, d), &yy, &mm,
	    &dd);
	return (yy == y && mm == mo && dd == d);
}

int
notify_parse_time(const char *str, const char *zone, int64_t *ms,
    struct wr_err *err)
{
	const char *p = str;
	int y, mo, d, h, mi, s = 0;

	if (time_parse_iso(str, ms) == 0)
		return (0);
	if (digits(&p, 4, &y) == -1 || *p++ != '-' ||
	    digits(&p, 2, &mo) == -1 || *p++ != '-' ||
	    digits(&p, 2, &d) == -1 || (*p != 'T' && *p != ' ') ||
	    (p++, digits(&p, 2, &h)) == -1 || *p++ != ':' ||
	    digits(&p, 2, &mi) == -1 ||
	    (*p == ':' && (p++, digits(&p, 2, &s)) == -1) || *p != '\0')
		return (wr_fail(err, WR_ERR_INVALID, str, "not a time: use "
		    "ISO 8601 with an offset (2026-12-03T14:00:00Z) or a "
		    "local YYYY-MM-DD HH:MM"));
	if (!valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59)
		return (wr_fail(err, WR_ERR_INVALID, str, "no such date or "
		    "time"));
	return (notify_from_local(zone, y, mo, d, h, mi, s, ms, err));
}

static int
add_business(int64_t start, int n, const struct notify_calendar *cal,
    int cutoff, int64_t *out, struct wr_err *err)
{
	int y, mo, d, h, mi, s;
	long off;
	int32_t dn;
	int64_t next;

	if (cal == NULL)
		return (wr_fail(err, WR_ERR_INVALID, "business_days",
		    "business days need a holiday calendar"));
	if (notify_zone_check(cal->zone, err) == -1 ||
	    notify_to_local(cal->zone, start, &y, &mo, &d, &h, &mi, &s,
	    &off, NULL, 0) == -1)
		return (-1);
	/*
	 * The event's own day never counts.  When it falls on a weekend or
	 * holiday this equals the 8-K rule that the period "begins on, and
	 * includes" the next business day: both end on the same day.
	 */
	dn = notify_days_from_civil(y, mo, d);
	while (n > 0) {
		dn++;
		notify_civil_from_days(dn, &y, &mo, &d);
		if (notify_is_business_day(cal, y, mo, d))
			n--;
	}
	if (cutoff >= 0) {
		notify_civil_from_days(dn, &y, &mo, &d);
		return (notify_from_local(cal->zone, y, mo, d, cutoff / 60,
		    cutoff % 60, 0, out, err));
	}
	notify_civil_from_days(dn + 1, &y, &mo, &d);
	if (notify_from_local(cal->zone, y, mo, d, 0, 0, 0, &next, err) ==
	    -1 && notify_from_local(cal->zone, y, mo, d, 1, 0, 0, &next,
	    err) == -1)
		return (-1);
	*out = next - 1000;
	return (0);
}

static int64_t
add_months(int64_t start, int n)
{
	struct tm tm;
	time_t t = (time_t)(start / 1000);
	int64_t rem = start % 1000;
	int y, m, last;

	gmtime_r(&t, &tm);
	m = tm.tm_mon + n;
	y = tm.tm_year + 1900 + m / 12;
	m = m % 12 + 1;
	/* Clamp: 31 January plus one month is the last day of February. */
	last = notify_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 :
	    m + 1, 1) - notify_days_from_civil(y, m, 1);
	if (tm.tm_mday > last)
		tm.tm_mday = last;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	return ((int64_t)timegm(&tm) * 1000 + rem);
}

int
notify_add(int64_t start, int amount, enum notify_unit unit,
    const struct notify_calendar *cal, int64_t *out, struct wr_err *err)
{
	return (notify_add_cutoff(start, amount, unit, cal, -1, out, err));
}

int
notify_add_cutoff(int64_t start, int amount, enum notify_unit unit,
    const struct notify_calendar *cal, int cutoff, int64_t *out,
    struct wr_err *err)
{
	if (start == TIME_NONE)
		return (wr_fail(err, WR_ERR_INVALID, "start",
		    "no start time"));
	if (amount < 0 || amount > AMOUNT_MAX)
		return (wr_fail(err, WR_ERR_INVALID, "amount",
		    "%d is out of range (0..%d)", amount, AMOUNT_MAX));
	switch (unit) {
	case NOTIFY_HOURS:
		*out = start + amount * MS_HOUR;
		return (0);
	case NOTIFY_CALENDAR_DAYS:
		*out = start + amount * MS_DAY;
		return (0);
	case NOTIFY_BUSINESS_DAYS:
		return (add_business(start, amount, cal, cutoff, out, err));
	case NOTIFY_MONTHS:
		*out = add_months(start, amount);
		return (0);
	case NOTIFY_ASAP:
		*out = TIME_NONE;
		return (0);
	default:
		break;
	}
	return (wr_fail(err, WR_ERR_INVALID, "unit", "unknown unit"));
}

static int
parse_weekday(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(s, wday_names[i]) == 0)
			return (i);
	return (-1);
}

static int
parse_holiday(const cJSON *o, const char *where, struct notify_holiday *h,
    struct wr_err *err)
{
	static const char *const keys[] = { "name", "date", "observed",
	    "from_year", "month", "weekday", "nth", "easter", NULL };
	const char *name, *date, *wd;
	const cJSON *obs = cJSON_GetObjectItemCaseSensitive(o, "observed");
	const char *p;
	char w[WR_ERR_WHERE_LEN];

	memset(h, 0, sizeof *h);
	if (njson_known(o, keys, where, err) == -1 ||
	    njson_str(o, "name", where, &name, err) == -1 ||
	    njson_opt_str(o, "date", where, &date, err) == -1 ||
	    njson_opt_str(o, "weekday", where, &wd, err) == -1 ||
	    njson_int(o, "from_year", where, 0, 0, &h->from_year, err) == -1)
		return (-1);
	h->name = xstrdup(name);
	h->observed = cJSON_IsTrue(obs);
	if (date != NULL) {
		h->kind = NOTIFY_HOL_FIXED;
		p = date;
		if (digits(&p, 2, &h->month) == -1 || *p++ != '-' ||
		    digits(&p, 2, &h->day) == -1 || *p != '\0' ||
		    !valid_date(2024, h->month, h->day)) {
			njson_where(w, "%s.date", where);
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "\"%s\" is not MM-DD", date));
		}
		return (0);
	}
	if (wd != NULL) {
		h->kind = NOTIFY_HOL_NTH;
		njson_where(w, "%s.weekday", where);
		if ((h->weekday = parse_weekday(wd)) == -1)
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "unknown weekday \"%s\" (sun..sat)", wd));
		if (njson_int(o, "month", where, 1, 0, &h->month, err) == -1 ||
		    njson_int(o, "nth", where, 1, 0, &h->nth, err) == -1)
			return (-1);
		njson_where(w, "%s.nth", where);
		if (h->month < 1 || h->month > 12 || h->nth == 0 ||
		    h->nth < -1 || h->nth > 4)
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "month 1..12 and nth 1..4 or -1 (last)"));
		return (0);
	}
	h->kind = NOTIFY_HOL_EASTER;
	if (cJSON_GetObjectItemCaseSensitive(o, "easter") == NULL)
		return (wr_fail(err, WR_ERR_SCHEMA, where, "a holiday needs "
		    "\"date\", \"weekday\" or \"easter\""));
	return (njson_int(o, "easter", where, 1, 0, &h->easter, err));
}

static int
parse_weekend(const cJSON *o, const char *where, int wk[7],
    struct wr_err *err)
{
	const cJSON *a, *v;
	char w[WR_ERR_WHERE_LEN];
	int i;

	if (njson_arr(o, "weekend", where, &a, err) == -1)
		return (-1);
	memset(wk, 0, 7 * sizeof wk[0]);
	if (a == NULL) {
		wk[0] = wk[6] = 1;
		return (0);
	}
	cJSON_ArrayForEach(v, a) {
		njson_where(w, "%s.weekend", where);
		if (!cJSON_IsString(v) || (i = parse_weekday(v->valuestring))
		    == -1)
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "weekend days are sun..sat"));
		wk[i] = 1;
	}
	return (0);
}

static int
parse_closures(const cJSON *o, const char *where,
    struct notify_calendar *cal, struct wr_err *err)
{
	const cJSON *a, *v;
	char w[WR_ERR_WHERE_LEN];
	const char *p;
	int y, m, d;

	if (njson_arr(o, "closures", where, &a, err) == -1)
		return (-1);
	if (a == NULL)
		return (0);
	cal->extra = xcalloc((size_t)cJSON_GetArraySize(a) + 1,
	    sizeof *cal->extra);
	cJSON_ArrayForEach(v, a) {
		p = cJSON_IsString(v) ? v->valuestring : "";
		if (digits(&p, 4, &y) == -1 || *p++ != '-' ||
		    digits(&p, 2, &m) == -1 || *p++ != '-' ||
		    digits(&p, 2, &d) == -1 || *p != '\0' ||
		    !valid_date(y, m, d)) {
			njson_where(w, "%s.closures[%zu]", where,
			    cal->nextra);
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "not a YYYY-MM-DD date"));
		}
		cal->extra[cal->nextra++] = notify_days_from_civil(y, m, d);
	}
	return (0);
}

int
notify_calendar_parse(const cJSON *o, const char *where,
    struct notify_calendar *cal, struct wr_err *err)
{
	static const char *const keys[] = { "id", "name", "zone", "source",
	    "checked", "weekend", "holidays", "closures", NULL };
	const char *id, *name, *zone, *src, *chk;
	const cJSON *hs, *h;
	char w[WR_ERR_WHERE_LEN];

	memset(cal, 0, sizeof *cal);
	wr_err_clear(err);
	if (njson_known(o, keys, where, err) == -1 ||
	    njson_str(o, "id", where, &id, err) == -1 ||
	    njson_str(o, "name", where, &name, err) == -1 ||
	    njson_str(o, "zone", where, &zone, err) == -1 ||
	    njson_str(o, "source", where, &src, err) == -1 ||
	    njson_str(o, "checked", where, &chk, err) == -1)
		return (-1);
	cal->id = xstrdup(id);
	cal->name = xstrdup(name);
	cal->zone = xstrdup(zone);
	cal->source = xstrdup(src);
	cal->checked = xstrdup(chk);
	njson_where(w, "%s.zone", where);
	if (notify_zone_check(zone, err) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, w, "unknown zone \"%s\"",
		    zone));
	if (parse_weekend(o, where, cal->weekend, err) == -1 ||
	    parse_closures(o, where, cal, err) == -1 ||
	    njson_arr(o, "holidays", where, &hs, err) == -1)
		return (-1);
	if (hs == NULL)
		return (0);
	cal->hol = xcalloc((size_t)cJSON_GetArraySize(hs) + 1,
	    sizeof *cal->hol);
	cJSON_ArrayForEach(h, hs) {
		njson_where(w, "%s.holidays[%zu]", where, cal->nhol);
		if (parse_holiday(h, w, &cal->hol[cal->nhol], err) == -1) {
			cal->nhol++;
			return (-1);
		}
		cal->nhol++;
	}
	return (0);
}

void
notify_calendar_free(struct notify_calendar *cal)
{
	size_t i;

	if (cal == NULL)
		return;
	for (i = 0; i < cal->nhol; i++)
		free(cal->hol[i].name);
	free(cal->hol);
	free(cal->extra);
	free(cal->id);
	free(cal->name);
	free(cal->zone);
	free(cal->source);
	free(cal->checked);
	memset(cal, 0, sizeof *cal);
}
