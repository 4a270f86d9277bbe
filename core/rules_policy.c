/*
 * Policy-document helpers for the rules: does a bucket, key, topic,
 * queue or trust policy open access to everyone, or to another
 * account, or grant everything on everything?  CloudTrail carries these
 * documents as objects, JSON strings or URL-encoded JSON strings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/rules_int.h"
#include "core/util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

/* Percent-decoding; returns a newly allocated string.  Caller frees. */
static char *
url_decode(const char *s)
{
	struct buf b;
	int hi, lo;

	buf_init(&b);
	for (; *s != '\0'; s++) {
		if (*s == '%' && (hi = hexval(s[1])) >= 0 &&
		    (lo = hexval(s[2])) >= 0) {
			buf_addc(&b, (char)(hi * 16 + lo));
			s += 2;
		} else
			buf_addc(&b, *s);
	}
	return (buf_steal(&b));
}

static cJSON *
parse_doc(const char *s)
{
	char *dec;
	cJSON *doc;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '{')
		return (cJSON_Parse(s));
	if (*s != '%')
		return (NULL);
	dec = url_decode(s);
	doc = cJSON_Parse(dec);
	free(dec);
	return (doc);
}

static int
is_star(const cJSON *n)
{
	return (cJSON_IsString(n) && strcmp(n->valuestring, "*") == 0);
}

/* Is "*" (or one of the values) in a string-or-array field? */
static int
has_value(const cJSON *n, const char *a, const char *b)
{
	const cJSON *c;

	if (cJSON_IsString(n))
		return (strcmp(n->valuestring, a) == 0 ||
		    (b != NULL && strcmp(n->valuestring, b) == 0));
	if (cJSON_IsArray(n))
		cJSON_ArrayForEach(c, n)
			if (has_value(c, a, b))
				return (1);
	return (0);
}

static int
principal_public(const cJSON *p)
{
	if (is_star(p))
		return (1);
	if (!cJSON_IsObject(p))
		return (0);
	return (has_value(cJSON_GetObjectItemCaseSensitive(p, "AWS"), "*",
	    NULL));
}

/* The account of "123456789012" or "arn:aws:iam::123456789012:...". */
static int
account_of(const char *s, char out[13])
{
	const char *p = s;
	int i;

	if (strncmp(s, "arn:", 4) == 0) {
		for (i = 0; i < 4 && (p = strchr(p, ':')) != NULL; i++)
			p++;
		if (p == NULL)
			return (0);
	}
	for (i = 0; i < 12; i++)
		if (!isdigit((unsigned char)p[i]))
			return (0);
	if (p[12] != '\0' && p[12] != ':')
		return (0);
	memcpy(out, p, 12);
	out[12] = '\0';
	return (1);
}

static int
foreign_entry(const cJSON *n, const char *own)
{
	char acct[13];
	const cJSON *c;

	if (cJSON_IsArray(n)) {
		cJSON_ArrayForEach(c, n)
			if (foreign_entry(c, own))
				return (1);
		return (0);
	}
	if (!cJSON_IsString(n) || !account_of(n->valuestring, acct))
		return (0);
	return (strcmp(acct, own) != 0);
}

static int
principal_foreign(const cJSON *p, const char *own)
{
	if (own == NULL || own[0] == '\0')
		return (0);
	if (cJSON_IsObject(p))
		p = cJSON_GetObjectItemCaseSensitive(p, "AWS");
	return (foreign_entry(p, own));
}

/*
 * Condition keys that pin who may call (an account, an organization, a
 * network).  sts:ExternalId is not among them: anyone who learns it
 * passes.
 */
static const char *pinning_keys[] = {
	"aws:SourceAccount", "aws:SourceArn", "aws:SourceOwner",
	"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount",
	"aws:PrincipalArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceIp",
	"aws:userid", "aws:username", "aws:ResourceOrgID",
	"kms:CallerAccount", "kms:ViaService", "AWS:SourceOwner"
};

static int
pinning_key(const char *k)
{
	size_t i;

	for (i = 0; i < sizeof pinning_keys / sizeof pinning_keys[0]; i++)
		if (strcasecmp(k, pinning_keys[i]) == 0)
			return (1);
	return (0);
}

/* Does a condition pin the caller (source account, org, VPC, IP...)? */
static int
restricted(const cJSON *st)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(st, "Condition");
	const cJSON *op, *k;

	if (!cJSON_IsObject(c))
		return (0);
	cJSON_ArrayForEach(op, c)
		cJSON_ArrayForEach(k, op)
			if (k->string != NULL && pinning_key(k->string))
				return (1);
	return (0);
}

static int
statement_check(const cJSON *st, enum policy_kind kind, const char *own)
{
	const cJSON *eff = cJSON_GetObjectItemCaseSensitive(st, "Effect");
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(st, "Principal");

	if (!cJSON_IsString(eff) || strcasecmp(eff->valuestring, "Allow"))
		return (0);
	switch (kind) {
	case POL_PUBLIC:
		return (principal_public(p) && !restricted(st));
	case POL_FOREIGN:
		return (principal_foreign(p, own));
	case POL_OPEN:
		return ((principal_public(p) && !restricted(st)) ||
		    principal_foreign(p, own));
	case POL_ADMIN:
		return (has_value(cJSON_GetObjectItemCaseSensitive(st,
		    "Action"), "*", "*:*") &&
		    has_value(cJSON_GetObjectItemCaseSensitive(st,
		    "Resource"), "*", NULL));
	}
	return (0);
}

int
rules_policy_check(const cJSON *doc, enum policy_kind kind,
    const char *own_account)
{
	cJSON *parsed = NULL;
	const cJSON *st, *c;
	int hit = 0;

	if (cJSON_IsString(doc)) {
		if ((parsed = parse_doc(doc->valuestring)) == NULL)
			return (0);
		doc = parsed;
	}
	if (!cJSON_IsObject(doc))
		goto out;
	st = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
	if (cJSON_IsObject(st))
		hit = statement_check(st, kind, own_account);
	else if (cJSON_IsArray(st))
		cJSON_ArrayForEach(c, st)
			if ((hit = statement_check(c, kind, own_account)))
				break;
out:
	cJSON_Delete(parsed);
	return (hit);
}
