/*
 * Scenario manifests (core/scenario.c): the bundled crypto-mining demo
 * loads, bad manifests are refused naming the key, and the demo marker
 * guards every database warroom demo did not make.
 */
#include "tests/unit/testutil.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/scenario.h"
#include "core/store.h"
#include "core/util.h"

static void
test_bundled_demo(void **state)
{
	struct scenario *sc;
	struct wr_err err;
	char *path = tu_data("scenarios/crypto-mining/scenario.json");
	int i, gz = 0;

	(void)state;
	assert_int_equal(scenario_load(path, &sc, &err), 0);
	assert_string_equal(sc->name, "crypto-mining");
	assert_string_equal(sc->type, "compromised-iam-access-key");
	assert_true(strlen(sc->title) > 0);
	assert_true(strlen(sc->description) > 0);
	assert_true(sc->nfiles >= 5);
	assert_int_equal(sc->nreplay, 2);
	for (i = 0; i < sc->nfiles; i++) {
		assert_int_equal(access(sc->files[i], R_OK), 0);
		gz += str_has_suffix(sc->files[i], ".json.gz");
	}
	assert_true(gz >= 1);
	assert_true(str_has_suffix(sc->files[sc->nfiles - 1],
	    "guardduty/get-findings.json"));
	scenario_free(sc);
	free(path);
}

/* Write a manifest (and a data file beside it); returns its path. */
static char *
manifest(const char *text)
{
	char *dir = tu_tmpdir(), *p, *data;

	data = xasprintf("%s/a.json", dir);
	tu_write(data, "{\"Records\":[]}", 14);
	p = xasprintf("%s/scenario.json", dir);
	tu_write(p, text, strlen(text));
	free(data);
	free(dir);
	return (p);
}

static void
expect_refused(const char *text, enum wr_status code, const char *words)
{
	struct scenario *sc = (struct scenario *)1;
	struct wr_err err;
	char *p = manifest(text);

	assert_int_equal(scenario_load(p, &sc, &err), -1);
	assert_null(sc);
	assert_int_equal(err.code, code);
	assert_string_equal(err.where, p);
	if (strstr(err.msg, words) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.msg, words);
	free(p);
}

static void
test_bad_manifests(void **state)
{
	(void)state;
	expect_refused("{\"title\": \"t\", \"type\": \"x\"", WR_ERR_JSON,
	    "JSON");
	expect_refused("[1]", WR_ERR_SCHEMA, "object");
	expect_refused("{\"type\": \"x\", \"files\": [\"a.json\"]}",
	    WR_ERR_SCHEMA, "\"title\": missing");
	expect_refused("{\"title\": \"\", \"type\": \"x\", \"files\": "
	    "[\"a.json\"]}", WR_ERR_SCHEMA, "\"title\": must be");
	expect_refused("{\"title\": \"t\", \"type\": 3, \"files\": "
	    "[\"a.json\"]}", WR_ERR_SCHEMA, "\"type\"");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": []}",
	    WR_ERR_SCHEMA, "\"files\": must be a non-empty array");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"a.json\", 7]}", WR_ERR_SCHEMA, "\"files\"[1]");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"nope.json\"]}", WR_ERR_NOTFOUND, "\"files\"[0]: nope.json");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"../a.json\"]}", WR_ERR_SCHEMA, "inside the scenario");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"/etc/passwd\"]}", WR_ERR_SCHEMA, "inside the scenario");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"a.json\"], \"replay\": [\"x/../../a.json\"]}",
	    WR_ERR_SCHEMA, "\"replay\"[0]");
	expect_refused("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"a.json\"], \"replay\": \"a.json\"}", WR_ERR_SCHEMA,
	    "\"replay\"");
}

static void
test_minimal_manifest(void **state)
{
	struct scenario *sc;
	struct wr_err err;
	char *p;

	(void)state;
	/* A name with dots that is not "..", and no replay list. */
	p = manifest("{\"title\": \"t\", \"type\": \"x\", \"files\": "
	    "[\"./a.json\"]}");
	assert_int_equal(scenario_load(p, &sc, &err), 0);
	assert_int_equal(sc->nfiles, 1);
	assert_int_equal(sc->nreplay, 0);
	assert_string_equal(sc->description, "");
	assert_true(str_has_suffix(sc->files[0], "/./a.json"));
	scenario_free(sc);
	free(p);
}

static void
test_demo_marker(void **state)
{
	struct wr_err err;
	struct store *s;
	struct stat st;
	char *path, *text, *dir;

	(void)state;
	dir = tu_tmpdir();
	path = xasprintf("%s/none.db", dir);
	assert_int_equal(scenario_demo_replaceable(path, &err), 1);

	/* Somebody's text file, and an empty file: never ours. */
	text = xasprintf("%s/notes.txt", dir);
	tu_write(text, "incident notes\n", 15);
	assert_int_equal(scenario_demo_replaceable(text, &err), 0);
	assert_int_equal(err.code, WR_ERR_EXISTS);
	assert_int_equal(stat(text, &st), 0);
	assert_int_equal(st.st_size, 15);	/* untouched */
	tu_write(text, "", 0);
	assert_int_equal(scenario_demo_replaceable(text, &err), 0);

	/* A real store without the marker, then with it. */
	s = tu_store();
	assert_int_equal(scenario_demo_replaceable(tu_store_path(), &err), 0);
	assert_non_null(strstr(err.msg, "did not make"));
	assert_int_equal(scenario_mark_demo(s, "crypto-mining", &err), 0);
	assert_int_equal(scenario_demo_replaceable(tu_store_path(), &err), 1);
	store_close(s);

	assert_int_equal(scenario_demo_remove(tu_store_path(), &err), 0);
	assert_int_equal(access(tu_store_path(), F_OK), -1);
	free(path);
	path = xasprintf("%s-wal", tu_store_path());
	assert_int_equal(access(path, F_OK), -1);
	/* Nothing there is not an error. */
	assert_int_equal(scenario_demo_remove(tu_store_path(), &err), 0);
	free(path);
	free(text);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundled_demo),
		cmocka_unit_test(test_bad_manifests),
		cmocka_unit_test(test_minimal_manifest),
		cmocka_unit_test(test_demo_marker),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
