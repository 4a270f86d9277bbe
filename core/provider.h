/*
 * What core needs from a cloud provider, as function pointers that aws/
 * implements and tui/main.c wires in (core never sees the network).
 * The collector (core/collector.c) drives it: open a session, ask who
 * it is, poll each source in each region from a cursor, hand every page
 * of raw API output to ingest.
 */
#ifndef WR_PROVIDER_H
#define WR_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct provider_session;

/* What `warroom watch` asked for; NULL or 0 means "not given". */
struct provider_opts {
	const char		*profile;
	const char *const	*regions;	/* NULL-terminated */
};

/*
 * A page of output, exactly the bytes the API returned (GetFindings,
 * LookupEvents, GetAnomalies...); name says which ("guardduty:
 * GetFindings us-east-1").  Returns -1 to stop the poll (the cursor
 * then stays where it was).
 */
typedef int (*provider_page_fn)(void *arg, const char *source,
    const char *name, const char *data, size_t len, struct wr_err *);

/* Counts from one poll, for the collector's state. */
struct provider_stats {
	int	requests;
	int	throttled;	/* throttling replies (retried) */
	long	pages;
	long	items;
	char	skew[128];	/* "local clock ... compensating" or "" */
};

#define PROVIDER_ID_LEN 512

/* One containment action to carry out (core/action.c fills it). */
struct provider_action {
	const char	*action;	/* "deactivate-key" */
	const char	*resource;	/* "AKIA...", a role or user name */
	const char	*region;
	const char	*params;	/* JSON object text or NULL */
	const char	*undo;		/* what act kept, for undo; or NULL */
	int64_t		 incident_id;	/* whose evidence (snapshot tags) */
	int64_t		 now;		/* ms; revoke-sessions' cut-off */
};

#define PROVIDER_RID_LEN 128

/* What one step of an action did. */
struct provider_result {
	char	 request_id[PROVIDER_RID_LEN];	/* AWS request id */
	char	*undo;		/* act: JSON text kept for undo (malloc) */
	int	 verified;	/* verify: 1 when the state reads back */
	char	 detail[256];	/* verify: what was read back */
};

struct wr_provider {
	const char	*name;			/* "aws" */
	/* Sources this provider can poll, NULL-terminated. */
	const char *const *sources;		/* "guardduty", ... */
	/* Credentials and regions; *out is freed with close. */
	int		(*open)(const struct provider_opts *,
			    struct provider_session **out, struct wr_err *);
	/* The regions the session polls, NULL-terminated. */
	const char *const *(*regions)(struct provider_session *);
	/* Account id and identity ARN (STS GetCallerIdentity). */
	int		(*identity)(struct provider_session *, char *account,
			    size_t, char *arn, size_t, struct wr_err *);
	/*
	 * Poll source in region from *cursor (ms; 0: from since), calling
	 * page for each page.  On success *cursor moves to the newest
	 * item's time; on failure it is left alone.
	 */
	int		(*poll)(struct provider_session *, const char *source,
			    const char *region, int64_t since, int64_t *cursor,
			    provider_page_fn page, void *arg,
			    struct provider_stats *, struct wr_err *);
	void		(*close)(struct provider_session *);
	/*
	 * Containment (core/action.h): carry the action out, read its
	 * effect back, reverse it.  NULL when the provider has none.
	 */
	int		(*act)(struct provider_session *,
			    const struct provider_action *,
			    struct provider_result *, struct wr_err *);
	int		(*verify)(struct provider_session *,
			    const struct provider_action *,
			    struct provider_result *, struct wr_err *);
	int		(*undo)(struct provider_session *,
			    const struct provider_action *,
			    struct provider_result *, struct wr_err *);
};

/* The process's provider (tui/main.c sets it); NULL when none. */
void				 provider_set(const struct wr_provider *);
const struct wr_provider	*provider_get(void);

#endif
