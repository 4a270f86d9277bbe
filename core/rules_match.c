/*
 * The matcher: walks precompiled paths through a CloudTrail record
 * (fanning out over arrays), applies the condition operators, and
 * renders title, why and grouping templates.  No allocation on the
 * matching path except policy documents that arrive as strings.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/rules_int.h"
#include "core/util.h"

typedef int (*visit_fn)(const cJSON *, void *);

static int
walk(const cJSON *n, char *const *seg, int nseg, visit_fn fn, void *arg)
{
	const cJSON *c;

	if (n == NULL)
		return (0);
	if (nseg == 0) {
		if (!cJSON_IsArray(n))
			return (fn(n, arg));
		cJSON_ArrayForEach(c, n)
			if (fn(c, arg))
				return (1);
		return (0);
	}
	if (cJSON_IsArray(n)) {
		if (isdigit((unsigned char)seg[0][0]))
			return (walk(cJSON_GetArrayItem(n,
			    (int)strtol(seg[0], NULL, 10)), seg + 1, nseg - 1,
			    fn, arg));
		cJSON_ArrayForEach(c, n)
			if (walk(c, seg, nseg, fn, arg))
				return (1);
		return (0);
	}
	if (!cJSON_IsObject(n))
		return (0);
	return (walk(cJSON_GetObjectItemCaseSensitive(n, seg[0]), seg + 1,
	    nseg - 1, fn, arg));
}

/* Text of a scalar node into buf; NULL for null, objects and arrays. */
static const char *
node_text(const cJSON *n, char *buf, size_t len)
{
	double d;

	if (cJSON_IsString(n))
		return (n->valuestring != NULL ? n->valuestring : "");
	if (cJSON_IsTrue(n))
		return ("true");
	if (cJSON_IsFalse(n))
		return ("false");
	if (cJSON_IsNumber(n)) {
		d = n->valuedouble;
		if (d == (double)(long long)d)
			snprintf(buf, len, "%lld", (long long)d);
		else
			snprintf(buf, len, "%.15g", d);
		return (buf);
	}
	return (NULL);
}

static const char *kind_names[] = {
	[ACTOR_UNKNOWN] = "unknown", [ACTOR_ROOT] = "root",
	[ACTOR_IAM_USER] = "iam_user", [ACTOR_ASSUMED_ROLE] = "assumed_role",
	[ACTOR_SSO] = "sso", [ACTOR_FEDERATED] = "federated",
	[ACTOR_SERVICE] = "service", [ACTOR_ACCOUNT] = "account",
	[ACTOR_IDC_USER] = "idc_user", [ACTOR_SAML] = "saml",
	[ACTOR_WEB_IDENTITY] = "web_identity", [ACTOR_INTERNAL] = "internal",
	[ACTOR_INSIGHTS] = "insights", [ACTOR_OTHER] = "other"
};

/* Did the call succeed?  ConsoleLogin reports failure in its response. */
int
rules_success(const struct ct_event *ev)
{
	const cJSON *re, *r;

	if (ev->error_code[0] != '\0')
		return (0);
	/* Sign-in events answer {"<eventName>": "Success" | "Failure"}. */
	re = cJSON_GetObjectItemCaseSensitive(ev->json, "responseElements");
	r = cJSON_IsObject(re) && ev->event_name[0] != '\0' ?
	    cJSON_GetObjectItemCaseSensitive(re, ev->event_name) : NULL;
	if (cJSON_IsString(r) && strcmp(r->valuestring, "Failure") == 0)
		return (0);
	if (strcmp(ev->event_name, "ConsoleLogin") == 0 &&
	    ev->error_message[0] != '\0')
		return (0);
	return (1);
}

static const char *
field_text(enum rfield f, const struct ct_event *ev)
{
	switch (f) {
	case RF_EVENT_ID:	return (ev->event_id);
	case RF_EVENT_NAME:	return (ev->event_name);
	case RF_EVENT_SOURCE:	return (ev->event_source);
	case RF_EVENT_TYPE:	return (ev->event_type);
	case RF_REGION:		return (ev->region);
	case RF_SOURCE_IP:	return (ev->source_ip);
	case RF_USER_AGENT:	return (ev->user_agent);
	case RF_ERROR_CODE:	return (ev->error_code);
	case RF_ERROR_MESSAGE:	return (ev->error_message);
	case RF_RECIPIENT:	return (ev->recipient_account);
	case RF_UI_TYPE:	return (ev->actor_type);
	case RF_UI_ARN:		return (ev->actor_arn);
	case RF_UI_ACCOUNT:	return (ev->actor_account);
	case RF_UI_KEY:		return (ev->access_key);
	case RF_UI_INVOKED_BY:	return (ev->invoked_by);
	}
	return ("");
}

static const char *
virt_text(enum rvirt v, const struct ct_event *ev)
{
	const char *s;

	switch (v) {
	case RV_ACTOR:
		return (ev->actor);
	case RV_PRINCIPAL:
		return (ev->principal);
	case RV_KIND:
		if ((unsigned)ev->actor_kind <
		    sizeof kind_names / sizeof kind_names[0])
			return (kind_names[ev->actor_kind]);
		return ("other");
	case RV_SUCCESS:
		return (rules_success(ev) ? "true" : "false");
	case RV_HUMAN:
		return (ev->human ? "true" : "false");
	case RV_CROSS:
		return (ev->cross_account ? "true" : "false");
	case RV_ACCOUNT:
		s = ev->recipient_account;
		return (s[0] != '\0' ? s : ev->actor_account);
	default:
		return ("");
	}
}

struct visit {
	const struct cond	*c;
	const struct ct_event	*ev;
	const char		*other;		/* value at path2 */
	int			 n;		/* counting */
};

static int
deep_contains(const cJSON *n, const char *needle, int icase)
{
	const cJSON *c;

	if (cJSON_IsString(n) && n->valuestring != NULL)
		return (icase ? strcasestr(n->valuestring, needle) != NULL :
		    strstr(n->valuestring, needle) != NULL);
	if (cJSON_IsArray(n) || cJSON_IsObject(n))
		cJSON_ArrayForEach(c, n)
			if (deep_contains(c, needle, icase))
				return (1);
	return (0);
}

static int
text_num(const char *s, double *out)
{
	char *end;

	if (s == NULL || *s == '\0')
		return (0);
	*out = strtod(s, &end);
	return (*end == '\0');
}

static int
str_eq(const char *a, const char *b, int icase)
{
	return (icase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0);
}

static int
str_prefix(const char *s, const char *p, int icase)
{
	size_t n = strlen(p);

	return (icase ? strncasecmp(s, p, n) == 0 : strncmp(s, p, n) == 0);
}

static int
str_suffix(const char *s, const char *p, int icase)
{
	size_t a = strlen(s), b = strlen(p);

	if (b > a)
		return (0);
	return (str_eq(s + a - b, p, icase));
}

static int
str_contains(const char *s, const char *p, int icase)
{
	return (icase ? strcasestr(s, p) != NULL : strstr(s, p) != NULL);
}

static int
glob_icase(const char *p, const char *s)
{
	char a[512], b[512];
	size_t i;

	for (i = 0; p[i] != '\0' && i < sizeof a - 1; i++)
		a[i] = (char)tolower((unsigned char)p[i]);
	a[i] = '\0';
	for (i = 0; s[i] != '\0' && i < sizeof b - 1; i++)
		b[i] = (char)tolower((unsigned char)s[i]);
	b[i] = '\0';
	return (str_glob(a, b));
}

/* Does any of the condition's values relate to s as the operator says? */
static int
text_match(const struct cond *c, const char *s)
{
	int i;

	for (i = 0; i < c->nvals; i++) {
		switch (c->op) {
		case CO_EQ:
		case CO_NE:
		case CO_IN:
			if (str_eq(s, c->vals[i], c->icase))
				return (1);
			break;
		case CO_PREFIX:
			if (str_prefix(s, c->vals[i], c->icase))
				return (1);
			break;
		case CO_SUFFIX:
			if (str_suffix(s, c->vals[i], c->icase))
				return (1);
			break;
		case CO_CONTAINS:
			if (str_contains(s, c->vals[i], c->icase))
				return (1);
			break;
		case CO_GLOB:
			if (c->icase ? glob_icase(c->vals[i], s) :
			    str_glob(c->vals[i], s))
				return (1);
			break;
		default:
			return (0);
		}
	}
	return (0);
}

static int
num_match(const struct cond *c, double d)
{
	switch (c->op) {
	case CO_GT:
		return (d > c->num);
	case CO_GE:
		return (d >= c->num);
	case CO_LT:
		return (d < c->num);
	case CO_LE:
		return (d <= c->num);
	default:
		return (0);
	}
}

static int
path_match(const struct cond *c, const char *s, const char *other)
{
	size_t a, b;

	if (other == NULL || other[0] == '\0')
		return (0);
	switch (c->op) {
	case CO_EQ_PATH:
		return (str_eq(s, other, c->icase));
	case CO_CONTAINS_PATH:
		return (str_contains(s, other, c->icase));
	case CO_SUFFIX_PATH:
		/* "…/bob" ends with "bob" only at a name boundary. */
		a = strlen(s);
		b = strlen(other);
		if (b > a || !str_eq(s + a - b, other, c->icase))
			return (0);
		return (a == b || s[a - b - 1] == '/' || s[a - b - 1] == ':');
	default:
		return (0);
	}
}

static int
leaf_policy(const struct cond *c, const cJSON *n, const struct ct_event *ev)
{
	const char *own = virt_text(RV_ACCOUNT, ev);

	return (rules_policy_check(n, (enum policy_kind)c->flag, own));
}

static int
leaf_visit(const cJSON *n, void *arg)
{
	struct visit *v = arg;
	const struct cond *c = v->c;
	char buf[64];
	const char *s;
	double d;

	if (cJSON_IsNull(n))
		return (0);
	v->n++;
	switch (c->op) {
	case CO_EXISTS:
		return (1);
	case CO_POLICY:
		return (leaf_policy(c, n, v->ev));
	case CO_CONTAINS:
		if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
			for (int i = 0; i < c->nvals; i++)
				if (deep_contains(n, c->vals[i], c->icase))
					return (1);
			return (0);
		}
		break;
	case CO_GT: case CO_GE: case CO_LT: case CO_LE:
		if (cJSON_IsNumber(n))
			return (num_match(c, n->valuedouble));
		s = node_text(n, buf, sizeof buf);
		return (text_num(s, &d) && num_match(c, d));
	default:
		break;
	}
	if ((s = node_text(n, buf, sizeof buf)) == NULL)
		return (0);
	if (c->op == CO_REGEX)
		return (regexec(&c->re, s, 0, NULL, 0) == 0);
	if (c->op >= CO_EQ_PATH && c->op <= CO_SUFFIX_PATH)
		return (path_match(c, s, v->other));
	return (text_match(c, s));
}

static int
count_visit(const cJSON *n, void *arg)
{
	struct visit *v = arg;

	if (!cJSON_IsNull(n))
		v->n++;
	return (0);
}

/* How many values the path reaches (the "#" form). */
static int
path_count(const struct rpath *p, const cJSON *root)
{
	struct visit v = { NULL, NULL, NULL, 0 };

	walk(root, p->seg, p->nseg, count_visit, &v);
	return (v.n);
}

static int
first_visit(const cJSON *n, void *arg)
{
	const cJSON **out = arg;

	if (cJSON_IsNull(n))
		return (0);
	*out = n;
	return (1);
}

const cJSON *
rules_path_first(const struct rpath *p, const cJSON *root)
{
	const cJSON *out = NULL;

	walk(root, p->seg, p->nseg, first_visit, &out);
	return (out);
}

const char *
rules_path_text(const struct rpath *p, const struct ct_event *ev,
    char *buf, size_t len)
{
	const cJSON *n;
	const char *s;

	if (p->virt == RV_FIELD)
		return (field_text(p->field, ev));
	if (p->virt != RV_NONE)
		return (virt_text(p->virt, ev));
	if (p->count) {
		snprintf(buf, len, "%d", path_count(p, ev->json));
		return (buf);
	}
	if ((n = rules_path_first(p, ev->json)) == NULL)
		return ("");
	s = node_text(n, buf, len);
	return (s != NULL ? s : "");
}

/* A condition on a computed (virtual or counted) value. */
static int
scalar_eval(const struct cond *c, const struct ct_event *ev)
{
	char buf[64], obuf[256];
	const char *s = rules_path_text(&c->path, ev, buf, sizeof buf);
	const char *other = NULL;
	double d;

	switch (c->op) {
	case CO_EXISTS:
		return ((s[0] != '\0') == c->flag);
	case CO_GT: case CO_GE: case CO_LT: case CO_LE:
		return (text_num(s, &d) && num_match(c, d));
	case CO_REGEX:
		return (regexec(&c->re, s, 0, NULL, 0) == 0);
	case CO_EQ_PATH: case CO_CONTAINS_PATH: case CO_SUFFIX_PATH:
		other = rules_path_text(&c->path2, ev, obuf, sizeof obuf);
		return (path_match(c, s, other));
	case CO_NE:
		return (!text_match(c, s));
	case CO_POLICY:
		return (0);
	default:
		return (text_match(c, s));
	}
}

int
rules_cond_eval(const struct cond *c, const struct ct_event *ev)
{
	struct visit v;
	char obuf[256];
	int i, hit;

	switch (c->op) {
	case CO_ALL:
		for (i = 0; i < c->nkids; i++)
			if (!rules_cond_eval(c->kids[i], ev))
				return (0);
		return (1);
	case CO_ANY:
		for (i = 0; i < c->nkids; i++)
			if (rules_cond_eval(c->kids[i], ev))
				return (1);
		return (0);
	case CO_NOT:
		return (!rules_cond_eval(c->kids[0], ev));
	default:
		break;
	}
	if (c->path.virt != RV_NONE || c->path.count)
		return (scalar_eval(c, ev));
	v.c = c;
	v.ev = ev;
	v.n = 0;
	v.other = NULL;
	if (c->op >= CO_EQ_PATH && c->op <= CO_SUFFIX_PATH)
		v.other = rules_path_text(&c->path2, ev, obuf, sizeof obuf);
	if (c->op == CO_NE) {
		/* "not equal" holds when no value equals (absent included). */
		struct cond eq = *c;

		eq.op = CO_EQ;
		v.c = &eq;
		return (!walk(ev->json, c->path.seg, c->path.nseg, leaf_visit,
		    &v));
	}
	hit = walk(ev->json, c->path.seg, c->path.nseg, leaf_visit, &v);
	if (c->op == CO_EXISTS)
		return (hit == c->flag);
	return (hit);
}

static void
add_filtered(struct buf *b, const char *s, int base, int lower)
{
	const char *p = strrchr(s, '/'), *q = strrchr(s, ':');

	if (q != NULL && (p == NULL || q > p))
		p = q;
	if (base && p != NULL && p[1] != '\0')
		s = p + 1;
	for (; *s != '\0'; s++)
		buf_addc(b, lower ? (char)tolower((unsigned char)*s) : *s);
}

const char *
rules_render(const struct tmpl *t, const struct ct_event *ev, int count,
    struct buf *bp)
{
	struct buf b = *bp;
	char num[64];
	const char *s;
	int i;

	buf_reset(&b);
	buf_reserve(&b, 64);
	for (i = 0; i < t->n; i++) {
		const struct tpiece *p = &t->p[i];

		if (p->lit != NULL) {
			buf_adds(&b, p->lit);
			continue;
		}
		if (p->path.virt == RV_COUNT) {
			snprintf(num, sizeof num, "%d", count);
			s = num;
		} else
			s = rules_path_text(&p->path, ev, num, sizeof num);
		if (p->basename || p->lower)
			add_filtered(&b, s, p->basename, p->lower);
		else
			buf_adds(&b, s);
	}
	*bp = b;
	return (bp->data);
}

void
rules_path_free(struct rpath *p)
{
	int i;

	for (i = 0; i < p->nseg; i++)
		free(p->seg[i]);
	free(p->seg);
	free(p->text);
	memset(p, 0, sizeof *p);
}

void
rules_cond_free(struct cond *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nkids; i++)
		rules_cond_free(c->kids[i]);
	free(c->kids);
	for (i = 0; i < c->nvals; i++)
		free(c->vals[i]);
	free(c->vals);
	if (c->has_re)
		regfree(&c->re);
	rules_path_free(&c->path);
	rules_path_free(&c->path2);
	free(c);
}

void
rules_tmpl_free(struct tmpl *t)
{
	int i;

	for (i = 0; i < t->n; i++) {
		free(t->p[i].lit);
		rules_path_free(&t->p[i].path);
	}
	free(t->p);
	t->p = NULL;
	t->n = 0;
}
