/*
 * A JSON scanner that finds where values begin and end without building
 * a tree, so that a CloudTrail file's records can be kept as the exact
 * bytes that arrived and parsed one at a time.  It checks structure
 * (nesting, strings, separators); cJSON checks each value it is given.
 */
#ifndef WR_JSONSCAN_H
#define WR_JSONSCAN_H

#include <cJSON.h>
#include <stddef.h>

/* Deeper nesting than this is refused (cJSON's own limit is higher). */
#define JSCAN_MAX_DEPTH 512

struct jspan {
	const char	*p;
	size_t		 n;
};

/* Skip white space; returns the new position. */
const char	*jscan_ws(const char *p, const char *end);
/*
 * The value starting at p (after white space): *out spans it and the
 * return value is just past it; NULL when it is malformed or cut off.
 */
const char	*jscan_value(const char *p, const char *end, struct jspan *out);

/*
 * Where the values one and two levels inside a scanned value end, kept
 * so that iterating them later (a file's Records, then each record) does
 * not scan the same bytes again.  Only valid for the bytes it was made
 * from; entries are in the order of their opening brackets.
 */
struct jscan_memo {
	const char	**open;
	const char	**close;	/* NULL: not closed (yet) */
	size_t		  n;
	size_t		  cap;
};

void	jscan_memo_init(struct jscan_memo *);
void	jscan_memo_free(struct jscan_memo *);
/* jscan_value, noting the ends of the value's children and theirs. */
const char	*jscan_value_memo(const char *p, const char *end,
		    struct jspan *out, struct jscan_memo *);

/*
 * Iterate an object's members or an array's elements.  Start with
 * jscan_open on the value's span; each jscan_next gives the next key
 * (objects; key spans the quoted string) and value.  Returns 1 for an
 * item, 0 at the end, -1 when malformed.
 */
struct jiter {
	const char	*p;
	const char	*end;
	int		 object;
	int		 first;
	const struct jscan_memo *memo;	/* NULL, or ends known already */
};

/* Start iterating v; it->memo may then be set to v's document's memo. */
int	jscan_open(struct jiter *, const struct jspan *);
int	jscan_next(struct jiter *, struct jspan *key, struct jspan *val);
/* Does a key span (with its quotes) equal s?  No escapes in s. */
int	jscan_key_is(const struct jspan *key, const char *s);

/*
 * cJSON_ParseWithLength for JSON from AWS: a \u0000 inside a string
 * would cut the C string short, so it is read as SAFE_NUL_STANDIN
 * (core/safe.h) instead.  Returns NULL when the text is not valid JSON.
 */
cJSON	*json_parse_aws(const char *p, size_t n);
/*
 * json_parse_aws into a scratch arena, for a tree that lives only until
 * the next json_scratch_free: one at a time (a second is malloc'd).
 */
cJSON	*json_parse_scratch(const char *p, size_t n);
/* cJSON_Delete for a json_parse_scratch tree; the arena is free again. */
void	json_scratch_free(cJSON *);

#endif
