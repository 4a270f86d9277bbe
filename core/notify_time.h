/*
 * Deadline arithmetic for breach notification: hours, calendar days,
 * business days on a named holiday calendar, months (clamped to the end
 * of the month) and "as soon as possible".  Instants are int64 ms UTC;
 * zones (Debian tzdata, by name) matter only for business days, which
 * are local dates of the calendar's jurisdiction, and for display.
 */
#ifndef WR_NOTIFY_TIME_H
#define WR_NOTIFY_TIME_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct cJSON;

enum notify_unit {
	NOTIFY_HOURS,
	NOTIFY_CALENDAR_DAYS,
	NOTIFY_BUSINESS_DAYS,
	NOTIFY_MONTHS,
	NOTIFY_ASAP,
	NOTIFY_UNIT__COUNT
};

const char	*notify_unit_name(enum notify_unit);	/* "business_days" */
int		 notify_unit_from_name(const char *);	/* -1 when unknown */

/* One holiday rule: a fixed date, the nth weekday, or Easter + offset. */
enum notify_hol_kind { NOTIFY_HOL_FIXED, NOTIFY_HOL_NTH, NOTIFY_HOL_EASTER };

struct notify_holiday {
	char			*name;
	enum notify_hol_kind	 kind;
	int			 month;		/* 1..12 (FIXED, NTH) */
	int			 day;		/* FIXED */
	int			 weekday;	/* NTH: 0 Sunday .. 6 */
	int			 nth;		/* NTH: 1..5, -1 = last */
	int			 easter;	/* EASTER: days from Sunday */
	int			 observed;	/* FIXED: Sat->Fri, Sun->Mon */
	int			 from_year;	/* 0: always */
};

struct notify_calendar {
	char			*id;		/* "US-FED" */
	char			*name;
	char			*zone;		/* "America/New_York" */
	char			*source;
	char			*checked;	/* "2026-12-03" */
	int			 weekend[7];	/* 1 for a non-working day */
	struct notify_holiday	*hol;
	size_t			 nhol;
	int32_t			*extra;		/* one-off closures, day nums */
	size_t			 nextra;
};

/*
 * Parse one calendar object; `where` names the file and key for errors
 * ("calendars.json: calendars[0]").  Fills cal (free with
 * notify_calendar_free).
 */
int	notify_calendar_parse(const struct cJSON *, const char *where,
	    struct notify_calendar *cal, struct wr_err *);
void	notify_calendar_free(struct notify_calendar *);

/* Days since 1970-01-01 for a proleptic Gregorian date, and back. */
int32_t	notify_days_from_civil(int y, int m, int d);
void	notify_civil_from_days(int32_t days, int *y, int *m, int *d);
/* 1 when the local date is neither a weekend day nor a holiday. */
int	notify_is_business_day(const struct notify_calendar *, int y, int m,
	    int d);
/* The holiday's name when the date is one, else NULL. */
const char *notify_holiday_name(const struct notify_calendar *, int y,
	    int m, int d);

/*
 * start + amount units.  Business days need cal (the day of the event is
 * not counted; the deadline is the end, 23:59:59 local, of the last
 * day).  asap gives TIME_NONE.  Returns 0 or -1 (bad amount, no
 * calendar, unknown zone).
 */
int	notify_add(int64_t start, int amount, enum notify_unit,
	    const struct notify_calendar *cal, int64_t *deadline,
	    struct wr_err *);
/*
 * The same, with business days ending at a local cut-off (minutes after
 * midnight, e.g. 17:30 for EDGAR) instead of 23:59:59; -1 for none.
 */
int	notify_add_cutoff(int64_t start, int amount, enum notify_unit,
	    const struct notify_calendar *cal, int cutoff_min,
	    int64_t *deadline, struct wr_err *);

/* Zones. */
#define NOTIFY_ZONE_LEN 64
/* 0 when the zone is known to tzdata (or a POSIX TZ rule), else -1. */
int	notify_zone_check(const char *zone, struct wr_err *);
/* The operator's zone: $TZ, else /etc/timezone, else UTC. */
const char *notify_operator_zone(char *buf, size_t len);
/*
 * The same, but "UTC" when that zone is unknown to tzdata; *bad (may be
 * NULL) is set to 1 then, so the caller can say so.
 */
const char *notify_display_zone(char *buf, size_t len, int *bad);
/*
 * A wall-clock time in zone to UTC ms; refuses a time that does not
 * exist (DST starts) or happens twice (DST ends).
 */
int	notify_from_local(const char *zone, int y, int mo, int d, int h,
	    int mi, int s, int64_t *ms, struct wr_err *);
/* ms as local fields in zone (gmtoff in seconds east, abbr "CET"). */
int	notify_to_local(const char *zone, int64_t ms, int *y, int *mo,
	    int *d, int *h, int *mi, int *s, long *gmtoff, char *abbr,
	    size_t abbrlen);
/* "2026-03-08T03:30:00-04:00" (no abbreviation) into buf. */
char	*notify_fmt_local(const char *zone, int64_t ms, char *buf,
	    size_t len);
/*
 * ISO 8601 with Z or an offset, or a local "YYYY-MM-DD[T ]HH:MM[:SS]"
 * read in zone (ambiguous and nonexistent times refused).
 */
int	notify_parse_time(const char *s, const char *zone, int64_t *ms,
	    struct wr_err *);

#endif
