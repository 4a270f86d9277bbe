/*
 * What the evidence says to undo.  Each successful event of the
 * principal is looked up in a table of the calls that create or open
 * something (users, keys, roles, policies, instances, functions, stacks,
 * parameters, snapshots, key pairs, security group rules, ...); each
 * resource it names becomes an eradication item that carries the
 * resource id, the region and the event.  The credentials reachable
 * from the principal (users it touched, roles it assumed or could
 * assume, secrets it read, sessions it minted) become the rotation list.
 */
#include "core/investigate_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

/* The playbook id evidence-derived checklist items carry. */
#define INV_PLAYBOOK "evidence"

struct inv_rule {
	const char	*event;		/* base name (no Lambda suffix) */
	const char	*source;	/* eventSource prefix, or NULL */
	int		 kind;		/* enum inv_kind */
	const char	*what;
	const char	*text;		/* %R resource, %O the related name */
	const char	*path;		/* where the resource ids are */
	const char	*fallback;	/* used when path names nothing */
	const char	*of;		/* the related name, or NULL */
	const char	*need;		/* fire only when this path exists */
};

#define E INV_ERADICATE
#define R INV_ROTATE
#define RQ "requestParameters."
#define RS "responseElements."

static const struct inv_rule inv_rules[] = {
	/* Identities. */
	{ "CreateUser", "iam", E, "IAM user", "Delete IAM user %R (remove "
	  "its keys, password and policies first)", RQ "userName", NULL,
	  NULL, NULL },
	{ "CreateAccessKey", "iam", E, "access key", "Delete access key %R "
	  "of IAM user %O", RS "accessKey.accessKeyId", NULL,
	  RS "accessKey.userName", NULL },
	{ "CreateLoginProfile", "iam", E, "console password", "Delete the "
	  "console password of IAM user %R", RQ "userName", NULL, NULL,
	  NULL },
	{ "UpdateLoginProfile", "iam", E, "console password", "Reset the "
	  "console password of IAM user %R", RQ "userName", NULL, NULL,
	  NULL },
	{ "CreateRole", "iam", E, "IAM role", "Delete IAM role %R",
	  RQ "roleName", NULL, NULL, NULL },
	{ "UpdateAssumeRolePolicy", "iam", E, "role trust policy", "Revert "
	  "the trust policy of IAM role %R", RQ "roleName", NULL, NULL,
	  NULL },
	{ "AttachUserPolicy", "iam", E, "policy attachment", "Detach %O from "
	  "IAM user %R", RQ "userName", NULL, RQ "policyArn", NULL },
	{ "AttachRolePolicy", "iam", E, "policy attachment", "Detach %O from "
	  "IAM role %R", RQ "roleName", NULL, RQ "policyArn", NULL },
	{ "AttachGroupPolicy", "iam", E, "policy attachment", "Detach %O "
	  "from IAM group %R", RQ "groupName", NULL, RQ "policyArn", NULL },
	{ "PutUserPolicy", "iam", E, "inline policy", "Delete inline policy "
	  "%O of IAM user %R", RQ "userName", NULL, RQ "policyName", NULL },
	{ "PutRolePolicy", "iam", E, "inline policy", "Delete inline policy "
	  "%O of IAM role %R", RQ "roleName", NULL, RQ "policyName", NULL },
	{ "PutGroupPolicy", "iam", E, "inline policy", "Delete inline policy "
	  "%O of IAM group %R", RQ "groupName", NULL, RQ "policyName",
	  NULL },
	{ "CreatePolicy", "iam", E, "managed policy", "Delete managed policy "
	  "%R", RS "policy.arn", RQ "policyName", NULL, NULL },
	{ "CreatePolicyVersion", "iam", E, "policy version", "Roll back "
	  "managed policy %R (version %O was added)", RQ "policyArn", NULL,
	  RS "policyVersion.versionId", NULL },
	{ "AddUserToGroup", "iam", E, "group membership", "Remove IAM user "
	  "%R from group %O", RQ "userName", NULL, RQ "groupName", NULL },
	{ "CreateSAMLProvider", "iam", E, "SAML provider", "Delete SAML "
	  "provider %R", RS "sAMLProviderArn", RQ "name", NULL, NULL },
	{ "CreateOpenIDConnectProvider", "iam", E, "OIDC provider", "Delete "
	  "OIDC provider %R", RS "openIDConnectProviderArn", RQ "url", NULL,
	  NULL },
	{ "CreateVirtualMFADevice", "iam", E, "MFA device", "Delete MFA "
	  "device %R", RS "virtualMFADevice.serialNumber",
	  RQ "virtualMFADeviceName", NULL, NULL },
	{ "EnableMFADevice", "iam", E, "MFA device", "Deactivate MFA device "
	  "%O of IAM user %R", RQ "userName", NULL, RQ "serialNumber",
	  NULL },
	{ "CreateTrustAnchor", "rolesanywhere", E, "trust anchor", "Delete "
	  "IAM Roles Anywhere trust anchor %R",
	  RS "trustAnchor.trustAnchorArn", RQ "name", NULL, NULL },
	{ "CreateProfile", "rolesanywhere", E, "Roles Anywhere profile",
	  "Delete IAM Roles Anywhere profile %R", RS "profile.profileArn",
	  RQ "name", NULL, NULL },
	/* Compute and network. */
	{ "RunInstances", "ec2", E, "EC2 instance", "Terminate EC2 instance "
	  "%R (after forensics)", RS "instancesSet.items.instanceId", NULL,
	  NULL, NULL },
	{ "RequestSpotInstances", "ec2", E, "spot request", "Cancel spot "
	  "request %R", RS "spotInstanceRequestSet.items."
	  "spotInstanceRequestId", NULL, NULL, NULL },
	{ "CreateLaunchTemplate", "ec2", E, "launch template", "Delete launch "
	  "template %R", RS "CreateLaunchTemplateResponse.launchTemplate."
	  "launchTemplateId", RQ "CreateLaunchTemplateRequest."
	  "LaunchTemplateName", NULL, NULL },
	{ "CreateKeyPair", "ec2", E, "key pair", "Delete key pair %R",
	  RQ "keyName", NULL, NULL, NULL },
	{ "ImportKeyPair", "ec2", E, "key pair", "Delete imported key pair "
	  "%R", RQ "keyName", NULL, NULL, NULL },
	{ "CreateSecurityGroup", "ec2", E, "security group", "Delete "
	  "security group %R", RS "groupId", RQ "groupName", NULL, NULL },
	{ "AuthorizeSecurityGroupIngress", "ec2", E, "security group rule",
	  "Revoke ingress rule %R of security group %O",
	  RS "securityGroupRuleSet.items.securityGroupRuleId", RQ "groupId",
	  RQ "groupId", NULL },
	{ "AuthorizeSecurityGroupEgress", "ec2", E, "security group rule",
	  "Revoke egress rule %R of security group %O",
	  RS "securityGroupRuleSet.items.securityGroupRuleId", RQ "groupId",
	  RQ "groupId", NULL },
	{ "CreateVpc", "ec2", E, "VPC", "Delete VPC %R", RS "vpc.vpcId",
	  NULL, NULL, NULL },
	{ "ModifyInstanceAttribute", "ec2", E, "instance user data",
	  "Restore the user data of EC2 instance %R", RQ "instanceId", NULL,
	  NULL, RQ "userData" },
	{ "EnableSerialConsoleAccess", "ec2", E, "serial console access",
	  "Disable EC2 serial console access in account %R",
	  "recipientAccountId", NULL, NULL, NULL },
	/* Snapshots and images, made or shared. */
	{ "CreateSnapshot", "ec2", E, "EBS snapshot", "Delete EBS snapshot "
	  "%R", RS "snapshotId", NULL, NULL, NULL },
	{ "CopySnapshot", "ec2", E, "EBS snapshot", "Delete copied EBS "
	  "snapshot %R", RS "snapshotId", NULL, NULL, NULL },
	{ "CreateImage", "ec2", E, "AMI", "Deregister AMI %R", RS "imageId",
	  NULL, NULL, NULL },
	{ "CopyImage", "ec2", E, "AMI", "Deregister copied AMI %R",
	  RS "imageId", NULL, NULL, NULL },
	{ "ModifySnapshotAttribute", "ec2", E, "snapshot sharing", "Stop "
	  "sharing EBS snapshot %R with %O", RQ "snapshotId", NULL,
	  RQ "createVolumePermission.add.items.userId", NULL },
	{ "ModifyImageAttribute", "ec2", E, "AMI sharing", "Stop sharing AMI "
	  "%R with %O", RQ "imageId", NULL,
	  RQ "launchPermission.add.items.userId", NULL },
	{ "ModifyDBSnapshotAttribute", "rds", E, "RDS snapshot sharing",
	  "Stop sharing RDS snapshot %R with %O", RQ "dBSnapshotIdentifier",
	  NULL, RQ "valuesToAdd", NULL },
	/* Functions, stacks, parameters, buckets. */
	{ "CreateFunction", "lambda", E, "Lambda function", "Delete Lambda "
	  "function %R", RS "functionArn", RQ "functionName", NULL, NULL },
	{ "AddPermission", "lambda", E, "function permission", "Remove "
	  "statement %O from the resource policy of Lambda function %R",
	  RQ "functionName", NULL, RQ "statementId", NULL },
	{ "UpdateFunctionConfiguration", "lambda", E, "function "
	  "configuration", "Restore the configuration (layers, environment, "
	  "role) of Lambda function %R", RQ "functionName", NULL, NULL,
	  NULL },
	{ "UpdateFunctionCode", "lambda", E, "function code", "Redeploy "
	  "Lambda function %R from a known-good version", RQ "functionName",
	  NULL, NULL, NULL },
	{ "CreateFunctionUrlConfig", "lambda", E, "function URL", "Delete "
	  "the function URL of Lambda function %R", RQ "functionName", NULL,
	  NULL, NULL },
	{ "PublishLayerVersion", "lambda", E, "Lambda layer", "Delete Lambda "
	  "layer version %R", RS "layerVersionArn", RQ "layerName", NULL,
	  NULL },
	{ "CreateStack", "cloudformation", E, "CloudFormation stack",
	  "Delete CloudFormation stack %R and check each resource it made",
	  RS "stackId", RQ "stackName", NULL, NULL },
	{ "UpdateStack", "cloudformation", E, "CloudFormation stack", "Roll "
	  "back CloudFormation stack %R", RQ "stackName", NULL, NULL, NULL },
	{ "CreateStackSet", "cloudformation", E, "stack set", "Delete stack "
	  "set %R", RQ "stackSetName", NULL, NULL, NULL },
	{ "PutParameter", "ssm", E, "SSM parameter", "Delete or restore SSM "
	  "parameter %R", RQ "name", NULL, NULL, NULL },
	{ "CreateDocument", "ssm", E, "SSM document", "Delete SSM document "
	  "%R", RQ "name", NULL, NULL, NULL },
	{ "CreateBucket", "s3", E, "S3 bucket", "Delete S3 bucket %R",
	  RQ "bucketName", NULL, NULL, NULL },
	{ "PutBucketPolicy", "s3", E, "bucket policy", "Restore the policy "
	  "of S3 bucket %R", RQ "bucketName", NULL, NULL, NULL },
	{ "PutBucketAcl", "s3", E, "bucket ACL", "Restore the ACL of S3 "
	  "bucket %R", RQ "bucketName", NULL, NULL, NULL },
	{ "DeleteBucketPublicAccessBlock", "s3", E, "public access block",
	  "Re-apply the public access block of S3 bucket %R",
	  RQ "bucketName", NULL, NULL, NULL },
	/* Logging the attacker turned off. */
	{ "StopLogging", "cloudtrail", E, "trail logging", "Restart logging "
	  "on trail %R", RQ "name", NULL, NULL, NULL },
	{ "DeleteTrail", "cloudtrail", E, "trail", "Re-create trail %R",
	  RQ "name", NULL, NULL, NULL },
	{ "PutEventSelectors", "cloudtrail", E, "trail event selectors",
	  "Restore the event selectors of trail %R", RQ "trailName", NULL,
	  NULL, NULL },
	{ "DeleteDetector", "guardduty", E, "GuardDuty detector", "Re-enable "
	  "GuardDuty (detector %R was deleted)", RQ "detectorId", NULL, NULL,
	  NULL },
	{ "DeleteResolverQueryLogConfig", "route53resolver", E, "DNS query "
	  "logging", "Re-create Route 53 Resolver query logging (config %R "
	  "was deleted)", RQ "resolverQueryLogConfigId", NULL, NULL, NULL },
	{ "DeleteFlowLogs", "ec2", E, "flow logs", "Re-create VPC flow logs "
	  "%R", RQ "DeleteFlowLogsRequest.FlowLogId.content", NULL, NULL,
	  NULL },
	/* Credentials reachable from the principal. */
	{ "AssumeRole", "sts", R, "role sessions", "Revoke the sessions of "
	  "role %R (the principal assumed it)", RQ "roleArn", NULL, NULL,
	  NULL },
	{ "CreateRole", "iam", R, "role sessions", "Revoke the sessions of "
	  "role %R (the principal created it, so could assume it)",
	  RQ "roleName", NULL, NULL, NULL },
	{ "UpdateAssumeRolePolicy", "iam", R, "role sessions", "Revoke the "
	  "sessions of role %R (the principal rewrote its trust policy)",
	  RQ "roleName", NULL, NULL, NULL },
	{ "GetFederationToken", "sts", R, "federated session", "Federated "
	  "user %R was minted by the principal: its sessions cannot be "
	  "revoked, deny the issuing user until they expire",
	  RS "federatedUser.arn", NULL, NULL, NULL },
	{ "GetSessionToken", "sts", R, "session token", "Session %R was "
	  "minted by the principal: deny the issuing user until it expires",
	  RS "credentials.accessKeyId", NULL, NULL, NULL },
	{ "GetSecretValue", "secretsmanager", R, "secret", "Rotate secret %R "
	  "(read by the principal)", RQ "secretId", NULL, NULL, NULL },
	{ "BatchGetSecretValue", "secretsmanager", R, "secret", "Rotate "
	  "secret %R (read by the principal)", RQ "secretIdList",
	  RS "secretValues.name", NULL, NULL },
	{ "GetParameter", "ssm", R, "SSM parameter", "Rotate the value of "
	  "SSM parameter %R if it is a secret (read by the principal)",
	  RQ "name", NULL, NULL, NULL },
	{ "GetParameters", "ssm", R, "SSM parameter", "Rotate the value of "
	  "SSM parameter %R if it is a secret (read by the principal)",
	  RQ "names", NULL, NULL, NULL },
	{ "GetPasswordData", "ec2", R, "instance password", "Reset the "
	  "Windows administrator password of EC2 instance %R",
	  RQ "instanceId", NULL, NULL, NULL },
};

#undef E
#undef R
#undef RQ
#undef RS

#define INV_NRULES ((int)(sizeof inv_rules / sizeof inv_rules[0]))

static int
inv_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/* The name without a Lambda API-version suffix (see investigate.c). */
static int
inv_name_is(const char *name, const char *base)
{
	size_t	n = strlen(base), i;

	if (strncmp(name, base, n) != 0)
		return (0);
	if (name[n] == '\0')
		return (1);
	for (i = 0; i < 8; i++) {
		if (!inv_digit(name[n + i]))
			return (0);
	}
	name += n + 8;
	if (*name == '\0')
		return (1);
	if (*name++ != 'v' || *name == '\0')
		return (0);
	for (; *name != '\0'; name++) {
		if (!inv_digit(*name))
			return (0);
	}
	return (1);
}

static char *
inv_text(const char *tmpl, const char *res, const char *of,
    const struct event_row *r)
{
	struct buf	 b;
	char		 t[TIME_ISO_LEN];
	const char	*p;

	buf_init(&b);
	for (p = tmpl; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 'R') {
			buf_adds(&b, res);
			p++;
		} else if (p[0] == '%' && p[1] == 'O') {
			buf_adds(&b, of != NULL && *of ? of : "?");
			p++;
		} else
			buf_addc(&b, *p);
	}
	buf_printf(&b, " [%s in %s at %s]", r->event_name,
	    *r->region ? r->region : "?", r->time_ms == TIME_NONE ?
	    "an unknown time" : time_fmt_iso(r->time_ms, t, sizeof t));
	return (buf_steal(&b));
}

/*
 * The items by key, so that a principal with thousands of items does
 * not compare each new one with all before it: v holds item index + 1,
 * 0 for an empty slot; cap is a power of two, at least twice nitems.
 */
struct inv_dedup {
	int	*v;
	size_t	 cap;
};

void
inv_dedup_free(struct inv_dedup *d)
{
	if (d == NULL)
		return;
	free(d->v);
	free(d);
}

/* One rotation per credential; one removal per event. */
static uint64_t
inv_key(int kind, const char *res, const char *event_id)
{
	uint64_t	h = hash64(res, strlen(res)) ^ (uint64_t)kind;

	if (kind != INV_ROTATE)
		h ^= hash64(event_id, strlen(event_id)) * 0x9e3779b97f4a7c15ULL;
	return (h);
}

static int
inv_same(const struct inv_item *it, int kind, const char *res,
    const char *event_id)
{
	return (it->kind == kind && strcmp(it->resource, res) == 0 &&
	    (kind == INV_ROTATE || strcmp(it->event_id, event_id) == 0));
}

/* The slot of the item with this key, or the empty slot it would take. */
static size_t
inv_slot(const struct investigation *inv, int kind, const char *res,
    const char *event_id)
{
	const struct inv_dedup	*d = inv->dedup;
	size_t			 i;

	i = (size_t)inv_key(kind, res, event_id) & (d->cap - 1);
	while (d->v[i] != 0 && !inv_same(&inv->items[d->v[i] - 1], kind, res,
	    event_id))
		i = (i + 1) & (d->cap - 1);
	return (i);
}

/* A repair named once per resource: rare, so a plain scan. */
static int
inv_dup_once(const struct investigation *inv, int kind, const char *what,
    const char *res)
{
	int	i;

	for (i = 0; i < inv->nitems; i++)
		if (inv->items[i].kind == kind &&
		    strcmp(inv->items[i].resource, res) == 0 &&
		    strcmp(inv->items[i].what, what) == 0)
			return (1);
	return (0);
}

static int
inv_dup(const struct investigation *inv, int kind, const char *what,
    const char *res, const char *event_id, int once)
{
	if (inv->dedup == NULL)
		return (0);
	if (inv->dedup->v[inv_slot(inv, kind, res, event_id)] != 0)
		return (1);
	return (once && inv_dup_once(inv, kind, what, res));
}

/* Index item n (just appended), growing the table when half full. */
static void
inv_index(struct investigation *inv, int n)
{
	struct inv_dedup	*d = inv->dedup;
	const struct inv_item	*it;
	int			 i;

	if (d == NULL)
		d = inv->dedup = xcalloc(1, sizeof *d);
	if (2 * (size_t)(n + 1) > d->cap) {
		free(d->v);
		d->cap = d->cap == 0 ? 64 : 2 * d->cap;
		d->v = xcalloc(d->cap, sizeof *d->v);
		for (i = 0; i < n; i++) {
			it = &inv->items[i];
			d->v[inv_slot(inv, it->kind, it->resource,
			    it->event_id)] = i + 1;
		}
	}
	it = &inv->items[n];
	d->v[inv_slot(inv, it->kind, it->resource, it->event_id)] = n + 1;
}

/* "arn:aws:cloudtrail:us-east-1:111122223333:trail/mgmt" is "mgmt". */
static const char *
inv_trail_name(const char *res)
{
	const char	*p;

	if (str_has_prefix(res, "arn:") && strstr(res, ":cloudtrail:") !=
	    NULL && (p = strstr(res, ":trail/")) != NULL && p[7] != '\0')
		return (p + 7);
	return (res);
}

static void
inv_add_once(struct investigation *inv, int kind, const char *what,
    const char *res, char *text, const struct event_row *r, int once)
{
	struct inv_item	*it;

	if (inv_dup(inv, kind, what, res, r->event_id, once)) {
		free(text);
		return;
	}
	inv->items = xreallocarray(inv->items, (size_t)inv->nitems + 1,
	    sizeof *inv->items);
	it = &inv->items[inv->nitems++];
	it->kind = kind;
	it->what = xstrdup(what);
	it->resource = xstrdup(res);
	it->region = xstrdup(r->region);
	it->event_id = xstrdup(r->event_id);
	it->event_name = xstrdup(r->event_name);
	it->time_ms = r->time_ms;
	it->text = text;
	it->once = once;
	inv_index(inv, inv->nitems - 1);
}

static void
inv_add(struct investigation *inv, int kind, const char *what,
    const char *res, char *text, const struct event_row *r)
{
	inv_add_once(inv, kind, what, res, text, r, 0);
}

struct inv_emit {
	struct investigation	*inv;
	const struct inv_rule	*rule;
	const char		*of;
	const struct event_row	*row;
	int			 n;
};

static void
inv_emit_one(const char *res, void *arg)
{
	struct inv_emit	*e = arg;
	int		 trail;

	if (*res == '\0')
		return;
	e->n++;
	/*
	 * The CloudTrail calls take a trail's name or its ARN for the same
	 * trail, and a trail stopped twice is restarted once: one item per
	 * trail, named by its name.
	 */
	trail = e->rule->source != NULL &&
	    strcmp(e->rule->source, "cloudtrail") == 0;
	if (trail)
		res = inv_trail_name(res);
	/* Known already: the line need not be written to be thrown away. */
	if (inv_dup(e->inv, e->rule->kind, e->rule->what, res,
	    e->row->event_id, trail))
		return;
	inv_add_once(e->inv, e->rule->kind, e->rule->what, res,
	    inv_text(e->rule->text, res, e->of, e->row), e->row, trail);
}

static void
inv_apply(struct investigation *inv, const struct inv_rule *rule,
    const cJSON *rec, const struct event_row *r)
{
	struct inv_emit	 e = { inv, rule, NULL, r, 0 };
	const char	*top;

	if (rule->need != NULL && event_get(rec, rule->need) == NULL)
		return;
	if (rule->of != NULL)
		e.of = inv_first_str(rec, rule->of);
	if (e.of == NULL && rule->of != NULL &&
	    str_has_suffix(rule->of, "userName"))
		e.of = inv_first_str(rec, "requestParameters.userName");
	/* A top-level field (recipientAccountId) is a plain string. */
	if (strchr(rule->path, '.') == NULL) {
		top = event_str(rec, rule->path);
		inv_emit_one(top, &e);
		return;
	}
	inv_each_str(rec, rule->path, inv_emit_one, &e);
	if (e.n == 0 && rule->fallback != NULL)
		inv_each_str(rec, rule->fallback, inv_emit_one, &e);
}

/* Users the principal touched: their keys and passwords must rotate. */
static void
inv_touched_user(struct investigation *inv, const cJSON *rec,
    const struct event_row *r)
{
	const char	*user;

	if (strcmp(r->event_source, "iam.amazonaws.com") != 0 ||
	    str_has_prefix(r->event_name, "Get") ||
	    str_has_prefix(r->event_name, "List"))
		return;
	user = inv_first_str(rec, "requestParameters.userName");
	if (user == NULL || *user == '\0')
		return;
	inv_add(inv, INV_ROTATE, "IAM user", user, inv_text("Rotate the "
	    "access keys and password of IAM user %R (the principal changed "
	    "it)", user, NULL, r), r);
}

int
inv_event_wants(const struct event_row *r)
{
	const struct inv_rule	*rule;
	int			 i;

	if (*r->error_code != '\0')
		return (0);
	/* The tests of inv_derive_event and inv_touched_user, by name. */
	for (i = 0; i < INV_NRULES; i++) {
		rule = &inv_rules[i];
		if (inv_name_is(r->event_name, rule->event) &&
		    (rule->source == NULL ||
		    str_has_prefix(r->event_source, rule->source)))
			return (1);
	}
	return (strcmp(r->event_source, "iam.amazonaws.com") == 0 &&
	    !str_has_prefix(r->event_name, "Get") &&
	    !str_has_prefix(r->event_name, "List"));
}

void
inv_derive_event(struct investigation *inv, const cJSON *rec,
    const struct event_row *r)
{
	const struct inv_rule	*rule;
	int			 i;

	for (i = 0; i < INV_NRULES; i++) {
		rule = &inv_rules[i];
		if (!inv_name_is(r->event_name, rule->event) ||
		    (rule->source != NULL &&
		    !str_has_prefix(r->event_source, rule->source)))
			continue;
		inv_apply(inv, rule, rec, r);
	}
	inv_touched_user(inv, rec, r);
}

void
inv_derive_self(struct investigation *inv, const cJSON *rec,
    const struct event_row *r)
{
	const char	*key = event_str(rec, "userIdentity.accessKeyId");
	const char	*user = event_str(rec, "userIdentity.userName");
	const char	*type = event_str(rec, "userIdentity.type");
	char		*text;

	if (strcmp(type, "IAMUser") == 0 && str_has_prefix(key, "AKIA")) {
		text = inv_text("Rotate the compromised access key %R of IAM "
		    "user %O and reset its password", key, user, r);
		inv_add(inv, INV_ROTATE, "access key", key, text, r);
	} else if (strcmp(type, "AssumedRole") == 0) {
		text = inv_text("Revoke the sessions of role %R (the "
		    "compromised principal)", inv->principal, NULL, r);
		inv_add(inv, INV_ROTATE, "role sessions", inv->principal,
		    text, r);
	} else if (strcmp(type, "Root") == 0) {
		text = inv_text("Change the root password and MFA, delete "
		    "root access keys (%R)", *key ? key : "none seen", NULL,
		    r);
		inv_add(inv, INV_ROTATE, "root credentials", inv->principal,
		    text, r);
	}
}

static int
inv_add_items(struct store *s, const struct operator *op, int64_t incident,
    const struct investigation *inv, int *added, struct wr_err *err)
{
	struct check_item	 it;
	const struct inv_item	*d;
	char			 step[160];
	int			 i, is_new;
	int64_t			 id;

	for (i = 0; i < inv->nitems; i++) {
		d = &inv->items[i];
		memset(&it, 0, sizeof it);
		it.incident_id = incident;
		it.phase = d->kind == INV_ERADICATE ? PHASE_ERADICATION :
		    PHASE_RECOVERY;
		it.ord = PLAYBOOK_ORD_EVIDENCE + i;
		it.text = d->text;
		it.playbook_id = INV_PLAYBOOK;
		/*
		 * One removal per creating event; one rotation per thing;
		 * one repair per resource for the once-only kinds, across
		 * ingest runs too.
		 */
		if (d->kind == INV_ERADICATE && d->once)
			snprintf(step, sizeof step, "once:%.150s", d->what);
		else if (d->kind == INV_ERADICATE)
			snprintf(step, sizeof step, "ev:%.150s", d->event_id);
		else
			snprintf(step, sizeof step, "rotate");
		it.step_id = step;
		it.owner_role = "responder";
		it.resource = d->resource;
		it.region = d->region;
		it.source_event = d->event_id;
		if (checklist_add(s, op, &it, &id, &is_new, err) == -1)
			return (-1);
		*added += is_new;
	}
	return (0);
}

int
playbook_derive(struct store *s, const struct operator *op,
    int64_t incident, const char *principal, struct wr_err *err)
{
	struct investigation	*inv;
	int			 added = 0;

	if (inv_run_items(s, incident, principal, &inv, err) == -1)
		return (-1);
	if (store_begin(s, err) == -1) {
		investigate_free(inv);
		return (-1);
	}
	if (inv_add_items(s, op, incident, inv, &added, err) == -1) {
		store_rollback(s);
		investigate_free(inv);
		return (-1);
	}
	investigate_free(inv);
	if (store_commit(s, err) == -1)
		return (-1);
	return (added);
}
