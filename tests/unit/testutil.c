/*
 * Test helpers; see testutil.h.
 */
#include "tests/unit/testutil.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/store.h"
#include "core/util.h"

static char store_path_buf[PATH_MAX];

char *
tu_tmpdir(void)
{
	const char *root = getenv("TMPROOT");
	char *tmpl;

	tmpl = xasprintf("%s/tu.XXXXXX", root != NULL ? root : "/tmp");
	if (mkdtemp(tmpl) == NULL)
		fail_msg("mkdtemp %s failed", tmpl);
	return (tmpl);
}

struct store *
tu_store(void)
{
	struct store *s = NULL;
	struct wr_err err;
	char *dir;

	dir = tu_tmpdir();
	snprintf(store_path_buf, sizeof store_path_buf, "%s/test.db", dir);
	free(dir);
	if (store_open(&s, store_path_buf, 0, &err) == -1)
		fail_msg("store_open: %s", err.msg);
	return (s);
}

const char *
tu_store_path(void)
{
	return (store_path_buf);
}

char *
tu_corpus(const char *rel)
{
	const char *root = getenv("CORPUS");
	struct stat st;
	char *p;

	p = xasprintf("%s/%s", root != NULL ? root : "../shared/data", rel);
	if (stat(p, &st) == -1) {
		printf("skipped: no corpus (%s)\n", p);
		free(p);
		return (NULL);
	}
	return (p);
}

char *
tu_case(const char *rel)
{
	const char *root = getenv("CASES");

	return (xasprintf("%s/%s", root != NULL ? root : "tests/cases", rel));
}

char *
tu_fixture(const char *rel)
{
	return (xasprintf("tests/fixtures/%s", rel));
}

char *
tu_data(const char *rel)
{
	return (xasprintf("data/%s", rel));
}

char *
tu_read(const char *path, size_t *len)
{
	FILE *f;
	struct buf b;
	char chunk[65536];
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return (NULL);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return (buf_steal(&b));
}

void
tu_write(const char *path, const void *p, size_t n)
{
	FILE *f;

	if ((f = fopen(path, "wb")) == NULL)
		fail_msg("cannot write %s", path);
	if (n > 0 && fwrite(p, 1, n, f) != n)
		fail_msg("short write to %s", path);
	fclose(f);
}

const struct operator *
tu_op(const char *name)
{
	static struct operator ops[8];
	static int next;
	struct operator *op;

	op = &ops[next++ % 8];
	operator_make(op, name, "192.0.2.1");
	return (op);
}
