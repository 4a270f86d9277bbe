/*
 * Investigation of one principal over the stored events.  Events come
 * from eventstore_each (timeline order); each raw record is parsed once
 * to decide its group, what it touched, the sessions it obtained and the
 * items it implies (investigate_derive.c).  Sessions are followed one
 * level: a user key that assumed a role is answerable for what that
 * session then did.
 */
#include "core/investigate.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/eventstore.h"
#include "core/investigate_int.h"
#include "core/jsonscan.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define INV_WINDOW_MS (90LL * 24 * 3600 * 1000)

static const char *const inv_names[INV__COUNT] = {
	"denied", "tampering", "iam_changes", "data_access",
	"resources_changed", "other"
};
static const char *const inv_titles[INV__COUNT] = {
	"Denied calls", "Logging and monitoring tampering", "IAM changes",
	"Data access", "Resources created or changed", "Reads and discovery"
};

/* Calls that blind the defenders: trails, detectors, logs, alarms. */
static const char *const inv_tamper[] = {
	"StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors",
	"PutInsightSelectors", "DeleteEventDataStore",
	"StopEventDataStoreIngestion", "DeleteFlowLogs", "DeleteDetector",
	"UpdateDetector", "DisassociateFromMasterAccount",
	"DisassociateFromAdministratorAccount", "DisassociateMembers",
	"DeleteMembers", "StopMonitoringMembers", "CreateFilter",
	"UpdateFilter", "ArchiveFindings", "CreateIPSet", "UpdateIPSet",
	"DeleteAlarms", "DisableAlarmActions", "DeleteLogGroup",
	"DeleteLogStream", "DeleteSubscriptionFilter", "PutRetentionPolicy",
	"DeleteResolverQueryLogConfig", "DisassociateResolverQueryLogConfig",
	"StopConfigurationRecorder", "DeleteConfigurationRecorder",
	"DeleteDeliveryChannel", "DeleteConfigRule", "DisableSecurityHub",
	"BatchUpdateFindings", "DeleteInsight", "DisableMacie",
	"DeleteAnalyzer", "PutBucketLogging", "LeaveOrganization",
	"DisableOrganizationAdminAccount", NULL
};

/* Reads of data or secrets, and data handed to someone else. */
static const char *const inv_data[] = {
	"GetObject", "CopyObject", "SelectObjectContent", "RestoreObject",
	"GetSecretValue", "BatchGetSecretValue", "GetParameter",
	"GetParameters", "GetParametersByPath", "GetParameterHistory",
	"GetItem", "BatchGetItem", "Scan", "Query",
	"ExportTableToPointInTime", "GetPasswordData",
	"ModifySnapshotAttribute", "ModifyImageAttribute",
	"ModifyDBSnapshotAttribute", "ModifyDBClusterSnapshotAttribute",
	"Decrypt", "GetQueryResults", NULL
};

/* Services whose write calls are identity changes. */
static const char *const inv_iam_sources[] = {
	"iam.amazonaws.com", "sso.amazonaws.com", "sso-directory.amazonaws.com",
	"identitystore.amazonaws.com", "rolesanywhere.amazonaws.com",
	"organizations.amazonaws.com", NULL
};

/* Calls that hand out credentials. */
static const char *const inv_minting[] = {
	"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
	"GetFederationToken", "GetSessionToken", "AssumeRoot", NULL
};

static const char *const inv_read_prefixes[] = {
	"Get", "List", "Describe", "Head", "Lookup", "Search", "Check",
	"Batch" "Get", "Scan", "Query", "Select", "View", "Estimate", NULL
};

const char *
inv_group_name(int g)
{
	return (g >= 0 && g < INV__COUNT ? inv_names[g] : "?");
}

const char *
inv_group_title(int g)
{
	return (g >= 0 && g < INV__COUNT ? inv_titles[g] : "?");
}

static int
inv_in(const char *const *list, const char *s)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return (1);
	}
	return (0);
}

/*
 * Lambda event names carry the API version: "AddPermission20150331v2",
 * "CreateFunction20150331".  Strip 8 digits starting "20" and a "vN".
 */
static int
inv_digit(char c)
{
	return (c >= '0' && c <= '9');
}

static void
inv_base_name(const char *name, char *out, size_t len)
{
	size_t	n, d, end;

	strlcpy_wr(out, name, len);
	n = strlen(out);
	for (d = n; d > 0 && inv_digit(out[d - 1]); d--)
		;
	end = d > 0 && d < n && out[d - 1] == 'v' ? d - 1 : n;
	for (d = end; d > 0 && inv_digit(out[d - 1]); d--)
		;
	if (end - d == 8 && d > 0 && out[d] == '2' && out[d + 1] == '0')
		out[d] = '\0';
}

static int
inv_is_write(const cJSON *rec, const char *name)
{
	const cJSON	*ro = cJSON_GetObjectItemCaseSensitive(rec, "readOnly");
	int		 i;

	if (cJSON_IsBool(ro))
		return (cJSON_IsFalse(ro));
	for (i = 0; inv_read_prefixes[i] != NULL; i++) {
		if (str_has_prefix(name, inv_read_prefixes[i]))
			return (0);
	}
	return (1);
}

static int
inv_classify(const cJSON *rec, const struct event_row *r)
{
	char	name[128];
	int	write;

	/* A refused attempt to blind the logs is tampering all the same. */
	inv_base_name(r->event_name, name, sizeof name);
	if (inv_in(inv_tamper, name))
		return (INV_TAMPER);
	if (*r->error_code != '\0')
		return (INV_DENIED);
	/* A sign-in is neither a change nor data. */
	if (strcmp(r->event_source, "signin.amazonaws.com") == 0)
		return (INV_OTHER);
	write = inv_is_write(rec, name);
	if (inv_in(inv_minting, name) ||
	    (write && inv_in(inv_iam_sources, r->event_source)))
		return (INV_IAM);
	if (inv_in(inv_data, name) || (strcmp(name,
	    "DescribeInstanceAttribute") == 0 && strcmp(event_str(rec,
	    "requestParameters.attribute"), "userData") == 0))
		return (INV_DATA);
	return (write ? INV_CHANGED : INV_OTHER);
}

/* What the call was about, for the one-line listing. */
static const char *
inv_target(const cJSON *rec)
{
	static const char *const paths[] = {
		"requestParameters.userName", "requestParameters.roleName",
		"requestParameters.roleArn", "requestParameters.policyArn",
		"requestParameters.bucketName", "requestParameters.secretId",
		"requestParameters.functionName",
		"requestParameters.instanceId", "requestParameters.snapshotId",
		"requestParameters.imageId", "requestParameters.groupId",
		"requestParameters.keyName", "requestParameters.stackName",
		"requestParameters.trailName", "requestParameters.name",
		"requestParameters.instancesSet.items.instanceId",
		"requestParameters.target", "requestParameters.detectorId",
		"responseElements.instancesSet.items.instanceId",
		"requestParameters.resolverQueryLogConfigId",
		"requestParameters.modelId", NULL
	};
	const char	*v;
	int		 i;

	for (i = 0; paths[i] != NULL; i++) {
		if ((v = inv_first_str(rec, paths[i])) != NULL && *v != '\0')
			return (v);
	}
	return ("");
}

static void
inv_walk(const cJSON *j, const char *path, void (*fn)(const char *,
    void *), void *arg)
{
	const cJSON	*e;
	const char	*dot;
	char		 key[128];
	size_t		 n;

	if (cJSON_IsArray(j)) {
		cJSON_ArrayForEach(e, j)
			inv_walk(e, path, fn, arg);
		return;
	}
	if (*path == '\0') {
		if (cJSON_IsString(j))
			fn(j->valuestring, arg);
		return;
	}
	if (!cJSON_IsObject(j))
		return;
	dot = strchr(path, '.');
	n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	if (n >= sizeof key)
		return;
	memcpy(key, path, n);
	key[n] = '\0';
	inv_walk(cJSON_GetObjectItemCaseSensitive(j, key), path + n +
	    (dot != NULL), fn, arg);
}

void
inv_each_str(const cJSON *j, const char *path, void (*fn)(const char *,
    void *), void *arg)
{
	inv_walk(j, path, fn, arg);
}

static void
inv_keep_first(const char *s, void *arg)
{
	const char	**out = arg;

	if (*out == NULL)
		*out = s;
}

const char *
inv_first_str(const cJSON *j, const char *path)
{
	const char	*out = NULL;

	inv_walk(j, path, inv_keep_first, &out);
	return (out);
}

static void
inv_add_session(const char *key, void *arg)
{
	struct investigation	*inv = arg;
	int			 i;

	if (!str_has_prefix(key, "ASIA"))
		return;
	for (i = 0; i < inv->nsessions; i++) {
		if (strcmp(inv->sessions[i], key) == 0)
			return;
	}
	inv->sessions = xreallocarray(inv->sessions,
	    (size_t)inv->nsessions + 1, sizeof *inv->sessions);
	inv->sessions[inv->nsessions++] = xstrdup(key);
}

struct inv_ctx {
	struct investigation	*inv;
	int			 via_session;
	int			 first_done;
	int			 items_only;	/* inv_run_items */
};

static void
inv_push(struct investigation *inv, const struct event_row *r,
    const cJSON *rec, int via)
{
	struct inv_event	*e;

	inv->ev = xreallocarray(inv->ev, (size_t)inv->nev + 1,
	    sizeof *inv->ev);
	e = &inv->ev[inv->nev++];
	e->event_id = xstrdup(r->event_id);
	e->time_ms = r->time_ms;
	e->name = xstrdup(r->event_name);
	e->source = xstrdup(r->event_source);
	e->region = xstrdup(r->region);
	e->source_ip = xstrdup(r->source_ip);
	e->access_key = xstrdup(r->access_key);
	e->error_code = xstrdup(r->error_code);
	e->target = xstrdup(rec != NULL ? inv_target(rec) : "");
	e->group = rec != NULL ? inv_classify(rec, r) : (*r->error_code ?
	    INV_DENIED : INV_OTHER);
	e->via_session = via;
	inv->count[e->group]++;
}

/*
 * For the items alone: could this record add an item or a session?  The
 * first record gives the principal's own credential; sessions come from
 * responseElements.credentials.accessKeyId ("ASIA..."), whose bytes are
 * in the raw record unless a \u escape spells them, so a record with
 * either word missing and no \u escape has none.
 */
static int
inv_wants_record(const struct inv_ctx *c, const struct event_row *r)
{
	if (!c->first_done && !c->via_session)
		return (1);
	if (*r->error_code != '\0')
		return (0);
	if (inv_event_wants(r))
		return (1);
	return (!c->via_session && (memmem(r->raw, r->raw_len, "\\u",
	    2) != NULL || (memmem(r->raw, r->raw_len, "credentials",
	    11) != NULL && memmem(r->raw, r->raw_len, "ASIA", 4) != NULL)));
}

static int
inv_on_event(const struct event_row *r, void *arg)
{
	struct inv_ctx		*c = arg;
	struct investigation	*inv = c->inv;
	cJSON			*rec;

	/* A session of the principal itself is already in the first pass. */
	if (c->via_session && strcmp(r->principal, inv->principal) == 0)
		return (0);
	if (c->items_only && (r->raw == NULL || !inv_wants_record(c, r)))
		return (0);
	rec = r->raw != NULL ? json_parse_scratch(r->raw, r->raw_len) :
	    NULL;
	if (!c->items_only)
		inv_push(inv, r, rec, c->via_session);
	if (rec != NULL && !c->first_done && !c->via_session) {
		inv_derive_self(inv, rec, r);
		c->first_done = 1;
	}
	if (rec != NULL && *r->error_code == '\0') {
		inv_derive_event(inv, rec, r);
		if (!c->via_session)
			inv_each_str(rec, "responseElements.credentials."
			    "accessKeyId", inv_add_session, inv);
	}
	json_scratch_free(rec);
	return (0);
}

static int
inv_cmp(const void *a, const void *b)
{
	const struct inv_event	*x = a, *y = b;

	/* Untimed events last, as on the event timeline. */
	if (x->time_ms != y->time_ms) {
		if (x->time_ms == TIME_NONE)
			return (1);
		if (y->time_ms == TIME_NONE)
			return (-1);
		return (x->time_ms < y->time_ms ? -1 : 1);
	}
	return (strcmp(x->event_id, y->event_id));
}

char *
investigate_principal_key(const char *p)
{
	const char	*acct, *role, *end, *colon;

	/* arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION */
	if (!str_has_prefix(p, "arn:") || strstr(p, ":assumed-role/") == NULL)
		return (xstrdup(p));
	acct = strstr(p, "::");
	role = strstr(p, ":assumed-role/") + strlen(":assumed-role/");
	if (acct == NULL || (end = strchr(role, '/')) == NULL ||
	    (colon = strchr(acct + 2, ':')) == NULL || colon > role)
		return (xstrdup(p));
	acct += 2;
	return (xasprintf("arn:aws:iam::%.*s:role/%.*s",
	    (int)(colon - acct), acct, (int)(end - role), role));
}

static int
inv_first_event(const struct event_row *r, void *arg)
{
	*(int64_t *)arg = r->time_ms;
	return (1);
}

int
investigate_window(struct store *s, int64_t incident, const char *principal,
    int64_t *since, int64_t *until, struct wr_err *err)
{
	static const char q[] = "SELECT MIN(first_seen) FROM findings"
	    " WHERE incident_id = ? AND (? IS NULL OR principal = ?)";
	struct event_query	 eq;
	sqlite3_stmt		*st;
	int64_t			 first = TIME_NONE;
	int			 pass;

	for (pass = 0; pass < 2 && first == TIME_NONE; pass++) {
		if ((st = store_stmt(s, q, err)) == NULL)
			return (-1);
		sqlite3_bind_int64(st, 1, incident);
		store_bind_text(st, 2, pass == 0 ? principal : NULL);
		store_bind_text(st, 3, pass == 0 ? principal : NULL);
		if (sqlite3_step(st) == SQLITE_ROW)
			first = store_column_time(st, 0);
		sqlite3_reset(st);
	}
	if (first == TIME_NONE) {
		event_query_init(&eq, incident);
		eq.principal = principal;
		eq.limit = 1;
		if (eventstore_each(s, &eq, inv_first_event, &first,
		    err) == -1)
			return (-1);
	}
	*since = first != TIME_NONE ? first - INV_WINDOW_MS : TIME_NONE;
	*until = time_now_ms();
	return (0);
}

static int
inv_collect(struct store *s, int64_t incident, const char *principal,
    struct investigation *inv, int via, int items_only, struct wr_err *err)
{
	struct event_query	 q;
	struct inv_ctx		 c = { inv, via, 0, items_only };

	event_query_init(&q, incident);
	q.principal = principal;
	q.since = inv->since;
	q.until = inv->until;
	q.want_raw = 1;
	return (eventstore_each(s, &q, inv_on_event, &c, err));
}

static int
inv_run(struct store *s, int64_t incident, const char *principal,
    int64_t since, int64_t until, int items_only,
    struct investigation **out, struct wr_err *err)
{
	struct investigation	*inv;
	int			 i;

	*out = NULL;
	if (principal == NULL || *principal == '\0')
		return (wr_fail(err, WR_ERR_USAGE, "investigate",
		    "no principal given (an access key, user or role ARN)"));
	inv = xcalloc(1, sizeof *inv);
	inv->principal = investigate_principal_key(principal);
	if (since == TIME_NONE && until == TIME_NONE &&
	    investigate_window(s, incident, inv->principal, &since, &until,
	    err) == -1)
		goto fail;
	inv->since = since;
	inv->until = until;
	if (inv_collect(s, incident, inv->principal, inv, 0, items_only,
	    err) == -1)
		goto fail;
	/* sessions grows only in the first pass, so this loop is bounded. */
	for (i = 0; i < inv->nsessions; i++) {
		if (inv_collect(s, incident, inv->sessions[i], inv, 1,
		    items_only, err) == -1)
			goto fail;
	}
	if (inv->nev > 0)
		qsort(inv->ev, (size_t)inv->nev, sizeof *inv->ev, inv_cmp);
	*out = inv;
	return (0);
fail:
	investigate_free(inv);
	return (-1);
}

int
investigate_run(struct store *s, int64_t incident, const char *principal,
    int64_t since, int64_t until, struct investigation **out,
    struct wr_err *err)
{
	return (inv_run(s, incident, principal, since, until, 0, out, err));
}

int
inv_run_items(struct store *s, int64_t incident, const char *principal,
    struct investigation **out, struct wr_err *err)
{
	return (inv_run(s, incident, principal, TIME_NONE, TIME_NONE, 1, out,
	    err));
}

void
investigate_free(struct investigation *inv)
{
	int	i;

	if (inv == NULL)
		return;
	for (i = 0; i < inv->nev; i++) {
		free(inv->ev[i].event_id);
		free(inv->ev[i].name);
		free(inv->ev[i].source);
		free(inv->ev[i].region);
		free(inv->ev[i].source_ip);
		free(inv->ev[i].access_key);
		free(inv->ev[i].error_code);
		free(inv->ev[i].target);
	}
	for (i = 0; i < inv->nitems; i++) {
		free(inv->items[i].what);
		free(inv->items[i].resource);
		free(inv->items[i].region);
		free(inv->items[i].event_id);
		free(inv->items[i].event_name);
		free(inv->items[i].text);
	}
	for (i = 0; i < inv->nsessions; i++)
		free(inv->sessions[i]);
	inv_dedup_free(inv->dedup);
	free(inv->ev);
	free(inv->items);
	free(inv->sessions);
	free(inv->principal);
	free(inv);
}
