/*
 * Making strings from AWS data safe to show.  One visible form, used by
 * the console, the logs and every report format: C0 controls as ^X (ESC
 * as ^[), DEL as ^?, C1 controls, bidi and other format characters as
 * <U+XXXX>, invalid UTF-8 bytes as \xNN.  A NUL inside a string is shown
 * as ^@ and does not cut it short.  The store keeps the original bytes.
 */
#ifndef WR_SAFE_H
#define WR_SAFE_H

#include <stddef.h>

#include "core/util.h"

/*
 * C strings cannot hold a NUL, so JSON from AWS is parsed with each
 * \u0000 turned into this noncharacter (json_parse_aws in
 * core/jsonscan.h), which is shown as ^@ like a NUL.  The stored record
 * keeps the original bytes.
 */
#define SAFE_NUL_STANDIN 0xFDD0

/*
 * Walk s[0..len), calling fn with runs: escaped 0 for text that can be
 * shown as it is (valid UTF-8, printable), 1 for the visible form of a
 * character that could not.  Renderers give escaped runs their own
 * attribute.
 */
void	safe_walk(const char *s, size_t len,
	    void (*fn)(const char *run, size_t n, int escaped, void *),
	    void *arg);
/* The whole string in visible form, appended to out. */
void	safe_append(struct buf *out, const char *s, size_t len);
/* Newly allocated visible form of a NUL-terminated string. */
char	*safe_dup(const char *s);
/* 1 when s needs no escaping at all. */
int	safe_is_clean(const char *s, size_t len);
/* Display width of the visible form, in terminal columns. */
size_t	safe_width(const char *s, size_t len);

#endif
