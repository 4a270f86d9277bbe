/*
 * Containment actions: a named operation on one resource, kept in the
 * store's `actions` table and carried out through the provider
 * (core/provider.h act/verify/undo).  The gate lives here: only the
 * commander runs them, a responder's request waits for approval,
 * observers and exercise incidents are refused, and every step is on
 * the timeline in the same transaction as the change it records.
 */
#ifndef WR_ACTION_H
#define WR_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;
struct wr_provider;
struct provider_session;

#define ACTION_DISRUPTIVE	0x1	/* resource id typed back (--yes) */
#define ACTION_NO_UNDO		0x2

/* How the error column starts after AWS refused an undo. */
#define ACTION_UNDO_FAILED	"undo failed: "

struct action_def {
	const char	*name;		/* "deactivate-key" */
	const char	*what;		/* "an access key id" */
	int		 flags;
};

/* The action called name, or NULL. */
const struct action_def	*action_find(const char *name);
/* Every action, NULL-terminated. */
extern const struct action_def *const action_defs[];

/*
 * The dry-run text: the exact API calls and parameters, what verifies
 * it and whether it can be undone.  params is the JSON object text the
 * action will carry (e.g. {"user":"alice"}).  Caller frees.
 */
char	*action_dry_run(const struct action_def *, const char *resource,
	    const char *params, int64_t now);

/* One row of the actions table; strings owned, action_row_free. */
struct action_row {
	int64_t	 id;
	int64_t	 incident_id;
	char	*action;
	char	*resource;
	char	*region;
	char	*params;
	char	*state;		/* requested approved running done failed
				   undo-requested undoing undone */
	int64_t	 item_id;	/* 0: none */
	char	*requested_by;
	int64_t	 requested_at;
	char	*approved_by;
	char	*request_id;
	int	 verified;
	char	*undo;		/* JSON kept for undo, or NULL */
	char	*error;
	int64_t	 updated_at;
};

void	action_row_free(struct action_row *);
int	action_get(struct store *, int64_t id, struct action_row *,
	    struct wr_err *);
/* Each action of the incident by id; fn returns 0 to go on. */
int	action_each(struct store *, int64_t incident_id,
	    int (*fn)(const struct action_row *, void *), void *arg,
	    struct wr_err *);

struct action_new {
	const char	*action;
	const char	*resource;
	const char	*region;	/* NULL: "" */
	const char	*params;	/* JSON object text or NULL */
	int64_t		 item_id;	/* checklist item it ticks, or 0 */
};

/*
 * Record a request.  A commander's is approved at once (*approved 1);
 * a responder's waits for action_approve; anyone else, and anyone in
 * an exercise incident, is refused with WR_ERR_DENIED.
 */
int	action_request(struct store *, const struct operator *,
	    int64_t incident, const struct action_new *, int64_t *id,
	    int *approved, struct wr_err *);
/* Commander only: a requested action becomes approved. */
int	action_approve(struct store *, const struct operator *, int64_t id,
	    struct wr_err *);

/*
 * Carry out an approved action: act, then verify; each step recorded
 * (request id, verification) and, when verification passes, its
 * checklist item ticked.  op is who carries it out (the commander, or
 * the collector's account).  A failure is recorded (state failed) and
 * returned.
 */
int	action_run(struct store *, const struct operator *,
	    const struct wr_provider *, struct provider_session *, int64_t id,
	    struct wr_err *);
/*
 * Commander only: ask for a done action (or a failed one that AWS
 * carried out) to be reversed, where it has an undo.  The action
 * becomes "undo-requested", on the timeline; whoever holds AWS
 * credentials (this process, or the collector) then runs action_undo.
 */
int	action_request_undo(struct store *, const struct operator *,
	    int64_t id, struct wr_err *);
/*
 * Carry out a requested undo: claimed ("undoing") so that only one
 * process calls AWS, then "undone"; on failure the action goes back to
 * the state it had ("done" or "failed", an "action.undo_failed" row
 * naming the error) so the undo can be asked for again.  op is who
 * carries it out, as for action_run.
 */
int	action_undo(struct store *, const struct operator *,
	    const struct wr_provider *, struct provider_session *, int64_t id,
	    struct wr_err *);
/*
 * 1 when an approved action or a requested undo of the incident waits
 * to be carried out, 0 when none does, -1 on error: one cheap query,
 * for the collector to ask often between its rounds.
 */
int	action_waiting(struct store *, int64_t incident, struct wr_err *);
/*
 * The collector's turn: run every approved action of the incident and
 * every requested undo.  *ran gets how many were tried; failures are
 * recorded, not returned.
 */
int	action_run_pending(struct store *, const struct operator *,
	    const struct wr_provider *, struct provider_session *,
	    int64_t incident, int *ran, struct wr_err *);

#endif
