/*
 * A small reader for the AWS shared config files.  Values are kept as
 * written after trimming; secrets in them are wiped when freed.
 */
#include "aws/ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return (s);
}

static void
add_section(struct ini *ini, const char *name)
{
	ini->sections = xreallocarray(ini->sections, ini->nsections + 1,
	    sizeof *ini->sections);
	ini->sections[ini->nsections++] = xstrdup(name);
}

static void
add_entry(struct ini *ini, const char *key, const char *value)
{
	struct ini_entry *e;

	if (ini->nsections == 0)
		return;
	ini->v = xreallocarray(ini->v, ini->n + 1, sizeof *ini->v);
	e = &ini->v[ini->n++];
	e->section = xstrdup(ini->sections[ini->nsections - 1]);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
}

/* One line; parent holds the last key whose value was empty. */
static void
parse_line(struct ini *ini, char *line, char *parent, size_t plen)
{
	int indented = isspace((unsigned char)line[0]);
	char *s = trim(line), *eq, *key, *sub;

	if (*s == '\0' || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		if ((eq = strchr(s, ']')) != NULL)
			*eq = '\0';
		add_section(ini, trim(s + 1));
		parent[0] = '\0';
		return;
	}
	if ((eq = strchr(s, '=')) == NULL)
		return;
	*eq = '\0';
	key = trim(s);
	if (indented && parent[0] != '\0') {
		sub = xasprintf("%s.%s", parent, key);
		add_entry(ini, sub, trim(eq + 1));
		free(sub);
		return;
	}
	add_entry(ini, key, trim(eq + 1));
	if (*trim(eq + 1) == '\0')
		snprintf(parent, plen, "%s", key);
	else
		parent[0] = '\0';
}

void
ini_parse(struct ini *ini, const char *text)
{
	char *copy = xstrdup(text), *line, *next, parent[128] = "";

	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		parse_line(ini, line, parent, sizeof parent);
	}
	explicit_bzero(copy, strlen(text));
	free(copy);
}

int
ini_load(struct ini *ini, const char *path, struct wr_err *err)
{
	FILE *f;
	struct buf b;
	char chunk[4096];
	size_t n;

	memset(ini, 0, sizeof *ini);
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return (0);
		return (wr_fail(err, WR_ERR_IO, path, "%s", strerror(errno)));
	}
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	ini_parse(ini, b.data);
	explicit_bzero(b.data, b.len);
	explicit_bzero(chunk, sizeof chunk);
	buf_free(&b);
	return (0);
}

void
ini_free(struct ini *ini)
{
	size_t i;

	for (i = 0; i < ini->n; i++) {
		explicit_bzero(ini->v[i].value, strlen(ini->v[i].value));
		free(ini->v[i].section);
		free(ini->v[i].key);
		free(ini->v[i].value);
	}
	for (i = 0; i < ini->nsections; i++)
		free(ini->sections[i]);
	free(ini->v);
	free(ini->sections);
	memset(ini, 0, sizeof *ini);
}

const char *
ini_get(const struct ini *ini, const char *section, const char *key)
{
	size_t i;

	/* A later duplicate wins, as in botocore's parser. */
	for (i = ini->n; i > 0; i--)
		if (strcmp(ini->v[i - 1].section, section) == 0 &&
		    strcmp(ini->v[i - 1].key, key) == 0)
			return (ini->v[i - 1].value);
	return (NULL);
}

int
ini_has_section(const struct ini *ini, const char *section)
{
	size_t i;

	for (i = 0; i < ini->nsections; i++)
		if (strcmp(ini->sections[i], section) == 0)
			return (1);
	return (0);
}
