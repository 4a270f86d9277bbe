/*
 * The rules against the shared corpus.  Every Stratus Red Team
 * detonation ($CORPUS/stratus-red-team) raises at least one hit other
 * than the generic denied-call rule.  And conformance with Panther's
 * own rule tests ($CORPUS/panther-analysis):
 * for every Panther rule one of our rules names in refs, each test
 * event must get Panther's verdict (fires or not) from the union of
 * our rules that name it.  Thresholds aside: Panther's tests judge one
 * event, so windows are off here.  Prints the agreement, the mapped
 * share, and each disagreement.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

#define MAX_PANTHER 512

struct tally {
	char	*ids[MAX_PANTHER];	/* distinct Panther AWS rule ids */
	int	 unmapped[MAX_PANTHER];
	int	 nids;
	int	 mapped;
	int	 cases;
	int	 agree;
};

/* Is ours mapped to Panther rule pid, and which of our rules are? */
static int
mapped_rules(struct ruleset *rs, const char *pid, char ours[][RULE_ID_LEN],
    int max)
{
	struct rule_info ri;
	char ref[256];
	int i, j, n = 0;

	snprintf(ref, sizeof ref, "panther:%s", pid);
	for (i = 0; i < rules_count(rs); i++) {
		rules_info(rs, i, &ri);
		for (j = 0; j < ri.nrefs; j++)
			if (strcmp(ri.refs[j], ref) == 0 && n < max)
				strlcpy_wr(ours[n++], ri.id, RULE_ID_LEN);
	}
	return (n);
}

static void
note_id(struct tally *t, const char *pid, int mapped)
{
	int i;

	for (i = 0; i < t->nids; i++)
		if (strcmp(t->ids[i], pid) == 0)
			return;
	assert_true(t->nids < MAX_PANTHER);
	t->unmapped[t->nids] = !mapped;
	t->ids[t->nids++] = xstrdup(pid);
	t->mapped += mapped;
}

static void
run_case(struct ruleset *rs, const char *pid, char ours[][RULE_ID_LEN],
    int n, const cJSON *tc, struct tally *t)
{
	const cJSON *log = cJSON_GetObjectItemCaseSensitive(tc, "log");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(tc, "name");
	int want = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(tc,
	    "expected_result"));
	struct tr_hits hs;
	int i, got = 0;

	tr_eval(rs, log, 0, &hs);
	for (i = 0; i < n; i++)
		got |= tr_find(&hs, ours[i]) != NULL;
	t->cases++;
	if (got == want) {
		t->agree++;
		return;
	}
	printf("disagree %s \"%s\": Panther %s, ours %s (%s)\n", pid,
	    cJSON_IsString(name) ? name->valuestring : "?",
	    want ? "fires" : "quiet", got ? "fires" : "quiet", ours[0]);
}

static void
run_file(struct ruleset *rs, const char *path, struct tally *t)
{
	cJSON *doc = tr_parse_file(path);
	const cJSON *id, *tc;
	char ours[16][RULE_ID_LEN];
	int n;

	assert_non_null(doc);
	id = cJSON_GetObjectItemCaseSensitive(doc, "rule_id");
	assert_true(cJSON_IsString(id));
	/* Standard.* rules span log types; only AWS rules are counted. */
	if (strncmp(id->valuestring, "Standard.", 9) == 0) {
		cJSON_Delete(doc);
		return;
	}
	n = mapped_rules(rs, id->valuestring, ours, 16);
	note_id(t, id->valuestring, n > 0);
	if (n > 0)
		cJSON_ArrayForEach(tc, cJSON_GetObjectItemCaseSensitive(doc,
		    "tests"))
			run_case(rs, id->valuestring, ours, n, tc, t);
	cJSON_Delete(doc);
}

static void
run_dir(struct ruleset *rs, const char *dir, struct tally *t)
{
	struct dirent *d;
	char *path;
	DIR *dp;

	assert_non_null(dp = opendir(dir));
	while ((d = readdir(dp)) != NULL) {
		if (!str_has_suffix(d->d_name, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, d->d_name);
		run_file(rs, path, t);
		free(path);
	}
	closedir(dp);
}

static void
test_panther_agreement(void **state)
{
	char *a = tu_corpus("panther-analysis/cloudtrail_rule_tests");
	char *b = tu_corpus("panther-analysis/cloudtrail_rule_tests_history");
	struct tally t;
	struct ruleset *rs;
	double agree, share;
	int i;

	(void)state;
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return;
	}
	memset(&t, 0, sizeof t);
	rs = tr_rules();
	run_dir(rs, a, &t);
	run_dir(rs, b, &t);
	agree = t.cases > 0 ? 100.0 * t.agree / t.cases : 0;
	share = t.nids > 0 ? 100.0 * t.mapped / t.nids : 0;
	printf("panther: %d/%d mapped cases agree (%.1f%%)\n", t.agree,
	    t.cases, agree);
	printf("panther: %d of %d AWS CloudTrail rules with tests mapped "
	    "(%.1f%%)\n", t.mapped, t.nids, share);
	assert_true(agree >= 95.0);
	assert_true(share >= 60.0);
	for (i = 0; i < t.nids; i++) {
		if (t.unmapped[i])
			printf("panther: not mapped: %s\n", t.ids[i]);
		free(t.ids[i]);
	}
	rules_free(rs);
	free(a);
	free(b);
}

struct stratus {
	struct ruleset	*rs;
	int		 hits;
	int		 real;	/* hits other than the generic denial rule */
};

static void
stratus_record(const cJSON *rec, void *arg)
{
	struct stratus *st = arg;
	struct tr_hits hs;
	int i;

	tr_eval(st->rs, rec, 1, &hs);
	st->hits += hs.n;
	for (i = 0; i < hs.n; i++)
		st->real += strcmp(hs.h[i].id, "unauthorized-api-call") != 0;
}

static void
test_stratus_detected(void **state)
{
	char *dir = tu_corpus("stratus-red-team/detonation-logs"), *path;
	struct stratus st;
	struct dirent *d;
	cJSON *doc;
	DIR *dp;
	int files = 0;

	(void)state;
	if (dir == NULL)
		return;
	assert_non_null(dp = opendir(dir));
	while ((d = readdir(dp)) != NULL) {
		if (!str_has_suffix(d->d_name, ".json"))
			continue;
		path = xasprintf("%s/%s", dir, d->d_name);
		/* A fresh ruleset per technique: windows start empty. */
		memset(&st, 0, sizeof st);
		st.rs = tr_rules();
		assert_non_null(doc = tr_parse_file(path));
		tr_each_record(doc, stratus_record, &st);
		printf("stratus %s: %d hits\n", d->d_name, st.hits);
		if (st.real == 0)
			print_error("stratus %s: nothing detected\n",
			    d->d_name);
		assert_true(st.real > 0);
		cJSON_Delete(doc);
		rules_free(st.rs);
		free(path);
		files++;
	}
	closedir(dp);
	assert_true(files >= 20);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panther_agreement),
		cmocka_unit_test(test_stratus_detected),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
