/*
 * Gzip decoding, one member at a time with inflate().
 */
#include "core/gzfile.h"

#include <string.h>
#include <zlib.h>

int
gz_is_gzip(const void *data, size_t len)
{
	const unsigned char *p = data;

	return (len >= 2 && p[0] == 0x1f && p[1] == 0x8b);
}

static int
inflate_member(z_stream *zs, const char *name, struct buf *out,
    struct wr_err *err)
{
	int rc;

	do {
		if (out->len + 65536 > GZ_MAX_OUT)
			return (wr_fail(err, WR_ERR_GZIP, name,
			    "decompressed size over %zu MB",
			    GZ_MAX_OUT >> 20));
		buf_reserve(out, 65536);
		zs->next_out = (Bytef *)out->data + out->len;
		zs->avail_out = 65536;
		rc = inflate(zs, Z_NO_FLUSH);
		out->len += 65536 - zs->avail_out;
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END)
			return (0);
		if (rc == Z_BUF_ERROR && zs->avail_in == 0)
			return (wr_fail(err, WR_ERR_GZIP, name,
			    "truncated gzip (the stream ends early)"));
		if (rc != Z_OK)
			return (wr_fail(err, WR_ERR_GZIP, name,
			    "bad gzip data: %s", zs->msg != NULL ? zs->msg :
			    "inflate failed"));
	} while (1);
}

int
gz_decode(const void *data, size_t len, const char *name, struct buf *out,
    struct gz_info *info, struct wr_err *err)
{
	const unsigned char *p = data;
	z_stream zs;
	size_t used = 0;
	int rc = 0;

	memset(info, 0, sizeof *info);
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return (wr_fail(err, WR_ERR_NOMEM, name, "inflateInit failed"));
	while (used < len && gz_is_gzip(p + used, len - used)) {
		if (info->members > 0) {
			buf_addc(out, '\n');
			inflateReset(&zs);
		}
		zs.next_in = (Bytef *)(uintptr_t)(p + used);
		zs.avail_in = (uInt)(len - used);
		if ((rc = inflate_member(&zs, name, out, err)) == -1)
			break;
		used = len - zs.avail_in;
		info->members++;
	}
	inflateEnd(&zs);
	if (rc == -1)
		return (-1);
	info->trailing = len - used;
	return (0);
}
