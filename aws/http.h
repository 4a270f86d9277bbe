/*
 * Signed AWS calls over libcurl: timeouts, retries with jittered
 * exponential backoff on throttling and 5xx (by AWS error code), clock
 * skew recognised and compensated with one re-signed retry, the AWS
 * request id logged for each call.  Secrets never reach the log: the
 * libcurl trace goes through a filter that redacts them.
 */
#ifndef WR_HTTP_H
#define WR_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "aws/sigv4.h"
#include "core/err.h"
#include "core/util.h"

struct aws_creds;

struct http_request {
	const char			*what;	/* "guardduty ListFindings" */
	const char			*method;
	const char			*endpoint; /* "https://host[:port]" */
	const char			*path;	/* not encoded */
	const struct sigv4_param	*query;
	size_t				 nquery;
	const struct sigv4_header	*headers; /* Content-Type, X-Amz-* */
	size_t				 nheaders;
	const char			*body;
	size_t				 body_len;
	const char			*service; /* signing name */
	const char			*region;  /* signing region */
	int				 s3;	/* no normalising, body hash */
	int				 unsigned_req; /* IMDS */
};

#define HTTP_ID_LEN 128
#define HTTP_CODE_LEN 128
#define HTTP_MSG_LEN 512

struct http_response {
	long		status;
	struct buf	body;
	char		request_id[HTTP_ID_LEN];
	char		error_code[HTTP_CODE_LEN];	/* "Throttling" */
	char		error_msg[HTTP_MSG_LEN];
	char		date[64];			/* Date header */
	int		attempts;			/* times sent */
	int		throttled;			/* throttled replies */
	int		skew_retried;			/* 1 when re-signed */
};

/* Called with each block of header text sent (tests check BR-17). */
typedef void (*http_sent_fn)(void *arg, const char *, size_t);

struct http_client {
	const struct aws_creds	*creds;
	const char		*ca_bundle;	/* AWS_CA_BUNDLE, or NULL */
	long			 connect_ms;	/* default 3000 */
	long			 timeout_ms;	/* default 20000 */
	int			 max_attempts;	/* default 3 */
	long			 backoff_base_ms; /* default 200 */
	long			 backoff_cap_ms;  /* default 20000 */
	http_sent_fn		 sent;
	void			*sent_arg;
	void			*curl;		/* one handle, reused */
};

/* Defaults, and AWS_CA_BUNDLE from the environment. */
void	http_client_init(struct http_client *, const struct aws_creds *);
void	http_client_free(struct http_client *);

/*
 * Send the request (signed unless unsigned_req), retrying as AWS
 * advises.  Returns 0 on a 2xx reply, -1 otherwise: WR_ERR_HTTP for
 * network failures, WR_ERR_SIG for signature/credential rejections,
 * WR_ERR_AWS for other AWS errors (code and message in rsp and err).
 * rsp is filled either way; free it with http_response_free.
 */
int	http_call(struct http_client *, const struct http_request *,
	    struct http_response *rsp, struct wr_err *);
void	http_response_free(struct http_response *);

/* 1 for throttling error codes, 2 for transient ones, 0 otherwise. */
int	http_retryable(long status, const char *code);

/*
 * The clock offset learnt from AWS (server minus local, ms); shared by
 * every request of the process and never applied to the system clock.
 */
int64_t	http_clock_offset(void);
void	http_set_clock_offset(int64_t);
/* "local clock 21 min 12 s slow — compensating", or "" when none. */
const char *http_skew_text(char *buf, size_t len);

/*
 * The server's time from an error reply, for skew: <ServerTime>, the
 * timestamp in "(20261202T103612Z - 5 min.)", or the Date header.
 * Returns 0 and sets *ms, -1 when the reply says nothing usable.
 */
int	http_server_time(const struct http_response *, int64_t *ms);
/* 1 when the error is a clock-skew rejection (BR-18), else 0. */
int	http_is_skew(const struct http_response *);

#endif
