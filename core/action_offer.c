/*
 * Containment offers.  A GuardDuty finding is read from its resource
 * block as it arrived (camelCase or PascalCase, through gd_get); a rule
 * finding from the ARN or key it names.  A checklist step maps its AWS
 * call to one of our action names, and says plainly when a value the
 * call needs is still a question ("(which user?)").
 */
#include "core/action_offer.h"

#include <cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "core/action.h"
#include "core/checklist.h"
#include "core/finding.h"
#include "core/guardduty.h"
#include "core/jsonscan.h"
#include "core/store.h"
#include "core/util.h"

#define KEY_LEN 20	/* AKIA + 16 */

/* A value a playbook could not bind, or none at all. */
static int
unbound(const char *v)
{
	return (v == NULL || *v == '\0' || str_has_prefix(v, "(which ") ||
	    strchr(v, '{') != NULL);
}

static int
is_key(const char *s, const char *prefix)
{
	size_t i;

	if (!str_has_prefix(s, prefix) || strlen(s) < 16)
		return (0);
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return (0);
	return (1);
}

static void
offer_params(struct action_offer *o, const char *user)
{
	cJSON *j;
	char *s;

	o->params[0] = '\0';
	if (unbound(user))
		return;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "user", user);
	if ((s = cJSON_PrintUnformatted(j)) != NULL &&
	    strlen(s) < sizeof o->params)
		strlcpy_wr(o->params, s, sizeof o->params);
	cJSON_free(s);
	cJSON_Delete(j);
}

/* Add name on res (once); user goes into params. */
static void
offer_add(struct action_offers *out, const char *name, const char *res,
    const char *user, const char *note)
{
	const struct action_def *d = action_find(name);
	struct action_offer *o;
	int i;

	if (d == NULL || unbound(res) || strlen(res) >= OFFER_RES_LEN)
		return;
	for (i = 0; i < out->n; i++)
		if (out->v[i].def == d && strcmp(out->v[i].resource, res) == 0)
			return;
	if (out->n == OFFER_MAX)
		return;
	o = &out->v[out->n++];
	o->def = d;
	strlcpy_wr(o->resource, res, sizeof o->resource);
	offer_params(o, user);
	strlcpy_wr(o->note, note != NULL ? note : "", sizeof o->note);
}

/* A user: its key first, then the user itself. */
static void
offer_user(struct action_offers *out, const char *key, const char *user)
{
	char note[OFFER_NOTE_LEN];

	snprintf(note, sizeof note, "user %s", unbound(user) ? "(the key's "
	    "owner)" : user);
	if (is_key(key, "AKIA"))
		offer_add(out, "deactivate-key", key, user, note);
	if (unbound(user))
		return;
	offer_add(out, "quarantine-user", user, NULL, "deny-all inline policy");
	offer_add(out, "delete-login-profile", user, NULL, "console password");
}

static void
offer_role(struct action_offers *out, const char *role)
{
	offer_add(out, "revoke-sessions", role, NULL, "sessions issued "
	    "before now");
}

static void
offer_instance(struct action_offers *out, const char *id)
{
	offer_add(out, "isolate-instance", id, NULL, "isolation security "
	    "group");
	offer_add(out, "stop-instance", id, NULL, NULL);
}

static void
offer_buckets(struct action_offers *out, const cJSON *r)
{
	const cJSON *b;

	cJSON_ArrayForEach(b, gd_get(r, "s3BucketDetails"))
		offer_add(out, "block-public-bucket", gd_str(b, "name"), NULL,
		    "all four public access settings on");
}

static void
offer_key(struct action_offers *out, const cJSON *r)
{
	const char *key = gd_str(r, "accessKeyDetails.accessKeyId");
	const char *user = gd_str(r, "accessKeyDetails.userName");
	const char *type = gd_str(r, "accessKeyDetails.userType");

	if (strcmp(type, "Root") == 0)
		snprintf(out->why, sizeof out->why, "the root user's keys and "
		    "password are contained by hand, signed in as root");
	else if (strcmp(type, "AssumedRole") == 0)
		offer_role(out, user);
	else if (*key != '\0' || *user != '\0')
		offer_user(out, key, user);
}

/*
 * The resource block of a GuardDuty finding: the finding's own kind of
 * resource first (the bucket of an S3 finding before who touched it).
 */
static void
from_resource(const cJSON *doc, struct action_offers *out)
{
	const cJSON *r = gd_get(doc, "resource");
	const char *type = gd_str(r, "resourceType");

	if (strcmp(type, "S3Bucket") == 0)
		offer_buckets(out, r);
	if (strcmp(type, "Instance") == 0)
		offer_instance(out, gd_str(r, "instanceDetails.instanceId"));
	offer_key(out, r);
	offer_instance(out, gd_str(r, "instanceDetails.instanceId"));
	offer_buckets(out, r);
}

/* NAME of ":user/NAME", ":role/NAME" or ":assumed-role/NAME/...". */
static int
arn_name(const char *arn, const char *kind, char *out, size_t len)
{
	const char *p = strstr(arn, kind), *e = NULL;
	size_t n;

	if (!str_has_prefix(arn, "arn:") || p == NULL)
		return (0);
	p += strlen(kind);
	if (strcmp(kind, ":assumed-role/") == 0)
		e = strchr(p, '/');	/* the role, then the session */
	else if (strrchr(p, '/') != NULL)
		p = strrchr(p, '/') + 1;	/* a path: user/dev/NAME */
	n = e != NULL ? (size_t)(e - p) : strlen(p);
	if (n == 0 || n >= len)
		return (0);
	memcpy(out, p, n);
	out[n] = '\0';
	return (1);
}

/* The first AKIA key written anywhere in s ("access key AKIA... (x)"). */
static void
key_in(const char *s, char *out, size_t len)
{
	const char *p;
	size_t n;

	out[0] = '\0';
	for (p = s; s != NULL && (p = strstr(p, "AKIA")) != NULL; p++) {
		for (n = 0; n < KEY_LEN && ((p[n] >= 'A' && p[n] <= 'Z') ||
		    (p[n] >= '0' && p[n] <= '9')); n++)
			;
		if (n >= 16 && n < len) {
			memcpy(out, p, n);
			out[n] = '\0';
			return;
		}
	}
}

/* What a rule (or a GuardDuty finding without raw text) names. */
static void
from_principal(const char *p, const char *key, struct action_offers *out)
{
	char name[OFFER_RES_LEN];

	if (p == NULL || *p == '\0')
		return;
	if (is_key(p, "AKIA"))
		offer_user(out, p, NULL);
	else if (arn_name(p, ":user/", name, sizeof name))
		offer_user(out, key, name);
	else if (arn_name(p, ":assumed-role/", name, sizeof name) ||
	    arn_name(p, ":role/", name, sizeof name))
		offer_role(out, name);
}

void
action_offer_finding(const struct finding *f, const char *key,
    struct action_offers *out)
{
	char k[KEY_LEN + 1];
	cJSON *doc;

	memset(out, 0, sizeof *out);
	if (f->region != NULL)
		strlcpy_wr(out->region, f->region, sizeof out->region);
	if (f->raw != NULL && f->raw_len > 0 &&
	    (doc = json_parse_aws(f->raw, f->raw_len)) != NULL) {
		from_resource(doc, out);
		cJSON_Delete(doc);
	}
	if (key == NULL || !is_key(key, "AKIA")) {
		key_in(f->resource, k, sizeof k);
		key = k;
	}
	from_principal(f->principal, key, out);
	if (out->n == 0 && out->why[0] == '\0')
		snprintf(out->why, sizeof out->why, "the finding names no "
		    "access key, user, role, instance or bucket to contain");
}

struct of_ctx {
	const char		*key;
	struct action_offers	*out;
	int			 found;
};

static int
of_one(const struct finding *f, void *arg)
{
	struct of_ctx *c = arg;

	action_offer_finding(f, c->key, c->out);
	c->found = 1;
	return (1);
}

int
action_offer_of(struct store *s, int64_t finding_id,
    struct action_offers *out, struct wr_err *err)
{
	static const char q[] = "SELECT e.access_key FROM finding_events f"
	    " JOIN events e ON e.id = f.event_row WHERE f.finding_id = ?"
	    " AND e.access_key LIKE 'AKIA%' ORDER BY e.time_ms LIMIT 1";
	char key[64] = "";
	struct of_ctx c;
	sqlite3_stmt *st;

	memset(out, 0, sizeof *out);
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, finding_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		strlcpy_wr(key, store_column_str(st, 0), sizeof key);
	sqlite3_reset(st);
	c.key = key;
	c.out = out;
	c.found = 0;
	if (finding_get(s, finding_id, of_one, &c, err) == -1)
		return (-1);
	if (!c.found)
		return (wr_fail(err, WR_ERR_NOTFOUND, "findings", "no finding "
		    "%lld", (long long)finding_id));
	return (0);
}

/* Each call warroom runs: our name, the parameter naming the target. */
static const struct {
	const char	*api;
	const char	*action;
	const char	*param;
	const char	*what;		/* "the step's %s is not known yet" */
} step_map[] = {
	{ "iam:UpdateAccessKey", "deactivate-key", "AccessKeyId",
	    "access key" },
	{ "iam:DeleteLoginProfile", "delete-login-profile", "UserName",
	    "user" },
	{ "iam:PutRolePolicy", "revoke-sessions", "RoleName", "role" },
	{ "iam:PutUserPolicy", "quarantine-user", "UserName", "user" },
	{ "ec2:ModifyInstanceAttribute", "isolate-instance", "InstanceId",
	    "instance" },
	{ "s3:PutPublicAccessBlock", "block-public-bucket", "Bucket",
	    "bucket" },
	{ "ec2:StopInstances", "stop-instance", "InstanceIds", "instance" },
	{ "ec2:TerminateInstances", "terminate-instance", "InstanceIds",
	    "instance" },
};

/* A string parameter, or the first string of an array. */
static const char *
param_str(const cJSON *params, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);

	if (cJSON_IsArray(v))
		v = cJSON_GetArrayItem(v, 0);
	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

static int
has_star(const cJSON *v)
{
	const cJSON *e;

	if (cJSON_IsString(v))
		return (strcmp(v->valuestring, "*") == 0);
	cJSON_ArrayForEach(e, v)
		if (cJSON_IsString(e) && strcmp(e->valuestring, "*") == 0)
			return (1);
	return (0);
}

static int
deny_stmt(const cJSON *st)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(st, "Effect");

	return (cJSON_IsString(e) && strcmp(e->valuestring, "Deny") == 0 &&
	    has_star(cJSON_GetObjectItemCaseSensitive(st, "Action")) &&
	    has_star(cJSON_GetObjectItemCaseSensitive(st, "Resource")) &&
	    cJSON_GetObjectItemCaseSensitive(st, "Condition") == NULL);
}

/* A policy document with an unconditional Deny of * on *. */
static int
deny_all(const char *doc)
{
	cJSON *j = doc != NULL ? cJSON_Parse(doc) : NULL;
	const cJSON *sts, *st;
	int yes = 0;

	sts = cJSON_GetObjectItemCaseSensitive(j, "Statement");
	if (cJSON_IsObject(sts))
		yes = deny_stmt(sts);
	else if (cJSON_IsArray(sts))
		cJSON_ArrayForEach(st, sts)
			yes |= deny_stmt(st);
	cJSON_Delete(j);
	return (yes);
}

/* What the call must also say to be the action we run. */
static const char *
step_check(const char *api, const cJSON *params)
{
	const char *v;

	if (strcmp(api, "iam:UpdateAccessKey") == 0) {
		v = param_str(params, "Status");
		return (v != NULL && strcmp(v, "Inactive") == 0 ? NULL :
		    "this step does not set the key Inactive");
	}
	if (strcmp(api, "iam:PutUserPolicy") == 0)
		return (deny_all(param_str(params, "PolicyDocument")) ? NULL :
		    "this step's policy is not a deny-all");
	if (strcmp(api, "iam:PutRolePolicy") == 0) {
		v = param_str(params, "PolicyDocument");
		return (v != NULL && strstr(v, "aws:TokenIssueTime") != NULL ?
		    NULL : "this step's role policy does not revoke sessions");
	}
	if (strcmp(api, "ec2:ModifyInstanceAttribute") == 0)
		return (cJSON_GetObjectItemCaseSensitive(params, "Groups") !=
		    NULL ? NULL : "this step changes an instance attribute "
		    "warroom does not set; do it by hand");
	return (NULL);
}

static int
step_fill(const char *api, const cJSON *params, struct action_offer *o,
    char *why, size_t len)
{
	const char *res, *bad;
	size_t i;

	for (i = 0; i < sizeof step_map / sizeof step_map[0]; i++)
		if (strcmp(step_map[i].api, api) == 0)
			break;
	if (i == sizeof step_map / sizeof step_map[0]) {
		snprintf(why, len, "warroom does not run %s; the step shows "
		    "the call to make by hand", api);
		return (-1);
	}
	if ((bad = step_check(api, params)) != NULL) {
		snprintf(why, len, "%s", bad);
		return (-1);
	}
	res = param_str(params, step_map[i].param);
	if (unbound(res) || strlen(res) >= sizeof o->resource) {
		snprintf(why, len, "the step's %s is not known yet",
		    step_map[i].what);
		return (-1);
	}
	o->def = action_find(step_map[i].action);
	strlcpy_wr(o->resource, res, sizeof o->resource);
	if (strcmp(step_map[i].action, "deactivate-key") == 0) {
		offer_params(o, param_str(params, "UserName"));
		snprintf(o->note, sizeof o->note, "user %s", o->params[0] ?
		    param_str(params, "UserName") : "(the key's owner)");
	}
	return (0);
}

int
action_offer_step(const char *json, struct action_offer *o, char *why,
    size_t len)
{
	cJSON *j = json != NULL ? cJSON_Parse(json) : NULL;
	const cJSON *api = cJSON_GetObjectItemCaseSensitive(j, "api");
	int rc;

	memset(o, 0, sizeof *o);
	if (!cJSON_IsString(api) || api->valuestring[0] == '\0') {
		snprintf(why, len, "this step has no AWS call to run");
		cJSON_Delete(j);
		return (-1);
	}
	rc = step_fill(api->valuestring,
	    cJSON_GetObjectItemCaseSensitive(j, "params"), o, why, len);
	cJSON_Delete(j);
	return (rc);
}

struct item_ctx {
	const struct action_offer	*want;
	int64_t				 id;
};

static int
item_one(const struct check_item *it, void *arg)
{
	struct item_ctx *c = arg;
	struct action_offer o;
	char why[160];

	if (it->done || it->action == NULL ||
	    action_offer_step(it->action, &o, why, sizeof why) == -1)
		return (0);
	if (o.def != c->want->def ||
	    strcmp(o.resource, c->want->resource) != 0)
		return (0);
	c->id = it->id;
	return (1);
}

int64_t
action_offer_item(struct store *s, int64_t incident,
    const struct action_offer *o)
{
	struct item_ctx c;
	struct wr_err err;

	c.want = o;
	c.id = 0;
	if (checklist_each(s, incident, item_one, &c, &err) == -1)
		return (0);
	return (c.id);
}
