/*
 * Containment offers: from GuardDuty findings in both case styles
 * (access key, role session, instance, buckets, root), from the ARN a
 * rule names, and from checklist steps whose call is bound or not yet;
 * a finding ingested with the real playbooks offers deactivate-key
 * first and links the playbook's own step.
 */
#include "tests/unit/testutil.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/action_offer.h"
#include "core/checklist.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/util.h"

static void
offers_of_raw(const char *raw, struct action_offers *out)
{
	struct finding f;

	memset(&f, 0, sizeof f);
	f.source = "guardduty";
	f.raw = raw;
	f.raw_len = strlen(raw);
	action_offer_finding(&f, NULL, out);
}

static void
offers_of_fixture(const char *name, struct action_offers *out)
{
	char *path = tu_fixture(name), *raw = tu_read(path, NULL);

	offers_of_raw(raw, out);
	free(raw);
	free(path);
}

static void
assert_offer(const struct action_offers *o, int i, const char *action,
    const char *resource, const char *params)
{
	assert_true(i < o->n);
	assert_string_equal(o->v[i].def->name, action);
	assert_string_equal(o->v[i].resource, resource);
	assert_string_equal(o->v[i].params, params);
}

static void
test_access_key(void **state)
{
	struct action_offers o;

	(void)state;
	offers_of_fixture("contain/gd-access-key.json", &o);
	assert_int_equal(o.n, 3);
	assert_offer(&o, 0, "deactivate-key", "AKIAMALLORYEXAMPLE01",
	    "{\"user\":\"mallory\"}");
	assert_string_equal(o.v[0].note, "user mallory");
	assert_offer(&o, 1, "quarantine-user", "mallory", "");
	assert_offer(&o, 2, "delete-login-profile", "mallory", "");
}

static void
test_role_session_pascal(void **state)
{
	struct action_offers o;

	(void)state;
	offers_of_fixture("contain/gd-role-session.json", &o);
	/* A session key cannot be deactivated: the role's sessions go. */
	assert_int_equal(o.n, 1);
	assert_offer(&o, 0, "revoke-sessions", "web-role", "");
}

static void
test_instance_and_buckets(void **state)
{
	struct action_offers o;

	(void)state;
	offers_of_fixture("contain/gd-instance.json", &o);
	assert_int_equal(o.n, 2);
	assert_offer(&o, 0, "isolate-instance", "i-0miner0example0001", "");
	assert_offer(&o, 1, "stop-instance", "i-0miner0example0001", "");

	/* The finding's own resource first, then who changed it. */
	offers_of_fixture("contain/gd-buckets.json", &o);
	assert_int_equal(o.n, 5);
	assert_offer(&o, 0, "block-public-bucket", "customer-exports", "");
	assert_offer(&o, 1, "block-public-bucket", "customer-exports-logs",
	    "");
	assert_offer(&o, 2, "deactivate-key", "AKIAOPSEXAMPLE000001",
	    "{\"user\":\"ops\"}");
	assert_offer(&o, 3, "quarantine-user", "ops", "");
}

static void
test_root_and_nothing(void **state)
{
	struct action_offers o;
	struct finding f;

	(void)state;
	offers_of_fixture("contain/gd-root.json", &o);
	assert_int_equal(o.n, 0);
	assert_non_null(strstr(o.why, "root"));

	memset(&f, 0, sizeof f);
	f.source = "rule";
	f.principal = "ip:198.51.100.23";
	action_offer_finding(&f, NULL, &o);
	assert_int_equal(o.n, 0);
	assert_non_null(strstr(o.why, "names no access key"));

	/* Raw text that is not JSON: the principal still counts. */
	offers_of_raw("{not json", &o);
	assert_int_equal(o.n, 0);
}

static void
test_rule_principals(void **state)
{
	struct action_offers o;
	struct finding f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.source = "rule";
	f.principal = "arn:aws:iam::111122223333:user/dev/alice";
	action_offer_finding(&f, "AKIAALICEEXAMPLE0001", &o);
	assert_int_equal(o.n, 3);
	assert_offer(&o, 0, "deactivate-key", "AKIAALICEEXAMPLE0001",
	    "{\"user\":\"alice\"}");
	assert_offer(&o, 1, "quarantine-user", "alice", "");

	/* No key from the events: the user only. */
	action_offer_finding(&f, NULL, &o);
	assert_offer(&o, 0, "quarantine-user", "alice", "");

	/* A session key is not a key we deactivate. */
	action_offer_finding(&f, "ASIAALICEEXAMPLE0001", &o);
	assert_offer(&o, 0, "quarantine-user", "alice", "");

	f.principal = "arn:aws:iam::111122223333:role/app-role";
	action_offer_finding(&f, NULL, &o);
	assert_int_equal(o.n, 1);
	assert_offer(&o, 0, "revoke-sessions", "app-role", "");

	f.principal = "arn:aws:sts::111122223333:assumed-role/app-role/i-0ab";
	action_offer_finding(&f, NULL, &o);
	assert_offer(&o, 0, "revoke-sessions", "app-role", "");

	f.principal = "AKIABAREKEYEXAMPLE01";
	action_offer_finding(&f, NULL, &o);
	assert_int_equal(o.n, 1);
	assert_offer(&o, 0, "deactivate-key", "AKIABAREKEYEXAMPLE01", "");
	assert_string_equal(o.v[0].note, "user (the key's owner)");

	/* A resource line naming a key. */
	f.principal = "arn:aws:iam::111122223333:user/bob";
	f.resource = "access key AKIABOBEXAMPLE000001 (bob)";
	action_offer_finding(&f, NULL, &o);
	assert_offer(&o, 0, "deactivate-key", "AKIABOBEXAMPLE000001",
	    "{\"user\":\"bob\"}");
}

static void
step_ok(const char *json, const char *action, const char *resource,
    const char *params)
{
	struct action_offer o;
	char why[160];

	if (action_offer_step(json, &o, why, sizeof why) == -1)
		fail_msg("%s: %s", json, why);
	assert_string_equal(o.def->name, action);
	assert_string_equal(o.resource, resource);
	assert_string_equal(o.params, params);
}

static void
step_no(const char *json, const char *reason)
{
	struct action_offer o;
	char why[160];

	assert_int_equal(action_offer_step(json, &o, why, sizeof why), -1);
	if (strstr(why, reason) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", json, why, reason);
}

static void
test_steps(void **state)
{
	(void)state;
	step_ok("{\"api\":\"iam:UpdateAccessKey\",\"params\":{\"UserName\":"
	    "\"alice\",\"AccessKeyId\":\"AKIAALICEEXAMPLE0001\",\"Status\":"
	    "\"Inactive\"}}", "deactivate-key", "AKIAALICEEXAMPLE0001",
	    "{\"user\":\"alice\"}");
	/* The owner unknown: the key alone is enough. */
	step_ok("{\"api\":\"iam:UpdateAccessKey\",\"params\":{\"UserName\":"
	    "\"(which user?)\",\"AccessKeyId\":\"AKIAALICEEXAMPLE0001\","
	    "\"Status\":\"Inactive\"}}", "deactivate-key",
	    "AKIAALICEEXAMPLE0001", "");
	step_no("{\"api\":\"iam:UpdateAccessKey\",\"params\":{\"UserName\":"
	    "\"alice\",\"AccessKeyId\":\"(which access key?)\",\"Status\":"
	    "\"Inactive\"}}", "the step's access key is not known yet");
	step_no("{\"api\":\"iam:UpdateAccessKey\",\"params\":{\"AccessKeyId\":"
	    "\"AKIAALICEEXAMPLE0001\",\"Status\":\"Active\"}}",
	    "does not set the key Inactive");
	step_ok("{\"api\":\"iam:DeleteLoginProfile\",\"params\":{\"UserName\":"
	    "\"alice\"}}", "delete-login-profile", "alice", "");
	step_no("{\"api\":\"iam:DeleteLoginProfile\",\"params\":{\"UserName\":"
	    "\"(which user?)\"}}", "the step's user is not known yet");
	step_no("{\"api\":\"iam:DeleteLoginProfile\",\"params\":{\"UserName\":"
	    "\"{user}\"}}", "the step's user is not known yet");
	step_ok("{\"api\":\"iam:PutUserPolicy\",\"params\":{\"UserName\":"
	    "\"alice\",\"PolicyName\":\"IRDenyAll\",\"PolicyDocument\":"
	    "\"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Deny\\\",\\\"Action\\\":"
	    "\\\"*\\\",\\\"Resource\\\":\\\"*\\\"}]}\"}}", "quarantine-user",
	    "alice", "");
	step_no("{\"api\":\"iam:PutUserPolicy\",\"params\":{\"UserName\":"
	    "\"alice\",\"PolicyDocument\":\"{\\\"Statement\\\":{\\\"Effect\\\":"
	    "\\\"Allow\\\",\\\"Action\\\":\\\"*\\\",\\\"Resource\\\":"
	    "\\\"*\\\"}}\"}}", "not a deny-all");
	step_ok("{\"api\":\"iam:PutRolePolicy\",\"params\":{\"RoleName\":"
	    "\"app-role\",\"PolicyDocument\":\"{\\\"Condition\\\":{"
	    "\\\"DateLessThan\\\":{\\\"aws:TokenIssueTime\\\":"
	    "\\\"(which now?)\\\"}}}\"}}", "revoke-sessions", "app-role", "");
	step_no("{\"api\":\"iam:PutRolePolicy\",\"params\":{\"RoleName\":"
	    "\"(which role?)\",\"PolicyDocument\":\"aws:TokenIssueTime\"}}",
	    "the step's role is not known yet");
	step_ok("{\"api\":\"ec2:ModifyInstanceAttribute\",\"params\":{"
	    "\"InstanceId\":\"i-0abc\",\"Groups\":[\"(which group?)\"]}}",
	    "isolate-instance", "i-0abc", "");
	step_no("{\"api\":\"ec2:ModifyInstanceAttribute\",\"params\":{"
	    "\"InstanceId\":\"i-0abc\",\"DisableApiTermination\":{\"Value\":"
	    "true}}}", "does not set");
	step_ok("{\"api\":\"s3:PutPublicAccessBlock\",\"params\":{\"Bucket\":"
	    "\"leaky\"}}", "block-public-bucket", "leaky", "");
	step_ok("{\"api\":\"ec2:StopInstances\",\"params\":{\"InstanceIds\":"
	    "[\"i-0abc\"]}}", "stop-instance", "i-0abc", "");
	step_ok("{\"api\":\"ec2:TerminateInstances\",\"params\":{"
	    "\"InstanceIds\":[\"i-0abc\"]}}", "terminate-instance", "i-0abc",
	    "");
	step_no("{\"api\":\"ec2:StopInstances\",\"params\":{\"InstanceIds\":"
	    "[\"(which instance?)\"]}}", "the step's instance is not known");
	step_no("{\"api\":\"iam:DeleteAccessKey\",\"params\":{}}",
	    "warroom does not run iam:DeleteAccessKey");
	step_no("{\"params\":{}}", "no AWS call");
	step_no("not json", "no AWS call");
	step_no(NULL, "no AWS call");
}

/* The fixture ingested with the real playbooks attached. */
static void
test_ingested_with_playbook(void **state)
{
	struct playbook_set *set;
	struct action_offers o;
	struct ingest_ctx ic;
	struct wr_err err;
	struct store *s = tu_store();
	char *dir = tu_data("playbooks"), *path;
	int64_t inc, item;

	(void)state;
	if (playbook_load_dir(dir, &set, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	assert_int_equal(incident_create(s, tu_op("alice"), "Leaked key",
	    "credential", 0, &inc, &err), 0);
	ingest_init(&ic, s, inc, tu_op("alice"));
	ic.finding_hook = playbook_finding_hook;
	ic.hook_arg = set;
	path = tu_fixture("contain/gd-access-key.json");
	assert_int_equal(ingest_path(&ic, path), 0);
	assert_int_equal(action_offer_of(s, 1, &o, &err), 0);
	assert_offer(&o, 0, "deactivate-key", "AKIAMALLORYEXAMPLE01",
	    "{\"user\":\"mallory\"}");
	/* The playbook's deactivate step is the item it ticks. */
	item = action_offer_item(s, inc, &o.v[0]);
	assert_true(item > 0);
	assert_int_equal(action_offer_item(s, inc, &o.v[1]) > 0, 1);
	strlcpy_wr(o.v[0].resource, "AKIAOTHEREXAMPLE0001",
	    sizeof o.v[0].resource);
	assert_int_equal(action_offer_item(s, inc, &o.v[0]), 0);
	assert_int_equal(action_offer_of(s, 999, &o, &err), -1);
	free(path);
	free(dir);
	playbook_set_free(set);
	store_close(s);
}

/* The first finding of a GetFindings page in the corpus, as raw text. */
static char *
corpus_finding(const char *rel)
{
	char *path = tu_corpus(rel), *text, *out;
	cJSON *doc, *f;

	if (path == NULL)
		return (NULL);
	text = tu_read(path, NULL);
	doc = cJSON_Parse(text);
	f = cJSON_GetObjectItem(doc, "Findings");
	out = cJSON_PrintUnformatted(f != NULL ? cJSON_GetArrayItem(f, 0) :
	    doc);
	cJSON_Delete(doc);
	free(text);
	free(path);
	return (out);
}

static void
test_corpus(void **state)
{
	struct action_offers o;
	char *raw;

	(void)state;
	/* PascalCase, an IAM user's session key: the user, not the key. */
	if ((raw = corpus_finding("aws-cli-examples/"
	    "guardduty__get-findings__output1.json")) == NULL)
		return;
	offers_of_raw(raw, &o);
	cJSON_free(raw);
	assert_offer(&o, 0, "quarantine-user", "testuser", "");
	raw = corpus_finding("guardduty-sentinel-integration/sample-findings/"
	    "iam-findings/cloudtrail-logging-disabled.json");
	assert_non_null(raw);
	offers_of_raw(raw, &o);
	cJSON_free(raw);
	assert_offer(&o, 0, "deactivate-key", "AKIAIOSFODNN7EXAMPLE",
	    "{\"user\":\"security-admin\"}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_access_key),
		cmocka_unit_test(test_role_session_pascal),
		cmocka_unit_test(test_instance_and_buckets),
		cmocka_unit_test(test_root_and_nothing),
		cmocka_unit_test(test_rule_principals),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_ingested_with_playbook),
		cmocka_unit_test(test_corpus),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
