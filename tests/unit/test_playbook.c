/*
 * Playbook files: every shipped playbook loads and is well formed, bad
 * files fail with the file and the key named, triggers match GuardDuty
 * types (with wildcards), rule ids and billing signals, placeholders
 * bind.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/playbook.h"
#include "core/util.h"

static const char *const shipped[] = {
	"compromised-iam-access-key",
	"compromised-role-session",
	"crypto-mining-unauthorized-ec2",
	"s3-bucket-public-customer-data",
	"insider-backdoor-iam",
	"root-account-compromise",
	"ransomware-s3",
	"persistence-backdoors",
};
#define NSHIPPED ((int)(sizeof shipped / sizeof shipped[0]))

static struct playbook_set *
load_shipped(void)
{
	struct playbook_set	*set = NULL;
	struct wr_err		 err;
	char			*dir = tu_data("playbooks");

	if (playbook_load_dir(dir, &set, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(dir);
	return (set);
}

static void
test_shipped_load(void **state)
{
	struct playbook_set	*set = load_shipped();
	const struct playbook	*pb;
	int			 i, j, phases;

	(void)state;
	assert_int_equal(set->n, NSHIPPED);
	for (i = 0; i < NSHIPPED; i++) {
		pb = playbook_find(set, shipped[i]);
		if (pb == NULL)
			fail_msg("playbook %s not shipped", shipped[i]);
		assert_true(pb->ngd + pb->nrules + pb->nbilling > 0);
		/* Every playbook covers the five response phases. */
		phases = 0;
		for (j = 0; j < pb->nsteps; j++)
			phases |= 1 << pb->steps[j].phase;
		if ((phases & (1 << PHASE_CONTAINMENT)) == 0 ||
		    (phases & (1 << PHASE_INVESTIGATION)) == 0 ||
		    (phases & (1 << PHASE_ERADICATION)) == 0 ||
		    (phases & (1 << PHASE_RECOVERY)) == 0 ||
		    (phases & (1 << PHASE_POST_INCIDENT)) == 0)
			fail_msg("%s lacks a phase (mask %x)", pb->id, phases);
	}
	playbook_set_free(set);
}

/* The compromised-key playbook: real API calls, the steps in order. */
static void
test_key_playbook(void **state)
{
	struct playbook_set	*set = load_shipped();
	const struct playbook	*pb;
	const struct pb_step	*st;

	(void)state;
	pb = playbook_find(set, "compromised-iam-access-key");
	assert_non_null(pb);
	assert_string_equal(pb->version, "1.0.0");
	st = &pb->steps[0];
	assert_string_equal(st->id, "deactivate-key");
	assert_int_equal(st->phase, PHASE_CONTAINMENT);
	assert_int_equal(st->ord, 0);
	assert_string_equal(st->owner, "responder");
	assert_non_null(st->action);
	assert_non_null(strstr(st->action, "\"api\":\"iam:UpdateAccessKey\""));
	assert_non_null(strstr(st->action, "\"Status\":\"Inactive\""));
	assert_non_null(st->verify);
	assert_null(st->query);
	playbook_set_free(set);
}

struct bad_case {
	const char	*file;
	const char	*key;	/* must appear in the message */
	const char	*why;	/* and so must this */
};

static const struct bad_case bad[] = {
	{ "wrong-type.json", "phases.containment[1].text",
	  "expected a string, got a number" },
	{ "unknown-key.json", "phases.eradication[0]",
	  "unknown key \"verfy\"" },
	{ "missing-field.json", "version", "missing" },
	{ "missing-step-text.json", "phases.recovery[0].text", "missing" },
	{ "unknown-phase.json", "phases", "unknown key \"cleanup\"" },
	{ "bad-action.json", "phases.containment[0].action.api",
	  "is not service:ApiName" },
	{ "bad-placeholder.json", "phases.containment[0].text",
	  "unknown placeholder {acess_key}" },
	{ "no-triggers.json", "triggers", "no trigger" },
	{ "duplicate-step.json", "phases.eradication[0]", "used twice" },
	{ "bad-owner.json", "phases.containment[0]", "not a role" },
	{ "not-json.json", "", "not valid JSON" },
};

static void
test_bad_files(void **state)
{
	struct playbook_set	*set;
	struct wr_err		 err;
	char			*path;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		set = playbook_set_new();
		path = xasprintf("tests/fixtures/playbooks/%s", bad[i].file);
		wr_err_clear(&err);
		if (playbook_load_file(set, path, &err) == 0)
			fail_msg("%s loaded", bad[i].file);
		assert_int_equal(set->n, 0);
		assert_string_equal(err.where, path);
		if (strstr(err.msg, bad[i].key) == NULL ||
		    strstr(err.msg, bad[i].why) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\" / \"%s\"",
			    bad[i].file, err.msg, bad[i].key, bad[i].why);
		free(path);
		playbook_set_free(set);
	}
}

/* One bad file in a folder fails the folder, naming that file. */
static void
test_bad_dir(void **state)
{
	struct playbook_set	*set = NULL;
	struct wr_err		 err;

	(void)state;
	assert_int_equal(playbook_load_dir("tests/fixtures/playbooks", &set,
	    &err), -1);
	assert_null(set);
	assert_non_null(strstr(err.where, "tests/fixtures/playbooks/"));
	assert_int_equal(playbook_load_dir("tests/fixtures/nowhere", &set,
	    &err), -1);
	assert_string_equal(err.where, "tests/fixtures/nowhere");
}

static void
test_duplicate_id(void **state)
{
	struct playbook_set	*set = playbook_set_new();
	struct wr_err		 err;
	static const char	 text[] = "{\"id\":\"x\",\"title\":\"X\","
	    "\"version\":\"1\",\"triggers\":{\"rules\":[\"r\"]},"
	    "\"phases\":{\"containment\":[{\"id\":\"a\",\"text\":\"A\"}]}}";

	(void)state;
	assert_int_equal(playbook_load_text(set, "one.json", text, &err), 0);
	assert_int_equal(playbook_load_text(set, "two.json", text, &err), -1);
	assert_string_equal(err.where, "two.json");
	assert_non_null(strstr(err.msg, "already defined in one.json"));
	assert_int_equal(set->n, 1);
	playbook_set_free(set);
}

static void
test_triggers(void **state)
{
	struct playbook_set	*set = load_shipped();
	const struct playbook	*key, *mine, *s3;

	(void)state;
	key = playbook_find(set, "compromised-iam-access-key");
	mine = playbook_find(set, "crypto-mining-unauthorized-ec2");
	s3 = playbook_find(set, "s3-bucket-public-customer-data");
	assert_true(playbook_matches(key, "guardduty", "UnauthorizedAccess:"
	    "IAMUser/InstanceCredentialExfiltration.OutsideAWS"));
	assert_true(playbook_matches(key, "guardduty",
	    "Discovery:IAMUser/AnomalousBehavior"));
	assert_true(playbook_matches(key, "guardduty", "PenTest:IAMUser/"
	    "KaliLinux"));
	assert_false(playbook_matches(key, "guardduty",
	    "CryptoCurrency:EC2/BitcoinTool.B!DNS"));
	assert_true(playbook_matches(mine, "guardduty",
	    "CryptoCurrency:EC2/BitcoinTool.B!DNS"));
	assert_true(playbook_matches(s3, "guardduty",
	    "Policy:S3/BucketBlockPublicAccessDisabled"));
	/* The source decides which list is searched. */
	assert_false(playbook_matches(key, "rule",
	    "UnauthorizedAccess:IAMUser/TorIPCaller"));
	assert_true(playbook_matches(key, "rule",
	    "access-key-created-for-other"));
	assert_true(playbook_matches(key, "rule", "leaked-key-scanner-other"));
	assert_false(playbook_matches(key, "rule", "leaked-key"));
	assert_true(playbook_matches(mine, "billing",
	    "billing:cost-anomaly"));
	assert_false(playbook_matches(key, "inspector", "cost-anomaly"));
	assert_false(playbook_matches(key, "guardduty", ""));
	playbook_set_free(set);
}

static void
test_bind(void **state)
{
	struct pb_params	 p;
	char			*s;

	(void)state;
	memset(&p, 0, sizeof p);
	p.access_key = "AKIAEXAMPLE";
	p.user = "alice";
	s = playbook_bind("Deactivate {access_key} of {user} in {region}; "
	    "{\"Effect\":\"Deny\"} {}", &p);
	assert_string_equal(s,
	    "Deactivate AKIAEXAMPLE of alice in (which region?); "
	    "{\"Effect\":\"Deny\"} {}");
	free(s);
	s = playbook_bind("{user", NULL);
	assert_string_equal(s, "{user");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_key_playbook),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_dir),
		cmocka_unit_test(test_duplicate_id),
		cmocka_unit_test(test_triggers),
		cmocka_unit_test(test_bind),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
