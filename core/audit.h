/*
 * The audit log ("timeline"): an append-only record of every change and
 * every ingest run.  Triggers refuse UPDATE and DELETE.  Each row's hash
 * is SHA-256 over the previous row's hash (of the same incident) and the
 * row's own content, so one final digest proves nothing was rewritten.
 */
#ifndef WR_AUDIT_H
#define WR_AUDIT_H

#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;

struct audit_entry {
	int64_t			 incident_id;	/* 0: not incident-bound */
	int64_t			 happened_at;	/* TIME_NONE when unknown */
	int64_t			 discovered_at;	/* TIME_NONE when unknown */
	const struct operator	*op;
	const char		*action;	/* "phase", "tick", "ingest" */
	const char		*target;	/* item id, file path, ... */
	const char		*before;	/* may be NULL */
	const char		*after;		/* may be NULL */
	const char		*detail;	/* JSON object text or NULL */
};

/* Append one row; the caller must hold a transaction (store_begin). */
int	audit_append(struct store *, const struct audit_entry *,
	    struct wr_err *);

/*
 * The common case: a change by op with no separate happened/discovered
 * times.  detail may be NULL.  The caller holds a transaction.
 */
int	audit_change(struct store *, const struct operator *, int64_t incident,
	    const char *action, const char *target, const char *before,
	    const char *after, const char *detail, struct wr_err *);

/* One row as read back. Strings are owned by the row; audit_row_free. */
struct audit_row {
	int64_t	 id;
	int64_t	 incident_id;
	int64_t	 recorded_at;
	int64_t	 happened_at;
	int64_t	 discovered_at;
	char	*actor;
	char	*actor_addr;
	char	*action;
	char	*target;
	char	*before;
	char	*after;
	char	*detail;
	char	 prev_hash[65];
	char	 hash[65];
};

/* Calls fn for each row of the incident in order; fn returns 0 to go on. */
int	audit_each(struct store *, int64_t incident_id,
	    int (*fn)(const struct audit_row *, void *), void *arg,
	    struct wr_err *);

/*
 * Recompute the chain of one incident.  Returns 0 when intact (head
 * hash into head[65], row count into n); -1 with *bad_id set to the
 * first row whose hash does not match (err says why).
 */
int	audit_verify(struct store *, int64_t incident_id, char head[65],
	    int64_t *n, int64_t *bad_id, struct wr_err *);
/*
 * 1 when the triggers that keep the audit log append-only stand.  With
 * them gone the newest rows could have been removed without a trace in
 * the chain.
 */
int	audit_guarded(struct store *);

#endif
