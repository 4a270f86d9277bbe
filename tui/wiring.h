/*
 * What every ingest path (warroom ingest, demo, watch, the console)
 * loads from data/: the triage table, the rules and the playbooks, and
 * how they plug into an ingest context.
 */
#ifndef WR_WIRING_H
#define WR_WIRING_H

#include "core/err.h"

#include <stdint.h>

#include "core/operator.h"

struct ingest_ctx;
struct playbook_set;
struct ruleset;
struct store;
struct triage;

struct wiring {
	struct triage		*triage;
	struct ruleset		*rules;
	struct playbook_set	*playbooks;
};

int	wiring_load(struct wiring *, struct wr_err *);
void	wiring_apply(struct wiring *, struct ingest_ctx *);
/*
 * After an ingest run: the checklist items derived from evidence, and
 * the playbook items whose placeholders the new evidence binds.
 */
int	wiring_after(struct wiring *, struct store *, const struct operator *,
	    int64_t incident, struct wr_err *);
void	wiring_free(struct wiring *);

#endif
