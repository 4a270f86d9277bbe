/*
 * Small cJSON readers shared by the notification loaders.  Each names
 * the file and key path in its error ("eu.json: outcomes[2].deadline:
 * missing \"unit\""), so a bad data file says where it is bad.
 */
#ifndef WR_NOTIFY_JSON_H
#define WR_NOTIFY_JSON_H

#include <cJSON.h>

#include "core/err.h"

/* A required string member; *out points into the cJSON tree. */
int	njson_str(const cJSON *, const char *key, const char *where,
	    const char **out, struct wr_err *);
/* An optional string member: *out is NULL when absent. */
int	njson_opt_str(const cJSON *, const char *key, const char *where,
	    const char **out, struct wr_err *);
/* An integer member; when absent, *out = dflt unless required. */
int	njson_int(const cJSON *, const char *key, const char *where,
	    int required, int dflt, int *out, struct wr_err *);
/* An optional array member (NULL when absent); fails if not an array. */
int	njson_arr(const cJSON *, const char *key, const char *where,
	    const cJSON **out, struct wr_err *);
/* Refuse members not in the NULL-terminated list (catches typos). */
int	njson_known(const cJSON *, const char *const *keys,
	    const char *where, struct wr_err *);

/* Read a whole file into *out (NUL-terminated; caller frees). */
int	njson_read_file(const char *path, char **out, struct wr_err *);
/* Build a key path into w (WR_ERR_WHERE_LEN bytes); returns w. */
char	*njson_where(char *w, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
