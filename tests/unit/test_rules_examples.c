/*
 * Every rule in data/rules has at least one event it fires on and one
 * it stays quiet on (tests/fixtures/rules/examples-*.json, overlays on
 * examples-base.json).  Judged one event at a time with windows off and
 * disabled rules on, so each rule's condition is what is tested; the
 * windows themselves are tested in test_rules.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

/* The base record with the example's top-level keys put over it. */
static cJSON *
overlay(const cJSON *base, const cJSON *ex)
{
	cJSON *rec = cJSON_Duplicate(base, 1);
	const cJSON *e;

	cJSON_ArrayForEach(e, ex) {
		cJSON_DeleteItemFromObjectCaseSensitive(rec, e->string);
		cJSON_AddItemToObject(rec, e->string, cJSON_Duplicate(e, 1));
	}
	return (rec);
}

static int
judge(struct ruleset *rs, const cJSON *base, const char *id,
    const cJSON *list, int want, int *bad)
{
	const cJSON *ex;
	struct tr_hits hs;
	cJSON *rec;
	char *text;
	int n = 0;

	cJSON_ArrayForEach(ex, list) {
		rec = overlay(base, ex);
		tr_eval(rs, rec, 0, &hs);
		if ((tr_find(&hs, id) != NULL) != want) {
			text = cJSON_PrintUnformatted(ex);
			print_error("%s should %s on %s\n", id,
			    want ? "fire" : "stay quiet", text);
			free(text);
			(*bad)++;
		}
		cJSON_Delete(rec);
		n++;
	}
	return (n);
}

struct seen {
	char	 ids[512][RULE_ID_LEN];
	int	 n;
};

static void
load_examples(struct ruleset *rs, const cJSON *base, const char *path,
    struct seen *seen, int *bad)
{
	cJSON *doc = tr_parse_file(path);
	const cJSON *ex, *all, *fire, *quiet;

	if (doc == NULL)
		print_error("%s: not JSON\n", path);
	assert_non_null(doc);
	all = cJSON_GetObjectItemCaseSensitive(doc, "examples");
	cJSON_ArrayForEach(ex, all) {
		if (rules_find(rs, ex->string) < 0) {
			print_error("%s: no rule %s\n", path, ex->string);
			(*bad)++;
			continue;
		}
		fire = cJSON_GetObjectItemCaseSensitive(ex, "fires");
		quiet = cJSON_GetObjectItemCaseSensitive(ex, "quiet");
		if (judge(rs, base, ex->string, fire, 1, bad) == 0 ||
		    judge(rs, base, ex->string, quiet, 0, bad) == 0) {
			print_error("%s: needs fires and quiet\n", ex->string);
			(*bad)++;
		}
		assert_true(seen->n < 512);
		strlcpy_wr(seen->ids[seen->n++], ex->string, RULE_ID_LEN);
	}
	cJSON_Delete(doc);
}

static int
was_seen(const struct seen *s, const char *id)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->ids[i], id) == 0)
			return (1);
	return (0);
}

static void
test_every_rule_has_examples(void **state)
{
	char *dir = tu_fixture("rules"), *path, *bpath;
	struct ruleset *rs = tr_rules();
	struct seen *seen = xcalloc(1, sizeof *seen);
	struct rule_info ri;
	struct dirent *d;
	cJSON *base;
	int i, bad = 0;
	DIR *dp;

	(void)state;
	bpath = xasprintf("%s/examples-base.json", dir);
	assert_non_null(base = tr_parse_file(bpath));
	assert_non_null(dp = opendir(dir));
	while ((d = readdir(dp)) != NULL) {
		if (strncmp(d->d_name, "examples-", 9) != 0 ||
		    strcmp(d->d_name, "examples-base.json") == 0)
			continue;
		path = xasprintf("%s/%s", dir, d->d_name);
		load_examples(rs, base, path, seen, &bad);
		free(path);
	}
	closedir(dp);
	for (i = 0; i < rules_count(rs); i++) {
		rules_info(rs, i, &ri);
		if (!was_seen(seen, ri.id)) {
			print_error("rule %s has no examples\n", ri.id);
			bad++;
		}
	}
	printf("examples: %d rules checked\n", seen->n);
	assert_int_equal(bad, 0);
	cJSON_Delete(base);
	rules_free(rs);
	free(seen);
	free(bpath);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_rule_has_examples),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
