/*
 * Containment actions carried out against AWS: the provider's act,
 * verify and undo (core/provider.h), dispatched by action name to the
 * IAM (aws/iam.c), EC2 (aws/ec2.c) and S3 (aws/s3ctl.c) calls.
 */
#ifndef WR_AWS_CONTAIN_H
#define WR_AWS_CONTAIN_H

#include <stddef.h>

#include "core/err.h"
#include "core/provider.h"

struct http_response;

int	contain_act(struct provider_session *, const struct provider_action *,
	    struct provider_result *, struct wr_err *);
int	contain_verify(struct provider_session *,
	    const struct provider_action *, struct provider_result *,
	    struct wr_err *);
int	contain_undo(struct provider_session *, const struct provider_action *,
	    struct provider_result *, struct wr_err *);

/* The step of an action: 0 act, 1 verify, 2 undo. */
enum contain_step { CONTAIN_ACT, CONTAIN_VERIFY, CONTAIN_UNDO };

/* IAM actions; -1 with err when name is not one of them. */
int	iam_action(struct provider_session *, enum contain_step,
	    const struct provider_action *, struct provider_result *,
	    struct wr_err *);

/* stop-instance, terminate-instance. */
int	ec2_action(struct provider_session *, enum contain_step,
	    const struct provider_action *, struct provider_result *,
	    struct wr_err *);
/* isolate-instance (aws/ec2_isolate.c). */
int	isolate_action(struct provider_session *, enum contain_step,
	    const struct provider_action *, struct provider_result *,
	    struct wr_err *);
/*
 * One EC2 Query call: Action=op with the form pairs kv (NULL-terminated,
 * values encoded here) in region.  The reply is in r either way.
 */
int	ec2_query(struct provider_session *, const char *op,
	    const char *region, const char *const *kv, struct http_response *,
	    struct wr_err *);
/* The AWS request id of an EC2 reply (header, else body) into out. */
void	ec2_request_id(const struct http_response *, char *out, size_t);
/* The action's region, else the session's first. */
const char *ec2_region(const struct provider_session *,
	    const struct provider_action *);
/* block-public-bucket. */
int	s3ctl_action(struct provider_session *, enum contain_step,
	    const struct provider_action *, struct provider_result *,
	    struct wr_err *);

/*
 * Rewrite a failed call's error in plain words: AccessDenied names the
 * permission (perm, "iam:UpdateAccessKey") and the resource,
 * NoSuchEntity says what is missing.  Returns -1.
 */
int	contain_explain(const struct http_response *, const char *perm,
	    const char *resource, struct wr_err *);

#endif
