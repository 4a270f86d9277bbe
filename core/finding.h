/*
 * Findings: GuardDuty findings, hits of our rules, billing anomalies.
 * Each has a P-level (1 = wake everyone .. 4 = note it), first and last
 * seen, a count, and links to the CloudTrail events behind it.
 */
#ifndef WR_FINDING_H
#define WR_FINDING_H

#include <stdint.h>

#include "core/err.h"

struct store;

#define FINDING_F_SAMPLE	0x01	/* GuardDuty sample finding */
#define FINDING_F_SEV_RANGE	0x02	/* severity outside [1, 10] */
#define FINDING_F_SEV_STRING	0x04	/* severity arrived as a string */

struct finding {
	int64_t		 id;
	int64_t		 incident_id;
	const char	*source;	/* "guardduty", "rule", "billing" */
	const char	*ext_id;	/* GuardDuty id, or rule id + key */
	const char	*type;		/* finding type or rule id */
	const char	*title;
	const char	*description;
	const char	*principal;	/* grouping key (ARN, access key) */
	const char	*resource;	/* "access key AKIA... (alice)" */
	const char	*region;
	const char	*account;
	int		 p_level;
	double		 severity;	/* GuardDuty's number; 0 for rules */
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 updated_at;	/* GuardDuty updatedAt */
	int64_t		 count;
	int		 flags;		/* FINDING_F_* */
	const char	*status;	/* "open", "resolved" */
	const char	*raw;		/* JSON text as it arrived, or NULL */
	size_t		 raw_len;
};

/*
 * Insert, or update the existing finding with the same (incident,
 * source, ext_id): count grows by f->count, first/last seen widen, and
 * for GuardDuty the newer updatedAt wins the other fields.  *id gets the
 * row id, *is_new 1 when inserted.  Caller holds a transaction.
 */
int	finding_upsert(struct store *, const struct finding *, int64_t *id,
	    int *is_new, struct wr_err *);
/* Replace a finding's title (an Insights burst that has ended). */
int	finding_set_title(struct store *, int64_t id, const char *title,
	    struct wr_err *);
/*
 * A rule finding seen again, by row id: count grows by f->count, the
 * level drops to f->p_level if lower, first/last seen widen to
 * f->first_seen/f->last_seen (finding_upsert's fold without the lookup).
 */
int	finding_fold(struct store *, int64_t id, const struct finding *,
	    struct wr_err *);
/* Link a finding to a stored event (by event row id). */
int	finding_link_event(struct store *, int64_t finding_id,
	    int64_t event_row, struct wr_err *);

/*
 * List the incident's findings: real ones first (samples last), then
 * P-level, then last seen (newest first),
 * then id.  The struct passed to fn lives only during the call.
 */
int	finding_each(struct store *, int64_t incident_id,
	    int (*fn)(const struct finding *, void *), void *arg,
	    struct wr_err *);
int	finding_get(struct store *, int64_t id,
	    int (*fn)(const struct finding *, void *), void *arg,
	    struct wr_err *);
/*
 * The escalation modifier, over the whole incident: a rule finding is
 * shown one level worse (never above P1) when its principal has another
 * open real finding at P1 or P2 on its own.  Recomputed from the set
 * after each file, so the result does not depend on ingest order.
 */
int	finding_escalate(struct store *, int64_t incident, struct wr_err *);
/* Worst (lowest number) P-level among open, non-sample findings; 4. */
int	finding_worst_level(struct store *, int64_t incident_id);
/* "P1".."P4". */
const char *finding_level_name(int);

#endif
