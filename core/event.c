/*
 * Reading a CloudTrail record: the common fields and who did it.  The
 * actor rules follow the userIdentity variants CloudTrail really writes
 * (BR-03): empty sessionIssuer objects do not make a role, SSO roles
 * show their permission set, service and internal actors are not human.
 */
#include "core/event.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/util.h"

const cJSON *
event_get(const cJSON *obj, const char *path)
{
	char key[128];
	const char *dot;
	size_t n;

	while (obj != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key || !cJSON_IsObject(obj))
			return (NULL);
		memcpy(key, path, n);
		key[n] = '\0';
		obj = cJSON_GetObjectItemCaseSensitive(obj, key);
		path += n + (dot != NULL);
	}
	return (obj);
}

const char *
event_str(const cJSON *obj, const char *path)
{
	const cJSON *v = event_get(obj, path);

	if (cJSON_IsString(v) && v->valuestring != NULL)
		return (v->valuestring);
	return ("");
}

int
event_is_record(const cJSON *o)
{
	if (!cJSON_IsObject(o))
		return (0);
	if (strcmp(event_str(o, "eventType"), "AwsCloudTrailInsight") == 0)
		return (*event_str(o, "eventID") != '\0');
	if (!cJSON_IsString(event_get(o, "eventName")))
		return (0);
	return (event_get(o, "eventSource") != NULL ||
	    event_get(o, "userIdentity") != NULL ||
	    event_get(o, "eventVersion") != NULL);
}

int64_t
event_parse_time(const cJSON *rec, int *warning)
{
	const cJSON *t = event_get(rec, "eventTime");
	int64_t ms;

	*warning = 0;
	if (cJSON_IsString(t) && time_parse_iso(t->valuestring, &ms) == 0)
		return (ms);
	if (cJSON_IsNumber(t)) {
		*warning = 1;
		return ((int64_t)(t->valuedouble * 1000.0 + 0.5));
	}
	if (cJSON_IsString(t) && time_parse_epoch(t->valuestring, &ms) == 0) {
		*warning = 1;
		return (ms);
	}
	*warning = 1;
	return (TIME_NONE);
}

/* "arn:aws:sts::A:assumed-role/R/S" -> role R, session S. */
static void
assumed_role_parts(const char *arn, char *role, size_t rlen, char *sess,
    size_t slen)
{
	const char *p, *q;

	role[0] = sess[0] = '\0';
	if ((p = strstr(arn, ":assumed-role/")) == NULL)
		return;
	p += strlen(":assumed-role/");
	if ((q = strchr(p, '/')) == NULL) {
		strlcpy_wr(role, p, rlen);
		return;
	}
	snprintf(role, rlen, "%.*s", (int)(q - p), p);
	strlcpy_wr(sess, q + 1, slen);
}

/* The part of an ARN after its last '/' or ':'. */
static const char *
arn_tail(const char *arn)
{
	const char *p = strrchr(arn, '/');

	if (p == NULL)
		p = strrchr(arn, ':');
	return (p != NULL ? p + 1 : arn);
}

static void
actor_assumed(struct ct_event *ev, const cJSON *ui)
{
	char role[256], sess[256];
	const char *issuer = event_str(ui, "sessionContext.sessionIssuer.arn");
	const char *acct = ev->actor_account;

	assumed_role_parts(ev->actor_arn, role, sizeof role, sess,
	    sizeof sess);
	if (role[0] == '\0')
		strlcpy_wr(role, event_str(ui,
		    "sessionContext.sessionIssuer.userName"), sizeof role);
	if (*issuer != '\0')
		strlcpy_wr(ev->principal, issuer, sizeof ev->principal);
	else if (role[0] != '\0')
		snprintf(ev->principal, sizeof ev->principal,
		    "arn:aws:iam::%s:role/%s", acct, role);
	if (str_has_prefix(role, "AWSReservedSSO_")) {
		char set[200];
		const char *p = role + strlen("AWSReservedSSO_");
		const char *u = strrchr(p, '_');

		snprintf(set, sizeof set, "%.*s",
		    (int)(u != NULL ? u - p : (long)strlen(p)), p);
		ev->actor_kind = ACTOR_SSO;
		snprintf(ev->actor, sizeof ev->actor,
		    "SSO %s (permission set %s)", sess, set);
		return;
	}
	ev->actor_kind = ACTOR_ASSUMED_ROLE;
	if (sess[0] != '\0')
		snprintf(ev->actor, sizeof ev->actor, "role %s, session %s",
		    role, sess);
	else
		snprintf(ev->actor, sizeof ev->actor, "role %s", role);
}

static void
actor_root(struct ct_event *ev)
{
	ev->actor_kind = ACTOR_ROOT;
	snprintf(ev->principal, sizeof ev->principal, "arn:aws:iam::%s:root",
	    ev->actor_account);
	if (*ev->invoked_by != '\0') {
		snprintf(ev->actor, sizeof ev->actor, "root via %s",
		    ev->invoked_by);
		ev->human = 0;
	} else
		snprintf(ev->actor, sizeof ev->actor, "root (%s)",
		    ev->actor_account);
}

static void
actor_named(struct ct_event *ev, const cJSON *ui, const char *type)
{
	const char *pid = event_str(ui, "principalId");

	if (strcmp(type, "IAMUser") == 0) {
		const char *name = event_str(ui, "userName");

		ev->actor_kind = ACTOR_IAM_USER;
		snprintf(ev->actor, sizeof ev->actor, "%s (IAM user)",
		    *name != '\0' ? name : arn_tail(ev->actor_arn));
	} else if (strcmp(type, "FederatedUser") == 0) {
		ev->actor_kind = ACTOR_FEDERATED;
		snprintf(ev->actor, sizeof ev->actor,
		    "federated %s (via IAM user %s)", arn_tail(ev->actor_arn),
		    event_str(ui, "sessionContext.sessionIssuer.userName"));
		strlcpy_wr(ev->principal, *event_str(ui,
		    "sessionContext.sessionIssuer.arn") != '\0' ?
		    event_str(ui, "sessionContext.sessionIssuer.arn") :
		    ev->actor_arn, sizeof ev->principal);
		return;
	} else if (strcmp(type, "SAMLUser") == 0 ||
	    strcmp(type, "WebIdentityUser") == 0) {
		ev->actor_kind = type[0] == 'S' ? ACTOR_SAML :
		    ACTOR_WEB_IDENTITY;
		snprintf(ev->actor, sizeof ev->actor, "%s %s",
		    type[0] == 'S' ? "SAML" : "web identity",
		    *event_str(ui, "userName") != '\0' ?
		    event_str(ui, "userName") : pid);
	} else {
		ev->actor_kind = ACTOR_OTHER;
		snprintf(ev->actor, sizeof ev->actor, "%s %s", type,
		    *pid != '\0' ? pid : ev->actor_account);
	}
	if (*ev->actor_arn != '\0')
		strlcpy_wr(ev->principal, ev->actor_arn, sizeof ev->principal);
	else
		snprintf(ev->principal, sizeof ev->principal, "%s:%s", type,
		    *pid != '\0' ? pid : ev->actor_account);
}

static void
actor_special(struct ct_event *ev, const cJSON *ui, const char *type)
{
	if (strcmp(type, "AWSService") == 0) {
		ev->actor_kind = ACTOR_SERVICE;
		ev->human = 0;
		snprintf(ev->actor, sizeof ev->actor, "service %s",
		    ev->invoked_by);
		snprintf(ev->principal, sizeof ev->principal, "service:%s",
		    ev->invoked_by);
	} else if (strcmp(type, "AWSAccount") == 0) {
		ev->actor_kind = ACTOR_ACCOUNT;
		snprintf(ev->actor, sizeof ev->actor, "external account %s",
		    ev->actor_account);
		snprintf(ev->principal, sizeof ev->principal, "account:%s",
		    ev->actor_account);
	} else {
		const char *uid = event_str(ui, "onBehalfOf.userId");
		const char *store;

		store = event_str(ui, "onBehalfOf.identityStoreArn");

		ev->actor_kind = ACTOR_IDC_USER;
		snprintf(ev->actor, sizeof ev->actor,
		    "Identity Center user %s (store %s)", uid, arn_tail(store));
		snprintf(ev->principal, sizeof ev->principal, "idc:%s", uid);
	}
}

static void
read_actor(struct ct_event *ev, const cJSON *rec)
{
	const cJSON *ui = event_get(rec, "userIdentity");
	const char *type;

	ev->human = 1;
	if (ev->insight) {
		ev->actor_kind = ACTOR_INSIGHTS;
		ev->human = 0;
		strlcpy_wr(ev->actor, "(CloudTrail Insights)",
		    sizeof ev->actor);
		strlcpy_wr(ev->principal, "insights", sizeof ev->principal);
		return;
	}
	if (!cJSON_IsObject(ui)) {
		ev->actor_kind = ACTOR_UNKNOWN;
		ev->human = 0;
		strlcpy_wr(ev->actor, "(unknown)", sizeof ev->actor);
		return;
	}
	type = event_str(ui, "type");
	ev->actor_type = type;
	ev->actor_arn = event_str(ui, "arn");
	ev->actor_account = event_str(ui, "accountId");
	ev->access_key = event_str(ui, "accessKeyId");
	ev->invoked_by = event_str(ui, "invokedBy");
	if (*type == '\0') {
		ev->actor_kind = ACTOR_INTERNAL;
		ev->human = 0;
		strlcpy_wr(ev->actor, "AWS internal", sizeof ev->actor);
		strlcpy_wr(ev->principal, "internal", sizeof ev->principal);
	} else if (strcmp(type, "Root") == 0)
		actor_root(ev);
	else if (strcmp(type, "AssumedRole") == 0)
		actor_assumed(ev, ui);
	else if (strcmp(type, "AWSService") == 0 ||
	    strcmp(type, "AWSAccount") == 0 ||
	    strcmp(type, "IdentityCenterUser") == 0)
		actor_special(ev, ui, type);
	else
		actor_named(ev, ui, type);
}

void
event_read(const cJSON *rec, struct ct_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->json = rec;
	ev->event_id = event_str(rec, "eventID");
	ev->event_name = event_str(rec, "eventName");
	ev->event_source = event_str(rec, "eventSource");
	ev->event_type = event_str(rec, "eventType");
	ev->region = event_str(rec, "awsRegion");
	ev->source_ip = event_str(rec, "sourceIPAddress");
	ev->user_agent = event_str(rec, "userAgent");
	ev->error_code = event_str(rec, "errorCode");
	ev->error_message = event_str(rec, "errorMessage");
	ev->recipient_account = event_str(rec, "recipientAccountId");
	ev->actor_type = ev->actor_arn = ev->actor_account = "";
	ev->access_key = ev->invoked_by = "";
	ev->insight = strcmp(ev->event_type, "AwsCloudTrailInsight") == 0;
	ev->time_ms = event_parse_time(rec, &ev->time_warning);
	read_actor(ev, rec);
	ev->cross_account = *ev->actor_account != '\0' &&
	    *ev->recipient_account != '\0' &&
	    strcmp(ev->actor_account, ev->recipient_account) != 0;
}
