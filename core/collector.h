/*
 * The collector behind `warroom watch`: rounds of polls through a
 * provider (core/provider.h), every page written through ingest like a
 * file, and its state kept in the store's `collector` table (one row
 * per incident) so that every console can say whether it is healthy,
 * lagging or failing, and since when.
 */
#ifndef WR_COLLECTOR_H
#define WR_COLLECTOR_H

#include <signal.h>
#include <stdint.h>

#include "core/err.h"
#include "core/provider.h"

struct ingest_ctx;
struct store;

enum collector_health {
	COLLECTOR_ABSENT,	/* never ran for this incident */
	COLLECTOR_HEALTHY,
	COLLECTOR_LAGGING,	/* a poll is overdue */
	COLLECTOR_FAILING,	/* the last round had errors */
	COLLECTOR_STOPPED	/* stopped by the operator */
};

#define COLLECTOR_TEXT_LEN 768

struct collector_status {
	enum collector_health	 health;
	int64_t			 since;		/* this health began */
	char			 state[16];	/* as stored */
	char			 account[64];
	long			 pid;
	int64_t			 last_poll;	/* TIME_NONE when none */
	int64_t			 next_poll;
	int64_t			 last_ok;
	int64_t			 error_since;
	char			 last_error[512];
	long			 throttled;	/* throttled replies, total */
	double			 estimated_usd;	/* -1 when unknown */
	char			 skew[128];
	/* "collector: healthy since 10:15Z, account 111122223333". */
	char			 text[COLLECTOR_TEXT_LEN];
};

const char	*collector_health_name(enum collector_health);

/* The state of the incident's collector at time now. */
int	collector_status(struct store *, int64_t incident, int64_t now,
	    struct collector_status *, struct wr_err *);

/* What one round did. */
struct collector_round {
	int		 errors;
	long		 pages;
	long		 items;
	long		 new_items;
	int		 throttled;
	char		 error[512];	/* the first error, or "" */
	enum wr_status	 code;		/* and its code */
};

struct collector_opts {
	struct provider_opts	 provider;
	const char *const	*sources;	/* NULL: watch.sources or all */
	int64_t			 interval_ms;	/* between rounds */
	int64_t			 since;		/* first poll reads from */
	int			 once;		/* one round, then return */
	volatile sig_atomic_t	*stop;		/* set by a signal */
	void			(*on_round)(const struct collector_round *,
				    void *);
	void			*arg;
};

/*
 * Poll until *stop (or one round with once).  Network and AWS errors
 * are recorded in the store and retried next round, never fatal.
 * Returns -1 only with once when the round failed (err says why), or
 * when the store itself fails.
 */
int	collector_run(struct ingest_ctx *, const struct wr_provider *,
	    const struct collector_opts *, struct wr_err *);

#endif
