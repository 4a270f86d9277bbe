/*
 * A CloudTrail record as the rest of core sees it: the cJSON tree plus
 * the fields every consumer needs, read once.  All const char * fields
 * point into the cJSON tree (or are static strings) and live as long as
 * it does; none is ever NULL ("" when absent).
 */
#ifndef WR_EVENT_H
#define WR_EVENT_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

enum actor_kind {
	ACTOR_UNKNOWN,		/* userIdentity null or absent */
	ACTOR_ROOT,
	ACTOR_IAM_USER,
	ACTOR_ASSUMED_ROLE,
	ACTOR_SSO,		/* AssumedRole AWSReservedSSO_* */
	ACTOR_FEDERATED,
	ACTOR_SERVICE,		/* AWSService */
	ACTOR_ACCOUNT,		/* AWSAccount */
	ACTOR_IDC_USER,		/* IdentityCenterUser */
	ACTOR_SAML,
	ACTOR_WEB_IDENTITY,
	ACTOR_INTERNAL,		/* no type: AwsServiceEvent */
	ACTOR_INSIGHTS,		/* CloudTrail Insights record */
	ACTOR_OTHER		/* a type we do not know yet */
};

#define EVENT_ACTOR_LEN 256
#define EVENT_KEY_LEN 512

struct ct_event {
	const cJSON	*json;
	const char	*event_id;
	const char	*event_name;
	const char	*event_source;
	const char	*event_type;
	const char	*region;
	const char	*source_ip;
	const char	*user_agent;
	const char	*error_code;
	const char	*error_message;
	const char	*recipient_account;
	int64_t		 time_ms;	/* TIME_NONE when untimed */
	int		 time_warning;	/* epoch number or unreadable */

	enum actor_kind	 actor_kind;
	const char	*actor_type;	/* the raw userIdentity.type */
	const char	*actor_arn;
	const char	*actor_account;
	const char	*access_key;
	const char	*invoked_by;
	/* Human readable: "role IncidentResponder, session bob". */
	char		 actor[EVENT_ACTOR_LEN];
	/*
	 * Grouping key for "this principal's events": the user/role ARN
	 * (session issuer for assumed roles), else a synthetic key such as
	 * "service:cloudtrail.amazonaws.com".
	 */
	char		 principal[EVENT_KEY_LEN];
	int		 cross_account;	/* accountId != recipientAccountId */
	int		 human;		/* not a service or internal actor */
	int		 insight;	/* AwsCloudTrailInsight */
};

/* Read the fields of a record; never fails (missing fields are ""). */
void		 event_read(const cJSON *, struct ct_event *);
/* A cJSON string at a dotted path ("userIdentity.arn"), or "". */
const char	*event_str(const cJSON *, const char *path);
const cJSON	*event_get(const cJSON *, const char *path);
/* Is this object a CloudTrail record (eventName + source/identity)? */
int		 event_is_record(const cJSON *);
/* eventTime to ms: ISO (with fraction or offset) or epoch number. */
int64_t		 event_parse_time(const cJSON *, int *warning);

#endif
