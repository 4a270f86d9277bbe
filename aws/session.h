/*
 * One collector session with AWS: the resolved credentials (refreshed
 * before they expire), one HTTP client, the regions, and what each
 * region taught us (GuardDuty detector, CloudTrail's pacing).  The API
 * clients (guardduty.c, cloudtrail.c, costexplorer.c, cloudwatch.c)
 * all take one.
 */
#ifndef WR_SESSION_H
#define WR_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "aws/creds.h"
#include "aws/http.h"
#include "core/provider.h"

#define SESSION_MAX_REGIONS 32

struct session_region {
	char	name[32];
	char	detector[128];	/* "" until listed */
	int	detector_known;	/* 1 once ListDetectors answered */
	int64_t	ct_next;	/* earliest next LookupEvents (ms) */
};

struct provider_session {
	char			 profile[128];
	int			 has_profile;
	struct aws_config	 cfg;
	struct aws_creds	 creds;
	struct http_client	 http;
	struct session_region	 region[SESSION_MAX_REGIONS];
	size_t			 nregions;
	const char		*region_names[SESSION_MAX_REGIONS + 1];
};

/* Resolve credentials and regions; fills s (free with session_free). */
int	session_open(struct provider_session *, const struct provider_opts *,
	    struct wr_err *);
void	session_free(struct provider_session *);
/* Re-resolve the credentials when they expire within 5 minutes. */
int	session_refresh(struct provider_session *, struct wr_err *);
struct session_region *session_region(struct provider_session *,
	    const char *name);

/*
 * One JSON call: POST (or GET when body is NULL) to the service's
 * endpoint in region.  target is X-Amz-Target (JSON 1.1) or NULL
 * (REST-JSON).  The reply body is in rsp; stats counts it.
 */
struct session_call {
	const char	*what;		/* "guardduty ListFindings" */
	const char	*service_id;	/* "GuardDuty" (endpoint variable) */
	const char	*prefix;	/* "guardduty" (endpoint host) */
	const char	*signing;	/* "guardduty" (signing name) */
	const char	*region;	/* signing region */
	const char	*path;
	const char	*target;	/* NULL for REST-JSON */
	const char	*content_type;
	const char	*body;		/* NULL: GET */
};

int	session_call(struct provider_session *, const struct session_call *,
	    struct http_response *, struct provider_stats *, struct wr_err *);

#endif
