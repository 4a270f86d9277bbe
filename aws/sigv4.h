/*
 * AWS Signature Version 4: a pure function of the request, the
 * credentials and the time.  It builds the canonical request and the
 * string to sign, and returns the headers to add (X-Amz-Date, the token,
 * x-amz-content-sha256, Authorization).  No I/O, no clock, no globals.
 */
#ifndef WR_SIGV4_H
#define WR_SIGV4_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sigv4_header {
	const char	*name;
	const char	*value;
};

/* A query parameter, not percent-encoded (the signer encodes). */
struct sigv4_param {
	const char	*key;
	const char	*value;
};

/*
 * What will be sent.  path is not percent-encoded; headers are exactly
 * the ones the caller will send besides those sigv4 adds (Host
 * included), and body the exact bytes handed to the HTTP layer.
 */
struct sigv4_request {
	const char			*method;
	const char			*path;
	const struct sigv4_param	*query;
	size_t				 nquery;
	const struct sigv4_header	*headers;
	size_t				 nheaders;
	const void			*body;
	size_t				 body_len;
};

struct sigv4_creds {
	const char	*access_key;
	const char	*secret_key;
	const char	*token;		/* NULL or "": long-term keys */
};

struct sigv4_opts {
	const char	*region;
	const char	*service;
	int		 normalize_path; /* every service but S3 */
	int		 sign_body;	/* add x-amz-content-sha256 (S3) */
	int		 token_after;	/* add the token unsigned (rare) */
};

#define SIGV4_MAX_ADDED 4
#define SIGV4_DATE_LEN 17

struct sigv4_result {
	char			*canonical_request;
	char			*string_to_sign;
	char			*authorization;
	char			 signature[65];
	char			 payload_hash[65];
	char			 amz_date[SIGV4_DATE_LEN];
	char			*signed_headers;	/* "host;x-amz-date" */
	/* Headers to add to the request, in this order; point into r. */
	struct sigv4_header	 added[SIGV4_MAX_ADDED];
	size_t			 nadded;
};

/*
 * Sign req at time now (ms since the epoch, UTC).  Refuses (-1,
 * WR_ERR_SIG) a request that already carries Authorization,
 * X-Amz-Date or X-Amz-Security-Token, since the signer adds those and a
 * second copy breaks the signature.  Caller frees r with
 * sigv4_result_free.
 */
int	sigv4_sign(const struct sigv4_request *, const struct sigv4_creds *,
	    const struct sigv4_opts *, int64_t now, struct sigv4_result *r,
	    struct wr_err *);
void	sigv4_result_free(struct sigv4_result *);

/*
 * RFC 3986 percent-encoding as SigV4 wants it (unreserved kept, %XX in
 * upper case); keep_slash for paths.  Appends to a newly allocated
 * string; caller frees.
 */
char	*sigv4_uri_encode(const char *, size_t, int keep_slash);
/* "/a/./b/../c//" becomes "/a/c/"; caller frees. */
char	*sigv4_normalize_path(const char *);
/* "20150830T123600Z" for ms into out[SIGV4_DATE_LEN]. */
void	 sigv4_amz_date(int64_t ms, char out[SIGV4_DATE_LEN]);

#endif
