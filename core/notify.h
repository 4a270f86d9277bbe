/*
 * Breach notification for one incident, in the store: start-event
 * times, answers (every revision kept), notices sent.  Each change is
 * checked (role) and written with its audit row in one transaction.
 * Reading evaluates the tree (notify_tree.h) over what is stored.
 * Guidance for the war room, not legal advice.
 */
#ifndef WR_NOTIFY_H
#define WR_NOTIFY_H

#include <stdint.h>

#include "core/err.h"
#include "core/notify_tree.h"
#include "core/operator.h"

struct store;

#define NOTIFY_DISCLAIMER \
	"Guidance, not legal advice: counsel confirms every notice."

/*
 * Record when a start event happened (a revision replaces the time and
 * is audited with the old one).  "aware" is the commander's, with a
 * reason; submitted:<outcome> comes only from notify_sent.
 */
int	notify_start(struct store *, const struct operator *, int64_t incident,
	    int event, int64_t at, const char *why, struct wr_err *);
/*
 * A clock that starts itself: record event at `at` unless it is already
 * recorded (then nothing is written and 0 is returned).  For callers
 * with no operator at a keyboard (ingest: "detected" at the first
 * finding); audited as the operator "warroom".  Never "aware".
 */
int	notify_start_auto(struct store *, int64_t incident, int event,
	    int64_t at, const char *why, struct wr_err *);
/* Answer (or revise the answer to) question q; checked against tree. */
int	notify_answer(struct store *, const struct notify_tree *,
	    const struct operator *, int64_t incident, const char *q,
	    const char *answer, const char *why, struct wr_err *);
/*
 * Mark an obligation's notice sent at `at` (TIME_NONE: now).  Only an
 * obligation the answers have raised, and only once.
 */
int	notify_sent(struct store *, const struct notify_tree *,
	    const struct operator *, int64_t incident, const char *obligation,
	    const char *to, const char *channel, const char *ref, int64_t at,
	    struct wr_err *);

/* One obligation as the console and the report show it. */
struct notify_obligation {
	const char		*id;		/* "o_gdpr_sa" */
	const char		*regime;	/* "EU-GDPR-33" */
	const char		*regime_name;
	const char		*source;
	const char		*checked;
	int			 verified;
	const char		*recipient;
	const char		*mode;		/* "outer_limit" */
	const char		*note;		/* may be NULL */
	char			 start[80];	/* "aware", "submitted:o_x" */
	enum notify_status	 status;
	int			 current;
	int64_t			 deadline;	/* TIME_NONE: asap/unknown */
	int64_t			 start_at;
	int64_t			 sent_at;
	/* When sent (else ""): */
	char			 sent_to[128];
	char			 channel[64];
	char			 ref[128];
	char			 sent_by[64];
};

/* One stored answer, oldest first, with what it replaced. */
struct notify_answer_row {
	int64_t		 id;
	const char	*question;
	const char	*text;		/* the question, NULL if not in tree */
	const char	*answer;
	const char	*previous;	/* NULL for a first answer */
	const char	*why;
	const char	*by;
	int64_t		 at;
	int		 current;	/* the latest answer to its question */
};

struct notify_start_row {
	const char	*event;
	int64_t		 at;
	const char	*why;
	const char	*by;
	int64_t		 set_at;
};

/*
 * The obligation with the soonest open deadline (not sent, not
 * not_required).  Returns 1 and fills out, 0 when there is none, -1 on
 * error.  Strings point into tree.
 */
int	notify_nearest(struct store *, const struct notify_tree *,
	    int64_t incident, int64_t now, struct notify_obligation *out,
	    struct wr_err *);
/* Every obligation, soonest first; fn returns nonzero to stop. */
int	notify_each_obligation(struct store *, const struct notify_tree *,
	    int64_t incident, int64_t now,
	    int (*fn)(const struct notify_obligation *, void *), void *arg,
	    struct wr_err *);
/* Every answer and revision in the order given (tree may be NULL). */
int	notify_each_answer(struct store *, const struct notify_tree *,
	    int64_t incident, int (*fn)(const struct notify_answer_row *,
	    void *), void *arg, struct wr_err *);
/* Every recorded start event, in event order. */
int	notify_each_start(struct store *, int64_t incident,
	    int (*fn)(const struct notify_start_row *, void *), void *arg,
	    struct wr_err *);
/* Questions on the current path, in order; answer NULL when open. */
int	notify_each_question(struct store *, const struct notify_tree *,
	    int64_t incident, int (*fn)(const struct notify_question *,
	    const char *answer, int open, void *), void *arg,
	    struct wr_err *);

#endif
