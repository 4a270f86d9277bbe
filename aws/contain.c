/*
 * The provider's containment entry points: each action name goes to
 * the client that carries it out, and AWS's error codes become plain
 * words an incident commander can act on at once.
 */
#include "aws/contain.h"

#include <stdio.h>
#include <string.h>

#include "aws/http.h"

static int
dispatch(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *r,
    struct wr_err *err)
{
	if (strcmp(a->action, "stop-instance") == 0 ||
	    strcmp(a->action, "terminate-instance") == 0)
		return (ec2_action(s, step, a, r, err));
	if (strcmp(a->action, "isolate-instance") == 0)
		return (isolate_action(s, step, a, r, err));
	if (strcmp(a->action, "block-public-bucket") == 0)
		return (s3ctl_action(s, step, a, r, err));
	if (strcmp(a->action, "deactivate-key") == 0 ||
	    strcmp(a->action, "delete-login-profile") == 0 ||
	    strcmp(a->action, "revoke-sessions") == 0 ||
	    strcmp(a->action, "quarantine-user") == 0)
		return (iam_action(s, step, a, r, err));
	return (wr_fail(err, WR_ERR_USAGE, a->action, "this action is not "
	    "carried out against AWS yet"));
}

int
contain_act(struct provider_session *s, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	return (dispatch(s, CONTAIN_ACT, a, r, err));
}

int
contain_verify(struct provider_session *s, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	return (dispatch(s, CONTAIN_VERIFY, a, r, err));
}

int
contain_undo(struct provider_session *s, const struct provider_action *a,
    struct provider_result *r, struct wr_err *err)
{
	return (dispatch(s, CONTAIN_UNDO, a, r, err));
}

int
contain_explain(const struct http_response *r, const char *perm,
    const char *resource, struct wr_err *err)
{
	const char *c = r->error_code;

	if (strcmp(c, "AccessDenied") == 0 ||
	    strcmp(c, "AccessDeniedException") == 0 ||
	    strcmp(c, "UnauthorizedOperation") == 0)
		return (wr_fail(err, WR_ERR_DENIED, resource, "AWS refused: "
		    "the war room's credentials lack %s on %s (AccessDenied; "
		    "request id %s)", perm, resource, r->request_id));
	/* EC2 says InvalidInstanceID.NotFound, InvalidGroup.NotFound... */
	if (strcmp(c, "NoSuchEntity") == 0 ||
	    strcmp(c, "NoSuchBucket") == 0 ||
	    (strlen(c) > 9 && strcmp(c + strlen(c) - 9, ".NotFound") == 0))
		return (wr_fail(err, WR_ERR_NOTFOUND, resource, "AWS has no "
		    "such entity: %s (%s)", r->error_msg, c));
	if (c[0] == '\0')
		return (-1);
	return (wr_fail(err, err->code, resource, "%s: %s (%s)", perm, c,
	    r->error_msg));
}
