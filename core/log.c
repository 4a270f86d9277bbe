/*
 * The log file.  Every string is escaped before it is written (control
 * characters as \xNN), since AWS names, tags and user agents are chosen
 * by whoever attacks the account.
 */
#include "core/log.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/operator.h"

int log_level_now = LOG_WARN;

static char	log_role[32] = "cli";
static char	log_file[PATH_MAX];
static int	log_desc = -1;
static unsigned	log_nwarn;

void
log_init(const char *role, enum log_level level)
{
	snprintf(log_role, sizeof log_role, "%s", role);
	log_level_now = level;
}

static void
log_dir(char *out, size_t len)
{
	const char *d;

	if ((d = getenv("WARROOM_LOG_DIR")) != NULL && *d != '\0')
		snprintf(out, len, "%s", d);
	else if ((d = getenv("XDG_STATE_HOME")) != NULL && *d == '/')
		snprintf(out, len, "%s/warroom", d);
	else if ((d = getenv("HOME")) != NULL && *d == '/')
		snprintf(out, len, "%s/.local/state/warroom", d);
	else
		snprintf(out, len, "/tmp");
}

static void
mkdirs(const char *path)
{
	char tmp[PATH_MAX], *p;

	snprintf(tmp, sizeof tmp, "%s", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		(void)mkdir(tmp, 0700);
		*p = '/';
	}
	(void)mkdir(tmp, 0700);
}

int
log_fd(void)
{
	char dir[PATH_MAX - 64];

	if (log_desc != -1)
		return (log_desc);
	log_dir(dir, sizeof dir);
	mkdirs(dir);
	snprintf(log_file, sizeof log_file, "%s/warroom-%s-%ld.log", dir,
	    log_role, (long)getpid());
	log_desc = open(log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0600);
	return (log_desc);
}

const char *
log_path(void)
{
	return (log_fd() == -1 ? NULL : log_file);
}

void
log_close(void)
{
	if (log_desc != -1)
		close(log_desc);
	log_desc = -1;
}

unsigned
log_warnings(void)
{
	return (log_nwarn);
}

static void
log_escape(char *dst, size_t len, const char *src)
{
	size_t o = 0;
	unsigned char c;

	for (; *src != '\0' && o + 5 < len; src++) {
		c = (unsigned char)*src;
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(dst + o, len - o, "\\x%02x", c);
		else
			dst[o++] = (char)c;
	}
	dst[o] = '\0';
}

void
log_write(enum log_level level, const char *func, const char *fmt, ...)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	char msg[2048], safe[4096], stamp[40], line[4400];
	struct timeval tv;
	struct tm tm;
	va_list ap;
	int n;

	if (level <= LOG_WARN)
		log_nwarn++;
	if (log_fd() == -1)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_escape(safe, sizeof safe, msg);
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	n = snprintf(line, sizeof line, "%s.%06ldZ %ld %s %s %s: %s\n", stamp,
	    (long)tv.tv_usec, (long)getpid(), operator_self()->name,
	    names[level], func, safe);
	if (n > 0)
		(void)!write(log_desc, line, strlen(line));
}
