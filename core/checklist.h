/*
 * Checklist items: from playbooks, derived from evidence, or added by
 * hand.  Every change names who and when, and is on the timeline.
 */
#ifndef WR_CHECKLIST_H
#define WR_CHECKLIST_H

#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;

struct check_item {
	int64_t		 id;
	int64_t		 incident_id;
	int		 phase;		/* enum phase */
	int		 ord;		/* order within the phase */
	const char	*text;
	const char	*playbook_id;	/* NULL for ad hoc items */
	const char	*step_id;
	const char	*owner_role;
	const char	*verify;
	const char	*query;		/* JSON text or NULL */
	const char	*action;	/* JSON text or NULL */
	const char	*resource;	/* derived items: resource id */
	const char	*region;
	const char	*source_event;	/* eventID that created it */
	const char	*assignee;
	int		 done;
	const char	*done_by;
	int64_t		 done_at;	/* TIME_NONE when open */
	const char	*created_by;
	int64_t		 created_at;
	const char	*editing;	/* who is editing it now, or "" */
};

/*
 * Add an item (id, done and created_* are ignored).  An item with the
 * same playbook, step and resource already present is not added again
 * (*id gets the existing one, *is_new 0).  is_new may be NULL.
 */
int	checklist_add(struct store *, const struct operator *,
	    const struct check_item *, int64_t *id, int *is_new,
	    struct wr_err *);
/* Tick (done=1) or untick; ticking a ticked item is recorded, no-op. */
int	checklist_tick(struct store *, const struct operator *,
	    int64_t item, int done, struct wr_err *);
int	checklist_assign(struct store *, const struct operator *,
	    int64_t item, const char *who, struct wr_err *);
int	checklist_note(struct store *, const struct operator *,
	    int64_t item, const char *text, struct wr_err *);
/* By phase, then ord, then id. */
int	checklist_each(struct store *, int64_t incident_id,
	    int (*fn)(const struct check_item *, void *), void *arg,
	    struct wr_err *);
/* Counts per phase: done[p] of total[p]. */
int	checklist_progress(struct store *, int64_t incident_id,
	    int done[], int total[], int nphase);

#endif
