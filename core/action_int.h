/*
 * Shared by core/action.c (the store and the gate), core/action_run.c
 * (carrying actions out) and core/action_undo.c (reversing them); not
 * for other modules.
 */
#ifndef WR_ACTION_INT_H
#define WR_ACTION_INT_H

#include "core/action.h"
#include "core/incident.h"

/* One timeline row "action.STEP" for action id; inside a transaction. */
int	action_audit(struct store *, const struct operator *,
	    int64_t incident, const char *step, int64_t id,
	    const char *before, const char *after, const char *detail,
	    struct wr_err *);
/* {"action", "resource", k: v} as JSON text (k may be NULL). */
char	*action_detail(const char *action, const char *resource,
	    const char *k, const char *v);
/* Refuse exercise and closed incidents, and roles below need. */
int	action_gate(struct store *, const struct operator *,
	    int64_t incident, enum role need, const char *what,
	    struct wr_err *);
/* Set r's state to `to` (updated_at now) with its timeline row. */
int	action_set_state(struct store *, const struct operator *,
	    const struct action_row *r, const char *to, const char *step,
	    const char *detail, struct wr_err *);
struct provider_action;
/* What the provider is given for row r (its strings stay r's). */
void	action_to_call(const struct action_row *r, struct provider_action *);
/*
 * Move r from state `from` to `to` only if it is still in `from`
 * (WR_ERR_BUSY otherwise): one process carries each step out.
 */
int	action_claim(struct store *, const struct action_row *r,
	    const char *from, const char *to, struct wr_err *);

#endif
