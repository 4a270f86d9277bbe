/*
 * The investigation view on the Stratus Red Team detonation logs: each
 * technique's principal, its events in the right groups, and the
 * derived items naming what the technique created (the backdoor user,
 * role, key, function permission, trust anchor...) with its region and
 * the event that made it.  Then playbook_derive puts them on the
 * checklist, once.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/investigate.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

struct fixture {
	struct store	*s;
	int64_t		 inc;
};

static struct fixture fx;
static int have_corpus;

static int
setup(void **state)
{
	struct ingest_ctx	 ic;
	struct wr_err		 err;
	char			*dir;

	(void)state;
	if ((dir = tu_corpus("stratus-red-team/detonation-logs")) == NULL)
		return (0);
	have_corpus = 1;
	fx.s = tu_store();
	if (incident_create(fx.s, tu_op("alice"), "Stratus", "exercise", 1,
	    &fx.inc, &err) == -1)
		fail_msg("%s", err.msg);
	ingest_init(&ic, fx.s, fx.inc, tu_op("alice"));
	if (ingest_path(&ic, dir) == -1)
		fail_msg("ingest of %s failed", dir);
	assert_int_equal(ic.totals.failed, 0);
	assert_int_equal(ic.totals.records, 207);
	free(dir);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	if (fx.s != NULL)
		store_close(fx.s);
	return (0);
}

static struct investigation *
run(const char *principal)
{
	struct investigation	*inv;
	struct wr_err		 err;

	if (investigate_run(fx.s, fx.inc, principal, TIME_NONE, TIME_NONE,
	    &inv, &err) == -1)
		fail_msg("investigate %s: %s", principal, err.msg);
	return (inv);
}

static int
has_event(const struct investigation *inv, const char *name, int group)
{
	int	i, n = 0;

	for (i = 0; i < inv->nev; i++) {
		if (strcmp(inv->ev[i].name, name) == 0 &&
		    inv->ev[i].group == group)
			n++;
	}
	return (n);
}

/* The item of kind naming resource, with text containing words. */
static const struct inv_item *
item(const struct investigation *inv, int kind, const char *resource,
    const char *words)
{
	int	i;

	for (i = 0; i < inv->nitems; i++) {
		if (inv->items[i].kind == kind &&
		    strcmp(inv->items[i].resource, resource) == 0 &&
		    strstr(inv->items[i].text, words) != NULL)
			return (&inv->items[i]);
	}
	for (i = 0; i < inv->nitems; i++)
		printf("  item %d %s [%s] %s\n", inv->items[i].kind,
		    inv->items[i].what, inv->items[i].resource,
		    inv->items[i].text);
	fail_msg("no item %s / \"%s\" for %s", resource, words,
	    inv->principal);
	return (NULL);
}

#define SKIP_NO_CORPUS() do {						\
	if (!have_corpus) {						\
		skip();							\
		return;							\
	}								\
} while (0)

static void
test_admin_user(void **state)
{
	struct investigation	*inv;
	const struct inv_item	*it;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::229654561268:user/christophe");
	assert_int_equal(inv->nev, 3);
	assert_int_equal(inv->count[INV_IAM], 3);
	assert_int_equal(has_event(inv, "CreateUser", INV_IAM), 1);
	it = item(inv, INV_ERADICATE, "malicious-iam-user",
	    "Delete IAM user malicious-iam-user");
	assert_string_equal(it->region, "ap-isob-central-3r");
	assert_string_equal(it->event_id,
	    "3346344c-5a3e-429e-8405-420f98f75d6e");
	assert_string_equal(it->event_name, "CreateUser");
	it = item(inv, INV_ERADICATE, "AKIAXAFZN8JEPF6L682H",
	    "of IAM user malicious-iam-user");
	assert_string_equal(it->event_id,
	    "94faedcc-0fa4-46e6-9322-022e8e934f04");
	item(inv, INV_ERADICATE, "malicious-iam-user", "Detach "
	    "arn:aws:iam::aws:policy/AdministratorAccess from IAM user");
	/* Rotation: the compromised key itself, and the user it touched. */
	item(inv, INV_ROTATE, "AKIAOZUDECYXYM4ONAN4", "compromised access "
	    "key AKIAOZUDECYXYM4ONAN4 of IAM user christophe");
	item(inv, INV_ROTATE, "malicious-iam-user", "Rotate the access keys");
	investigate_free(inv);

	/* The same, asked by access key. */
	inv = run("AKIAOZUDECYXYM4ONAN4");
	assert_int_equal(inv->nev, 3);
	investigate_free(inv);
}

static void
test_backdoor_roles(void **state)
{
	struct investigation	*inv;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::609418236337:user/christophe");
	item(inv, INV_ERADICATE, "stratus-red-team-malicious-iam-role",
	    "Delete IAM role stratus-red-team-malicious-iam-role");
	item(inv, INV_ERADICATE, "stratus-red-team-malicious-iam-role",
	    "Detach arn:aws:iam::aws:policy/AdministratorAccess from IAM "
	    "role");
	item(inv, INV_ROTATE, "stratus-red-team-malicious-iam-role",
	    "could assume it");
	investigate_free(inv);

	inv = run("arn:aws:iam::751203476945:user/christophe");
	assert_int_equal(has_event(inv, "UpdateAssumeRolePolicy", INV_IAM), 1);
	item(inv, INV_ERADICATE, "stratus-red-team-backdoor-r-role",
	    "Revert the trust policy");
	investigate_free(inv);
}

static void
test_lambda_and_anchor(void **state)
{
	struct investigation	*inv;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::880896431042:user/christophe");
	assert_int_equal(has_event(inv, "AddPermission20150331v2",
	    INV_CHANGED), 1);
	item(inv, INV_ERADICATE, "stratus-red-team-backdoor-f-func",
	    "Remove statement backdoor from the resource policy");
	investigate_free(inv);

	inv = run("arn:aws:iam::712967571683:user/christophe");
	item(inv, INV_ERADICATE, "arn:aws:lambda:eugov-eastcentral-1r:"
	    "712967571683:function:stratus-red-team-lambda-layer-simpleLambda",
	    "Restore the configuration");
	investigate_free(inv);

	inv = run("arn:aws:iam::791182566784:user/christophe");
	assert_int_equal(inv->count[INV_IAM], 2);
	item(inv, INV_ERADICATE, "arn:aws:rolesanywhere:cn-northsouth-3r:"
	    "791182566784:profile/910042eb-8463-427d-8095-6fd60ac303d9",
	    "Roles Anywhere profile");
	assert_true(inv->nitems >= 3);
	investigate_free(inv);
}

static void
test_data_and_sharing(void **state)
{
	struct investigation	*inv;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::756680937392:user/christophe");
	assert_int_equal(has_event(inv, "ModifySnapshotAttribute", INV_DATA),
	    1);
	item(inv, INV_ERADICATE, "snap-041993b54a9b3af6f", "Stop sharing EBS "
	    "snapshot snap-041993b54a9b3af6f with 098797384747");
	investigate_free(inv);

	inv = run("arn:aws:iam::118238665043:user/christophe");
	item(inv, INV_ERADICATE, "ami-de1fbCab6ccB03e6D", "with 846424999548");
	investigate_free(inv);

	inv = run("arn:aws:iam::903144391865:user/christophe");
	assert_int_equal(inv->count[INV_DATA], 20);
	assert_int_equal(has_event(inv, "ListSecrets", INV_OTHER), 1);
	assert_true(inv->nitems > 1);
	assert_int_equal(inv->items[0].kind, INV_ROTATE);
	investigate_free(inv);
}

static void
test_tampering(void **state)
{
	struct investigation	*inv;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::847129010505:user/christophe");
	assert_int_equal(inv->count[INV_TAMPER], 1);
	item(inv, INV_ERADICATE,
	    "stratus-red-team-cloudtraild-trail-kvrwohmiai",
	    "Re-create trail");
	investigate_free(inv);
	inv = run("arn:aws:iam::958312252124:user/christophe");
	assert_int_equal(has_event(inv, "PutEventSelectors", INV_TAMPER), 1);
	investigate_free(inv);
	inv = run("arn:aws:iam::206821776919:user/christophe");
	assert_int_equal(has_event(inv, "DeleteResolverQueryLogConfig",
	    INV_TAMPER), 1);
	item(inv, INV_ERADICATE, "rqlc-4473f20ca554c07", "query logging");
	investigate_free(inv);
}

/*
 * An attempt to stop logging that AWS refused is still an attempt at
 * tampering: it is listed there, with its error, not among the denied.
 */
static void
test_denied_tamper_attempt(void **state)
{
	static const char text[] = "{\"Records\":[{\"eventVersion\":\"1.08\","
	    "\"eventID\":\"t-1\",\"eventTime\":\"2026-12-01T08:00:00Z\","
	    "\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":"
	    "\"StopLogging\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":"
	    "\"203.0.113.9\",\"errorCode\":\"AccessDenied\",\"userIdentity\":"
	    "{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/"
	    "eve\",\"accountId\":\"111122223333\",\"accessKeyId\":"
	    "\"AKIAQA2EXAMPLE00042\",\"userName\":\"eve\"},"
	    "\"requestParameters\":{\"name\":\"mgmt\"}}]}";
	struct investigation	*inv;
	struct ingest_ctx	 ic;
	struct ingest_file	 f;
	struct store		*s = tu_store();
	struct wr_err		 err;
	int64_t			 inc;

	(void)state;
	assert_int_equal(incident_create(s, tu_op("alice"), "t",
	    "compromised-iam-access-key", 0, &inc, &err), 0);
	ingest_init(&ic, s, inc, tu_op("alice"));
	assert_int_equal(ingest_buffer(&ic, "t.json", text, strlen(text), &f),
	    0);
	assert_int_equal(investigate_run(s, inc, "AKIAQA2EXAMPLE00042",
	    TIME_NONE, TIME_NONE, &inv, &err), 0);
	assert_int_equal(has_event(inv, "StopLogging", INV_TAMPER), 1);
	assert_int_equal(inv->count[INV_DENIED], 0);
	/* Refused: nothing to repair, so no eradication item for it. */
	assert_int_equal(inv->nitems > 0 && inv->items[inv->nitems -
	    1].kind == INV_ERADICATE, 0);
	investigate_free(inv);
	store_close(s);
}

/* A user key that assumed a role answers for what the session did. */
static void
test_sessions_followed(void **state)
{
	struct investigation	*inv;
	int			 i, via = 0;

	(void)state;
	SKIP_NO_CORPUS();
	inv = run("arn:aws:iam::457448411975:user/christophe");
	assert_int_equal(inv->nsessions, 2);
	assert_int_equal(has_event(inv, "AssumeRole", INV_IAM), 2);
	assert_int_equal(has_event(inv, "AssumeRole", INV_DENIED), 2);
	assert_int_equal(has_event(inv, "GetPasswordData", INV_DENIED), 30);
	for (i = 0; i < inv->nev; i++)
		via += inv->ev[i].via_session;
	assert_int_equal(via, 30);
	assert_int_equal(inv->count[INV_DENIED], 32);
	/* Timeline order holds across the two passes. */
	for (i = 1; i < inv->nev; i++)
		assert_true(inv->ev[i - 1].time_ms <= inv->ev[i].time_ms);
	item(inv, INV_ROTATE, "arn:aws:iam::457448411975:role/"
	    "stratus-red-team-ec2-get-password-data-role", "assumed it");
	investigate_free(inv);

	/* Asked as the role: the session ARN maps to the role. */
	inv = run("arn:aws:sts::457448411975:assumed-role/stratus-red-team-"
	    "ec2-get-password-data-role/aws-go-sdk-1722375070115152000");
	assert_string_equal(inv->principal, "arn:aws:iam::457448411975:role/"
	    "stratus-red-team-ec2-get-password-data-role");
	assert_int_equal(inv->count[INV_DENIED], 30);
	item(inv, INV_ROTATE, inv->principal, "compromised principal");
	investigate_free(inv);

	inv = run("arn:aws:iam::742491224508:user/stratus-red-team-user-"
	    "federation-user");
	item(inv, INV_ROTATE, "arn:aws:sts::742491224508:federated-user/"
	    "stratus_red_team", "cannot be revoked");
	assert_int_equal(has_event(inv, "GetCallerIdentity", INV_OTHER), 1);
	investigate_free(inv);
}

static void
test_window(void **state)
{
	struct investigation	*inv;
	struct wr_err		 err;
	int64_t			 since, until, t;

	(void)state;
	SKIP_NO_CORPUS();
	/* No finding: 90 days before the principal's first event. */
	assert_int_equal(investigate_window(fx.s, fx.inc,
	    "arn:aws:iam::229654561268:user/christophe", &since, &until,
	    &err), 0);
	assert_int_equal(time_parse_iso("2024-08-01T13:33:28Z", &t), 0);
	assert_true(since == t - 90LL * 86400000);
	assert_true(until >= t);
	/* An explicit window that ends before the technique sees nothing. */
	if (investigate_run(fx.s, fx.inc, "AKIAOZUDECYXYM4ONAN4",
	    t - 86400000, t - 1000, &inv, &err) == -1)
		fail_msg("%s", err.msg);
	assert_int_equal(inv->nev, 0);
	assert_int_equal(inv->nitems, 0);
	investigate_free(inv);
	assert_int_equal(investigate_run(fx.s, fx.inc, "", TIME_NONE,
	    TIME_NONE, &inv, &err), -1);
	assert_int_equal(err.code, WR_ERR_USAGE);
}

struct derived {
	int	n;
	int	user_ok, key_ok, rotate;
};

static int
check_derived(const struct check_item *it, void *arg)
{
	struct derived	*d = arg;

	if (strcmp(it->playbook_id, "evidence") != 0)
		return (0);
	d->n++;
	if (strcmp(it->resource, "malicious-iam-user") == 0 &&
	    it->phase == PHASE_ERADICATION &&
	    strcmp(it->region, "ap-isob-central-3r") == 0 &&
	    strcmp(it->source_event,
	    "3346344c-5a3e-429e-8405-420f98f75d6e") == 0 &&
	    strstr(it->text, "CreateUser") != NULL)
		d->user_ok = 1;
	if (strcmp(it->resource, "AKIAXAFZN8JEPF6L682H") == 0 &&
	    strcmp(it->source_event,
	    "94faedcc-0fa4-46e6-9322-022e8e934f04") == 0)
		d->key_ok = 1;
	d->rotate += it->phase == PHASE_RECOVERY;
	return (0);
}

static void
test_derive_to_checklist(void **state)
{
	struct derived	 d;
	struct wr_err	 err;
	int		 n;
	const char	*who = "arn:aws:iam::229654561268:user/christophe";

	(void)state;
	SKIP_NO_CORPUS();
	n = playbook_derive(fx.s, tu_op("warroom"), fx.inc, who, &err);
	if (n == -1)
		fail_msg("%s", err.msg);
	assert_int_equal(n, 5);
	memset(&d, 0, sizeof d);
	assert_int_equal(checklist_each(fx.s, fx.inc, check_derived, &d,
	    &err), 0);
	assert_int_equal(d.n, 5);
	assert_true(d.user_ok && d.key_ok);
	assert_int_equal(d.rotate, 2);
	/* Deriving again adds nothing. */
	assert_int_equal(playbook_derive(fx.s, tu_op("warroom"), fx.inc, who,
	    &err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_admin_user),
		cmocka_unit_test(test_backdoor_roles),
		cmocka_unit_test(test_lambda_and_anchor),
		cmocka_unit_test(test_data_and_sharing),
		cmocka_unit_test(test_tampering),
		cmocka_unit_test(test_denied_tamper_attempt),
		cmocka_unit_test(test_sessions_followed),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_derive_to_checklist),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
