/*
 * The checklist an ingest leaves behind, through the same path warroom
 * ingest takes (triage, rules, the playbook hook, then derivation): a
 * trail named once by name and once by ARN is one repair item, also
 * across ingest runs; a playbook with a trigger level attaches only on
 * a finding at that level, and the level is validated on load; items
 * made while a placeholder was unknown are filled in, on the record,
 * when later evidence binds it.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/playbook.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/triage.h"
#include "core/util.h"

#define ACCT	"111122223333"
#define ARN	"arn:aws:iam::" ACCT ":user/mallory"
#define KEY	"AKIAQA2EXAMPLE00009"

struct fx {
	struct store		*s;
	struct playbook_set	*set;
	struct ruleset		*rules;
	struct triage		*triage;
	int64_t			 inc;
};

static int
setup(void **state)
{
	struct fx	*x = xcalloc(1, sizeof *x);
	struct wr_err	 err;
	char		*p;

	x->s = tu_store();
	p = tu_data("playbooks");
	if (playbook_load_dir(p, &x->set, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(p);
	p = tu_data("rules");
	if (rules_load_dir(p, &x->rules, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(p);
	p = tu_data("triage.json");
	if (triage_load(p, &x->triage, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(p);
	if (incident_create(x->s, tu_op("alice"), "t",
	    "compromised-iam-access-key", 0, &x->inc, &err) == -1)
		fail_msg("%s", err.msg);
	*state = x;
	return (0);
}

static int
teardown(void **state)
{
	struct fx	*x = *state;

	playbook_set_free(x->set);
	rules_free(x->rules);
	triage_free(x->triage);
	store_close(x->s);
	free(x);
	return (0);
}

/* Ingest text as warroom ingest does, derivation included. */
static void
ingest(struct fx *x, const char *name, const char *text)
{
	struct ingest_ctx	 ic;
	struct ingest_file	 f;
	struct wr_err		 err;

	ingest_init(&ic, x->s, x->inc, tu_op("alice"));
	ic.rules = x->rules;
	ic.triage = x->triage;
	ic.finding_hook = playbook_finding_hook;
	ic.hook_arg = x->set;
	if (ingest_buffer(&ic, name, text, strlen(text), &f) == -1)
		fail_msg("%s: %s", name, f.reason);
	if (playbook_derive_all(x->s, tu_op("alice"), x->inc, &err) == -1)
		fail_msg("derive: %s", err.msg);
}

#define MALLORY "{\"type\":\"IAMUser\",\"principalId\":\"AIDAQA2\"," \
	"\"arn\":\"" ARN "\",\"accountId\":\"" ACCT "\"," \
	"\"accessKeyId\":\"" KEY "\",\"userName\":\"mallory\"}"
#define ROOT "{\"type\":\"Root\",\"principalId\":\"" ACCT "\"," \
	"\"arn\":\"arn:aws:iam::" ACCT ":root\",\"accountId\":\"" ACCT "\"," \
	"\"accessKeyId\":\"ASIAQA2ROOTEXAMPLE1\"}"

/* A CloudTrail record by who; extra is more members. */
static char *
rec_by(const char *who, const char *id, const char *time, const char *name,
    const char *src, const char *extra)
{
	return (xasprintf("{\"eventVersion\":\"1.08\",\"eventID\":\"%s\","
	    "\"eventTime\":\"%s\",\"eventSource\":\"%s.amazonaws.com\","
	    "\"eventName\":\"%s\",\"awsRegion\":\"us-east-1\","
	    "\"sourceIPAddress\":\"203.0.113.50\",\"userIdentity\":%s,"
	    "\"recipientAccountId\":\"" ACCT "\"%s}", id, time, src, name,
	    who, extra));
}

/* The same by mallory's key. */
static char *
rec(const char *id, const char *time, const char *name, const char *src,
    const char *extra)
{
	return (rec_by(MALLORY, id, time, name, src, extra));
}

/* {"Records":[r]}, freeing r. */
static char *
file_of(char *r)
{
	char	*d = xasprintf("{\"Records\":[%s]}", r);

	free(r);
	return (d);
}

/* -1 never attached, 0 attached, 1 dropped. */
static int
pb_status(struct fx *x, const char *id)
{
	sqlite3_stmt	*st;
	int		 rc = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(x->s), "SELECT dropped"
	    " FROM playbooks_attached WHERE incident_id = ? AND"
	    " playbook_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, x->inc);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return (rc);
}

static int
has_finding(struct fx *x, const char *type)
{
	sqlite3_stmt	*st;
	int		 n;

	assert_int_equal(sqlite3_prepare_v2(store_db(x->s), "SELECT COUNT(*)"
	    " FROM findings WHERE incident_id = ? AND type = ?", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, x->inc);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return (n);
}

static char *
trail_file(const char *id, const char *time, const char *trail)
{
	char	*extra, *r, *d;

	extra = xasprintf(",\"requestParameters\":{\"name\":\"%s\"},"
	    "\"responseElements\":null", trail);
	r = rec(id, time, "StopLogging", "cloudtrail", extra);
	d = xasprintf("{\"Records\":[%s]}", r);
	free(extra);
	free(r);
	return (d);
}

struct grep {
	const char	*needle;
	int		 n;
	char		 last[512];
};

static int
grep_item(const struct check_item *it, void *arg)
{
	struct grep	*g = arg;

	if (strstr(it->text, g->needle) != NULL) {
		g->n++;
		strlcpy_wr(g->last, it->text, sizeof g->last);
	}
	return (0);
}

static int
items_with(struct fx *x, const char *needle)
{
	struct grep	 g;
	struct wr_err	 err;

	memset(&g, 0, sizeof g);
	g.needle = needle;
	assert_int_equal(checklist_each(x->s, x->inc, grep_item, &g, &err),
	    0);
	return (g.n);
}

static void
test_trail_name_and_arn_one_item(void **state)
{
	struct fx	*x = *state;
	char		*a, *b, *c;

	a = trail_file("st-1", "2026-12-01T10:00:00Z", "mgmt");
	b = trail_file("st-2", "2026-12-01T10:05:00Z",
	    "arn:aws:cloudtrail:us-east-1:" ACCT ":trail/mgmt");
	ingest(x, "a.json", a);
	ingest(x, "b.json", b);
	assert_int_equal(items_with(x, "Restart logging on trail mgmt"), 1);
	assert_int_equal(items_with(x, "trail/mgmt"), 0);
	/* Another trail is its own item. */
	c = trail_file("st-3", "2026-12-01T10:06:00Z", "org-trail");
	ingest(x, "c.json", c);
	assert_int_equal(items_with(x, "Restart logging on trail "), 2);
	free(a);
	free(b);
	free(c);
}

/*
 * Root use at P2 (a console login, a read) is a finding, not a root
 * compromise: the root playbook (triggers.level P1) waits for a P1 root
 * signal, such as a root access key.
 */
static void
test_root_playbook_at_its_level(void **state)
{
	struct fx	*x = *state;
	char		*d;

	d = file_of(rec_by(ROOT, "r-1", "2026-12-01T08:00:00Z",
	    "ConsoleLogin", "signin", ",\"responseElements\":{"
	    "\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{"
	    "\"MFAUsed\":\"Yes\"}"));
	ingest(x, "login.json", d);
	free(d);
	d = file_of(rec_by(ROOT, "r-2", "2026-12-01T08:01:00Z",
	    "ListBuckets", "s3", ""));
	ingest(x, "read.json", d);
	free(d);
	assert_int_equal(has_finding(x, "root-console-login"), 1);
	assert_int_equal(has_finding(x, "root-read-activity"), 1);
	assert_int_equal(pb_status(x, "root-account-compromise"), -1);
	d = file_of(rec_by(ROOT, "r-3", "2026-12-01T08:02:00Z",
	    "CreateAccessKey", "iam", ",\"requestParameters\":{},"
	    "\"responseElements\":{\"accessKey\":{\"accessKeyId\":"
	    "\"AKIAQA2ROOTKEY00001\",\"status\":\"Active\"}}"));
	ingest(x, "key.json", d);
	free(d);
	assert_int_equal(has_finding(x, "root-access-key-created"), 1);
	assert_int_equal(pb_status(x, "root-account-compromise"), 0);
}

/* GuardDuty finding id with severity sev, updated at time. */
static char *
gd_root(double sev, const char *updated)
{
	return (xasprintf("[{\"schemaVersion\":\"2.0\",\"accountId\":\""
	    ACCT "\",\"region\":\"us-east-1\",\"id\":\"gd-root-1\","
	    "\"type\":\"Policy:IAMUser/RootCredentialUsage\",\"severity\":"
	    "%.1f,\"createdAt\":\"2026-12-01T08:00:00.000Z\",\"updatedAt\":"
	    "\"%s\",\"title\":\"Root used\",\"description\":\"d\","
	    "\"resource\":{\"resourceType\":\"AccessKey\"},\"service\":{"
	    "\"count\":1,\"eventFirstSeen\":\"2026-12-01T08:00:00.000Z\","
	    "\"eventLastSeen\":\"%s\"}}]", sev, updated, updated));
}

/*
 * A GuardDuty finding that GuardDuty raises later (same id, newer
 * updatedAt, now High) attaches the playbook its first, low version
 * did not.
 */
static void
test_updated_finding_reaches_level(void **state)
{
	struct fx	*x = *state;
	char		*d;

	d = gd_root(2.0, "2026-12-01T08:00:00.000Z");
	ingest(x, "gd-low.json", d);
	free(d);
	assert_int_equal(has_finding(x, "Policy:IAMUser/RootCredentialUsage"),
	    1);
	assert_int_equal(pb_status(x, "root-account-compromise"), -1);
	d = gd_root(9.5, "2026-12-01T09:00:00.000Z");
	ingest(x, "gd-high.json", d);
	free(d);
	assert_int_equal(has_finding(x, "Policy:IAMUser/RootCredentialUsage"),
	    1);
	assert_int_equal(pb_status(x, "root-account-compromise"), 0);
}

/* An admin policy attached (P2) leaves the insider playbook out. */
static void
test_insider_playbook_at_its_level(void **state)
{
	struct fx	*x = *state;
	char		*d;

	d = file_of(rec("i-1", "2026-12-01T09:00:00Z", "AttachUserPolicy",
	    "iam", ",\"requestParameters\":{\"userName\":\"helper\","
	    "\"policyArn\":\"arn:aws:iam::aws:policy/AdministratorAccess\"}"));
	ingest(x, "attach.json", d);
	free(d);
	assert_int_equal(has_finding(x, "iam-admin-policy-attached"), 1);
	assert_int_equal(pb_status(x, "insider-backdoor-iam"), -1);
}

/* triggers.level is validated like every other key. */
static void
test_trigger_level_validated(void **state)
{
	static const char tmpl[] = "{\"id\":\"t\",\"title\":\"T\","
	    "\"version\":\"1\",\"triggers\":{\"rules\":[\"x\"],"
	    "\"level\":%s},\"phases\":{\"containment\":[{\"id\":\"a\","
	    "\"text\":\"do it\"}]}}";
	struct playbook_set	*set;
	struct wr_err		 err;
	char			*t;

	(void)state;
	set = playbook_set_new();
	t = xasprintf(tmpl, "\"P2\"");
	assert_int_equal(playbook_load_text(set, "ok.json", t, &err), 0);
	assert_int_equal(set->v[0].trigger_level, 2);
	assert_true(playbook_level_ok(&set->v[0], 1));
	assert_true(playbook_level_ok(&set->v[0], 2));
	assert_false(playbook_level_ok(&set->v[0], 3));
	free(t);
	playbook_set_free(set);
	set = playbook_set_new();
	t = xasprintf(tmpl, "\"high\"");
	assert_int_equal(playbook_load_text(set, "bad.json", t, &err), -1);
	assert_non_null(strstr(err.where, "bad.json"));
	assert_non_null(strstr(err.msg, "triggers.level"));
	free(t);
	playbook_set_free(set);
}

/* Ingest, then refill as wiring_after does. */
static int
ingest_refill(struct fx *x, const char *name, const char *text)
{
	struct wr_err	 err;
	int		 n;

	ingest(x, name, text);
	if ((n = playbook_refill(x->s, x->set, tu_op("alice"), x->inc,
	    &err)) == -1)
		fail_msg("refill: %s", err.msg);
	return (n);
}

struct item_of {
	const char	*step;
	int64_t		 id;
	int		 done;
	char		 text[1024];
	char		 action[1024];
};

static int
find_step(const struct check_item *it, void *arg)
{
	struct item_of	*w = arg;

	if (strcmp(it->playbook_id, "compromised-iam-access-key") == 0 &&
	    strcmp(it->step_id, w->step) == 0) {
		w->id = it->id;
		w->done = it->done;
		strlcpy_wr(w->text, it->text, sizeof w->text);
		strlcpy_wr(w->action, it->action != NULL ? it->action : "",
		    sizeof w->action);
	}
	return (0);
}

static struct item_of
step_item(struct fx *x, const char *step)
{
	struct item_of	 w;
	struct wr_err	 err;

	memset(&w, 0, sizeof w);
	w.step = step;
	assert_int_equal(checklist_each(x->s, x->inc, find_step, &w, &err),
	    0);
	assert_true(w.id > 0);
	return (w);
}

static int
audit_rows(struct fx *x, const char *action, const char *after_has)
{
	sqlite3_stmt	*st;
	int		 n;

	assert_int_equal(sqlite3_prepare_v2(store_db(x->s), "SELECT COUNT(*)"
	    " FROM audit WHERE action = ? AND instr(after, ?) > 0", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, after_has, -1, SQLITE_STATIC);
	n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return (n);
}

/*
 * GuardDuty names the key but not its user: the key playbook's items
 * ask "(which user?)".  The key's CloudTrail events, ingested later,
 * say whose it is: the open items are filled in (text and action), the
 * key already bound stays, a ticked item is left as it was done, and
 * each change is on the audit log.
 */
static void
test_late_evidence_refills(void **state)
{
	static const char gd[] = "{\"Findings\":[{\"schemaVersion\":\"2.0\","
	    "\"accountId\":\"" ACCT "\",\"region\":\"us-east-1\","
	    "\"partition\":\"aws\",\"id\":\"qa2gd0001\",\"arn\":"
	    "\"arn:aws:guardduty:us-east-1:" ACCT ":detector/d/finding/"
	    "qa2gd0001\",\"type\":"
	    "\"UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom\","
	    "\"resource\":{\"resourceType\":\"AccessKey\","
	    "\"accessKeyDetails\":{\"accessKeyId\":\"" KEY "\","
	    "\"principalId\":\"AIDAQA2\",\"userType\":\"IAMUser\"}},"
	    "\"severity\":8,\"createdAt\":\"2026-12-01T10:00:00.000Z\","
	    "\"updatedAt\":\"2026-12-01T10:00:00.000Z\",\"title\":\"t\","
	    "\"description\":\"d\",\"service\":{\"count\":1,"
	    "\"eventFirstSeen\":\"2026-12-01T10:00:00.000Z\","
	    "\"eventLastSeen\":\"2026-12-01T10:00:00.000Z\"}}]}";
	struct fx	*x = *state;
	struct item_of	 deact, other, ticked;
	struct wr_err	 err;
	char		*d;

	assert_int_equal(ingest_refill(x, "gd.json", gd), 0);
	assert_int_equal(pb_status(x, "compromised-iam-access-key"), 0);
	deact = step_item(x, "deactivate-key");
	assert_non_null(strstr(deact.text, "key " KEY " of user "
	    "(which user?)"));
	assert_non_null(strstr(deact.action, "\"UserName\":\"(which user?)\""));
	ticked = step_item(x, "deny-all");
	assert_non_null(strstr(ticked.text, "(which user?)"));
	assert_int_equal(checklist_tick(x->s, tu_op("alice"), ticked.id, 1,
	    &err), 0);

	d = file_of(rec("k-1", "2026-12-01T09:59:00Z", "ListBuckets", "s3",
	    ""));
	assert_true(ingest_refill(x, "trail.json", d) > 0);
	free(d);
	deact = step_item(x, "deactivate-key");
	assert_non_null(strstr(deact.text, "Deactivate the access key " KEY
	    " of user mallory. Set it Inactive"));
	assert_null(strstr(deact.action, "(which"));
	assert_non_null(strstr(deact.action, "\"UserName\":\"mallory\""));
	assert_non_null(strstr(deact.action, "\"AccessKeyId\":\"" KEY "\""));
	other = step_item(x, "second-key");
	assert_non_null(strstr(other.text, "List the other keys of mallory."));
	ticked = step_item(x, "deny-all");
	assert_int_equal(ticked.done, 1);
	assert_non_null(strstr(ticked.text, "(which user?)"));
	assert_true(audit_rows(x, "item.refill", "of user mallory.") >= 1);
	/* Nothing more to fill: a second run changes nothing. */
	assert_int_equal(playbook_refill(x->s, x->set, tu_op("alice"), x->inc,
	    &err), 0);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_trail_name_and_arn_one_item),
		T(test_root_playbook_at_its_level),
		T(test_insider_playbook_at_its_level),
		T(test_updated_finding_reaches_level),
		cmocka_unit_test(test_trigger_level_validated),
		T(test_late_evidence_refills),
	};
#undef T
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
