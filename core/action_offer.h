/*
 * Which containment actions fit what the console has selected: a
 * finding (its resource block as GuardDuty sent it, or the principal a
 * rule named) or a checklist step (its bound AWS call).  Offers only;
 * nothing here records or runs anything: core/action.h does that.
 */
#ifndef WR_ACTION_OFFER_H
#define WR_ACTION_OFFER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct finding;
struct action_def;

#define OFFER_MAX	8
#define OFFER_RES_LEN	256
#define OFFER_PARAMS_LEN 320
#define OFFER_NOTE_LEN	128

struct action_offer {
	const struct action_def	*def;
	char			 resource[OFFER_RES_LEN];
	char			 params[OFFER_PARAMS_LEN]; /* JSON or "" */
	char			 note[OFFER_NOTE_LEN];	/* "user mallory" */
};

struct action_offers {
	struct action_offer	v[OFFER_MAX];
	int			n;
	char			why[160];	/* when n is 0: why none */
	char			region[32];	/* the finding's */
};

/*
 * The actions that fit finding f, best first.  key, when not NULL or
 * "", is an access key its events were signed with (a rule finding
 * names the ARN, its events know the key).
 */
void	action_offer_finding(const struct finding *f, const char *key,
	    struct action_offers *out);
/* The same for finding id in the store, with its events' key. */
int	action_offer_of(struct store *, int64_t finding_id,
	    struct action_offers *out, struct wr_err *);

/*
 * The action of a checklist step (its `action` JSON, placeholders
 * already bound).  0 with *o filled; -1 with a reason in why when the
 * call is not one warroom runs or a value is not known yet.
 */
int	action_offer_step(const char *action_json, struct action_offer *o,
	    char *why, size_t len);

/*
 * The open checklist item of the incident whose step is the same
 * action on the same resource, so that it ticks itself on
 * verification; 0 when there is none.
 */
int64_t	action_offer_item(struct store *, int64_t incident,
	    const struct action_offer *o);

#endif
