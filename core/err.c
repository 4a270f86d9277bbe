/*
 * Status words and the error record helpers.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *status_words[] = {
#define WR_STATUS_WORD(n, m) m,
	WR_STATUS_TABLE(WR_STATUS_WORD)
#undef WR_STATUS_WORD
};

const char *
wr_strstatus(enum wr_status code)
{
	if ((unsigned)code >= WR_ERR__COUNT)
		return ("unknown error");
	return (status_words[code]);
}

int
wr_fail(struct wr_err *err, enum wr_status code, const char *where,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return (-1);
	err->code = code;
	snprintf(err->where, sizeof err->where, "%s",
	    where != NULL ? where : "");
	if (fmt == NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", wr_strstatus(code));
		return (-1);
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return (-1);
}

void
wr_err_clear(struct wr_err *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof *err);
}

const char *
wr_err_text(const struct wr_err *err, char *buf, size_t len)
{
	if (err->where[0] != '\0')
		snprintf(buf, len, "%s: %s", err->where, err->msg);
	else
		snprintf(buf, len, "%s", err->msg);
	return (buf);
}
