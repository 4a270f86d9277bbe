/*
 * The incident record.  Deterministic: the same store gives the same
 * bytes (stable sorts with tie-breaks, UTC times).  Every string from
 * AWS data is shown in its visible form (core/safe.h) and then escaped
 * for the format.
 */
#ifndef WR_REPORT_H
#define WR_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

struct store;

/* format: "md" (more in later versions).  Writes to out. */
int	report_write(struct store *, int64_t incident, const char *format,
	    FILE *out, struct wr_err *);
/* Markdown-escape the visible form of s into out. */
void	report_md_escape(FILE *out, const char *s);

#endif
