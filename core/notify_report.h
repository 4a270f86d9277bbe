/*
 * The breach-notification section of the incident record (Markdown):
 * start events, decisions with who/when/why, obligations with deadline,
 * met or not and the notice sent, and the regimes' sources.
 */
#ifndef WR_NOTIFY_REPORT_H
#define WR_NOTIFY_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/notify.h"

struct store;

/* Write the section to o; statuses are as of now. */
int	notify_report_md(struct store *, const struct notify_tree *,
	    int64_t incident, int64_t now, FILE *o, struct wr_err *);

#endif
