/*
 * The investigation view: everything one principal (an access key, a
 * user or a role ARN) did in a window, from the stored events, sorted
 * into the groups a responder reads first, plus what the evidence says
 * must be removed (every resource it created) and rotated (every
 * credential reachable from it).
 */
#ifndef WR_INVESTIGATE_H
#define WR_INVESTIGATE_H

#include <stdint.h>

#include "core/err.h"

struct store;

/* Each event falls in the first group that fits, in this order. */
enum inv_group {
	INV_DENIED,		/* failed with an error code */
	INV_TAMPER,		/* logging and monitoring tampering */
	INV_IAM,		/* users, roles, keys, policies, trust */
	INV_DATA,		/* secrets, parameters, objects, sharing */
	INV_CHANGED,		/* other resources created or changed */
	INV_OTHER,		/* reads and discovery */
	INV__COUNT
};

const char	*inv_group_name(int);	/* "iam_changes" */
const char	*inv_group_title(int);	/* "IAM changes" */

/* One event of the principal; every string is owned by the result. */
struct inv_event {
	char	*event_id;
	int64_t	 time_ms;
	char	*name;
	char	*source;
	char	*region;
	char	*source_ip;
	char	*access_key;
	char	*error_code;
	char	*target;	/* what it touched, or "" */
	int	 group;		/* enum inv_group */
	int	 via_session;	/* made with a session the principal got */
};

enum inv_kind { INV_ERADICATE, INV_ROTATE };

/* A derived item: one resource to remove or one credential to rotate. */
struct inv_item {
	int	 kind;		/* enum inv_kind */
	char	*what;		/* "IAM user", "access key", "instance" */
	char	*resource;	/* its id or ARN */
	char	*region;
	char	*event_id;	/* the event that created or revealed it */
	char	*event_name;
	int64_t	 time_ms;
	char	*text;		/* the checklist line */
	int	 once;		/* one item per resource, not per event */
};

struct investigation {
	char		*principal;
	int64_t		 since;		/* TIME_NONE: unbounded */
	int64_t		 until;
	struct inv_event *ev;		/* timeline order */
	int		 nev;
	int		 count[INV__COUNT];
	struct inv_item	*items;		/* eradication, then rotation */
	int		 nitems;
	char		**sessions;	/* session keys it obtained */
	int		 nsessions;
	struct inv_dedup *dedup;	/* items by key (private) */
};

/*
 * The default window for principal: from 90 days before the incident's
 * first finding on it (any finding if none names it; its first stored
 * event if there is no finding) up to now.
 */
int	investigate_window(struct store *, int64_t incident,
	    const char *principal, int64_t *since, int64_t *until,
	    struct wr_err *);

/*
 * Run the investigation.  since/until TIME_NONE: the default window.
 * Sessions the principal obtained (AssumeRole, GetSessionToken,
 * GetFederationToken answers) are followed one level.  *out is newly
 * allocated; investigate_free.
 */
int	investigate_run(struct store *, int64_t incident,
	    const char *principal, int64_t since, int64_t until,
	    struct investigation **out, struct wr_err *);
void	investigate_free(struct investigation *);

/* The same key an event stores: a session ARN becomes its role ARN. */
char	*investigate_principal_key(const char *principal);

#endif
