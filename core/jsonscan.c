/*
 * The span scanner.  Strings are walked byte by byte with memchr-like
 * loops; nesting is tracked with a depth counter and a small stack of
 * bracket kinds, so "[}" is caught.  A memo of where inner values end
 * lets a document be scanned once, not once a level.
 */
#include "core/jsonscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define JSCAN_DEPTH JSCAN_MAX_DEPTH

const char *
jscan_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return (p);
}

/*
 * Eight bytes at a time while none is a quote, a backslash or a control
 * character (the classic has-zero-byte and has-byte-below tests, exact
 * as yes/no answers); the byte loop below takes each byte they stop at.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL
#define HASZERO(v)	(((v) - ONES) & ~(v) & HIGHS)
#define HASBELOW(v, n)	(((v) - ONES * (n)) & ~(v) & HIGHS)

static const char *
skip_plain(const char *p, const char *end)
{
	uint64_t w;

	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (HASZERO(w ^ (ONES * '"')) || HASZERO(w ^ (ONES * '\\')) ||
		    HASBELOW(w, 0x20))
			break;
		p += 8;
	}
	return (p);
}

static const char *
scan_string(const char *p, const char *end)
{
	/* p is at the opening quote. */
	for (p++; (p = skip_plain(p, end)) < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return (NULL);
		} else if (*p == '"')
			return (p + 1);
		else if ((unsigned char)*p < 0x20)
			return (NULL);
	}
	return (NULL);
}

static const char *
scan_atom(const char *p, const char *end)
{
	const char *s = p;

	while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' &&
	    *p <= 'z') || *p == '-' || *p == '+' || *p == '.' || *p == 'E'))
		p++;
	return (p == s ? NULL : p);
}

/* Memo levels: a value's children (2) and grandchildren (3). */
#define MEMO_LO		2
#define MEMO_HI		3
/* 16 bytes an entry: a bound on what a hostile file can make us hold. */
#define MEMO_MAX	(1U << 20)

static long
memo_open(struct jscan_memo *m, const char *p)
{
	if (m->n == m->cap) {
		if (m->cap >= MEMO_MAX)
			return (-1);
		m->cap = m->cap == 0 ? 256 : m->cap * 2;
		m->open = xreallocarray(m->open, m->cap, sizeof *m->open);
		m->close = xreallocarray(m->close, m->cap, sizeof *m->close);
	}
	m->open[m->n] = p;
	m->close[m->n] = NULL;
	return ((long)m->n++);
}

static const char *
scan_nested(const char *p, const char *end, struct jscan_memo *m)
{
	char stack[JSCAN_DEPTH];
	long slot[MEMO_HI + 1] = { -1, -1, -1, -1 };
	int depth = 0;

	while (p < end) {
		switch (*p) {
		case '"':
			if ((p = scan_string(p, end)) == NULL)
				return (NULL);
			continue;
		case '{':
		case '[':
			if (depth == JSCAN_DEPTH)
				return (NULL);
			stack[depth++] = *p == '{' ? '}' : ']';
			if (m != NULL && depth >= MEMO_LO && depth <= MEMO_HI)
				slot[depth] = memo_open(m, p);
			break;
		case '}':
		case ']':
			if (depth == 0 || stack[depth - 1] != *p)
				return (NULL);
			if (m != NULL && depth >= MEMO_LO && depth <= MEMO_HI &&
			    slot[depth] >= 0)
				m->close[slot[depth]] = p + 1;
			if (--depth == 0)
				return (p + 1);
			break;
		}
		p++;
	}
	return (NULL);
}

/* The end noted for the value opening at p, or NULL. */
static const char *
memo_find(const struct jscan_memo *m, const char *p)
{
	size_t lo = 0, hi = m->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->open[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < m->n && m->open[lo] == p ? m->close[lo] : NULL);
}

void
jscan_memo_init(struct jscan_memo *m)
{
	memset(m, 0, sizeof *m);
}

void
jscan_memo_free(struct jscan_memo *m)
{
	free(m->open);
	free(m->close);
	jscan_memo_init(m);
}

static const char *
scan_value(const char *p, const char *end, struct jspan *out,
    struct jscan_memo *rec, const struct jscan_memo *known)
{
	const char *q;

	p = jscan_ws(p, end);
	if (p >= end)
		return (NULL);
	if (*p == '"')
		q = scan_string(p, end);
	else if (*p != '{' && *p != '[')
		q = scan_atom(p, end);
	else if (known == NULL || (q = memo_find(known, p)) == NULL ||
	    q > end)
		q = scan_nested(p, end, rec);
	if (q == NULL)
		return (NULL);
	out->p = p;
	out->n = (size_t)(q - p);
	return (q);
}

const char *
jscan_value(const char *p, const char *end, struct jspan *out)
{
	return (scan_value(p, end, out, NULL, NULL));
}

const char *
jscan_value_memo(const char *p, const char *end, struct jspan *out,
    struct jscan_memo *m)
{
	return (scan_value(p, end, out, m, NULL));
}

int
jscan_open(struct jiter *it, const struct jspan *v)
{
	if (v->n < 2 || (v->p[0] != '{' && v->p[0] != '['))
		return (-1);
	it->object = v->p[0] == '{';
	it->p = v->p + 1;
	it->end = v->p + v->n - 1;	/* the closing bracket */
	it->first = 1;
	it->memo = NULL;
	return (0);
}

int
jscan_next(struct jiter *it, struct jspan *key, struct jspan *val)
{
	const char *p = jscan_ws(it->p, it->end);

	if (p >= it->end)
		return (0);
	if (!it->first) {
		if (*p != ',')
			return (-1);
		p = jscan_ws(p + 1, it->end);
	}
	it->first = 0;
	if (it->object) {
		if (p >= it->end || *p != '"' ||
		    (p = jscan_value(p, it->end, key)) == NULL)
			return (-1);
		p = jscan_ws(p, it->end);
		if (p >= it->end || *p != ':')
			return (-1);
		p++;
	}
	if ((p = scan_value(p, it->end, val, NULL, it->memo)) == NULL)
		return (-1);
	it->p = p;
	return (1);
}

int
jscan_key_is(const struct jspan *key, const char *s)
{
	size_t n = strlen(s);

	return (key->n == n + 2 && memcmp(key->p + 1, s, n) == 0);
}

cJSON *
json_parse_aws(const char *p, size_t n)
{
	char *copy;
	cJSON *j;
	size_t i;

	if (memmem(p, n, "\\u0000", 6) == NULL)
		return (cJSON_ParseWithLength(p, n));
	copy = xmalloc(n + 1);
	memcpy(copy, p, n);
	copy[n] = '\0';
	for (i = 0; i + 1 < n; i++) {
		if (copy[i] != '\\')
			continue;
		/* An escape pair: "\\" is a backslash, not an escape. */
		if (copy[i + 1] == 'u' && i + 5 < n &&
		    memcmp(copy + i + 2, "0000", 4) == 0)
			memcpy(copy + i + 2, "fdd0", 4);
		i++;
	}
	j = cJSON_ParseWithLength(copy, n);
	free(copy);
	return (j);
}

/*
 * The scratch arena: cJSON makes a node and a string or two per value
 * and frees each one, which costs more than the parse of a record.
 * While a scratch parse runs, cJSON's allocations are cut from one block;
 * frees inside the block do nothing, and the block is reused when that
 * tree is deleted.  Everything else cJSON allocates is plain malloc
 * (warroom is one thread, so the flag needs no lock).
 */
#define ARENA_SIZE	(1U << 20)

static struct {
	_Alignas(16) unsigned char	 buf[ARENA_SIZE];
	size_t				 used;
	int				 parsing;
	const cJSON			*tree;	/* the one live scratch tree */
	int				 hooked;
} arena;

static int
in_arena(const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)arena.buf;

	return (a >= b && a < b + ARENA_SIZE);
}

static void *
arena_malloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!arena.parsing || n > ARENA_SIZE - arena.used)
		return (malloc(n));
	p = arena.buf + arena.used;
	arena.used += n;
	return (p);
}

static void
arena_free(void *p)
{
	if (!in_arena(p))
		free(p);
}

cJSON *
json_parse_scratch(const char *p, size_t n)
{
	cJSON_Hooks hooks = { arena_malloc, arena_free };
	cJSON *j;

	if (!arena.hooked) {
		cJSON_InitHooks(&hooks);
		arena.hooked = 1;
	}
	if (arena.tree != NULL)
		return (json_parse_aws(p, n));
	arena.used = 0;
	arena.parsing = 1;
	j = json_parse_aws(p, n);
	arena.parsing = 0;
	arena.tree = j;
	return (j);
}

void
json_scratch_free(cJSON *j)
{
	cJSON_Delete(j);
	if (j != NULL && j == arena.tree)
		arena.tree = NULL;
}
