/*
 * What every ingest path (warroom ingest, demo, watch, the console)
 * loads from data/: the triage table, the rules and the playbooks, and
 * how they plug into an ingest context.
 */
#ifndef WR_WIRING_H
#define WR_WIRING_H

#include "core/err.h"

struct ingest_ctx;
struct ruleset;
struct triage;

struct wiring {
	struct triage	*triage;
	struct ruleset	*rules;
};

int	wiring_load(struct wiring *, struct wr_err *);
void	wiring_apply(struct wiring *, struct ingest_ctx *);
void	wiring_free(struct wiring *);

#endif
