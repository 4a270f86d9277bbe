/*
 * Where JSON nests too deep, and in which record.  Only called once the
 * scanner (core/jsonscan.c) has refused a value, so that a file nested
 * beyond its limit is reported by record and position rather than as
 * plain invalid JSON; never on the fast path.
 */
#ifndef WR_JSONDEPTH_H
#define WR_JSONDEPTH_H

#include <stddef.h>

/*
 * Walk the value at p: the first bracket that opens level limit + 1,
 * or NULL when the value stays within limit (or ends first).  where
 * gets the first two levels of the path to it ("Records[3]",
 * "[7].requestParameters"), so that the message names the record.
 */
const char	*jdepth_find(const char *p, const char *end, int limit,
		    char *where, size_t len);

#endif
