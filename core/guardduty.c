/*
 * GuardDuty findings.  The resource line follows the resource type
 * (BR-15): an unknown type is named and marked unparsed, a missing one
 * is "(no resource)", and nothing assumes instanceDetails is there.
 */
#include "core/guardduty.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/triage.h"
#include "core/util.h"

static const cJSON *
member(const cJSON *o, const char *key, size_t n)
{
	char k[96];
	const cJSON *v;

	if (n >= sizeof k || !cJSON_IsObject(o))
		return (NULL);
	memcpy(k, key, n);
	k[n] = '\0';
	if ((v = cJSON_GetObjectItemCaseSensitive(o, k)) != NULL)
		return (v);
	k[0] = (char)toupper((unsigned char)k[0]);
	return (cJSON_GetObjectItemCaseSensitive(o, k));
}

const cJSON *
gd_get(const cJSON *o, const char *path)
{
	const char *dot;
	size_t n;

	while (o != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		o = member(o, path, n);
		path += n + (dot != NULL);
	}
	return (o);
}

const char *
gd_str(const cJSON *o, const char *path)
{
	const cJSON *v = gd_get(o, path);

	return (cJSON_IsString(v) ? v->valuestring : "");
}

int
gd_is_finding(const cJSON *o)
{
	return (cJSON_IsObject(o) &&
	    strcmp(gd_str(o, "schemaVersion"), "2.0") == 0 &&
	    *gd_str(o, "type") != '\0');
}

int
gd_is_asff(const cJSON *o)
{
	return (cJSON_IsObject(o) &&
	    strcmp(gd_str(o, "schemaVersion"), "2018-10-08") == 0);
}

static void
resource_instance(const cJSON *r, char *out, size_t len)
{
	const cJSON *d = gd_get(r, "instanceDetails");
	const cJSON *ni = cJSON_GetArrayItem(gd_get(d, "networkInterfaces"), 0);
	const char *ip = gd_str(ni, "publicIp");

	if (*ip == '\0')
		ip = gd_str(ni, "privateIpAddress");
	snprintf(out, len, "EC2 %s (%s%s%s)", gd_str(d, "instanceId"),
	    gd_str(d, "instanceType"), *ip != '\0' ? ", " : "", ip);
}

static void
resource_s3(const cJSON *r, char *out, size_t len)
{
	const cJSON *b = cJSON_GetArrayItem(gd_get(r, "s3BucketDetails"), 0);
	const char *perm;

	perm = gd_str(b, "publicAccess.effectivePermission");
	snprintf(out, len, "S3 %s%s", gd_str(b, "name"),
	    strcmp(perm, "PUBLIC") == 0 ? " (PUBLIC)" : "");
}

static void
resource_ecs(const cJSON *r, char *out, size_t len)
{
	const cJSON *c;

	c = cJSON_GetArrayItem(gd_get(r, "ecsClusterDetails.taskDetails."
	    "containers"), 0);
	snprintf(out, len, "ECS %s (image %s)",
	    gd_str(r, "ecsClusterDetails.name"), gd_str(c, "image"));
}

static void
describe_resource(const cJSON *r, char *out, size_t len)
{
	const char *type = gd_str(r, "resourceType");

	if (*type == '\0')
		snprintf(out, len, "(no resource)");
	else if (strcmp(type, "Instance") == 0)
		resource_instance(r, out, len);
	else if (strcmp(type, "AccessKey") == 0)
		snprintf(out, len, "access key %s (%s)",
		    gd_str(r, "accessKeyDetails.accessKeyId"),
		    gd_str(r, "accessKeyDetails.userName"));
	else if (strcmp(type, "S3Bucket") == 0)
		resource_s3(r, out, len);
	else if (strcmp(type, "EKSCluster") == 0)
		snprintf(out, len, "EKS %s (user %s)",
		    gd_str(r, "eksClusterDetails.name"), gd_str(r,
		    "kubernetesDetails.kubernetesUserDetails.username"));
	else if (strcmp(type, "Lambda") == 0)
		snprintf(out, len, "Lambda %s",
		    gd_str(r, "lambdaDetails.functionName"));
	else if (strcmp(type, "RDSDBInstance") == 0)
		snprintf(out, len, "RDS %s (%s, %s)",
		    gd_str(r, "rdsDbInstanceDetails.dbInstanceIdentifier"),
		    gd_str(r, "rdsDbInstanceDetails.engine"),
		    gd_str(r, "rdsDbUserDetails.user"));
	else if (strcmp(type, "ECSCluster") == 0)
		resource_ecs(r, out, len);
	else if (strcmp(type, "Container") == 0)
		snprintf(out, len, "container %s (%s)",
		    gd_str(r, "containerDetails.name"),
		    gd_str(r, "containerDetails.image"));
	else
		snprintf(out, len, "%s (unparsed)", type);
}

/* Who the finding is about, as events are keyed: the access key first. */
static void
principal_of(const cJSON *r, char *out, size_t len)
{
	const char *v;

	if (*(v = gd_str(r, "accessKeyDetails.accessKeyId")) != '\0' ||
	    *(v = gd_str(r, "instanceDetails.instanceId")) != '\0' ||
	    *(v = gd_str(r, "accessKeyDetails.userName")) != '\0')
		strlcpy_wr(out, v, len);
	else
		out[0] = '\0';
}

/* Sample findings: a flag in additionalInfo (often inside a JSON string). */
static int
is_sample(const cJSON *o, int *warning)
{
	const cJSON *top = gd_get(o, "sample"), *ai, *v, *flag;
	cJSON *inner;
	int sample = 0;

	*warning = 0;
	if (cJSON_IsBool(top))
		return (cJSON_IsTrue(top));
	ai = gd_get(o, "service.additionalInfo");
	if (cJSON_IsTrue(gd_get(ai, "sample")))
		return (1);
	v = gd_get(ai, "value");
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return (0);
	if ((inner = cJSON_Parse(v->valuestring)) == NULL) {
		*warning = 1;
		return (0);
	}
	flag = cJSON_GetObjectItemCaseSensitive(inner, "sample");
	sample = cJSON_IsTrue(flag);
	cJSON_Delete(inner);
	return (sample);
}

static double
severity_of(const cJSON *o, int *flags)
{
	const cJSON *v = gd_get(o, "severity");
	double sev = 0;

	if (cJSON_IsNumber(v))
		sev = v->valuedouble;
	else if (cJSON_IsString(v)) {
		sev = strtod(v->valuestring, NULL);
		*flags |= FINDING_F_SEV_STRING;
	}
	if (sev < 1.0 || sev > 10.0)
		*flags |= FINDING_F_SEV_RANGE;
	return (sev);
}

static int64_t
time_of(const cJSON *o, const char *path)
{
	const char *s = gd_str(o, path);
	int64_t ms;

	if (*s != '\0' && time_parse_iso(s, &ms) == 0)
		return (ms);
	return (TIME_NONE);
}

int
gd_read(const cJSON *o, int64_t incident, const struct triage *tr,
    struct finding *f, struct gd_text *t, const char **why)
{
	const cJSON *r = gd_get(o, "resource"), *cnt;
	const char *id = gd_str(o, "id"), *type = gd_str(o, "type");

	memset(f, 0, sizeof *f);
	if (*id == '\0' || *type == '\0') {
		*why = *id == '\0' ? "finding without an id" :
		    "finding without a type";
		return (-1);
	}
	strlcpy_wr(t->ext_id, id, sizeof t->ext_id);
	describe_resource(r, t->resource, sizeof t->resource);
	principal_of(r, t->principal, sizeof t->principal);
	strlcpy_wr(t->title, gd_str(o, "title"), sizeof t->title);
	f->incident_id = incident;
	f->source = "guardduty";
	f->ext_id = t->ext_id;
	f->type = type;
	f->title = *t->title != '\0' ? t->title : type;
	f->description = gd_str(o, "description");
	f->principal = t->principal;
	f->resource = t->resource;
	f->region = gd_str(o, "region");
	f->account = gd_str(o, "accountId");
	f->severity = severity_of(o, &f->flags);
	f->p_level = triage_level(tr, type, f->severity);
	if (is_sample(o, &t->sample_warning))
		f->flags |= FINDING_F_SAMPLE;
	f->first_seen = time_of(o, "service.eventFirstSeen");
	f->last_seen = time_of(o, "service.eventLastSeen");
	f->updated_at = time_of(o, "updatedAt");
	if (f->first_seen == TIME_NONE)
		f->first_seen = time_of(o, "createdAt");
	if (f->last_seen == TIME_NONE)
		f->last_seen = f->updated_at;
	cnt = gd_get(o, "service.count");
	f->count = cJSON_IsNumber(cnt) && cnt->valuedouble >= 1 ?
	    (int64_t)cnt->valuedouble : 1;
	f->status = cJSON_IsTrue(gd_get(o, "service.archived")) ? "archived" :
	    "open";
	return (0);
}
