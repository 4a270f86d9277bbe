/*
 * Stored CloudTrail events.  The row key is a 63-bit hash of (incident,
 * eventID) with the eventID text kept beside it for collision checks;
 * principals and event names are interned; the raw record is kept as the
 * bytes that arrived, never re-printed.
 */
#ifndef WR_EVENTSTORE_H
#define WR_EVENTSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/event.h"

struct store;

struct event_row {
	int64_t		 row;
	int64_t		 incident_id;
	const char	*event_id;
	int64_t		 time_ms;	/* TIME_NONE when untimed */
	const char	*event_name;
	const char	*event_source;
	const char	*principal;	/* grouping key, see struct ct_event */
	const char	*actor;		/* display form */
	const char	*access_key;
	const char	*source_ip;
	const char	*region;
	const char	*error_code;
	const char	*raw;		/* the record as it arrived */
	size_t		 raw_len;
};

/*
 * Store one event unless its eventID is already there (then *is_new is
 * 0 and the run is added to the event's sources).  Caller holds a
 * transaction.
 */
int	eventstore_put(struct store *, int64_t incident_id,
	    const struct ct_event *, const char *raw, size_t raw_len,
	    int64_t run_id, int64_t *row, int *is_new, struct wr_err *);

struct event_query {
	int64_t		 incident_id;
	const char	*principal;	/* ARN, access key or key; NULL all */
	int64_t		 since;		/* TIME_NONE: no lower bound */
	int64_t		 until;		/* TIME_NONE: no upper bound */
	const char	*event_name;	/* NULL: any */
	int		 limit;		/* 0: no limit */
	int		 want_raw;	/* fill raw for each row */
};

void	event_query_init(struct event_query *, int64_t incident_id);

/*
 * Events in the event-timeline order: time, then eventID bytes (events
 * in the same second have no known order, BR-31); untimed last.
 */
int	eventstore_each(struct store *, const struct event_query *,
	    int (*fn)(const struct event_row *, void *), void *arg,
	    struct wr_err *);
int	eventstore_get(struct store *, int64_t row,
	    int (*fn)(const struct event_row *, void *), void *arg,
	    struct wr_err *);
/* Events linked to a finding, in timeline order. */
int	eventstore_each_of_finding(struct store *, int64_t finding_id,
	    int (*fn)(const struct event_row *, void *), void *arg,
	    struct wr_err *);
int64_t	eventstore_count(struct store *, int64_t incident_id);

#endif
