/*
 * The rule engine on its own: loader errors that name the file and the
 * key, every condition operator, the policy-document helpers, windows,
 * templates, P-level overrides, outcomes, the Insights split and the
 * escalation modifier against a real store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/finding.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

/* Write rules JSON to a scratch file and load it; returns the set. */
static struct ruleset *
load_text(const char *json, struct wr_err *err, int *rc, char **pathp)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/t.json", dir);
	struct ruleset *rs = rules_new();

	tu_write(path, json, strlen(json));
	*rc = rules_load_file(rs, path, err);
	if (pathp != NULL)
		*pathp = path;
	else
		free(path);
	free(dir);
	return (rs);
}

static struct ruleset *
load_ok(const char *json)
{
	struct wr_err err;
	char buf[512];
	int rc;
	struct ruleset *rs = load_text(json, &err, &rc, NULL);

	if (rc != 0)
		print_error("%s\n", wr_err_text(&err, buf, sizeof buf));
	assert_int_equal(rc, 0);
	return (rs);
}

/* Expect a load error whose text names the file and contains want. */
static void
load_fails(const char *json, const char *want)
{
	struct wr_err err;
	char buf[512], *path;
	int rc;
	struct ruleset *rs = load_text(json, &err, &rc, &path);

	assert_int_equal(rc, -1);
	wr_err_text(&err, buf, sizeof buf);
	if (strstr(buf, want) == NULL || strstr(buf, path) == NULL)
		print_error("got: %s\nwant: %s\n", buf, want);
	assert_non_null(strstr(buf, want));
	assert_non_null(strstr(buf, path));
	free(path);
	rules_free(rs);
}

#define RULE_HEAD "{\"rules\": [{\"id\": \"t\", \"title\": \"T {eventName}\"," \
	" \"p_level\": 3, \"description\": \"d\", \"refs\": [\"cis:4.1\"]," \
	" \"why\": \"w\", "

static void
test_load_errors(void **state)
{
	(void)state;
	load_fails("{\"rules\": [", "invalid JSON near byte");
	load_fails("{\"rulez\": []}", "rulez: unknown key");
	load_fails(RULE_HEAD "\"events\": [\"X\"], \"colour\": 1}]}",
	    "rules[0] (t): colour: unknown key");
	load_fails(RULE_HEAD "\"match\": {\"path\": \"a\", \"eqq\": 1}}]}",
	    "rules[0] (t): match.eqq: unknown operator 'eqq'");
	load_fails(RULE_HEAD "\"match\": {\"all\": [{\"path\": \"a\","
	    " \"eq\": 1}, {\"path\": \"a..b\", \"eq\": 1}]}}]}",
	    "match.all[1].path: bad path 'a..b'");
	load_fails(RULE_HEAD "\"match\": {\"path\": \"@nope\", \"eq\": 1}}]}",
	    "unknown computed field '@nope'");
	load_fails(RULE_HEAD "\"match\": {\"path\": \"a\", \"regex\":"
	    " \"(\"}}]}",
	    "match.regex: bad regex");
	load_fails(RULE_HEAD "\"match\": {\"path\": \"a\", \"policy\":"
	    " \"x\"}}]}",
	    "policy is one of");
	load_fails(RULE_HEAD "\"match\": {\"path\": \"a\", \"eq\": 1,"
	    " \"ne\": 2}}]}", "one operator per condition");
	load_fails("{\"rules\": [{\"id\": \"t\", \"title\": \"x\","
	    " \"p_level\": 5,"
	    " \"description\": \"d\", \"refs\": [], \"why\": \"w\","
	    " \"events\": [\"X\"]}]}", "p_level: p_level is 1, 2, 3 or 4");
	load_fails("{\"rules\": [{\"id\": \"t\", \"title\": \"x\","
	    " \"p_level\": 1,"
	    " \"description\": \"d\", \"why\": \"w\", \"events\": [\"X\"]}]}",
	    "refs: missing");
	load_fails("{\"rules\": [{\"id\": \"t\", \"title\": \"x\","
	    " \"p_level\": 1,"
	    " \"description\": \"d\", \"why\": \"w\", \"events\": [\"X\"],"
	    " \"refs\": [\"foo:1\"]}]}", "refs: 'foo:1'");
	load_fails(RULE_HEAD "\"events\": [\"X\"], \"group\": \"{a\"}]}",
	    "group: unclosed '{'");
	load_fails(RULE_HEAD "\"events\": [\"X\"], \"group\": \"{a|up}\"}]}",
	    "group: unknown filter 'up'");
	load_fails(RULE_HEAD "\"events\": [\"X\"], \"window\": {\"count\": 0,"
	    " \"minutes\": 5}}]}", "window.count");
	load_fails("{\"rules\": [{\"id\": \"Bad Id\"}]}", "rules[0]: id:");
	load_fails(RULE_HEAD "\"events\": [\"X\"]}, {\"id\": \"t\"}]}",
	    "rules[1]: id: 't' already defined");
	load_fails(RULE_HEAD "\"outcome\": \"maybe\", \"events\": [\"X\"]}]}",
	    "outcome: success, failure or any");
}

static void
test_load_project_rules(void **state)
{
	struct ruleset *rs = tr_rules();
	struct rule_info ri;
	int i;

	(void)state;
	assert_true(rules_count(rs) >= 100);
	for (i = 0; i < rules_count(rs); i++) {
		assert_int_equal(rules_info(rs, i, &ri), 0);
		assert_true(ri.nrefs > 0);
		assert_true(ri.p_level >= 1 && ri.p_level <= 4);
		assert_true(ri.description[0] != '\0');
	}
	assert_int_equal(rules_info(rs, i, &ri), -1);
	assert_true(rules_find(rs, "cloudtrail-stopped") >= 0);
	assert_int_equal(rules_find(rs, "no-such-rule"), -1);
	rules_free(rs);
}

/* Evaluate one JSON record against a ruleset; hits into hs. */
static void
eval_json(struct ruleset *rs, const char *rec, int windows,
    struct tr_hits *hs)
{
	cJSON *j = cJSON_Parse(rec);

	assert_non_null(j);
	tr_eval(rs, j, windows, hs);
	cJSON_Delete(j);
}

static int
fires(struct ruleset *rs, const char *rec)
{
	struct tr_hits hs;

	eval_json(rs, rec, 1, &hs);
	return (tr_find(&hs, "t") != NULL);
}

/* One rule "t" on events [X] with the given match. */
static struct ruleset *
one(const char *match)
{
	char *json = xasprintf(RULE_HEAD "\"events\": [\"X\"], \"outcome\": "
	    "\"any\", \"match\": %s}]}", match);
	struct ruleset *rs = load_ok(json);

	free(json);
	return (rs);
}

#define EV(body) "{\"eventName\": \"X\", \"eventSource\":" \
	" \"x.amazonaws.com\"," \
	" \"recipientAccountId\": \"111122223333\", " body "}"

static void
test_ops_basic(void **state)
{
	struct ruleset *rs;

	(void)state;
	rs = one("{\"path\": \"requestParameters.a\", \"eq\": \"v\"}");
	assert_true(fires(rs, EV("\"requestParameters\": {\"a\": \"v\"}")));
	assert_false(fires(rs, EV("\"requestParameters\": {\"a\": \"V\"}")));
	assert_false(fires(rs, EV("\"requestParameters\": null")));
	assert_false(fires(rs, "{\"eventName\": \"Y\", \"requestParameters\":"
	    " {\"a\": \"v\"}}"));
	rules_free(rs);

	rs = one("{\"path\": \"requestParameters.a\", \"eq\": \"v\","
	    " \"icase\": true}");
	assert_true(fires(rs, EV("\"requestParameters\": {\"a\": \"V\"}")));
	rules_free(rs);

	rs = one("{\"path\": \"requestParameters.a\", \"ne\": \"v\"}");
	assert_true(fires(rs, EV("\"requestParameters\": {\"a\": \"w\"}")));
	assert_true(fires(rs, EV("\"requestParameters\": {}")));
	assert_false(fires(rs, EV("\"requestParameters\": {\"a\": \"v\"}")));
	rules_free(rs);

	rs = one("{\"path\": \"requestParameters.b\", \"eq\": false}");
	assert_true(fires(rs, EV("\"requestParameters\": {\"b\": false}")));
	assert_true(fires(rs, EV("\"requestParameters\": {\"b\": \"false\"}")));
	assert_false(fires(rs, EV("\"requestParameters\": {\"b\": true}")));
	rules_free(rs);

	rs = one("{\"path\": \"a\", \"in\": [\"x\", 7]}");
	assert_true(fires(rs, EV("\"a\": 7")));
	assert_true(fires(rs, EV("\"a\": \"x\"")));
	assert_false(fires(rs, EV("\"a\": 7.5")));
	rules_free(rs);
}

static void
test_ops_strings(void **state)
{
	struct ruleset *rs;

	(void)state;
	rs = one("{\"path\": \"a\", \"prefix\": \"arn:\"}");
	assert_true(fires(rs, EV("\"a\": \"arn:aws\"")));
	assert_false(fires(rs, EV("\"a\": \"xarn:\"")));
	rules_free(rs);
	rs = one("{\"path\": \"a\", \"suffix\": \"/Admin\"}");
	assert_true(fires(rs, EV("\"a\": \"policy/Admin\"")));
	assert_false(fires(rs, EV("\"a\": \"Admin/x\"")));
	rules_free(rs);
	rs = one("{\"path\": \"a\", \"glob\": [\"p3.*\", \"g?.x\"]}");
	assert_true(fires(rs, EV("\"a\": \"p3.16xlarge\"")));
	assert_true(fires(rs, EV("\"a\": \"g5.x\"")));
	assert_false(fires(rs, EV("\"a\": \"t3.micro\"")));
	rules_free(rs);
	rs = one("{\"path\": \"a\", \"regex\": \"^i-[0-9a-f]+$\"}");
	assert_true(fires(rs, EV("\"a\": \"i-0abc\"")));
	assert_false(fires(rs, EV("\"a\": \"i-xyz\"")));
	rules_free(rs);
	/* contains on an object searches every string inside it. */
	rs = one("{\"path\": \"requestParameters\", \"contains\":"
	    " \"AllUsers\"}");
	assert_true(fires(rs, EV("\"requestParameters\": {\"g\": [{\"u\":"
	    " \"http://acs/AllUsers\"}]}")));
	assert_false(fires(rs, EV("\"requestParameters\": {\"g\": 1}")));
	rules_free(rs);
}

static void
test_ops_exists_numbers_arrays(void **state)
{
	struct ruleset *rs;

	(void)state;
	rs = one("{\"path\": \"a.b\", \"exists\": false}");
	assert_true(fires(rs, EV("\"a\": null")));
	assert_true(fires(rs, EV("\"a\": {\"b\": null}")));
	assert_false(fires(rs, EV("\"a\": {\"b\": \"\"}")));
	rules_free(rs);
	rs = one("{\"path\": \"a\", \"ge\": 20}");
	assert_true(fires(rs, EV("\"a\": 20")));
	assert_true(fires(rs, EV("\"a\": \"25\"")));
	assert_false(fires(rs, EV("\"a\": \"2x\"")));
	assert_false(fires(rs, EV("\"a\": 19.9")));
	rules_free(rs);
	/* Arrays fan out: any element may satisfy the condition. */
	rs = one("{\"path\": \"r.items.t\", \"eq\": \"p3.2xlarge\"}");
	assert_true(fires(rs, EV("\"r\": {\"items\": [{\"t\": \"t3\"},"
	    " {\"t\": \"p3.2xlarge\"}]}")));
	assert_false(fires(rs, EV("\"r\": {\"items\": []}")));
	rules_free(rs);
	rs = one("{\"path\": \"r.items.1.t\", \"eq\": \"b\"}");
	assert_true(fires(rs, EV("\"r\": {\"items\": [{\"t\": \"a\"},"
	    " {\"t\": \"b\"}]}")));
	assert_false(fires(rs, EV("\"r\": {\"items\": [{\"t\": \"b\"}]}")));
	rules_free(rs);
	rs = one("{\"path\": \"r.items#\", \"ge\": 3}");
	assert_true(fires(rs, EV("\"r\": {\"items\": [1, 2, 3]}")));
	assert_false(fires(rs, EV("\"r\": {\"items\": [1, 2]}")));
	assert_false(fires(rs, EV("\"r\": null")));
	rules_free(rs);
}

static void
test_ops_paths_and_virtual(void **state)
{
	struct ruleset *rs;

	(void)state;
	rs = one("{\"not\": {\"path\": \"userIdentity.arn\", \"suffix_path\":"
	    " \"requestParameters.userName\"}}");
	assert_false(fires(rs, EV("\"userIdentity\": {\"arn\": \"a:user/bob\"},"
	    " \"requestParameters\": {\"userName\": \"bob\"}")));
	/* "jackson" does not end in "/jack" at a name boundary. */
	assert_true(fires(rs, EV("\"userIdentity\": {\"arn\": "
	    "\"a:user/jackson\"}, \"requestParameters\": {\"userName\":"
	    " \"son\"}")));
	assert_true(fires(rs, EV("\"userIdentity\": {\"arn\": \"a:user/jack\"},"
	    " \"requestParameters\": {\"userName\": \"jackson\"}")));
	rules_free(rs);
	rs = one("{\"not\": {\"path\": \"k\", \"contains_path\":"
	    " \"@account\"}}");
	assert_false(fires(rs, EV("\"k\":"
	    " \"arn:aws:kms:x:111122223333:key/1\"")));
	assert_true(fires(rs, EV("\"k\":"
	    " \"arn:aws:kms:x:444455556666:key/1\"")));
	rules_free(rs);
	rs = one("{\"all\": [{\"path\": \"@actor_kind\", \"eq\": \"root\"},"
	    " {\"path\": \"@success\", \"eq\": false}]}");
	assert_true(fires(rs, EV("\"userIdentity\": {\"type\": \"Root\"},"
	    " \"errorCode\": \"AccessDenied\"")));
	assert_false(fires(rs, EV("\"userIdentity\": {\"type\": \"Root\"}")));
	assert_false(fires(rs, EV("\"userIdentity\": {\"type\": \"IAMUser\"},"
	    " \"errorCode\": \"AccessDenied\"")));
	rules_free(rs);
}

static void
test_policy_helpers(void **state)
{
	struct ruleset *rs;

	(void)state;
	rs = one("{\"path\": \"p\", \"policy\": \"public\"}");
	assert_true(fires(rs, EV("\"p\": {\"Statement\": {\"Effect\": "
	    "\"Allow\", \"Principal\": \"*\", \"Action\":"
	    " \"s3:GetObject\"}}")));
	/* A string document, and a URL-encoded one. */
	assert_true(fires(rs, EV("\"p\": \"{\\\"Statement\\\":"
	    " [{\\\"Effect\\\":"
	    " \\\"Allow\\\", \\\"Principal\\\": {\\\"AWS\\\":"
	    " \\\"*\\\"}}]}\"")));
	assert_true(fires(rs, EV("\"p\": \"%7B%22Statement%22%3A%5B%7B%22Effect"
	    "%22%3A%22Allow%22%2C%22Principal%22%3A%22*%22%7D%5D%7D\"")));
	/* Deny, a service principal, or a pinning condition: not public. */
	assert_false(fires(rs, EV("\"p\": {\"Statement\": {\"Effect\": "
	    "\"Deny\", \"Principal\": \"*\"}}")));
	assert_false(fires(rs, EV("\"p\": {\"Statement\": {\"Effect\": "
	    "\"Allow\", \"Principal\": {\"Service\":"
	    " \"ec2.amazonaws.com\"}}}")));
	assert_false(fires(rs, EV("\"p\": {\"Statement\": {\"Effect\": "
	    "\"Allow\", \"Principal\": \"*\", \"Condition\": {\"StringEquals\":"
	    " {\"aws:SourceAccount\": \"111122223333\"}}}}")));
	/* sts:ExternalId does not pin the caller. */
	assert_true(fires(rs, EV("\"p\": {\"Statement\": {\"Effect\": "
	    "\"Allow\", \"Principal\": \"*\", \"Condition\": {\"StringEquals\":"
	    " {\"sts:ExternalId\": \"1\"}}}}")));
	assert_false(fires(rs, EV("\"p\": \"not json\"")));
	rules_free(rs);

	rs = one("{\"path\": \"p\", \"policy\": \"foreign\"}");
	assert_true(fires(rs, EV("\"p\": {\"Statement\": [{\"Effect\": "
	    "\"Allow\", \"Principal\": {\"AWS\": [\"arn:aws:iam::111122223333:"
	    "root\", \"arn:aws:iam::444455556666:root\"]}}]}")));
	assert_true(fires(rs, EV("\"p\": {\"Statement\": [{\"Effect\": "
	    "\"Allow\", \"Principal\": {\"AWS\": \"444455556666\"}}]}")));
	assert_false(fires(rs, EV("\"p\": {\"Statement\": [{\"Effect\": "
	    "\"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:"
	    "role/x\"}}]}")));
	rules_free(rs);

	rs = one("{\"path\": \"p\", \"policy\": \"admin\"}");
	assert_true(fires(rs, EV("\"p\": {\"Statement\": [{\"Effect\": "
	    "\"Allow\", \"Action\": [\"*\"], \"Resource\": \"*\"}]}")));
	assert_false(fires(rs, EV("\"p\": {\"Statement\": [{\"Effect\": "
	    "\"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]}")));
	rules_free(rs);
}

static void
test_templates_levels_outcome(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;

	(void)state;
	rs = load_ok("{\"rules\": [{\"id\": \"t\", \"title\": "
	    "\"Stopped: {requestParameters.name|basename} {missing.x}!\","
	    " \"p_level\": 2, \"description\": \"d\", \"refs\": [\"cis:4.5\"],"
	    " \"events\": [\"StopLogging\"], \"why\": \"by {@actor}\","
	    " \"group\": \"{requestParameters.name|basename|lower}\","
	    " \"levels\": [{\"when\": {\"path\": \"requestParameters.name\","
	    " \"prefix\": \"arn:\"}, \"p_level\": 1, \"title\": \"ARN {"
	    "requestParameters.name|basename}\"}]}]}");
	eval_json(rs, "{\"eventName\": \"StopLogging\", \"requestParameters\":"
	    " {\"name\": \"IR-Trail\"}}", 1, &hs);
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.h[0].title, "Stopped: IR-Trail !");
	assert_string_equal(hs.h[0].group, "ir-trail");
	assert_int_equal(hs.h[0].p_level, 2);
	eval_json(rs, "{\"eventName\": \"StopLogging\", \"requestParameters\":"
	    " {\"name\": \"arn:aws:cloudtrail:us-east-1:1:trail/IR-Trail\"}}",
	    1, &hs);
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.h[0].title, "ARN IR-Trail");
	assert_string_equal(hs.h[0].group, "ir-trail");
	assert_int_equal(hs.h[0].p_level, 1);
	/* The default outcome is success: a refused call does not fire. */
	eval_json(rs, "{\"eventName\": \"StopLogging\", \"errorCode\": "
	    "\"AccessDenied\"}", 1, &hs);
	assert_int_equal(hs.n, 0);
	rules_free(rs);
}

static void
test_disabled_and_insight(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;
	struct ct_event ev;
	cJSON *j;
	int n;

	(void)state;
	rs = load_ok("{\"rules\": [{\"id\": \"off\", \"title\": \"t\","
	    " \"p_level\": 4, \"description\": \"d\", \"refs\": [\"cis:4.1\"],"
	    " \"events\": [\"*\"], \"why\": \"w\", \"enabled\": false},"
	    " {\"id\": \"ins\", \"title\": \"t\", \"p_level\": 3,"
	    " \"description\": \"d\", \"refs\": [\"cis:4.1\"], \"why\": \"w\","
	    " \"insight\": true, \"outcome\": \"any\"}]}");
	j = cJSON_Parse("{\"eventName\": \"RunInstances\"}");
	event_read(j, &ev);
	n = rules_eval(rs, &ev, NULL, NULL);
	assert_int_equal(n, 0);
	tr_eval(rs, j, 0, &hs);		/* RULES_DISABLED */
	assert_non_null(tr_find(&hs, "off"));
	assert_null(tr_find(&hs, "ins"));
	cJSON_Delete(j);
	j = cJSON_Parse("{\"eventType\": \"AwsCloudTrailInsight\","
	    " \"insightDetails\": {\"state\": \"Start\"}}");
	tr_eval(rs, j, 0, &hs);
	assert_int_equal(hs.n, 1);
	assert_non_null(tr_find(&hs, "ins"));
	cJSON_Delete(j);
	rules_free(rs);
}

static char *
timed(const char *id, const char *who, int minute)
{
	return (xasprintf("{\"eventName\": \"X\", \"eventID\": \"%s\","
	    " \"eventTime\": \"2026-11-02T10:%02d:00Z\", \"userIdentity\":"
	    " {\"type\": \"IAMUser\", \"arn\": \"arn:aws:iam::1:user/%s\"}}",
	    id, minute, who));
}

static void
test_windows(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;
	char *rec;
	int i;

	(void)state;
	rs = load_ok("{\"rules\": [{\"id\": \"t\", \"title\": \"{@count}\","
	    " \"p_level\": 3, \"description\": \"d\", \"refs\": [\"cis:4.1\"],"
	    " \"why\": \"w\", \"events\": [\"X\"], \"window\": {\"count\": 3,"
	    " \"minutes\": 10}}]}");
	/* alice: minutes 0, 20 (window expired), 25, 28 -> fires at 28. */
	for (i = 0; i < 4; i++) {
		static const int mins[] = { 0, 20, 25, 28 };
		char id[16];

		snprintf(id, sizeof id, "a%d", i);
		rec = timed(id, "alice", mins[i]);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, i == 3 ? 1 : 0);
		/* bob, twice within the window, stays below the count. */
		if (i < 2)
			continue;
		rec = timed("b", "bob", mins[i]);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, 0);
	}
	/* Fired: counting starts again, so 29 and 30 do not fire. */
	for (i = 29; i <= 31; i++) {
		char id[16];

		snprintf(id, sizeof id, "a%d", i);
		rec = timed(id, "alice", i);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, i == 31 ? 1 : 0);
	}
	assert_string_equal(hs.h[0].title, "3");
	assert_int_equal(hs.h[0].n_window, 2);
	/* Without windows every match fires. */
	rec = timed("c", "carol", 0);
	eval_json(rs, rec, 0, &hs);
	free(rec);
	assert_int_equal(hs.n, 1);
	rules_free(rs);
}

static void
test_window_distinct(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;
	char who[16], *rec;
	int i;

	(void)state;
	rs = load_ok("{\"rules\": [{\"id\": \"t\", \"title\": \"{@count}\","
	    " \"p_level\": 2, \"description\": \"d\", \"refs\":"
	    " [\"cis:4.6\"], \"why\": \"w\", \"events\": [\"X\"],"
	    " \"window\": {\"count\": 3, \"minutes\": 60, \"key\": \"all\","
	    " \"distinct\": \"{userIdentity.arn}\"}}]}");
	/* One user failing ten times is not three users. */
	for (i = 0; i < 10; i++) {
		rec = timed("a", "alice", i);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, 0);
	}
	rec = timed("b", "bob", 11);
	eval_json(rs, rec, 1, &hs);
	free(rec);
	assert_int_equal(hs.n, 0);
	for (i = 0; i < 2; i++) {
		snprintf(who, sizeof who, "carol%d", i);
		rec = timed("c", who, 12 + i);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, i == 0 ? 1 : 0);
		if (i == 0)
			assert_string_equal(hs.h[0].title, "3");
	}
	rules_free(rs);
}

static void
test_window_many_keys(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;
	char who[32], *rec;
	int i;

	(void)state;
	rs = load_ok(RULE_HEAD "\"events\": [\"X\"], \"window\": "
	    "{\"count\": 2, \"minutes\": 1}}]}");
	/* 100k distinct keys: the table grows and purges idle keys. */
	for (i = 0; i < 100000; i++) {
		snprintf(who, sizeof who, "u%d", i);
		rec = timed("e", who, i / 2000);
		eval_json(rs, rec, 1, &hs);
		free(rec);
		assert_int_equal(hs.n, 0);
	}
	rules_free(rs);
}

static char *
seq_rec(const char *name, const char *user, int minute)
{
	return (xasprintf("{\"eventName\": \"%s\", \"eventSource\":"
	    " \"iam.amazonaws.com\", \"eventID\": \"%s-%s\", \"eventTime\":"
	    " \"2026-11-02T%02d:%02d:00Z\", \"recipientAccountId\": \"1\","
	    " \"requestParameters\": {\"userName\": \"%s\"}}", name, name,
	    user, 10 + minute / 60, minute % 60, user));
}

static int
seq_fires(struct ruleset *rs, const char *name, const char *user,
    int minute, struct tr_hits *hs)
{
	char *rec = seq_rec(name, user, minute);

	eval_json(rs, rec, 1, hs);
	free(rec);
	return (tr_find(hs, "admin") != NULL);
}

static void
test_sequences(void **state)
{
	struct ruleset *rs;
	struct tr_hits hs;

	(void)state;
	rs = load_ok("{\"rules\": [{\"id\": \"created\", \"title\": \"c\","
	    " \"p_level\": 4, \"description\": \"d\", \"refs\":"
	    " [\"cis:4.4\"], \"why\": \"w\", \"events\": [\"CreateUser\"]},"
	    " {\"id\": \"admin\", \"title\": \"a\", \"p_level\": 2,"
	    " \"description\": \"d\", \"refs\": [\"cis:4.4\"], \"why\":"
	    " \"w\", \"events\": [\"AttachUserPolicy\"], \"after\":"
	    " {\"rules\": [\"created\"], \"minutes\": 60, \"key\":"
	    " \"{requestParameters.userName}\"}}]}");
	/* Admin first, user later: not the pattern. */
	assert_false(seq_fires(rs, "AttachUserPolicy", "ann", 0, &hs));
	assert_false(seq_fires(rs, "CreateUser", "ann", 1, &hs));
	assert_true(seq_fires(rs, "AttachUserPolicy", "ann", 20, &hs));
	/* The prior record is handed over for linking. */
	assert_int_equal(hs.h[0].n_window, 1);
	/* Another user, or too late, does not count. */
	assert_false(seq_fires(rs, "AttachUserPolicy", "bob", 21, &hs));
	assert_false(seq_fires(rs, "CreateUser", "cy", 30, &hs));
	assert_false(seq_fires(rs, "AttachUserPolicy", "cy", 91, &hs));
	/* Judged alone (windows off), the sequence is not required. */
	{
		char *rec = seq_rec("AttachUserPolicy", "dee", 0);

		eval_json(rs, rec, 0, &hs);
		free(rec);
		assert_non_null(tr_find(&hs, "admin"));
	}
	rules_free(rs);
}

static void
test_sequence_unknown_rule(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/a.json", dir);
	const char *json = "{\"rules\": [{\"id\": \"x\", \"title\": \"t\","
	    " \"p_level\": 2, \"description\": \"d\", \"refs\":"
	    " [\"cis:4.4\"], \"why\": \"w\", \"events\": [\"A\"],"
	    " \"after\": {\"rules\": [\"nope\"], \"minutes\": 5, \"key\":"
	    " \"k\"}}]}";
	struct ruleset *rs;
	struct wr_err err;
	char buf[512];

	(void)state;
	tu_write(path, json, strlen(json));
	assert_int_equal(rules_load_dir(dir, &rs, &err), -1);
	wr_err_text(&err, buf, sizeof buf);
	assert_non_null(strstr(buf, "a.json"));
	assert_non_null(strstr(buf, "after.rules: no rule 'nope'"));
	free(path);
	free(dir);
}

/* Insert a finding row for the escalation test; its ext_id is tag. */
static void
add_finding(struct store *s, int64_t inc, const char *tag,
    const char *principal, int p, const char *status, int flags)
{
	struct wr_err err;
	char *sql = xasprintf("INSERT INTO findings(incident_id, source,"
	    " ext_id, type, principal, p_level, p_base, status, flags)"
	    " VALUES(%lld, 'rule', '%s', 't', '%s', %d, %d, '%s', %d)",
	    (long long)inc, tag, principal, p, p, status, flags);

	assert_int_equal(store_exec(s, sql, &err), 0);
	free(sql);
}

static int
level_of(struct store *s, const char *tag)
{
	sqlite3_stmt *st;
	int p = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), "SELECT p_level FROM"
	    " findings WHERE ext_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		p = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (p);
}

/* finding_escalate (core/finding.c) over a set, in any order. */
static void
test_escalate(void **state)
{
	struct store *s = tu_store();
	const char *a = "arn:aws:iam::111122223333:user/alice";
	const char *b = "arn:aws:iam::111122223333:user/bob";
	struct wr_err err;

	(void)state;
	add_finding(s, 1, "a3", a, 3, "open", 0);
	assert_int_equal(finding_escalate(s, 1, &err), 0);
	assert_int_equal(level_of(s, "a3"), 3);
	add_finding(s, 1, "a2", a, 2, "open", 0);
	add_finding(s, 2, "other", a, 4, "open", 0);
	assert_int_equal(finding_escalate(s, 1, &err), 0);
	assert_int_equal(level_of(s, "a3"), 2);
	/* Alone at P2 on its own base, a2 has no other P1/P2 to lean on. */
	assert_int_equal(level_of(s, "a2"), 2);
	assert_int_equal(level_of(s, "other"), 4);
	/* Resolved, sample and low findings do not escalate others. */
	add_finding(s, 1, "b1r", b, 1, "resolved", 0);
	add_finding(s, 1, "b1s", b, 1, "open", 0x01);
	add_finding(s, 1, "b3", b, 3, "open", 0);
	assert_int_equal(finding_escalate(s, 1, &err), 0);
	assert_int_equal(level_of(s, "b3"), 3);
	/* Once the P2 is gone, the level falls back: no memory of order. */
	assert_int_equal(store_exec(s, "UPDATE findings SET status ="
	    " 'resolved' WHERE ext_id = 'a2'", &err), 0);
	assert_int_equal(finding_escalate(s, 1, &err), 0);
	assert_int_equal(level_of(s, "a3"), 3);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_project_rules),
		cmocka_unit_test(test_ops_basic),
		cmocka_unit_test(test_ops_strings),
		cmocka_unit_test(test_ops_exists_numbers_arrays),
		cmocka_unit_test(test_ops_paths_and_virtual),
		cmocka_unit_test(test_policy_helpers),
		cmocka_unit_test(test_templates_levels_outcome),
		cmocka_unit_test(test_disabled_and_insight),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_window_distinct),
		cmocka_unit_test(test_window_many_keys),
		cmocka_unit_test(test_sequences),
		cmocka_unit_test(test_sequence_unknown_rule),
		cmocka_unit_test(test_escalate),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
