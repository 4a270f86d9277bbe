/*
 * AWS credentials, found the way the AWS CLI finds them: the
 * environment, then the profile (role_arn + source_profile through STS
 * AssumeRole, keys in ~/.aws/credentials, credential_process, keys in
 * ~/.aws/config), then the EC2 instance metadata service (IMDSv2).
 * Also the region and the endpoint of each service.  Secrets live only
 * in memory: they are wiped on free and never logged.
 */
#ifndef WR_CREDS_H
#define WR_CREDS_H

#include <stdint.h>

#include "core/err.h"

struct http_client;

struct aws_creds {
	char		*access_key;
	char		*secret_key;
	char		*token;		/* NULL for long-term keys */
	int64_t		 expires;	/* ms, or 0 when they do not */
	char		 source[64];	/* "env", "profile:x", "imds" ... */
};

/* What the caller asked for (flags); NULL fields mean "not given". */
struct aws_config {
	const char	*profile;	/* --profile: explicit */
	const char	*region;	/* --region */
};

/*
 * Resolve credentials in the AWS CLI's order.  An explicit --profile
 * skips the environment keys, as the CLI does; a named profile that
 * exists in neither file is an error naming both files.
 */
int	creds_resolve(const struct aws_config *, struct aws_creds *,
	    struct wr_err *);
/* Copy of src into dst (deep). */
void	creds_copy(struct aws_creds *dst, const struct aws_creds *src);
/* Wipe and free the secrets. */
void	creds_free(struct aws_creds *);
/* 1 when they expire within margin_ms of now. */
int	creds_expiring(const struct aws_creds *, int64_t now,
	    int64_t margin_ms);

/*
 * The region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
 * `region`.  Writes it to buf; -1 (and err) when none is set.
 */
int	creds_region(const struct aws_config *, char *buf, size_t len,
	    struct wr_err *);

/*
 * The endpoint for a service: AWS_ENDPOINT_URL_<SERVICE_ID>, then
 * AWS_ENDPOINT_URL, then the profile's endpoint_url, then the AWS
 * default for the region.  service_id is the SDK's ("GuardDuty",
 * "Cost Explorer"); prefix the endpoint prefix ("guardduty", "ce").
 * Returns a newly allocated URL without a trailing slash.
 */
char	*creds_endpoint(const struct aws_config *, const char *service_id,
	    const char *prefix, const char *region);

/* A value from the profile's config section, or NULL (caller frees). */
char	*creds_profile_value(const struct aws_config *, const char *key);
/* The profile name in use: --profile, AWS_PROFILE, "default". */
const char *creds_profile_name(const struct aws_config *);

#endif
