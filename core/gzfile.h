/*
 * Gzip decoding for log files, strict where zlib's gzread is lenient:
 * several members are reported (and kept apart by a newline, so each is
 * read as its own document), trailing bytes after the last member are
 * reported, and a cut-off stream is an error.
 */
#ifndef WR_GZFILE_H
#define WR_GZFILE_H

#include <stddef.h>

#include "core/err.h"
#include "core/util.h"

#define GZ_MAX_OUT ((size_t)512 << 20)

struct gz_info {
	int	members;
	size_t	trailing;	/* bytes after the last member */
};

/* 1 when data starts with the gzip magic bytes 1f 8b. */
int	gz_is_gzip(const void *data, size_t len);
/* Decode into out (appended).  name is for errors. */
int	gz_decode(const void *data, size_t len, const char *name,
	    struct buf *out, struct gz_info *, struct wr_err *);

#endif
