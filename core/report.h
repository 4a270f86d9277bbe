/*
 * The incident record: gathered once from the store into a model
 * (core/report_int.h), then rendered as txt (for print), md, html or
 * json (schema: data/report/schema.json).  Deterministic: the same store
 * gives the same bytes (stable sorts with tie-breaks, UTC times, no
 * clock read).  Every string from the store is shown in its visible form
 * (core/safe.h) and then escaped for the format.
 */
#ifndef WR_REPORT_H
#define WR_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

struct store;
struct notify_tree;
struct report;

/* The version of the JSON schema the json format follows. */
#define REPORT_SCHEMA "warroom-report/1"

/*
 * Gather the record of an incident.  tree may be NULL (the notification
 * section then says the rules were not loaded).  *out is newly
 * allocated; report_free.
 */
int	report_gather(struct store *, int64_t incident,
	    const struct notify_tree *, struct report **out, struct wr_err *);
void	report_free(struct report *);
/* 1 when format is one of "txt", "md", "html", "json". */
int	report_format_ok(const char *format);
/* Render into out; fails on an unknown format or a write error. */
int	report_render(const struct report *, const char *format, FILE *out,
	    struct wr_err *);
/* Gather and render in one call. */
int	report_write(struct store *, int64_t incident,
	    const struct notify_tree *, const char *format, FILE *out,
	    struct wr_err *);

#endif
