/*
 * core/jsonscan.c strings: the scanner skips eight plain bytes at a
 * time, so every position of a quote, a backslash, a control byte and
 * a UTF-8 byte in strings of every length up to a few words must end
 * the string where a byte-by-byte reading does, or fail as it does.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonscan.h"

/* Byte by byte: the end of the string opening at p, or NULL. */
static const char *
ref_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
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

static void
check(const char *s, size_t n)
{
	struct jspan sp;
	const char *want = ref_string(s, s + n);
	const char *got = jscan_value(s, s + n, &sp);

	if (got != want)
		fail_msg("string of %zu bytes: scanner ends at %ld, bytes at "
		    "%ld", n, got != NULL ? (long)(got - s) : -1L,
		    want != NULL ? (long)(want - s) : -1L);
	if (got != NULL)
		assert_int_equal(sp.n, (size_t)(got - s));
}

static void
test_every_position(void **state)
{
	static const char specials[] = { '"', '\\', '\n', 0x01, 0x1f,
	    (char)0xc3, (char)0xa9, (char)0xa2, (char)0xdc, 0x7f, ' ' };
	char s[64];
	size_t len, at, k, n;

	(void)state;
	for (len = 0; len < 40; len++) {
		for (at = 0; at <= len; at++) {
			for (k = 0; k < sizeof specials; k++) {
				s[0] = '"';
				memset(s + 1, 'a', len);
				if (at < len)
					s[1 + at] = specials[k];
				s[1 + len] = '"';
				n = len + 2;
				/* Whole, cut before the closing quote, and cut
				 * at every length in between. */
				check(s, n);
				check(s, n - 1);
				check(s, 1 + at);
			}
		}
	}
}

static void
test_escapes(void **state)
{
	static const char *const cases[] = {
		"\"\\\"\"", "\"abcdefgh\\\"ijklmnop\"", "\"abcdefg\\\\\"x",
		"\"\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\\"", "\"abcdefghijklmno\\",
		"\"\\u0041\\u0000abcdefghijk\"", "\"abc\tdefghijklmnop\"",
		"\"\xc3\xa9t\xc3\xa9 \xe2\x80\xae abcdefgh\"",
	};
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (n = 1; n <= strlen(cases[i]); n++)
			check(cases[i], n);
	}
}

/* A record whose strings hold quotes and escapes at word edges. */
static void
test_in_object(void **state)
{
	static const char doc[] = "{\"Records\":[{\"eventName\":"
	    "\"Get\\\"Object\\\\\",\"userAgent\":\"aws-cli/2.0 (\\\"x\\\")\"},"
	    "{\"eventName\":\"PutObject\"}]} ";
	struct jspan v, key, val, rec;
	struct jiter it, recs;
	const char *end;
	int n = 0;

	(void)state;
	end = jscan_value(doc, doc + sizeof doc - 1, &v);
	assert_non_null(end);
	assert_int_equal(v.n, sizeof doc - 2);
	assert_int_equal(jscan_open(&it, &v), 0);
	assert_int_equal(jscan_next(&it, &key, &val), 1);
	assert_true(jscan_key_is(&key, "Records"));
	assert_int_equal(jscan_open(&recs, &val), 0);
	while (jscan_next(&recs, NULL, &rec) == 1)
		n++;
	assert_int_equal(n, 2);
}

/* Spans of an object's members and its first array's elements. */
static int
spans(const struct jspan *v, const struct jscan_memo *m, struct jspan *out,
    int max)
{
	struct jspan key, val, el;
	struct jiter it, arr;
	int n = 0, rc;

	assert_int_equal(jscan_open(&it, v), 0);
	it.memo = m;
	while ((rc = jscan_next(&it, &key, &val)) == 1) {
		if (n < max)
			out[n++] = val;
		if (val.p[0] != '[' || jscan_open(&arr, &val) != 0)
			continue;
		arr.memo = m;
		while ((rc = jscan_next(&arr, NULL, &el)) == 1 && n < max)
			out[n++] = el;
		if (rc == -1)
			return (-n - 1);
	}
	return (rc == -1 ? -n - 1 : n);
}

/* The memo gives the same spans and errors as scanning each level. */
static void
test_memo(void **state)
{
	static const char *const docs[] = {
		"{\"Records\":[{\"a\":[1,{\"b\":\"]}\"}]},{\"c\":{}}],"
		    "\"x\":{\"y\":[[]]},\"z\":\"{\"}",
		"{\"Records\":[{} {}],\"k\":1}",
		"{\"Records\":[{},,[]]}",
		"{\"Records\":[]}",
	};
	struct jspan v, a[16], b[16];
	struct jscan_memo m;
	const char *end;
	size_t i;
	int na, nb, j;

	(void)state;
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		jscan_memo_init(&m);
		end = jscan_value_memo(docs[i], docs[i] + strlen(docs[i]), &v,
		    &m);
		assert_non_null(end);
		assert_true(m.n > 0);
		na = spans(&v, NULL, a, 16);
		nb = spans(&v, &m, b, 16);
		assert_int_equal(na, nb);
		for (j = 0; j < (na < 0 ? -na - 1 : na); j++) {
			assert_ptr_equal(a[j].p, b[j].p);
			assert_int_equal(a[j].n, b[j].n);
		}
		jscan_memo_free(&m);
	}
	/* Two errors above: "{} {}" and ",,". */
	jscan_memo_init(&m);
	end = jscan_value_memo(docs[1], docs[1] + strlen(docs[1]), &v, &m);
	assert_int_equal(spans(&v, &m, a, 16), -3);
	jscan_memo_free(&m);
}

/* Scratch trees: one in the arena at a time, a second one malloc'd. */
static void
test_scratch(void **state)
{
	static const char a[] = "{\"eventName\":\"A\",\"n\":[1,2,3]}";
	static const char b[] = "{\"eventName\":\"B\\u0000\"}";
	cJSON *x, *y, *z;
	char *s;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		x = json_parse_scratch(a, sizeof a - 1);
		y = json_parse_scratch(b, sizeof b - 1);
		assert_non_null(x);
		assert_non_null(y);
		s = cJSON_PrintUnformatted(x);
		assert_string_equal(s, a);
		free(s);
		assert_string_equal(cJSON_GetObjectItem(y, "eventName")->
		    valuestring, "B\xef\xb7\x90");
		json_scratch_free(x);
		/* Bad JSON: NULL, and the arena is free for the next. */
		assert_null(json_parse_scratch("{\"a\":", 5));
		z = json_parse_scratch(b, sizeof b - 1);
		assert_non_null(z);
		json_scratch_free(z);
		json_scratch_free(y);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_position),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_in_object),
		cmocka_unit_test(test_memo),
		cmocka_unit_test(test_scratch),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
