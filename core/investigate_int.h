/*
 * Between investigate.c (collecting and grouping events) and
 * investigate_derive.c (what the evidence says to remove and rotate).
 * Not for other modules.
 */
#ifndef WR_INVESTIGATE_INT_H
#define WR_INVESTIGATE_INT_H

#include <cJSON.h>

#include "core/eventstore.h"
#include "core/investigate.h"

/* Every string at a dotted path, walking into each array element. */
void	inv_each_str(const cJSON *, const char *path,
	    void (*fn)(const char *, void *), void *arg);
/* The first string at a path, or NULL. */
const char *inv_first_str(const cJSON *, const char *path);

/*
 * investigate_run for the derived items alone: the same items, sessions
 * and window, but no event list (ev stays empty) and a record is parsed
 * only when something could be derived from it.
 */
int	inv_run_items(struct store *, int64_t incident, const char *principal,
	    struct investigation **, struct wr_err *);
/* 0 when inv_derive_event cannot add anything for this event. */
int	inv_event_wants(const struct event_row *);
/* The items' index, freed with the investigation. */
void	inv_dedup_free(struct inv_dedup *);
/* Add the items one successful event implies. */
void	inv_derive_event(struct investigation *, const cJSON *rec,
	    const struct event_row *);
/* The compromised credential itself, from the first event seen. */
void	inv_derive_self(struct investigation *, const cJSON *rec,
	    const struct event_row *);

#endif
