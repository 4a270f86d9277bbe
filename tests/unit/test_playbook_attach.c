/*
 * Attaching playbooks to an incident: by GuardDuty type and by rule id,
 * steps become checklist items with the finding's values bound, id and
 * version stamped, everything on the audit log; drop and re-attach by
 * the commander; nobody else may.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/checklist.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define KEY "AKIAIOSFODNN7EXAMPLE"

struct fixture {
	struct store		*s;
	struct playbook_set	*set;
	int64_t			 inc;
};

static int
setup(void **state)
{
	struct fixture	*f = xcalloc(1, sizeof *f);
	struct wr_err	 err;
	char		*dir = tu_data("playbooks");

	f->s = tu_store();
	if (playbook_load_dir(dir, &f->set, &err) == -1)
		fail_msg("%s: %s", err.where, err.msg);
	free(dir);
	if (incident_create(f->s, tu_op("alice"), "Leaked key", "credential",
	    0, &f->inc, &err) == -1)
		fail_msg("%s", err.msg);
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	playbook_set_free(f->set);
	store_close(f->s);
	free(f);
	return (0);
}

static void
add_finding(struct fixture *f, const char *source, const char *type,
    const char *principal, const char *raw)
{
	struct finding	 fi;
	struct wr_err	 err;
	int64_t		 id;
	int		 is_new;
	char		 ext[128];

	memset(&fi, 0, sizeof fi);
	snprintf(ext, sizeof ext, "%s-%s", source, type);
	fi.incident_id = f->inc;
	fi.source = source;
	fi.ext_id = ext;
	fi.type = type;
	fi.title = type;
	fi.description = "";
	fi.principal = principal;
	fi.resource = "";
	fi.region = "us-east-1";
	fi.account = "111122223333";
	fi.p_level = 1;
	fi.first_seen = fi.last_seen = 1785000000000LL;
	fi.updated_at = TIME_NONE;
	fi.count = 1;
	fi.status = "open";
	fi.raw = raw;
	fi.raw_len = raw != NULL ? strlen(raw) : 0;
	assert_int_equal(store_begin(f->s, &err), 0);
	if (finding_upsert(f->s, &fi, &id, &is_new, &err) == -1)
		fail_msg("finding_upsert: %s", err.msg);
	assert_int_equal(store_commit(f->s, &err), 0);
}

struct items {
	int	n;
	int	per_pb;		/* items of the playbook asked about */
	int	done;
	const char *pb;
	char	first_text[512];
	char	first_action[1024];
};

static int
count_item(const struct check_item *it, void *arg)
{
	struct items	*c = arg;

	c->n++;
	c->done += it->done;
	if (c->pb != NULL && strcmp(it->playbook_id, c->pb) == 0) {
		if (c->per_pb++ == 0) {
			strlcpy_wr(c->first_text, it->text,
			    sizeof c->first_text);
			strlcpy_wr(c->first_action, it->action ? it->action :
			    "", sizeof c->first_action);
		}
	}
	return (0);
}

static struct items
items_of(struct fixture *f, const char *pb)
{
	struct items	c;
	struct wr_err	err;

	memset(&c, 0, sizeof c);
	c.pb = pb;
	if (checklist_each(f->s, f->inc, count_item, &c, &err) == -1)
		fail_msg("%s", err.msg);
	return (c);
}

struct stamps {
	int	n, dropped;
	char	ids[512];
};

static int
stamp(const struct pb_attached *a, void *arg)
{
	struct stamps	*st = arg;
	size_t		 len = strlen(st->ids);

	st->n++;
	st->dropped += a->dropped;
	snprintf(st->ids + len, sizeof st->ids - len, "%s@%s%s;",
	    a->playbook_id, a->version, a->dropped ? "(dropped)" : "");
	return (0);
}

static struct stamps
stamps_of(struct fixture *f)
{
	struct stamps	st;
	struct wr_err	err;

	memset(&st, 0, sizeof st);
	assert_int_equal(playbook_attached_each(f->s, f->inc, stamp, &st,
	    &err), 0);
	return (st);
}

static int
audit_count(const struct audit_row *r, void *arg)
{
	int	*n = arg;

	if (strcmp(r->action, "playbook.attach") == 0)
		n[0]++;
	if (strcmp(r->action, "playbook.drop") == 0)
		n[1]++;
	if (strcmp(r->action, "item.add") == 0)
		n[2]++;
	return (0);
}

static int
steps_of(struct fixture *f, const char *id)
{
	return (playbook_find(f->set, id)->nsteps);
}

static void
test_attach_by_guardduty(void **state)
{
	struct fixture	*f = *state;
	struct wr_err	 err;
	struct items	 c;
	struct stamps	 st;
	int		 n, audit[3] = { 0, 0, 0 };
	static const char raw[] = "{\"schemaVersion\":\"2.0\",\"accountId\":"
	    "\"111122223333\",\"type\":\"UnauthorizedAccess:IAMUser/"
	    "InstanceCredentialExfiltration.OutsideAWS\",\"resource\":"
	    "{\"accessKeyDetails\":{\"accessKeyId\":\"" KEY "\","
	    "\"userName\":\"deploy-bot\"}}}";
	const char	*type = "UnauthorizedAccess:IAMUser/"
	    "InstanceCredentialExfiltration.OutsideAWS";

	add_finding(f, "guardduty", type, KEY, raw);
	n = playbook_on_finding(f->s, f->set, tu_op("warroom"), f->inc,
	    "guardduty", type, 1, &err);
	if (n == -1)
		fail_msg("%s", err.msg);
	/* The key playbook and the role-session one both match this type. */
	assert_int_equal(n, 2);
	st = stamps_of(f);
	assert_int_equal(st.n, 2);
	assert_non_null(strstr(st.ids, "compromised-iam-access-key@1.0.0;"));
	assert_non_null(strstr(st.ids, "compromised-role-session@1.0.0;"));

	c = items_of(f, "compromised-iam-access-key");
	assert_int_equal(c.per_pb, steps_of(f, "compromised-iam-access-key"));
	assert_int_equal(c.n, steps_of(f, "compromised-iam-access-key") +
	    steps_of(f, "compromised-role-session"));
	/* Detection has no step, so containment's first comes first. */
	assert_non_null(strstr(c.first_text, "Deactivate the access key "
	    KEY " of user deploy-bot."));
	assert_non_null(strstr(c.first_action, "\"UserName\":\"deploy-bot\""));
	assert_non_null(strstr(c.first_action, "\"AccessKeyId\":\"" KEY "\""));

	/* A second finding of the same kind attaches nothing again. */
	assert_int_equal(playbook_on_finding(f->s, f->set, tu_op("warroom"),
	    f->inc, "guardduty", type, 1, &err), 0);
	assert_int_equal(items_of(f, NULL).n, c.n);

	assert_int_equal(audit_each(f->s, f->inc, audit_count, audit, &err),
	    0);
	assert_int_equal(audit[0], 2);
	assert_int_equal(audit[2], c.n);
}

static void
test_attach_by_rule(void **state)
{
	struct fixture	*f = *state;
	struct wr_err	 err;
	struct stamps	 st;
	int		 n;

	add_finding(f, "rule", "access-key-created-for-other",
	    "arn:aws:iam::111122223333:user/mallory", NULL);
	n = playbook_on_finding(f->s, f->set, tu_op("warroom"), f->inc,
	    "rule", "access-key-created-for-other", 1, &err);
	assert_int_equal(n, 2);
	st = stamps_of(f);
	assert_non_null(strstr(st.ids, "insider-backdoor-iam@"));
	assert_non_null(strstr(st.ids, "compromised-iam-access-key@"));
	/* The user is bound from the finding's ARN. */
	assert_non_null(strstr(items_of(f, "insider-backdoor-iam").first_text,
	    "HR and legal"));
	assert_int_equal(playbook_on_finding(f->s, f->set, tu_op("warroom"),
	    f->inc, "rule", "no-such-rule", 1, &err), 0);
	assert_int_equal(playbook_on_finding(f->s, f->set, tu_op("warroom"),
	    f->inc, "billing",
	    "billing:cost-anomaly", 1, &err), 1);
	assert_non_null(strstr(stamps_of(f).ids,
	    "crypto-mining-unauthorized-ec2@"));
}

static int
tick_first(const struct check_item *it, void *arg)
{
	int64_t	*id = arg;

	if (*id == 0 && strcmp(it->playbook_id,
	    "compromised-iam-access-key") == 0)
		*id = it->id;
	return (0);
}

static void
test_drop_and_reattach(void **state)
{
	struct fixture	*f = *state;
	struct wr_err	 err;
	int64_t		 ticked = 0;
	int		 added, total, audit[3] = { 0, 0, 0 };
	const char	*id = "compromised-iam-access-key";

	assert_int_equal(playbook_attach_id(f->s, f->set, tu_op("alice"),
	    f->inc, id, &added, &err), 0);
	assert_int_equal(added, 1);
	total = steps_of(f, id);
	assert_int_equal(items_of(f, id).per_pb, total);
	assert_int_equal(checklist_each(f->s, f->inc, tick_first, &ticked,
	    &err), 0);
	assert_int_equal(checklist_tick(f->s, tu_op("alice"), ticked, 1,
	    &err), 0);

	/* Only the commander attaches or drops. */
	assert_int_equal(playbook_drop(f->s, tu_op("bob"), f->inc, id, &err),
	    -1);
	assert_int_equal(err.code, WR_ERR_DENIED);
	assert_int_equal(playbook_attach_id(f->s, f->set, tu_op("bob"),
	    f->inc, "ransomware-s3", &added, &err), -1);
	assert_int_equal(err.code, WR_ERR_DENIED);

	assert_int_equal(playbook_drop(f->s, tu_op("alice"), f->inc, id,
	    &err), 0);
	/* The ticked item stays on the record; the open ones go. */
	assert_int_equal(items_of(f, id).per_pb, 1);
	assert_int_equal(stamps_of(f).dropped, 1);
	assert_int_equal(playbook_drop(f->s, tu_op("alice"), f->inc, id,
	    &err), -1);
	assert_int_equal(err.code, WR_ERR_NOTFOUND);

	/* A finding does not undo the commander's decision... */
	assert_int_equal(playbook_on_finding(f->s, f->set, tu_op("warroom"),
	    f->inc, "guardduty", "PenTest:IAMUser/KaliLinux", 1, &err), 0);
	/* ...the commander does. */
	assert_int_equal(playbook_attach_id(f->s, f->set, tu_op("alice"),
	    f->inc, id, &added, &err), 0);
	assert_int_equal(added, 1);
	assert_int_equal(items_of(f, id).per_pb, total);
	assert_int_equal(stamps_of(f).dropped, 0);
	assert_int_equal(playbook_attach_id(f->s, f->set, tu_op("alice"),
	    f->inc, "no-such-playbook", &added, &err), -1);
	assert_int_equal(err.code, WR_ERR_NOTFOUND);

	assert_int_equal(audit_each(f->s, f->inc, audit_count, audit, &err),
	    0);
	assert_int_equal(audit[0], 2);
	assert_int_equal(audit[1], 1);
}

/* The ingest hook attaches on real findings only. */
static void
test_hook_sample(void **state)
{
	struct fixture	*f = *state;
	struct finding	 fi;
	struct wr_err	 err;

	memset(&fi, 0, sizeof fi);
	fi.source = "guardduty";
	fi.type = "Policy:IAMUser/RootCredentialUsage";
	fi.principal = "";
	fi.flags = FINDING_F_SAMPLE;
	assert_int_equal(playbook_finding_hook(f->s, tu_op("warroom"), f->inc,
	    &fi, f->set, &err), 0);
	assert_int_equal(stamps_of(f).n, 0);
	fi.flags = 0;
	assert_int_equal(playbook_finding_hook(f->s, tu_op("warroom"), f->inc,
	    &fi, f->set, &err), 0);
	assert_non_null(strstr(stamps_of(f).ids, "root-account-compromise@"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attach_by_guardduty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach_by_rule, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_drop_and_reattach, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hook_sample, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
