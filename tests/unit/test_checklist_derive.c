/*
 * The checklist an ingest leaves behind, through the same path warroom
 * ingest takes (triage, rules, the playbook hook, then derivation): a
 * trail named once by name and once by ARN is one repair item, also
 * across ingest runs.
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

/* A CloudTrail record by mallory's key; extra is more members. */
static char *
rec(const char *id, const char *time, const char *name, const char *src,
    const char *extra)
{
	return (xasprintf("{\"eventVersion\":\"1.08\",\"eventID\":\"%s\","
	    "\"eventTime\":\"%s\",\"eventSource\":\"%s.amazonaws.com\","
	    "\"eventName\":\"%s\",\"awsRegion\":\"us-east-1\","
	    "\"sourceIPAddress\":\"203.0.113.50\",\"userIdentity\":{"
	    "\"type\":\"IAMUser\",\"principalId\":\"AIDAQA2\",\"arn\":\""
	    ARN "\",\"accountId\":\"" ACCT "\",\"accessKeyId\":\"" KEY "\","
	    "\"userName\":\"mallory\"},\"recipientAccountId\":\"" ACCT "\"%s}",
	    id, time, src, name, extra));
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

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_trail_name_and_arn_one_item),
	};
#undef T
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
