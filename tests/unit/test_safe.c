/*
 * core/safe.c: every class of hostile character gets its one visible
 * form, clean text passes through, runs are split where they should be,
 * NUL does not cut a string short, and widths count columns.
 */
#include "tests/unit/testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/safe.h"
#include "core/util.h"

/* The visible form of len bytes, as a new string. */
static char *
shown(const char *s, size_t len)
{
	struct buf b;

	buf_init(&b);
	safe_append(&b, s, len);
	return (buf_steal(&b));
}

static void
expect(const char *in, size_t len, const char *want)
{
	char *got = shown(in, len);

	assert_string_equal(got, want);
	free(got);
}

#define EXPECT(lit, want) expect((lit), sizeof (lit) - 1, (want))

static void
test_clean_passes(void **state)
{
	(void)state;
	EXPECT("arn:aws:iam::123456789012:user/alice",
	    "arn:aws:iam::123456789012:user/alice");
	EXPECT("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "caf\xc3\xa9 "
	    "\xe6\x97\xa5\xe6\x9c\xac");
	EXPECT("", "");
	assert_true(safe_is_clean("plain text", 10));
	assert_true(safe_is_clean("\xf0\x9f\x94\x91 key", 8));
}

static void
test_c0_and_del(void **state)
{
	(void)state;
	EXPECT("a\x1b[31mred", "a^[[31mred");
	EXPECT("\x1b]0;pwned\x07", "^[]0;pwned^G");
	EXPECT("tab\there\r\n", "tab^Ihere^M^J");
	EXPECT("x\x7fy", "x^?y");
	EXPECT("\x01\x1f", "^A^_");
	assert_false(safe_is_clean("a\x1b", 2));
}

static void
test_nul_does_not_cut(void **state)
{
	(void)state;
	EXPECT("before\0after", "before^@after");
	assert_false(safe_is_clean("a\0b", 3));
	assert_int_equal(safe_width("a\0b", 3), 4);
}

static void
test_c1_bidi_format(void **state)
{
	(void)state;
	/* C1 as UTF-8 (U+009B is CSI) and a raw C1 byte (invalid). */
	EXPECT("\xc2\x9b" "31m", "<U+009B>31m");
	EXPECT("\x9b" "31m", "\\x9b31m");
	/* RLO, LRI, PDI, ZWSP, BOM, soft hyphen, tag characters. */
	EXPECT("user\xe2\x80\xaegnp.exe", "user<U+202E>gnp.exe");
	EXPECT("\xe2\x81\xa6x\xe2\x81\xa9", "<U+2066>x<U+2069>");
	EXPECT("a\xe2\x80\x8b" "b", "a<U+200B>b");
	EXPECT("\xef\xbb\xbfhi", "<U+FEFF>hi");
	EXPECT("co\xc2\xadop", "co<U+00AD>op");
	EXPECT("\xf3\xa0\x80\x81", "<U+E0001>");
	EXPECT("l\xe2\x80\xa8" "2", "l<U+2028>2");
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	EXPECT("\xff\xfe", "\\xff\\xfe");
	/* Overlong "/" and overlong NUL. */
	EXPECT("\xc0\xaf", "\\xc0\\xaf");
	EXPECT("\xe0\x80\x80", "\\xe0\\x80\\x80");
	/* A surrogate, a value past U+10FFFF, a truncated sequence. */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	EXPECT("ok\xe2\x82", "ok\\xe2\\x82");
	/* A bad byte does not swallow the valid character after it. */
	EXPECT("\xe2(\xc3\xa9", "\\xe2(\xc3\xa9");
}

struct runs {
	char	log[256];
	int	nrun;
	int	nesc;
};

static void
collect(const char *run, size_t n, int escaped, void *arg)
{
	struct runs *r = arg;
	size_t o = strlen(r->log);

	assert_true(n > 0);
	snprintf(r->log + o, sizeof r->log - o, "%s%.*s|",
	    escaped ? "!" : "", (int)n, run);
	r->nrun++;
	r->nesc += escaped;
}

static void
test_walk_runs(void **state)
{
	struct runs r;
	const char in[] = "ab\x1b\x1b" "cd\0e";

	(void)state;
	memset(&r, 0, sizeof r);
	safe_walk(in, sizeof in - 1, collect, &r);
	assert_string_equal(r.log, "ab|!^[|!^[|cd|!^@|e|");
	assert_int_equal(r.nrun, 6);
	assert_int_equal(r.nesc, 3);

	memset(&r, 0, sizeof r);
	safe_walk("", 0, collect, &r);
	assert_int_equal(r.nrun, 0);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(safe_width("abc", 3), 3);
	assert_int_equal(safe_width("\x1b", 1), 2);
	assert_int_equal(safe_width("\xe2\x80\xae", 3), 8);
	assert_int_equal(safe_width("\xff", 1), 4);
	/* CJK is two columns, a combining acute none. */
	assert_int_equal(safe_width("\xe6\x97\xa5", 3), 2);
	assert_int_equal(safe_width("e\xcc\x81", 3), 1);
}

static void
test_dup(void **state)
{
	char *s;

	(void)state;
	s = safe_dup("x\x1b[2Jy");
	assert_string_equal(s, "x^[[2Jy");
	free(s);
	s = safe_dup("");
	assert_string_equal(s, "");
	free(s);
	s = safe_dup(NULL);
	assert_string_equal(s, "");
	free(s);
}

/* A deterministic generator, so a failure can be replayed. */
static uint32_t
lcg(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8);
}

/* Bytes biased towards the interesting ones. */
static size_t
hostile_bytes(uint32_t *seed, char *out, size_t cap)
{
	static const char *const pieces[] = {
		"\x1b[31m", "\x1b]0;t\x07", "\xc2\x9b", "\xe2\x80\xae",
		"\xe2\x81\xa6", "\xef\xbb\xbf", "\xe6\x97\xa5", "\xcc\x81",
		"\xf0\x9f\x94\x91", "\xed\xa0\x80", "\xc0\xaf", "\x7f",
		"abc", " ", "\xc3", "\xe2\x82", "\xf4\x90\x80\x80",
	};
	size_t n = 0, k, len;
	const char *p;

	for (k = lcg(seed) % 12; k > 0; k--) {
		if (lcg(seed) % 3 == 0) {
			if (n < cap)
				out[n++] = (char)(lcg(seed) & 0xff);
			continue;
		}
		p = pieces[lcg(seed) % (sizeof pieces / sizeof pieces[0])];
		len = strlen(p);
		if (n + len > cap)
			break;
		memcpy(out + n, p, len);
		n += len;
	}
	return (n);
}

/* Strict UTF-8 check of the output, and no hidden characters in it. */
static int
shown_is_plain(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t c;

	while (i < len) {
		n = s[i] < 0x80 ? 1 : s[i] >= 0xc2 && s[i] <= 0xdf ? 2 :
		    s[i] >= 0xe0 && s[i] <= 0xef ? 3 : s[i] >= 0xf0 &&
		    s[i] <= 0xf4 ? 4 : 0;
		if (n == 0 || i + n > len)
			return (0);
		c = n == 1 ? s[i] : s[i] & (0x7f >> n);
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (0);
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff ||
		    (c >= 0xd800 && c <= 0xdfff))
			return (0);
		i += n;
	}
	return (1);
}

static void
test_properties(void **state)
{
	uint32_t seed = 20261203;
	char in[128], *out;
	size_t n;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = hostile_bytes(&seed, in, sizeof in);
		out = shown(in, n);
		/* Only plain, valid text comes out... */
		assert_true(shown_is_plain((unsigned char *)out,
		    strlen(out)));
		/* ...so showing it again changes nothing... */
		assert_true(safe_is_clean(out, strlen(out)));
		/* ...clean input is left as it was... */
		assert_int_equal(safe_is_clean(in, n),
		    strlen(out) == n && memcmp(in, out, n) == 0);
		/* ...and the width is that of what is shown. */
		assert_int_equal(safe_width(in, n),
		    safe_width(out, strlen(out)));
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_passes),
		cmocka_unit_test(test_c0_and_del),
		cmocka_unit_test(test_nul_does_not_cut),
		cmocka_unit_test(test_c1_bidi_format),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_walk_runs),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_properties),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
