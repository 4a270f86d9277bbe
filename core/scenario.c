/*
 * Exercise scenarios (see scenario.h): the manifest loader, checked key
 * by key, and the demo-database marker.  The marker is a row of the meta
 * table; a file without it is never removed, whatever its name.
 */
#include "core/scenario.h"

#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/store.h"
#include "core/util.h"

#define SCENARIO_MAX_BYTES (1024 * 1024)
#define DEMO_KEY "demo-scenario"

static char *
read_all(const char *path, struct wr_err *err)
{
	struct buf b;
	char chunk[8192];
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "rb")) == NULL) {
		wr_fail(err, errno == ENOENT ? WR_ERR_NOTFOUND : WR_ERR_IO,
		    path, "%s", strerror(errno));
		return (NULL);
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > SCENARIO_MAX_BYTES)
			break;
	}
	if (ferror(fp) || b.len > SCENARIO_MAX_BYTES) {
		wr_fail(err, WR_ERR_IO, path, ferror(fp) ? "read error" :
		    "larger than %d bytes", SCENARIO_MAX_BYTES);
		fclose(fp);
		buf_free(&b);
		return (NULL);
	}
	fclose(fp);
	return (buf_steal(&b));
}

/* A required non-empty string member, copied. */
static char *
want_string(const cJSON *doc, const char *key, int required,
    const char *path, struct wr_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, key);

	if (v == NULL && !required)
		return (xstrdup(""));
	if (!cJSON_IsString(v) || (required && v->valuestring[0] == '\0')) {
		wr_fail(err, WR_ERR_SCHEMA, path, "\"%s\": %s", key,
		    v == NULL ? "missing" : "must be a non-empty string");
		return (NULL);
	}
	return (xstrdup(v->valuestring));
}

/*
 * A file named by the manifest: relative, no "..", and there.  Keeping
 * it inside the scenario folder means a manifest cannot make the demo
 * read anything else on the machine.
 */
static char *
member_path(const struct scenario *sc, const char *rel, const char *key,
    int i, const char *path, struct wr_err *err)
{
	struct stat st;
	const char *p;
	char *full;

	for (p = rel; *p != '\0'; p++) {
		if ((p == rel || p[-1] == '/') && p[0] == '.' &&
		    p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			break;
	}
	if (rel[0] == '\0' || rel[0] == '/' || *p != '\0') {
		wr_fail(err, WR_ERR_SCHEMA, path, "\"%s\"[%d]: \"%s\" must "
		    "be a path inside the scenario folder", key, i, rel);
		return (NULL);
	}
	full = xasprintf("%s/%s", sc->dir, rel);
	if (stat(full, &st) == -1)
		wr_fail(err, WR_ERR_NOTFOUND, path, "\"%s\"[%d]: %s: %s",
		    key, i, rel, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		wr_fail(err, WR_ERR_NOTFOUND, path, "\"%s\"[%d]: %s: not a "
		    "regular file", key, i, rel);
	else
		return (full);
	free(full);
	return (NULL);
}

static int
want_files(struct scenario *sc, const cJSON *doc, const char *key,
    int required, const char *path, struct wr_err *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, key), *v;
	char ***list = required ? &sc->files : &sc->replay;
	int *n = required ? &sc->nfiles : &sc->nreplay;
	int i = 0;

	if (arr == NULL && !required)
		return (0);
	if (!cJSON_IsArray(arr) || (required && cJSON_GetArraySize(arr) == 0))
		return (wr_fail(err, WR_ERR_SCHEMA, path, "\"%s\": %s", key,
		    arr == NULL ? "missing" : "must be a non-empty array of "
		    "file names"));
	*list = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof **list);
	cJSON_ArrayForEach(v, arr) {
		if (!cJSON_IsString(v))
			return (wr_fail(err, WR_ERR_SCHEMA, path,
			    "\"%s\"[%d]: must be a string", key, i));
		if (((*list)[i] = member_path(sc, v->valuestring, key, i,
		    path, err)) == NULL)
			return (-1);
		*n = ++i;
	}
	return (0);
}

static int
parse(struct scenario *sc, const cJSON *doc, const char *path,
    struct wr_err *err)
{
	if (!cJSON_IsObject(doc))
		return (wr_fail(err, WR_ERR_SCHEMA, path,
		    "a scenario manifest is a JSON object"));
	if ((sc->title = want_string(doc, "title", 1, path, err)) == NULL ||
	    (sc->type = want_string(doc, "type", 1, path, err)) == NULL ||
	    (sc->description = want_string(doc, "description", 0, path,
	    err)) == NULL)
		return (-1);
	if (want_files(sc, doc, "files", 1, path, err) == -1 ||
	    want_files(sc, doc, "replay", 0, path, err) == -1)
		return (-1);
	return (0);
}

int
scenario_load(const char *path, struct scenario **out, struct wr_err *err)
{
	struct scenario *sc;
	const char *slash, *name;
	cJSON *doc;
	char *text;
	int rc;

	*out = NULL;
	if ((text = read_all(path, err)) == NULL)
		return (-1);
	doc = cJSON_Parse(text);
	free(text);
	if (doc == NULL)
		return (wr_fail(err, WR_ERR_JSON, path, "not valid JSON"));

	sc = xcalloc(1, sizeof *sc);
	slash = strrchr(path, '/');
	sc->dir = slash == NULL ? xstrdup(".") :
	    xstrndup(path, (size_t)(slash - path));
	name = strrchr(sc->dir, '/');
	sc->name = xstrdup(name != NULL ? name + 1 : sc->dir);
	rc = parse(sc, doc, path, err);
	cJSON_Delete(doc);
	if (rc == -1) {
		scenario_free(sc);
		return (-1);
	}
	*out = sc;
	return (0);
}

static void
free_list(char **list, int n)
{
	int i;

	for (i = 0; list != NULL && i < n; i++)
		free(list[i]);
	free(list);
}

void
scenario_free(struct scenario *sc)
{
	if (sc == NULL)
		return;
	free(sc->dir);
	free(sc->name);
	free(sc->title);
	free(sc->type);
	free(sc->description);
	free_list(sc->files, sc->nfiles);
	free_list(sc->replay, sc->nreplay);
	free(sc);
}

/* 1 when the open store carries the demo marker. */
static int
has_marker(struct store *s)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(store_db(s), "SELECT 1 FROM meta WHERE key = "
	    "'" DEMO_KEY "'", -1, &st, NULL) != SQLITE_OK)
		return (0);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return (found);
}

int
scenario_demo_replaceable(const char *path, struct wr_err *err)
{
	struct wr_err oerr;
	struct store *s;
	struct stat st;
	int ok;

	if (stat(path, &st) == -1) {
		if (errno == ENOENT)
			return (1);
		return (wr_fail(err, WR_ERR_IO, path, "%s", strerror(errno)));
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		wr_fail(err, WR_ERR_EXISTS, path, "exists and is not a demo "
		    "database: not replacing it");
		return (0);
	}
	/* Read-only: looking must not migrate or otherwise touch it. */
	if (store_open(&s, path, STORE_READONLY | STORE_NOCREATE,
	    &oerr) == -1) {
		wr_fail(err, WR_ERR_EXISTS, path, "exists and is not a "
		    "warroom database (%s): not replacing it", oerr.msg);
		return (0);
	}
	ok = has_marker(s);
	store_close(s);
	if (!ok)
		wr_fail(err, WR_ERR_EXISTS, path, "is a warroom database "
		    "that warroom demo did not make: not replacing it");
	return (ok);
}

int
scenario_mark_demo(struct store *s, const char *scenario,
    struct wr_err *err)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, "INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES('" DEMO_KEY "', ?1)", err)) == NULL)
		return (-1);
	store_bind_text(st, 1, scenario);
	if (sqlite3_step(st) != SQLITE_DONE)
		return (store_fail(s, err, "marking the demo database"));
	return (0);
}

int
scenario_demo_remove(const char *path, struct wr_err *err)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	size_t i;
	char *p;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		p = xasprintf("%s%s", path, sfx[i]);
		if (unlink(p) == -1 && errno != ENOENT) {
			wr_fail(err, WR_ERR_IO, p, "cannot remove: %s",
			    strerror(errno));
			free(p);
			return (-1);
		}
		free(p);
	}
	return (0);
}
