/*
 * isolate-instance over the EC2 Query protocol: snapshot every EBS
 * volume first (evidence, tagged with the incident), put the instance
 * alone in a security group with no rules in its VPC, and detach its
 * instance profile.  What it changed goes into the undo JSON, so undo
 * (and a commander after a partial failure) can put the old groups and
 * profile back; the snapshots are kept.
 */
#include "aws/contain.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/http.h"
#include "aws/session.h"
#include "aws/xml.h"
#include "core/util.h"

#define ISO_PREFIX	"warroom-isolation-"

/* A growing list of form pairs; owns its strings. */
struct form {
	char	**v;
	size_t	  n;
};

static void
form_add(struct form *f, const char *k, const char *v)
{
	f->v = xreallocarray(f->v, f->n + 3, sizeof *f->v);
	f->v[f->n++] = xstrdup(k);
	f->v[f->n++] = xstrdup(v);
	f->v[f->n] = NULL;
}

/* The key PREFIX.N.SUFFIX ("GroupId.2", N from 1). */
static void
form_addn(struct form *f, const char *prefix, size_t i, const char *suffix,
    const char *v)
{
	char k[96];

	snprintf(k, sizeof k, "%s.%zu%s", prefix, i + 1, suffix);
	form_add(f, k, v);
}

static const char *const *
form_list(struct form *f)
{
	if (f->v == NULL)
		f->v = xcalloc(1, sizeof *f->v);
	return ((const char *const *)f->v);
}

static void
form_free(struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	memset(f, 0, sizeof *f);
}

/* The tags every resource we create carries. */
static void
form_tags(struct form *f, const char *type, const struct provider_action *a)
{
	char inc[32];

	snprintf(inc, sizeof inc, "%lld", (long long)a->incident_id);
	form_add(f, "TagSpecification.1.ResourceType", type);
	form_add(f, "TagSpecification.1.Tag.1.Key", "warroom-incident");
	form_add(f, "TagSpecification.1.Tag.1.Value", inc);
	form_add(f, "TagSpecification.1.Tag.2.Key", "warroom-instance");
	form_add(f, "TagSpecification.1.Tag.2.Value", a->resource);
}

/*
 * One call; on failure the error in plain words naming ec2:op.  The
 * reply is parsed into *doc when doc is not NULL (caller closes), and
 * its request id copied to rid when rid is not NULL.
 */
static int
iso_call(struct provider_session *s, const struct provider_action *a,
    const char *op, struct form *f, struct xml_doc **doc, char *rid,
    struct wr_err *err)
{
	struct http_response r;
	char perm[64];
	int rc;

	rc = ec2_query(s, op, ec2_region(s, a), form_list(f), &r, err);
	form_free(f);
	if (rc == -1) {
		snprintf(perm, sizeof perm, "ec2:%s", op);
		contain_explain(&r, perm, a->resource, err);
	} else {
		if (rid != NULL)
			ec2_request_id(&r, rid, PROVIDER_RID_LEN);
		if (doc != NULL && (*doc = xml_open(r.body.data,
		    r.body.len)) == NULL)
			rc = wr_fail(err, WR_ERR_AWS, a->resource, "ec2 %s: "
			    "the reply is not XML", op);
	}
	http_response_free(&r);
	return (rc);
}

/* One network interface and its own groups. */
struct eni {
	char	 *id;
	char	**groups;
	size_t	  ngroups;
};

/* What DescribeInstances says about the instance. */
struct inst {
	char	 *vpc;
	char	**groups;
	size_t	  ngroups;
	char	**names;	/* the groups' names */
	size_t	  nnames;
	char	**volumes;
	size_t	  nvolumes;
	char	 *profile;	/* instance profile ARN, or NULL */
	struct eni *enis;	/* network interfaces */
	size_t	  nenis;
};

static void
inst_free(struct inst *in)
{
	size_t i;

	free(in->vpc);
	xml_list_free(in->groups);
	xml_list_free(in->names);
	xml_list_free(in->volumes);
	free(in->profile);
	for (i = 0; i < in->nenis; i++) {
		free(in->enis[i].id);
		xml_list_free(in->enis[i].groups);
	}
	free(in->enis);
	memset(in, 0, sizeof *in);
}

static void
read_enis(struct xml_node *it, struct inst *in)
{
	struct xml_node *n;
	struct eni *e;

	n = xml_at(it, "networkInterfaceSet/item");
	for (; n != NULL; n = xml_next(n)) {
		in->enis = xreallocarray(in->enis, in->nenis + 1,
		    sizeof *in->enis);
		e = &in->enis[in->nenis++];
		if ((e->id = xml_get(n, "networkInterfaceId")) == NULL)
			e->id = xstrdup("");
		e->groups = xml_all(n, "groupSet/item/groupId", &e->ngroups);
	}
}

static int
describe(struct provider_session *s, const struct provider_action *a,
    struct inst *in, struct wr_err *err)
{
	struct xml_node *it;
	struct xml_doc *doc;
	struct form f = { NULL, 0 };

	memset(in, 0, sizeof *in);
	form_add(&f, "InstanceId.1", a->resource);
	if (iso_call(s, a, "DescribeInstances", &f, &doc, NULL, err) == -1)
		return (-1);
	it = xml_at(xml_find(doc, "instancesSet"), "item");
	if (it == NULL) {
		xml_close(doc);
		return (wr_fail(err, WR_ERR_NOTFOUND, a->resource, "ec2 "
		    "DescribeInstances does not list %s", a->resource));
	}
	in->vpc = xml_get(it, "vpcId");
	/* The instance's own groupSet, not its network interfaces'. */
	in->groups = xml_all(it, "groupSet/item/groupId", &in->ngroups);
	in->names = xml_all(it, "groupSet/item/groupName", &in->nnames);
	in->volumes = xml_all(it, "blockDeviceMapping/item/ebs/volumeId",
	    &in->nvolumes);
	in->profile = xml_get(it, "iamInstanceProfile/arn");
	read_enis(it, in);
	xml_close(doc);
	if (in->vpc == NULL || in->vpc[0] == '\0') {
		inst_free(in);
		return (wr_fail(err, WR_ERR_INVALID, a->resource, "%s is in "
		    "no VPC: it cannot get a VPC security group",
		    a->resource));
	}
	return (0);
}

static cJSON *
str_array(char **v, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
	return (arr);
}

/* CreateSnapshot of each volume; the ids go to u's "snapshots". */
static int
snapshots(struct provider_session *s, const struct provider_action *a,
    const struct inst *in, cJSON *u, char *rid, struct wr_err *err)
{
	cJSON *arr = cJSON_AddArrayToObject(u, "snapshots");
	struct form f = { NULL, 0 };
	struct xml_doc *doc;
	char desc[160], *id;
	size_t i;

	snprintf(desc, sizeof desc, "warroom incident %lld: evidence from "
	    "%s before isolation", (long long)a->incident_id, a->resource);
	for (i = 0; i < in->nvolumes; i++) {
		form_add(&f, "VolumeId", in->volumes[i]);
		form_add(&f, "Description", desc);
		form_tags(&f, "snapshot", a);
		if (iso_call(s, a, "CreateSnapshot", &f, &doc, rid,
		    err) == -1)
			return (-1);
		id = xml_get(xml_find(doc, "snapshotId"), ".");
		xml_close(doc);
		if (id == NULL)
			return (wr_fail(err, WR_ERR_AWS, in->volumes[i], "ec2 "
			    "CreateSnapshot answered without a snapshotId"));
		cJSON_AddItemToArray(arr, cJSON_CreateString(id));
		free(id);
	}
	return (0);
}

/* The group called name in vpc (DescribeSecurityGroups), into *id. */
static int
find_group(struct provider_session *s, const struct provider_action *a,
    const char *name, const char *vpc, char **id, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	struct xml_doc *doc;

	form_add(&f, "Filter.1.Name", "group-name");
	form_add(&f, "Filter.1.Value.1", name);
	form_add(&f, "Filter.2.Name", "vpc-id");
	form_add(&f, "Filter.2.Value.1", vpc);
	if (iso_call(s, a, "DescribeSecurityGroups", &f, &doc, NULL,
	    err) == -1)
		return (-1);
	*id = xml_get(xml_find(doc, "securityGroupInfo"), "item/groupId");
	xml_close(doc);
	return (0);
}

/* The isolation group: reused when it exists, else created. */
static int
isolation_group(struct provider_session *s, const struct provider_action *a,
    const char *vpc, cJSON *u, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	struct xml_doc *doc;
	char name[256], desc[160], *id;

	snprintf(name, sizeof name, ISO_PREFIX "%s", a->resource);
	if (find_group(s, a, name, vpc, &id, err) == -1)
		return (-1);
	cJSON_AddBoolToObject(u, "group_reused", id != NULL);
	if (id == NULL) {
		snprintf(desc, sizeof desc, "warroom isolation of %s "
		    "(incident %lld): no rules", a->resource,
		    (long long)a->incident_id);
		form_add(&f, "GroupName", name);
		form_add(&f, "GroupDescription", desc);
		form_add(&f, "VpcId", vpc);
		form_tags(&f, "security-group", a);
		if (iso_call(s, a, "CreateSecurityGroup", &f, &doc, NULL,
		    err) == -1)
			return (-1);
		id = xml_get(xml_find(doc, "groupId"), ".");
		xml_close(doc);
		if (id == NULL)
			return (wr_fail(err, WR_ERR_AWS, name, "ec2 "
			    "CreateSecurityGroup answered without a groupId"));
	}
	cJSON_AddStringToObject(u, "isolation_group", id);
	free(id);
	return (0);
}

/* The group's rules: how many ingress and egress, and the allow-alls. */
struct rules {
	size_t	  in, out;
	char	**v4, **v6;	/* CIDRs of protocol -1 egress rules */
	size_t	  n4, n6;
};

static void
rules_free(struct rules *r)
{
	xml_list_free(r->v4);
	xml_list_free(r->v6);
	memset(r, 0, sizeof *r);
}

static size_t
count_items(struct xml_node *list)
{
	struct xml_node *n;
	size_t c = 0;

	for (n = xml_at(list, "item"); n != NULL; n = xml_next(n))
		c++;
	return (c);
}

static void
allow_alls(struct xml_node *egress, struct rules *r)
{
	struct xml_node *n;
	char **v, *p;
	size_t i, k;

	r->v4 = xcalloc(1, sizeof *r->v4);
	r->v6 = xcalloc(1, sizeof *r->v6);
	for (n = xml_at(egress, "item"); n != NULL; n = xml_next(n)) {
		p = xml_get(n, "ipProtocol");
		if (p != NULL && strcmp(p, "-1") == 0) {
			v = xml_all(n, "ipRanges/item/cidrIp", &k);
			for (i = 0; i < k; i++) {
				r->v4 = xreallocarray(r->v4, r->n4 + 2,
				    sizeof *r->v4);
				r->v4[r->n4++] = xstrdup(v[i]);
				r->v4[r->n4] = NULL;
			}
			xml_list_free(v);
			v = xml_all(n, "ipv6Ranges/item/cidrIpv6", &k);
			for (i = 0; i < k; i++) {
				r->v6 = xreallocarray(r->v6, r->n6 + 2,
				    sizeof *r->v6);
				r->v6[r->n6++] = xstrdup(v[i]);
				r->v6[r->n6] = NULL;
			}
			xml_list_free(v);
		}
		free(p);
	}
}

static int
group_rules(struct provider_session *s, const struct provider_action *a,
    const char *group, struct rules *r, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	struct xml_node *g;
	struct xml_doc *doc;

	memset(r, 0, sizeof *r);
	form_add(&f, "GroupId.1", group);
	if (iso_call(s, a, "DescribeSecurityGroups", &f, &doc, NULL,
	    err) == -1)
		return (-1);
	if ((g = xml_at(xml_find(doc, "securityGroupInfo"), "item")) == NULL) {
		xml_close(doc);
		return (wr_fail(err, WR_ERR_NOTFOUND, group, "ec2 "
		    "DescribeSecurityGroups does not list %s", group));
	}
	r->in = count_items(xml_at(g, "ipPermissions"));
	r->out = count_items(xml_at(g, "ipPermissionsEgress"));
	allow_alls(xml_at(g, "ipPermissionsEgress"), r);
	xml_close(doc);
	return (0);
}

/*
 * A new group in a VPC allows all egress (IPv4, and IPv6 where the VPC
 * has it): revoke those rules so the group truly has none.
 */
static int
empty_group(struct provider_session *s, const struct provider_action *a,
    const char *group, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	struct rules r;
	size_t i;
	int rc = 0;

	if (group_rules(s, a, group, &r, err) == -1)
		return (-1);
	if (r.n4 + r.n6 > 0) {
		form_add(&f, "GroupId", group);
		form_add(&f, "IpPermissions.1.IpProtocol", "-1");
		for (i = 0; i < r.n4; i++)
			form_addn(&f, "IpPermissions.1.IpRanges", i,
			    ".CidrIp", r.v4[i]);
		for (i = 0; i < r.n6; i++)
			form_addn(&f, "IpPermissions.1.Ipv6Ranges", i,
			    ".CidrIpv6", r.v6[i]);
		rc = iso_call(s, a, "RevokeSecurityGroupEgress", &f, NULL,
		    NULL, err);
	}
	rules_free(&r);
	return (rc);
}

/* The instance's groups set to groups (ModifyInstanceAttribute). */
static int
set_groups(struct provider_session *s, const struct provider_action *a,
    const char *const *groups, size_t n, char *rid, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	size_t i;

	form_add(&f, "InstanceId", a->resource);
	for (i = 0; i < n; i++)
		form_addn(&f, "GroupId", i, "", groups[i]);
	return (iso_call(s, a, "ModifyInstanceAttribute", &f, NULL, rid,
	    err));
}

/* One interface's groups set (ModifyNetworkInterfaceAttribute). */
static int
set_eni_groups(struct provider_session *s, const struct provider_action *a,
    const char *eni, const char *const *groups, size_t n, char *rid,
    struct wr_err *err)
{
	struct form f = { NULL, 0 };
	size_t i;

	form_add(&f, "NetworkInterfaceId", eni);
	for (i = 0; i < n; i++)
		form_addn(&f, "SecurityGroupId", i, "", groups[i]);
	return (iso_call(s, a, "ModifyNetworkInterfaceAttribute", &f, NULL,
	    rid, err));
}

/*
 * Several interfaces: ModifyInstanceAttribute cannot set their groups,
 * so each gets the isolation group alone, its old groups and whether it
 * was changed kept in u's "interfaces".
 */
static int
swap_enis(struct provider_session *s, const struct provider_action *a,
    const struct inst *in, const char *gid, cJSON *u, char *rid,
    struct wr_err *err)
{
	cJSON *arr = cJSON_AddArrayToObject(u, "interfaces"), *o;
	size_t i;

	for (i = 0; i < in->nenis; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", in->enis[i].id);
		cJSON_AddItemToObject(o, "groups", str_array(in->enis[i].groups,
		    in->enis[i].ngroups));
		cJSON_AddItemToArray(arr, o);
	}
	i = 0;
	cJSON_ArrayForEach(o, arr) {
		if (set_eni_groups(s, a, in->enis[i++].id, &gid, 1, rid,
		    err) == -1)
			return (-1);
		cJSON_AddBoolToObject(o, "swapped", 1);
	}
	return (0);
}

/* DisassociateIamInstanceProfile of the instance's association. */
static int
detach_profile(struct provider_session *s, const struct provider_action *a,
    cJSON *u, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	struct xml_node *n;
	struct xml_doc *doc;
	char *id = NULL, *st;

	form_add(&f, "Filter.1.Name", "instance-id");
	form_add(&f, "Filter.1.Value.1", a->resource);
	if (iso_call(s, a, "DescribeIamInstanceProfileAssociations", &f, &doc,
	    NULL, err) == -1)
		return (-1);
	n = xml_at(xml_find(doc, "iamInstanceProfileAssociationSet"), "item");
	for (; n != NULL && id == NULL; n = xml_next(n)) {
		st = xml_get(n, "state");
		if (st != NULL && strcmp(st, "associated") == 0)
			id = xml_get(n, "associationId");
		free(st);
	}
	xml_close(doc);
	if (id == NULL)
		return (0);
	cJSON_AddStringToObject(u, "association", id);
	form_add(&f, "AssociationId", id);
	free(id);
	if (iso_call(s, a, "DisassociateIamInstanceProfile", &f, NULL, NULL,
	    err) == -1)
		return (-1);
	cJSON_AddBoolToObject(u, "profile_detached", 1);
	return (0);
}

/* arn:aws:iam::ACCOUNT:instance-profile/PATH/NAME: NAME. */
static const char *
profile_name(const char *arn)
{
	const char *p = strrchr(arn, '/');

	return (p != NULL ? p + 1 : arn);
}

/* The instance id as EC2 writes them, so it is safe in a group name. */
static int
valid_instance(const char *id)
{
	size_t n = strlen(id);

	return (n > 2 && n < 64 && strncmp(id, "i-", 2) == 0 &&
	    strspn(id + 2, "0123456789abcdefABCDEF") == n - 2);
}

static int
already_isolated(const struct inst *in, const char *instance)
{
	return (in->ngroups == 1 && in->nnames == 1 &&
	    strncmp(in->names[0], ISO_PREFIX, strlen(ISO_PREFIX)) == 0 &&
	    strcmp(in->names[0] + strlen(ISO_PREFIX), instance) == 0);
}

/*
 * The steps in order; u records each change as it is made, so a
 * failure part-way still leaves what undo needs.
 */
static int
isolate_steps(struct provider_session *s, const struct provider_action *a,
    struct inst *in, cJSON *u, struct provider_result *res,
    struct wr_err *err)
{
	const char *gid;

	if (describe(s, a, in, err) == -1)
		return (-1);
	/* Isolating twice would record the isolation group as the old. */
	if (already_isolated(in, a->resource))
		return (wr_fail(err, WR_ERR_INVALID, a->resource, "%s is "
		    "already isolated (its only group is %s " ISO_PREFIX "%s); "
		    "undo the earlier isolation first", a->resource,
		    in->groups[0], a->resource));
	cJSON_AddStringToObject(u, "instance", a->resource);
	cJSON_AddStringToObject(u, "vpc", in->vpc);
	cJSON_AddItemToObject(u, "groups", str_array(in->groups, in->ngroups));
	cJSON_AddItemToObject(u, "volumes", str_array(in->volumes,
	    in->nvolumes));
	if (in->profile != NULL) {
		cJSON_AddStringToObject(u, "profile_arn", in->profile);
		cJSON_AddStringToObject(u, "profile_name",
		    profile_name(in->profile));
	}
	if (snapshots(s, a, in, u, res->request_id, err) == -1 ||
	    isolation_group(s, a, in->vpc, u, err) == -1)
		return (-1);
	gid = cJSON_GetStringValue(cJSON_GetObjectItem(u, "isolation_group"));
	if (empty_group(s, a, gid, err) == -1)
		return (-1);
	if (in->nenis > 1) {
		if (swap_enis(s, a, in, gid, u, res->request_id, err) == -1)
			return (-1);
	} else if (set_groups(s, a, &gid, 1, res->request_id, err) == -1)
		return (-1);
	cJSON_AddBoolToObject(u, "groups_swapped", 1);
	if (in->profile != NULL && detach_profile(s, a, u, err) == -1)
		return (-1);
	return (0);
}

static int
isolate_act(struct provider_session *s, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	cJSON *u = cJSON_CreateObject();
	struct inst in;
	int rc;

	if (!valid_instance(a->resource)) {
		cJSON_Delete(u);
		return (wr_fail(err, WR_ERR_USAGE, a->resource, "not an "
		    "instance id (i-0123abcd...)"));
	}
	rc = isolate_steps(s, a, &in, u, res, err);
	/* Kept even on failure: the snapshots, and what undo reverses. */
	if (cJSON_GetObjectItem(u, "instance") != NULL)
		res->undo = cJSON_PrintUnformatted(u);
	cJSON_Delete(u);
	inst_free(&in);
	return (rc);
}

/* The undo JSON act kept; NULL with err when there is none. */
static cJSON *
kept(const struct provider_action *a, struct wr_err *err)
{
	cJSON *u = a->undo != NULL ? cJSON_Parse(a->undo) : NULL;

	if (u == NULL)
		wr_fail(err, WR_ERR_INVALID, a->resource, "nothing kept from "
		    "the isolation to check or undo");
	return (u);
}

/* "instance i-..: groups sg-.., no instance profile; sg-.. has 0 rules" */
static void
verify_detail(struct provider_result *res, const char *instance,
    const struct inst *in, const char *gid, size_t rules)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_printf(&b, "instance %s: group%s", instance,
	    in->ngroups == 1 ? "" : "s");
	for (i = 0; i < in->ngroups; i++)
		buf_printf(&b, " %s", in->groups[i]);
	buf_printf(&b, "%s, %s; isolation group %s has %zu rule%s",
	    in->ngroups == 0 ? " none" : "", in->profile != NULL ?
	    "instance profile still attached" : "no instance profile", gid,
	    rules, rules == 1 ? "" : "s");
	snprintf(res->detail, sizeof res->detail, "%s", b.data);
	buf_free(&b);
}

/* 1 when the instance, and each of its interfaces, has gid alone. */
static int
alone_in(const struct inst *in, const char *gid)
{
	size_t i;

	if (in->ngroups != 1 || strcmp(in->groups[0], gid) != 0)
		return (0);
	for (i = 0; in->nenis > 1 && i < in->nenis; i++)
		if (in->enis[i].ngroups != 1 ||
		    strcmp(in->enis[i].groups[0], gid) != 0)
			return (0);
	return (1);
}

/*
 * One reading: verified when the instance has the isolation group gid
 * alone, no instance profile, and gid no rules.  *pending is set when
 * only a profile that act detached still shows (EC2 takes a moment to
 * finish a disassociation).
 */
static int
verify_once(struct provider_session *s, const struct provider_action *a,
    const char *gid, int detached, struct provider_result *res,
    int *pending, struct wr_err *err)
{
	struct rules r;
	struct inst in;
	int groups_ok, rc = -1;

	*pending = 0;
	if (describe(s, a, &in, err) == -1)
		return (-1);
	if (group_rules(s, a, gid, &r, err) == 0) {
		groups_ok = alone_in(&in, gid) && r.in == 0 && r.out == 0;
		res->verified = groups_ok && in.profile == NULL;
		*pending = groups_ok && in.profile != NULL && detached;
		verify_detail(res, a->resource, &in, gid, r.in + r.out);
		rules_free(&r);
		rc = 0;
	}
	inst_free(&in);
	return (rc);
}

#define VERIFY_TRIES	5

static int
isolate_verify(struct provider_session *s, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	struct timespec ts = { 1, 0 };
	const char *gid;
	cJSON *u;
	int i, detached, pending = 1, rc = -1;

	if ((u = kept(a, err)) == NULL)
		return (-1);
	gid = cJSON_GetStringValue(cJSON_GetObjectItem(u, "isolation_group"));
	detached = cJSON_IsTrue(cJSON_GetObjectItem(u, "profile_detached"));
	if (gid == NULL)
		wr_fail(err, WR_ERR_INVALID, a->resource, "no isolation group "
		    "was recorded");
	for (i = 0; gid != NULL && pending && i < VERIFY_TRIES; i++) {
		if (i > 0)
			nanosleep(&ts, NULL);
		rc = verify_once(s, a, gid, detached, res, &pending, err);
		if (rc == -1)
			break;
	}
	cJSON_Delete(u);
	return (rc);
}

/* The strings of array g, NULL-terminated (caller frees the array). */
static const char **
old_groups(const cJSON *g, size_t *n)
{
	const cJSON *v;
	const char **out;

	*n = 0;
	out = xcalloc((size_t)cJSON_GetArraySize(g) + 1, sizeof *out);
	cJSON_ArrayForEach(v, g)
		if (cJSON_IsString(v))
			out[(*n)++] = v->valuestring;
	return (out);
}

/* Put back the groups of iface (NULL: the instance's) from o. */
static int
restore_one(struct provider_session *s, const struct provider_action *a,
    const cJSON *o, const char *iface, char *rid, struct wr_err *err)
{
	const char **groups;
	size_t n;
	int rc;

	groups = old_groups(cJSON_GetObjectItem(o, "groups"), &n);
	if (n == 0)
		rc = wr_fail(err, WR_ERR_INVALID, a->resource, "the old groups "
		    "of %s were not recorded", iface != NULL ? iface :
		    a->resource);
	else if (iface != NULL)
		rc = set_eni_groups(s, a, iface, groups, n, rid, err);
	else
		rc = set_groups(s, a, groups, n, rid, err);
	free(groups);
	return (rc);
}

/* The groups act changed put back: each interface's, or the instance's. */
static int
restore_groups(struct provider_session *s, const struct provider_action *a,
    const cJSON *u, char *rid, int *did, struct wr_err *err)
{
	const cJSON *ifs = cJSON_GetObjectItem(u, "interfaces"), *o;
	const char *id;

	if (!cJSON_IsArray(ifs)) {
		if (!cJSON_IsTrue(cJSON_GetObjectItem(u, "groups_swapped")))
			return (0);
		*did = 1;
		return (restore_one(s, a, u, NULL, rid, err));
	}
	cJSON_ArrayForEach(o, ifs) {
		id = cJSON_GetStringValue(cJSON_GetObjectItem(o, "id"));
		if (id == NULL ||
		    !cJSON_IsTrue(cJSON_GetObjectItem(o, "swapped")))
			continue;
		*did = 1;
		if (restore_one(s, a, o, id, rid, err) == -1)
			return (-1);
	}
	return (0);
}

static int
isolate_undo(struct provider_session *s, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	struct form f = { NULL, 0 };
	const char *arn;
	cJSON *u;
	int rc, did = 0;

	if ((u = kept(a, err)) == NULL)
		return (-1);
	rc = restore_groups(s, a, u, res->request_id, &did, err);
	arn = cJSON_GetStringValue(cJSON_GetObjectItem(u, "profile_arn"));
	if (rc == 0 && arn != NULL &&
	    cJSON_IsTrue(cJSON_GetObjectItem(u, "profile_detached"))) {
		form_add(&f, "IamInstanceProfile.Arn", arn);
		form_add(&f, "InstanceId", a->resource);
		rc = iso_call(s, a, "AssociateIamInstanceProfile", &f, NULL,
		    res->request_id, err);
		did = 1;
	}
	if (rc == 0 && !did)
		rc = wr_fail(err, WR_ERR_INVALID, a->resource, "nothing to "
		    "put back: the instance's groups and profile were never "
		    "changed");
	cJSON_Delete(u);
	return (rc);
}

int
isolate_action(struct provider_session *s, enum contain_step step,
    const struct provider_action *a, struct provider_result *res,
    struct wr_err *err)
{
	if (strcmp(a->action, "isolate-instance") != 0)
		return (wr_fail(err, WR_ERR_USAGE, a->action,
		    "not isolate-instance"));
	if (step == CONTAIN_VERIFY)
		return (isolate_verify(s, a, res, err));
	if (step == CONTAIN_UNDO)
		return (isolate_undo(s, a, res, err));
	return (isolate_act(s, a, res, err));
}
