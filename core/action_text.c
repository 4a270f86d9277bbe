/*
 * The containment actions' names, flags and dry-run texts: what each
 * will call, with which parameters, how it is verified and whether it
 * can be undone.  No network here; aws/ carries them out.
 */
#include "core/action.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/util.h"

static const struct action_def defs[] = {
	{ "deactivate-key", "an access key id", 0 },
	{ "delete-login-profile", "a user name",
	    ACTION_DISRUPTIVE | ACTION_NO_UNDO },
	{ "revoke-sessions", "a role name", 0 },
	{ "quarantine-user", "a user name", 0 },
	{ "isolate-instance", "an instance id", ACTION_DISRUPTIVE },
	{ "block-public-bucket", "a bucket name", 0 },
	{ "stop-instance", "an instance id", ACTION_DISRUPTIVE },
	{ "terminate-instance", "an instance id",
	    ACTION_DISRUPTIVE | ACTION_NO_UNDO },
};

const struct action_def *const action_defs[] = { &defs[0], &defs[1],
    &defs[2], &defs[3], &defs[4], &defs[5], &defs[6], &defs[7], NULL };

const struct action_def *
action_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof defs / sizeof defs[0]; i++)
		if (strcmp(defs[i].name, name) == 0)
			return (&defs[i]);
	return (NULL);
}

#define LOOKED_UP "(looked up with GetAccessKeyLastUsed)"

/* params' "user", or NULL when the key's owner is to be looked up. */
static char *
param_user(const char *params)
{
	cJSON *j = params != NULL ? cJSON_Parse(params) : NULL;
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "user");
	char *out;

	out = cJSON_IsString(u) ? xstrdup(u->valuestring) : NULL;
	cJSON_Delete(j);
	return (out);
}

static void
key_text(struct buf *b, const char *r, const char *user)
{
	if (user == NULL)
		buf_printf(b, "iam GetAccessKeyLastUsed AccessKeyId=%s (finds "
		    "the key's owner)\n", r);
	buf_printf(b, "iam UpdateAccessKey UserName=%s AccessKeyId=%s "
	    "Status=Inactive\nverify: iam ListAccessKeys UserName=%s (the key "
	    "reads Inactive)\nundo: iam UpdateAccessKey Status=Active",
	    user != NULL ? user : LOOKED_UP, r,
	    user != NULL ? user : LOOKED_UP);
}

static void
iam_text(struct buf *b, const char *name, const char *r, const char *user,
    const char *iso)
{
	if (strcmp(name, "deactivate-key") == 0)
		key_text(b, r, user);
	else if (strcmp(name, "delete-login-profile") == 0)
		buf_printf(b, "iam DeleteLoginProfile UserName=%s\nverify: "
		    "iam GetLoginProfile UserName=%s (NoSuchEntity)\nno undo: "
		    "the password is gone; a new one needs "
		    "CreateLoginProfile", r, r);
	else if (strcmp(name, "revoke-sessions") == 0)
		buf_printf(b, "iam PutRolePolicy RoleName=%s PolicyName="
		    "AWSRevokeOlderSessions PolicyDocument={Deny * on * when "
		    "aws:TokenIssueTime < %s}\nverify: iam GetRolePolicy "
		    "RoleName=%s PolicyName=AWSRevokeOlderSessions\nundo: iam "
		    "DeleteRolePolicy (sessions issued before then work again)",
		    r, iso, r);
	else
		buf_printf(b, "iam PutUserPolicy UserName=%s PolicyName="
		    "warroom-quarantine PolicyDocument={Deny * on *}\nverify: "
		    "iam GetUserPolicy UserName=%s PolicyName="
		    "warroom-quarantine\nundo: iam DeleteUserPolicy", r, r);
}

/* Every call of isolate-instance, in the order they are made. */
static void
isolate_text(struct buf *b, const char *r)
{
	buf_printf(b, "ec2 DescribeInstances InstanceId.1=%s (its VPC, "
	    "security groups, EBS volumes, instance profile)\n", r);
	buf_printf(b, "ec2 CreateSnapshot VolumeId=(each volume) "
	    "TagSpecification.1.ResourceType=snapshot tags warroom-incident="
	    "(this incident) warroom-instance=%s (evidence, first)\n", r);
	buf_printf(b, "ec2 DescribeSecurityGroups Filter group-name="
	    "warroom-isolation-%s vpc-id=(its VPC) (reused when it exists)\n"
	    "ec2 CreateSecurityGroup GroupName=warroom-isolation-%s VpcId="
	    "(its VPC) (when it does not)\n", r, r);
	buf_printf(b, "ec2 DescribeSecurityGroups GroupId.1=(isolation "
	    "group), then RevokeSecurityGroupEgress IpProtocol=-1 CidrIp="
	    "0.0.0.0/0 (and ::/0) so the group has no rules\n");
	buf_printf(b, "ec2 ModifyInstanceAttribute InstanceId=%s GroupId.1="
	    "(isolation group) (with several network interfaces: "
	    "ModifyNetworkInterfaceAttribute NetworkInterfaceId=(each) "
	    "SecurityGroupId.1=(isolation group))\n", r);
	buf_printf(b, "ec2 DescribeIamInstanceProfileAssociations Filter "
	    "instance-id=%s, DisassociateIamInstanceProfile AssociationId="
	    "(its association) (when a profile is attached)\n", r);
	buf_printf(b, "warning: connections already tracked survive a "
	    "security group change\nverify: ec2 DescribeInstances (only the "
	    "isolation group, no instance profile) and DescribeSecurityGroups "
	    "(the group has no rules)\nundo: ec2 ModifyInstanceAttribute "
	    "GroupId.N=(the old groups) (or each interface's), "
	    "AssociateIamInstanceProfile "
	    "(the old profile); the snapshots are kept as evidence");
}

static void
other_text(struct buf *b, const char *name, const char *r)
{
	if (strcmp(name, "isolate-instance") == 0)
		isolate_text(b, r);
	else if (strcmp(name, "block-public-bucket") == 0)
		buf_printf(b, "s3 PutPublicAccessBlock Bucket=%s "
		    "BlockPublicAcls=true IgnorePublicAcls=true "
		    "BlockPublicPolicy=true RestrictPublicBuckets=true\n"
		    "verify: s3 GetPublicAccessBlock Bucket=%s\nundo: the "
		    "previous setting put back", r, r);
	else if (strcmp(name, "stop-instance") == 0)
		buf_printf(b, "ec2 StopInstances InstanceId.1=%s\nverify: ec2 "
		    "DescribeInstances (stopping or stopped)\nundo: ec2 "
		    "StartInstances", r);
	else
		buf_printf(b, "ec2 TerminateInstances InstanceId.1=%s\n"
		    "verify: ec2 DescribeInstances (shutting-down or "
		    "terminated)\nno undo: the instance and its instance "
		    "store are gone", r);
}

char *
action_dry_run(const struct action_def *d, const char *resource,
    const char *params, int64_t now)
{
	char iso[40], *user;
	struct buf b;

	buf_init(&b);
	time_fmt_iso(now, iso, sizeof iso);
	user = param_user(params);
	if (strcmp(d->name, "deactivate-key") == 0 ||
	    strcmp(d->name, "delete-login-profile") == 0 ||
	    strcmp(d->name, "revoke-sessions") == 0 ||
	    strcmp(d->name, "quarantine-user") == 0)
		iam_text(&b, d->name, resource, user, iso);
	else
		other_text(&b, d->name, resource);
	free(user);
	return (buf_steal(&b));
}
