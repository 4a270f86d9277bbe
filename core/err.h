/*
 * Status codes and the caller-owned error record used across warroom.
 * Lower layers (core/, aws/) never print: they return -1 and fill a
 * struct wr_err; tui/ decides whether it goes to the status line or to
 * stderr.
 */
#ifndef WR_ERR_H
#define WR_ERR_H

#include <stddef.h>

/* X(name, message): one table for the enum and its words. */
#define WR_STATUS_TABLE(X)						\
	X(OK, "ok")							\
	X(NOMEM, "out of memory")					\
	X(IO, "input/output error")					\
	X(JSON, "malformed JSON")					\
	X(SCHEMA, "unexpected structure")				\
	X(GZIP, "bad gzip data")					\
	X(DB, "database error")						\
	X(BUSY, "database busy")					\
	X(DENIED, "not permitted")					\
	X(NOTFOUND, "not found")					\
	X(EXISTS, "already exists")					\
	X(USAGE, "bad usage")						\
	X(INVALID, "invalid value")					\
	X(HTTP, "HTTP request failed")					\
	X(AWS, "AWS returned an error")					\
	X(SIG, "signature or credentials rejected")			\
	X(CREDS, "no usable AWS credentials")				\
	X(TERM, "terminal unusable")

enum wr_status {
#define WR_STATUS_ENUM(n, m) WR_ERR_##n,
	WR_STATUS_TABLE(WR_STATUS_ENUM)
#undef WR_STATUS_ENUM
	WR_ERR__COUNT
};
#define WR_OK WR_ERR_OK

#define WR_ERR_MSG_LEN 256
#define WR_ERR_WHERE_LEN 256

/*
 * Filled by the callee on failure.  `where` names the file, record or
 * request concerned ("cases/BR-02.c.json.gz", "record 12", "GET /...").
 */
struct wr_err {
	enum wr_status	code;
	char		where[WR_ERR_WHERE_LEN];
	char		msg[WR_ERR_MSG_LEN];
};

const char	*wr_strstatus(enum wr_status);

/* Fill err (which may be NULL) and return -1, for "return wr_fail(...)". */
int		 wr_fail(struct wr_err *, enum wr_status, const char *where,
		     const char *fmt, ...)
		     __attribute__((format(printf, 4, 5)));
void		 wr_err_clear(struct wr_err *);
/* "where: msg" or "msg" into buf; returns buf. */
const char	*wr_err_text(const struct wr_err *, char *buf, size_t len);

#endif
