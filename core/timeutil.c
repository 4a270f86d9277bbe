/*
 * Parsing and printing of times.  All arithmetic is in UTC; zones are
 * the concern of whoever displays a time.
 */
#include "core/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t
time_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int64_t
time_now_ms(void)
{
#ifdef WR_TEST_HOOKS
	const char *t = getenv("WARROOM_TEST_NOW");
	int64_t ms;

	if (t != NULL && *t != '\0' && (time_parse_iso(t, &ms) == 0 ||
	    time_parse_epoch(t, &ms) == 0))
		return (ms);
#endif
	return (time_real_ms());
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
parse_offset(const char *p, int *secs)
{
	int sign, hh, mm = 0;

	if (*p == 'Z' || *p == 'z') {
		*secs = 0;
		return (p[1] == '\0' ? 0 : -1);
	}
	if (*p != '+' && *p != '-')
		return (-1);
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, &hh) == -1)
		return (-1);
	if (*p == ':')
		p++;
	if (*p != '\0' && digits(&p, 2, &mm) == -1)
		return (-1);
	if (*p != '\0' || hh > 23 || mm > 59)
		return (-1);
	*secs = sign * (hh * 3600 + mm * 60);
	return (0);
}

static int
parse_fraction(const char **p, int *ms)
{
	int scale = 100;

	*ms = 0;
	if (**p != '.' && **p != ',')
		return (0);
	(*p)++;
	if (!isdigit((unsigned char)**p))
		return (-1);
	for (; isdigit((unsigned char)**p); (*p)++) {
		*ms += (**p - '0') * scale;
		scale /= 10;
	}
	return (0);
}

int
time_parse_iso(const char *s, int64_t *out)
{
	struct tm tm;
	const char *p = s;
	int y, mo, d, h, mi, sec = 0, frac = 0, off = 0;
	time_t t;

	if (digits(&p, 4, &y) == -1 || *p++ != '-' ||
	    digits(&p, 2, &mo) == -1 || *p++ != '-' ||
	    digits(&p, 2, &d) == -1)
		return (-1);
	if (*p != 'T' && *p != 't' && *p != ' ')
		return (-1);
	p++;
	if (digits(&p, 2, &h) == -1 || *p++ != ':' ||
	    digits(&p, 2, &mi) == -1)
		return (-1);
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec) == -1 || parse_fraction(&p, &frac))
			return (-1);
	}
	if (parse_offset(p, &off) == -1)
		return (-1);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	*out = ((int64_t)t - off) * 1000 + frac;
	return (0);
}

int
time_parse_epoch(const char *s, int64_t *out)
{
	char *end;
	double v;

	if (*s == '\0' || (!isdigit((unsigned char)*s) && *s != '-'))
		return (-1);
	v = strtod(s, &end);
	if (*end != '\0' || v < -1e12 || v > 1e12)
		return (-1);
	*out = (int64_t)(v * 1000.0 + (v >= 0 ? 0.5 : -0.5));
	return (0);
}

/* A calendar date alone, "2026-12-01": its midnight UTC. */
static int
parse_date(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s;
	struct tm tm;
	int y, mo, d, leap;

	if (digits(&p, 4, &y) == -1 || *p++ != '-' ||
	    digits(&p, 2, &mo) == -1 || *p++ != '-' ||
	    digits(&p, 2, &d) == -1 || *p != '\0' || mo < 1 || mo > 12)
		return (-1);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap))
		return (-1);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	*out = (int64_t)timegm(&tm) * 1000;
	return (0);
}

int
time_parse_since(const char *s, int64_t now, int64_t *out)
{
	char *end;
	long n;
	int64_t unit;

	if (time_parse_iso(s, out) == 0 || parse_date(s, out) == 0)
		return (0);
	n = strtol(s, &end, 10);
	if (end == s || n < 0 || end[0] == '\0' || end[1] != '\0')
		return (-1);
	switch (*end) {
	case 's': unit = 1000; break;
	case 'm': unit = 60 * 1000; break;
	case 'h': unit = 3600 * 1000; break;
	case 'd': unit = 86400 * 1000; break;
	case 'w': unit = 7 * 86400 * 1000LL; break;
	default: return (-1);
	}
	*out = now - (int64_t)n * unit;
	return (0);
}

static void
split_ms(int64_t ms, time_t *secs, int *rem)
{
	*secs = (time_t)(ms / 1000);
	*rem = (int)(ms % 1000);
	if (*rem < 0) {
		*rem += 1000;
		(*secs)--;
	}
}

char *
time_fmt_iso(int64_t ms, char *buf, size_t len)
{
	struct tm tm;
	time_t t;
	int rem;
	size_t n;

	if (ms == TIME_NONE) {
		snprintf(buf, len, "(untimed)");
		return (buf);
	}
	split_ms(ms, &t, &rem);
	gmtime_r(&t, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	if (rem != 0)
		snprintf(buf + n, len - n, ".%03dZ", rem);
	else
		snprintf(buf + n, len - n, "Z");
	return (buf);
}

char *
time_fmt_short(int64_t ms, char *buf, size_t len)
{
	struct tm tm;
	time_t t;
	int rem;

	if (ms == TIME_NONE) {
		snprintf(buf, len, "(untimed)");
		return (buf);
	}
	split_ms(ms, &t, &rem);
	gmtime_r(&t, &tm);
	strftime(buf, len, "%m-%d %H:%M:%SZ", &tm);
	return (buf);
}

char *
time_fmt_duration(int64_t ms, char *buf, size_t len)
{
	int64_t s = ms / 1000;
	const char *sign = "";

	if (s < 0) {
		sign = "-";
		s = -s;
	}
	if (s >= 86400)
		snprintf(buf, len, "%s%lldd %02lldh", sign,
		    (long long)(s / 86400), (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, len, "%s%lldh %02lldm", sign,
		    (long long)(s / 3600), (long long)(s % 3600 / 60));
	else if (s >= 60)
		snprintf(buf, len, "%s%lldm %02llds", sign,
		    (long long)(s / 60), (long long)(s % 60));
	else
		snprintf(buf, len, "%s%llds", sign, (long long)s);
	return (buf);
}
