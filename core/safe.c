/*
 * The one visible form of untrusted text (see core/safe.h).  A strict
 * UTF-8 decoder splits the input into characters; each is either shown
 * as it is or replaced by its escape.  Everything here is independent
 * of the locale, so reports and golden screens are the same everywhere.
 */
#include "core/safe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct safe_range {
	uint32_t	lo;
	uint32_t	hi;
};

/*
 * Characters with no glyph of their own that change how other text is
 * shown: Unicode's format characters (Cf, which holds the bidi
 * embeddings, overrides and isolates), the line and paragraph
 * separators, and the noncharacters at the end of the BMP.
 */
static const struct safe_range safe_hidden[] = {
	{ 0x00ad, 0x00ad }, { 0x0600, 0x0605 }, { 0x061c, 0x061c },
	{ 0x06dd, 0x06dd }, { 0x070f, 0x070f }, { 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 }, { 0x180e, 0x180e }, { 0x200b, 0x200f },
	{ 0x2028, 0x202e }, { 0x2060, 0x2064 }, { 0x2066, 0x206f },
	{ 0xfeff, 0xfeff }, { 0xfff9, 0xfffb }, { 0xfffe, 0xffff },
	{ 0x110bd, 0x110bd }, { 0x110cd, 0x110cd }, { 0x13430, 0x1343f },
	{ 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a }, { 0xe0001, 0xe0001 },
	{ 0xe0020, 0xe007f },
};

/* Combining marks and variation selectors: no column of their own. */
static const struct safe_range safe_zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x064b, 0x065f },
	{ 0x0670, 0x0670 }, { 0x06d6, 0x06dc }, { 0x06df, 0x06e4 },
	{ 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed }, { 0x0900, 0x0902 },
	{ 0x093c, 0x093c }, { 0x0941, 0x0948 }, { 0x094d, 0x094d },
	{ 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302d }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xe0100, 0xe01ef },
};

/* East Asian wide and fullwidth blocks, and the emoji planes. */
static const struct safe_range safe_wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
	{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 },
	{ 0x26a1, 0x26a1 }, { 0x26aa, 0x26ab }, { 0x26bd, 0x26be },
	{ 0x26c4, 0x26c5 }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea },
	{ 0x26f2, 0x26f5 }, { 0x26fa, 0x26fd }, { 0x2705, 0x2705 },
	{ 0x270a, 0x270b }, { 0x2728, 0x2728 }, { 0x274c, 0x274c },
	{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
	{ 0x27b0, 0x27b0 }, { 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c },
	{ 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x16fe0, 0x18aff },
	{ 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 }, { 0x1f0cf, 0x1f0cf },
	{ 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 },
	{ 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff }, { 0x1f900, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

#define SAFE_NELEM(a) (sizeof (a) / sizeof (a)[0])

static int
safe_in(const struct safe_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	/* Binary search: the tables are sorted and do not overlap. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/*
 * Decode one strict UTF-8 character at s (n > 0 bytes left): returns
 * its length and sets *cp, or 0 when the first byte does not start a
 * valid sequence (overlong forms, surrogates and values past U+10FFFF
 * are invalid too).
 */
static size_t
safe_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2; c = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3; c = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return (0);
	if (len > n)
		return (0);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;
	return (len);
}

/*
 * The escape for the character at s, into out (at least 16 bytes);
 * returns its length, or 0 when the character can be shown as it is.
 * *used gets the number of input bytes the character took.
 */
static size_t
safe_escape(const unsigned char *s, size_t n, char *out, size_t *used)
{
	uint32_t cp;
	size_t len;

	if ((len = safe_decode(s, n, &cp)) == 0) {
		*used = 1;
		return ((size_t)snprintf(out, 16, "\\x%02x", s[0]));
	}
	*used = len;
	if (cp == SAFE_NUL_STANDIN)
		cp = 0;
	if (cp < 0x20)
		return ((size_t)snprintf(out, 16, "^%c", (char)(cp + 0x40)));
	if (cp == 0x7f)
		return ((size_t)snprintf(out, 16, "^?"));
	if ((cp >= 0x80 && cp <= 0x9f) ||
	    safe_in(safe_hidden, SAFE_NELEM(safe_hidden), cp))
		return ((size_t)snprintf(out, 16, "<U+%04X>", (unsigned)cp));
	return (0);
}

void
safe_walk(const char *s, size_t len,
    void (*fn)(const char *run, size_t n, int escaped, void *), void *arg)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, start = 0, used, elen;
	char esc[16];

	while (i < len) {
		elen = safe_escape(u + i, len - i, esc, &used);
		if (elen == 0) {
			i += used;
			continue;
		}
		/* Flush the clean run before this character, then it. */
		if (i > start)
			fn(s + start, i - start, 0, arg);
		fn(esc, elen, 1, arg);
		i += used;
		start = i;
	}
	if (i > start)
		fn(s + start, i - start, 0, arg);
}

static void
safe_append_run(const char *run, size_t n, int escaped, void *arg)
{
	(void)escaped;
	buf_add(arg, run, n);
}

void
safe_append(struct buf *out, const char *s, size_t len)
{
	safe_walk(s, len, safe_append_run, out);
}

char *
safe_dup(const char *s)
{
	struct buf b;

	buf_init(&b);
	if (s != NULL)
		safe_append(&b, s, strlen(s));
	return (buf_steal(&b));	/* "" when empty, never NULL */
}

int
safe_is_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, used;
	char esc[16];

	while (i < len) {
		if (safe_escape(u + i, len - i, esc, &used) != 0)
			return (0);
		i += used;
	}
	return (1);
}

/* Columns a shown character takes: 0, 1 or 2. */
static size_t
safe_cp_width(uint32_t cp)
{
	if (safe_in(safe_zero, SAFE_NELEM(safe_zero), cp))
		return (0);
	if (safe_in(safe_wide, SAFE_NELEM(safe_wide), cp))
		return (2);
	return (1);
}

size_t
safe_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0, used, elen;
	uint32_t cp;
	char esc[16];

	while (i < len) {
		elen = safe_escape(u + i, len - i, esc, &used);
		if (elen != 0)
			w += elen;	/* escapes are plain ASCII */
		else {
			(void)safe_decode(u + i, len - i, &cp);
			w += safe_cp_width(cp);
		}
		i += used;
	}
	return (w);
}
