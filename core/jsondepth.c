/*
 * The depth walker: strings skipped with their escapes, brackets
 * counted, and for the two outer levels the current key or index kept,
 * which is enough to name a record in every shape ingest reads.
 */
#include "core/jsondepth.h"

#include <stdio.h>
#include <string.h>

#define JDEPTH_KEY 48

struct jdepth_level {
	int	object;
	int	want_key;
	long	index;
	char	key[JDEPTH_KEY];
};

static const char *
jdepth_string(const char *p, const char *end, struct jdepth_level *lv)
{
	const char	*s = ++p;
	size_t		 n;

	while (p < end && *p != '"')
		p += *p == '\\' ? 2 : 1;
	if (lv != NULL && lv->object && lv->want_key) {
		n = (size_t)(p - s) < sizeof lv->key - 1 ? (size_t)(p - s) :
		    sizeof lv->key - 1;
		memcpy(lv->key, s, n);
		lv->key[n] = '\0';
		lv->want_key = 0;
	}
	return (p < end ? p + 1 : end);
}

static void
jdepth_path(const struct jdepth_level *lv, char *where, size_t len)
{
	char	one[JDEPTH_KEY + 24], two[JDEPTH_KEY + 24];

	if (lv[1].object)
		snprintf(one, sizeof one, "%s", lv[1].key);
	else
		snprintf(one, sizeof one, "[%ld]", lv[1].index);
	if (lv[2].object)
		snprintf(two, sizeof two, ".%s", lv[2].key);
	else
		snprintf(two, sizeof two, "[%ld]", lv[2].index);
	snprintf(where, len, "%s%s", one, two);
}

const char *
jdepth_find(const char *p, const char *end, int limit, char *where,
    size_t len)
{
	struct jdepth_level	 lv[3];
	int			 depth = 0;

	memset(lv, 0, sizeof lv);
	snprintf(where, len, "the top level");
	while (p < end) {
		switch (*p) {
		case '"':
			p = jdepth_string(p, end, depth >= 1 && depth <= 2 ?
			    &lv[depth] : NULL);
			continue;
		case '{':
		case '[':
			if (++depth > limit) {
				jdepth_path(lv, where, len);
				return (p);
			}
			if (depth <= 2) {
				memset(&lv[depth], 0, sizeof lv[depth]);
				lv[depth].object = *p == '{';
				lv[depth].want_key = *p == '{';
			}
			break;
		case '}':
		case ']':
			if (--depth <= 0)
				return (NULL);
			break;
		case ',':
			if (depth >= 1 && depth <= 2) {
				lv[depth].index++;
				lv[depth].want_key = lv[depth].object;
			}
			break;
		}
		p++;
	}
	return (NULL);
}
