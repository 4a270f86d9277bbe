/*
 * STS, the query protocol with XML replies: GetCallerIdentity (which
 * account the collector watches) and AssumeRole (role_arn profiles).
 */
#ifndef WR_STS_H
#define WR_STS_H

#include <stddef.h>

#include "core/err.h"

struct aws_creds;
struct http_client;

struct sts_identity {
	char	account[32];
	char	arn[512];
	char	user_id[256];
};

struct sts_assume {
	const char	*role_arn;
	const char	*session_name;
	const char	*external_id;	/* may be NULL */
	int		 duration_s;	/* 0: the default (3600) */
};

/* GetCallerIdentity with the client's credentials. */
int	sts_caller_identity(struct http_client *, const char *endpoint,
	    const char *region, struct sts_identity *, struct wr_err *);
/* AssumeRole; fills out (caller frees with creds_free). */
int	sts_assume_role(struct http_client *, const char *endpoint,
	    const char *region, const struct sts_assume *,
	    struct aws_creds *out, struct wr_err *);

#endif
