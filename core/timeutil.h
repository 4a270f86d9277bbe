/*
 * Times as int64 milliseconds since the epoch, UTC.  TIME_NONE marks an
 * untimed event (missing or unreadable eventTime): it is kept, sorted in
 * its own bucket and never shown as 1970-01-01.
 */
#ifndef WR_TIMEUTIL_H
#define WR_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

#define TIME_NONE INT64_MIN
#define TIME_ISO_LEN 32

/* Now; a test build honours WARROOM_TEST_NOW (ISO 8601 or epoch s). */
int64_t	time_now_ms(void);
/* Wall clock even in a test build (latency and heartbeats). */
int64_t	time_real_ms(void);

/*
 * ISO 8601 with Z or an offset (+05:30, +0530, +05), optional fraction;
 * "T" or a space between date and time.  Returns 0 or -1.
 */
int	time_parse_iso(const char *, int64_t *ms);
/* A number of epoch seconds, with optional fraction: "1793649310.0". */
int	time_parse_epoch(const char *, int64_t *ms);
/*
 * ISO 8601, a date alone ("2026-12-01": midnight UTC), or a duration
 * back from now ("90d", "12h", "30m", "2w").
 */
int	time_parse_since(const char *, int64_t now, int64_t *ms);
/* "2026-11-02T19:53:07Z", with ".123" when there are milliseconds. */
char	*time_fmt_iso(int64_t ms, char *buf, size_t len);
/* "2026-11-02 19:53Z" for narrow columns; "(untimed)" for TIME_NONE. */
char	*time_fmt_short(int64_t ms, char *buf, size_t len);
/* "3h 05m", "2d 04h", "45s" for durations. */
char	*time_fmt_duration(int64_t ms, char *buf, size_t len);

#endif
