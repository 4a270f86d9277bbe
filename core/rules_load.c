/*
 * Rule loader and validator: turns the JSON files of data/rules into
 * compiled rules (paths split, values and templates parsed, regexes
 * compiled).  Every error names the file, the rule and the key, such as
 * "rules[3] (ct-stop-logging): match.all[1]: unknown operator 'eqq'".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules_int.h"
#include "core/util.h"

struct ctx {
	const char	*file;
	const char	*where;		/* "rules[3] (id)" */
	struct wr_err	*err;
};

#define LOAD_FAIL(x, key, ...) \
	load_fail((x), (key), __VA_ARGS__)

static int
load_fail(struct ctx *x, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
load_fail(struct ctx *x, const char *key, const char *fmt, ...)
{
	char msg[WR_ERR_MSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return (wr_fail(x->err, WR_ERR_INVALID, x->file, "%s: %s: %s",
	    x->where, key, msg));
}

/* snprintf for key paths; long keys are cut, which is fine here. */
static void
keyf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
keyf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, len, fmt, ap) < 0)
		buf[0] = '\0';
	va_end(ap);
}

static const struct {
	const char	*name;
	enum rvirt	 v;
} virts[] = {
	{ "@actor", RV_ACTOR }, { "@principal", RV_PRINCIPAL },
	{ "@actor_kind", RV_KIND }, { "@success", RV_SUCCESS },
	{ "@human", RV_HUMAN }, { "@cross_account", RV_CROSS },
	{ "@account", RV_ACCOUNT }, { "@count", RV_COUNT }
};

/*
 * Paths event_read has already read: comparing them costs no walk
 * through the record.  (A field present but empty reads as absent.)
 */
static const struct {
	const char	*path;
	enum rfield	 f;
} fields[] = {
	{ "eventID", RF_EVENT_ID }, { "eventName", RF_EVENT_NAME },
	{ "eventSource", RF_EVENT_SOURCE }, { "eventType", RF_EVENT_TYPE },
	{ "awsRegion", RF_REGION }, { "sourceIPAddress", RF_SOURCE_IP },
	{ "userAgent", RF_USER_AGENT }, { "errorCode", RF_ERROR_CODE },
	{ "errorMessage", RF_ERROR_MESSAGE },
	{ "recipientAccountId", RF_RECIPIENT },
	{ "userIdentity.type", RF_UI_TYPE }, { "userIdentity.arn", RF_UI_ARN },
	{ "userIdentity.accountId", RF_UI_ACCOUNT },
	{ "userIdentity.accessKeyId", RF_UI_KEY },
	{ "userIdentity.invokedBy", RF_UI_INVOKED_BY }
};

static int
path_compile(struct ctx *x, const char *key, const char *s,
    struct rpath *p)
{
	const char *q;
	char *last;
	size_t i;

	memset(p, 0, sizeof *p);
	p->text = xstrdup(s);
	if (s[0] == '@') {
		for (i = 0; i < sizeof virts / sizeof virts[0]; i++)
			if (strcmp(s, virts[i].name) == 0) {
				p->virt = virts[i].v;
				return (0);
			}
		return (LOAD_FAIL(x, key, "unknown computed field '%s'", s));
	}
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(s, fields[i].path) == 0) {
			p->virt = RV_FIELD;
			p->field = fields[i].f;
			return (0);
		}
	if (s[0] == '\0' || s[0] == '.' || strstr(s, "..") != NULL ||
	    s[strlen(s) - 1] == '.')
		return (LOAD_FAIL(x, key, "bad path '%s'", s));
	for (;;) {
		q = strchr(s, '.');
		p->seg = xreallocarray(p->seg, (size_t)p->nseg + 1,
		    sizeof *p->seg);
		p->seg[p->nseg++] = q != NULL ? xstrndup(s, (size_t)(q - s)) :
		    xstrdup(s);
		if (q == NULL)
			break;
		s = q + 1;
	}
	/* "items#" (or "items.#"): how many values the path reaches. */
	last = p->seg[p->nseg - 1];
	if (last[0] != '\0' && last[strlen(last) - 1] == '#') {
		last[strlen(last) - 1] = '\0';
		p->count = 1;
		if (last[0] == '\0')
			free(p->seg[--p->nseg]);
		if (p->nseg == 0)
			return (LOAD_FAIL(x, key, "'#' needs a path before"));
	}
	return (0);
}

/* A scalar (string, number, bool) as the text the matcher compares. */
static char *
scalar_text(const cJSON *v)
{
	double d;

	if (cJSON_IsString(v))
		return (xstrdup(v->valuestring));
	if (cJSON_IsBool(v))
		return (xstrdup(cJSON_IsTrue(v) ? "true" : "false"));
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == (double)(long long)d)
			return (xasprintf("%lld", (long long)d));
		return (xasprintf("%.15g", d));
	}
	return (NULL);
}

static int
vals_compile(struct ctx *x, const char *key, const cJSON *v,
    struct cond *c)
{
	const cJSON *e;
	char *s;

	if (cJSON_IsArray(v)) {
		if (cJSON_GetArraySize(v) == 0)
			return (LOAD_FAIL(x, key, "empty list"));
		cJSON_ArrayForEach(e, v) {
			if ((s = scalar_text(e)) == NULL)
				return (LOAD_FAIL(x, key,
				    "list items must be strings, numbers "
				    "or booleans"));
			c->vals = xreallocarray(c->vals, (size_t)c->nvals + 1,
			    sizeof *c->vals);
			c->vals[c->nvals++] = s;
		}
		return (0);
	}
	if ((s = scalar_text(v)) == NULL)
		return (LOAD_FAIL(x, key, "needs a string, number, boolean "
		    "or a list of them"));
	c->vals = xmalloc(sizeof *c->vals);
	c->vals[0] = s;
	c->nvals = 1;
	return (0);
}

static const struct {
	const char	*name;
	enum cop	 op;
} ops[] = {
	{ "eq", CO_EQ }, { "ne", CO_NE }, { "in", CO_IN },
	{ "prefix", CO_PREFIX }, { "suffix", CO_SUFFIX },
	{ "contains", CO_CONTAINS }, { "glob", CO_GLOB },
	{ "regex", CO_REGEX }, { "exists", CO_EXISTS },
	{ "gt", CO_GT }, { "ge", CO_GE }, { "lt", CO_LT }, { "le", CO_LE },
	{ "eq_path", CO_EQ_PATH }, { "contains_path", CO_CONTAINS_PATH },
	{ "suffix_path", CO_SUFFIX_PATH }, { "policy", CO_POLICY }
};

static const char *policy_kinds[] = {
	[POL_PUBLIC] = "public", [POL_FOREIGN] = "foreign",
	[POL_OPEN] = "open", [POL_ADMIN] = "admin"
};

static int	cond_compile(struct ctx *, const char *, const cJSON *,
		    struct cond **);

static int
op_arg(struct ctx *x, const char *key, const cJSON *v, struct cond *c)
{
	size_t i;
	int rc;

	switch (c->op) {
	case CO_EXISTS:
		if (!cJSON_IsBool(v))
			return (LOAD_FAIL(x, key, "exists takes true/false"));
		c->flag = cJSON_IsTrue(v);
		return (0);
	case CO_GT: case CO_GE: case CO_LT: case CO_LE:
		if (!cJSON_IsNumber(v))
			return (LOAD_FAIL(x, key, "needs a number"));
		c->num = v->valuedouble;
		return (0);
	case CO_EQ_PATH: case CO_CONTAINS_PATH: case CO_SUFFIX_PATH:
		if (!cJSON_IsString(v))
			return (LOAD_FAIL(x, key, "needs a path"));
		return (path_compile(x, key, v->valuestring, &c->path2));
	case CO_POLICY:
		for (i = 0; cJSON_IsString(v) && i < 4; i++)
			if (strcmp(v->valuestring, policy_kinds[i]) == 0) {
				c->flag = (int)i;
				return (0);
			}
		return (LOAD_FAIL(x, key, "policy is one of public, "
		    "foreign, open, admin"));
	case CO_REGEX:
		if (!cJSON_IsString(v))
			return (LOAD_FAIL(x, key, "regex needs a string"));
		rc = regcomp(&c->re, v->valuestring, REG_EXTENDED | REG_NOSUB |
		    (c->icase ? REG_ICASE : 0));
		if (rc != 0)
			return (LOAD_FAIL(x, key, "bad regex '%s'",
			    v->valuestring));
		c->has_re = 1;
		return (0);
	case CO_IN:
		if (!cJSON_IsArray(v))
			return (LOAD_FAIL(x, key, "in takes a list"));
		return (vals_compile(x, key, v, c));
	default:
		return (vals_compile(x, key, v, c));
	}
}

static int
kids_compile(struct ctx *x, const char *key, const cJSON *v,
    struct cond *c)
{
	const cJSON *e;
	char sub[512];
	int i = 0, rc;

	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0)
		return (LOAD_FAIL(x, key, "needs a non-empty list"));
	c->kids = xcalloc((size_t)cJSON_GetArraySize(v), sizeof *c->kids);
	cJSON_ArrayForEach(e, v) {
		keyf(sub, sizeof sub, "%s[%d]", key, i);
		rc = cond_compile(x, sub, e, &c->kids[i]);
		c->nkids = ++i;		/* a failed kid is freed with c */
		if (rc == -1)
			return (-1);
	}
	return (0);
}

/* {"path": P, OP: ARG [, "icase": true]}; "icase" must come first. */
static int
leaf_compile(struct ctx *x, const char *key, const cJSON *j, struct cond *c)
{
	const cJSON *e, *path, *ic, *arg = NULL;
	char sub[512];
	size_t i;

	path = cJSON_GetObjectItemCaseSensitive(j, "path");
	ic = cJSON_GetObjectItemCaseSensitive(j, "icase");
	if (!cJSON_IsString(path))
		return (LOAD_FAIL(x, key, "needs \"path\" (or all/any/not)"));
	if (ic != NULL && !cJSON_IsBool(ic))
		return (LOAD_FAIL(x, key, "icase takes true/false"));
	c->icase = cJSON_IsTrue(ic);
	c->op = CO_ALL;
	cJSON_ArrayForEach(e, j) {
		if (strcmp(e->string, "path") == 0 ||
		    strcmp(e->string, "icase") == 0)
			continue;
		for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
			if (strcmp(e->string, ops[i].name) == 0)
				break;
		keyf(sub, sizeof sub, "%s.%s", key, e->string);
		if (i == sizeof ops / sizeof ops[0])
			return (LOAD_FAIL(x, sub, "unknown operator '%s'",
			    e->string));
		if (arg != NULL)
			return (LOAD_FAIL(x, sub, "one operator per "
			    "condition (use all)"));
		arg = e;
		c->op = ops[i].op;
	}
	if (arg == NULL)
		return (LOAD_FAIL(x, key, "no operator"));
	keyf(sub, sizeof sub, "%s.path", key);
	if (path_compile(x, sub, path->valuestring, &c->path) == -1)
		return (-1);
	if (c->path.virt == RV_COUNT)
		return (LOAD_FAIL(x, sub, "@count is for templates only"));
	if (c->op == CO_POLICY && (c->path.virt != RV_NONE || c->path.count))
		return (LOAD_FAIL(x, sub, "policy needs a document path"));
	keyf(sub, sizeof sub, "%s.%s", key, arg->string);
	return (op_arg(x, sub, arg, c));
}

static int
cond_compile(struct ctx *x, const char *key, const cJSON *j,
    struct cond **out)
{
	struct cond *c;
	const cJSON *e;
	char sub[512];

	*out = c = xcalloc(1, sizeof *c);
	if (!cJSON_IsObject(j))
		return (LOAD_FAIL(x, key, "a condition is an object"));
	if ((e = cJSON_GetObjectItemCaseSensitive(j, "all")) != NULL ||
	    (e = cJSON_GetObjectItemCaseSensitive(j, "any")) != NULL) {
		if (cJSON_GetArraySize(j) != 1)
			return (LOAD_FAIL(x, key, "'%s' stands alone",
			    e->string));
		c->op = strcmp(e->string, "all") == 0 ? CO_ALL : CO_ANY;
		keyf(sub, sizeof sub, "%s.%s", key, e->string);
		return (kids_compile(x, sub, e, c));
	}
	if ((e = cJSON_GetObjectItemCaseSensitive(j, "not")) != NULL) {
		if (cJSON_GetArraySize(j) != 1)
			return (LOAD_FAIL(x, key, "'not' stands alone"));
		c->op = CO_NOT;
		c->kids = xcalloc(1, sizeof *c->kids);
		c->nkids = 1;
		keyf(sub, sizeof sub, "%s.not", key);
		return (cond_compile(x, sub, e, &c->kids[0]));
	}
	return (leaf_compile(x, key, j, c));
}

static void
tmpl_add(struct tmpl *t, struct tpiece *p)
{
	t->p = xreallocarray(t->p, (size_t)t->n + 1, sizeof *t->p);
	t->p[t->n++] = *p;
}

static int
tmpl_compile(struct ctx *x, const char *key, const char *s, struct tmpl *t)
{
	struct tpiece p;
	const char *open, *close, *bar;
	char *inner, *f, *next;
	int rc;

	while (*s != '\0') {
		memset(&p, 0, sizeof p);
		if ((open = strchr(s, '{')) == NULL)
			open = s + strlen(s);
		if (open > s) {
			p.lit = xstrndup(s, (size_t)(open - s));
			tmpl_add(t, &p);
			memset(&p, 0, sizeof p);
		}
		if (*open == '\0')
			break;
		if ((close = strchr(open, '}')) == NULL)
			return (LOAD_FAIL(x, key, "unclosed '{'"));
		inner = xstrndup(open + 1, (size_t)(close - open - 1));
		bar = strchr(inner, '|');
		f = bar != NULL ? inner + (bar - inner) : NULL;
		if (f != NULL)
			*f++ = '\0';
		rc = path_compile(x, key, inner, &p.path);
		for (; rc == 0 && f != NULL; f = next) {
			if ((next = strchr(f, '|')) != NULL)
				*next++ = '\0';
			if (strcmp(f, "basename") == 0)
				p.basename = 1;
			else if (strcmp(f, "lower") == 0)
				p.lower = 1;
			else
				rc = LOAD_FAIL(x, key, "unknown filter '%s'",
				    f);
		}
		free(inner);
		tmpl_add(t, &p);
		if (rc == -1)
			return (-1);
		s = close + 1;
	}
	return (0);
}

static int
strs_compile(struct ctx *x, const char *key, const cJSON *v,
    char ***out, int *n)
{
	const cJSON *e;

	if (!cJSON_IsArray(v))
		return (LOAD_FAIL(x, key, "needs a list of strings"));
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
			return (LOAD_FAIL(x, key, "needs non-empty strings"));
		*out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
		(*out)[(*n)++] = xstrdup(e->valuestring);
	}
	return (0);
}

static int
plevel_of(struct ctx *x, const char *key, const cJSON *v, int *out)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 4 ||
	    v->valuedouble != (int)v->valuedouble)
		return (LOAD_FAIL(x, key, "p_level is 1, 2, 3 or 4"));
	*out = (int)v->valuedouble;
	return (0);
}

static int
window_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "count");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "minutes");
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "key");
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "distinct");
	const cJSON *e;

	if (!cJSON_IsObject(j))
		return (LOAD_FAIL(x, "window", "needs an object"));
	cJSON_ArrayForEach(e, j)
		if (strcmp(e->string, "count") &&
		    strcmp(e->string, "minutes") && strcmp(e->string, "key") &&
		    strcmp(e->string, "distinct"))
			return (LOAD_FAIL(x, "window", "unknown key '%s'",
			    e->string));
	if (!cJSON_IsNumber(n) || n->valuedouble < 1 || n->valuedouble > 1000)
		return (LOAD_FAIL(x, "window.count", "needs 1..1000"));
	if (!cJSON_IsNumber(m) || m->valuedouble <= 0)
		return (LOAD_FAIL(x, "window.minutes", "needs a number > 0"));
	if (k != NULL && !cJSON_IsString(k))
		return (LOAD_FAIL(x, "window.key", "needs a template"));
	if (d != NULL && !cJSON_IsString(d))
		return (LOAD_FAIL(x, "window.distinct", "needs a template"));
	r->window = xcalloc(1, sizeof *r->window);
	r->window->count = (int)n->valuedouble;
	r->window->span_ms = (int64_t)(m->valuedouble * 60000.0);
	if (d != NULL && tmpl_compile(x, "window.distinct", d->valuestring,
	    &r->window->distinct) == -1)
		return (-1);
	return (tmpl_compile(x, "window.key", k != NULL ? k->valuestring :
	    "{@principal}", &r->window->key));
}

static int
levels_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *e, *w, *t;
	char key[64];
	int i = 0;

	if (!cJSON_IsArray(j))
		return (LOAD_FAIL(x, "levels", "needs a list"));
	r->levels = xcalloc((size_t)cJSON_GetArraySize(j) + 1,
	    sizeof *r->levels);
	cJSON_ArrayForEach(e, j) {
		struct rlevel *l = &r->levels[i];

		keyf(key, sizeof key, "levels[%d]", i);
		w = cJSON_GetObjectItemCaseSensitive(e, "when");
		t = cJSON_GetObjectItemCaseSensitive(e, "title");
		r->nlevels = ++i;
		if (!cJSON_IsObject(e) || w == NULL)
			return (LOAD_FAIL(x, key, "needs {when, p_level}"));
		if (plevel_of(x, key, cJSON_GetObjectItemCaseSensitive(e,
		    "p_level"), &l->p_level) == -1 ||
		    cond_compile(x, key, w, &l->when) == -1)
			return (-1);
		if (t != NULL) {
			l->has_title = 1;
			if (!cJSON_IsString(t))
				return (LOAD_FAIL(x, key, "title: a string"));
			if (tmpl_compile(x, key, t->valuestring,
			    &l->title) == -1)
				return (-1);
		}
	}
	return (0);
}

static int
after_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(j, "rules");
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "minutes");
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "key");
	const cJSON *pk = cJSON_GetObjectItemCaseSensitive(j, "prior_key");
	const cJSON *e;
	struct rafter *a;

	if (!cJSON_IsObject(j))
		return (LOAD_FAIL(x, "after", "needs an object"));
	cJSON_ArrayForEach(e, j)
		if (strcmp(e->string, "rules") &&
		    strcmp(e->string, "minutes") &&
		    strcmp(e->string, "key") && strcmp(e->string, "prior_key"))
			return (LOAD_FAIL(x, "after", "unknown key '%s'",
			    e->string));
	if (!cJSON_IsNumber(m) || m->valuedouble <= 0)
		return (LOAD_FAIL(x, "after.minutes", "needs a number > 0"));
	if (!cJSON_IsString(k) || (pk != NULL && !cJSON_IsString(pk)))
		return (LOAD_FAIL(x, "after.key", "needs a template"));
	r->after = a = xcalloc(1, sizeof *a);
	a->marks = xcalloc(1, sizeof *a->marks);
	a->marks->count = 1;
	a->marks->span_ms = (int64_t)(m->valuedouble * 60000.0);
	if (strs_compile(x, "after.rules", n, &a->names, &a->nnames) == -1)
		return (-1);
	if (a->nnames == 0)
		return (LOAD_FAIL(x, "after.rules", "names no rule"));
	if (tmpl_compile(x, "after.key", k->valuestring, &a->key) == -1)
		return (-1);
	return (tmpl_compile(x, "after.prior_key", pk != NULL ?
	    pk->valuestring : k->valuestring, &a->prior_key));
}

int
rules_check_after(struct ruleset *rs, struct wr_err *err)
{
	const struct rule *r;
	int i, j, k;

	for (i = 0; i < rs->nrules; i++) {
		if ((r = rs->rules[i])->after == NULL)
			continue;
		for (j = 0; j < r->after->nnames; j++) {
			for (k = 0; k < rs->nrules; k++)
				if (strcmp(rs->rules[k]->id,
				    r->after->names[j]) == 0)
					break;
			if (k == rs->nrules)
				return (wr_fail(err, WR_ERR_INVALID, r->file,
				    "rule %s: after.rules: no rule '%s'",
				    r->id, r->after->names[j]));
		}
	}
	return (0);
}

static const char *rule_keys[] = {
	"id", "title", "p_level", "description", "refs", "events",
	"sources", "outcome", "match", "window", "levels", "why", "group",
	"principal", "insight", "enabled", "note", "after"
};

static int
keys_check(struct ctx *x, const cJSON *j)
{
	const cJSON *e;
	size_t i;

	cJSON_ArrayForEach(e, j) {
		for (i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++)
			if (strcmp(e->string, rule_keys[i]) == 0)
				break;
		if (i == sizeof rule_keys / sizeof rule_keys[0])
			return (LOAD_FAIL(x, e->string, "unknown key"));
	}
	return (0);
}

static int
str_field(struct ctx *x, const cJSON *j, const char *key, int need,
    const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);

	*out = NULL;
	if (v == NULL && !need)
		return (0);
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0')
		return (LOAD_FAIL(x, key, "needs a non-empty string"));
	*out = v->valuestring;
	return (0);
}

static int
outcome_of(struct ctx *x, const cJSON *j, struct rule *r)
{
	const char *s;

	if (str_field(x, j, "outcome", 0, &s) == -1)
		return (-1);
	if (s == NULL || strcmp(s, "success") == 0)
		r->outcome = OUT_SUCCESS;
	else if (strcmp(s, "failure") == 0)
		r->outcome = OUT_FAILURE;
	else if (strcmp(s, "any") == 0)
		r->outcome = OUT_ANY;
	else
		return (LOAD_FAIL(x, "outcome", "success, failure or any"));
	return (0);
}

static int
texts_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const char *title, *why, *group, *prin, *desc;

	if (str_field(x, j, "title", 1, &title) == -1 ||
	    str_field(x, j, "description", 1, &desc) == -1 ||
	    str_field(x, j, "why", 1, &why) == -1 ||
	    str_field(x, j, "group", 0, &group) == -1 ||
	    str_field(x, j, "principal", 0, &prin) == -1)
		return (-1);
	r->description = xstrdup(desc);
	r->title_text = xstrdup(title);
	if (tmpl_compile(x, "title", title, &r->title) == -1 ||
	    tmpl_compile(x, "why", why, &r->why) == -1)
		return (-1);
	if (group != NULL && tmpl_compile(x, "group", group, &r->group) == -1)
		return (-1);
	if (prin != NULL &&
	    tmpl_compile(x, "principal", prin, &r->principal) == -1)
		return (-1);
	return (0);
}

static int
lists_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *v;

	if ((v = cJSON_GetObjectItemCaseSensitive(j, "refs")) == NULL)
		return (LOAD_FAIL(x, "refs", "missing (list the anchors)"));
	if (strs_compile(x, "refs", v, &r->refs, &r->nrefs) == -1)
		return (-1);
	for (int i = 0; i < r->nrefs; i++)
		if (strncmp(r->refs[i], "cis:", 4) &&
		    strncmp(r->refs[i], "sigma:", 6) &&
		    strncmp(r->refs[i], "panther:", 8) &&
		    strncmp(r->refs[i], "elastic:", 8) &&
		    strncmp(r->refs[i], "guardduty:", 10) &&
		    strncmp(r->refs[i], "anchor:", 7))
			return (LOAD_FAIL(x, "refs", "'%s': use cis:, sigma:, "
			    "panther:, elastic:, guardduty: or anchor:",
			    r->refs[i]));
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "events")) != NULL &&
	    strs_compile(x, "events", v, &r->events, &r->nevents) == -1)
		return (-1);
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "sources")) != NULL &&
	    strs_compile(x, "sources", v, &r->sources, &r->nsources) == -1)
		return (-1);
	return (0);
}

static int
flags_compile(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *v;

	r->enabled = 1;
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "enabled")) != NULL) {
		if (!cJSON_IsBool(v))
			return (LOAD_FAIL(x, "enabled", "true or false"));
		r->enabled = cJSON_IsTrue(v);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "insight")) != NULL) {
		if (!cJSON_IsBool(v))
			return (LOAD_FAIL(x, "insight", "true or false"));
		r->insight = cJSON_IsTrue(v);
	}
	return (0);
}

static int
rule_build(struct ctx *x, const cJSON *j, struct rule *r)
{
	const cJSON *v;

	if (keys_check(x, j) == -1 || texts_compile(x, j, r) == -1 ||
	    lists_compile(x, j, r) == -1 || flags_compile(x, j, r) == -1 ||
	    outcome_of(x, j, r) == -1 ||
	    plevel_of(x, "p_level", cJSON_GetObjectItemCaseSensitive(j,
	    "p_level"), &r->p_level) == -1)
		return (-1);
	if (r->nevents == 0 && !r->insight &&
	    (v = cJSON_GetObjectItemCaseSensitive(j, "match")) == NULL)
		return (LOAD_FAIL(x, "match", "a rule without events needs "
		    "a match"));
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "match")) != NULL &&
	    cond_compile(x, "match", v, &r->match) == -1)
		return (-1);
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "levels")) != NULL &&
	    levels_compile(x, v, r) == -1)
		return (-1);
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "window")) != NULL &&
	    window_compile(x, v, r) == -1)
		return (-1);
	if ((v = cJSON_GetObjectItemCaseSensitive(j, "after")) != NULL &&
	    after_compile(x, v, r) == -1)
		return (-1);
	return (0);
}

void
rules_rule_free(struct rule *r)
{
	int i;

	if (r == NULL)
		return;
	free(r->id);
	free(r->file);
	free(r->description);
	free(r->title_text);
	for (i = 0; i < r->nrefs; i++)
		free(r->refs[i]);
	free(r->refs);
	for (i = 0; i < r->nevents; i++)
		free(r->events[i]);
	free(r->events);
	for (i = 0; i < r->nsources; i++)
		free(r->sources[i]);
	free(r->sources);
	rules_cond_free(r->match);
	for (i = 0; i < r->nlevels; i++) {
		rules_cond_free(r->levels[i].when);
		rules_tmpl_free(&r->levels[i].title);
	}
	free(r->levels);
	rules_tmpl_free(&r->title);
	rules_tmpl_free(&r->why);
	rules_tmpl_free(&r->group);
	rules_tmpl_free(&r->principal);
	rules_window_free(r->window);
	if (r->after != NULL) {
		for (i = 0; i < r->after->nnames; i++)
			free(r->after->names[i]);
		free(r->after->names);
		rules_tmpl_free(&r->after->key);
		rules_tmpl_free(&r->after->prior_key);
		rules_window_free(r->after->marks);
		free(r->after);
	}
	free(r);
}

static int
id_ok(const char *id)
{
	const char *p;

	if (strlen(id) >= RULE_ID_LEN)
		return (0);
	for (p = id; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_'))
			return (0);
	return (1);
}

/* Compile one rule object and append it; `where` is "rules[3]". */
int
rules_compile(struct ruleset *rs, const cJSON *j, const char *file,
    const char *where, struct wr_err *err)
{
	struct ctx x = { file, where, err };
	char label[RULE_ID_LEN + 64];
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	struct rule *r;
	int i;

	if (!cJSON_IsObject(j))
		return (LOAD_FAIL(&x, "rule", "a rule is an object"));
	if (!cJSON_IsString(id) || !id_ok(id->valuestring))
		return (LOAD_FAIL(&x, "id", "needs a lower-case id of "
		    "a-z 0-9 - . _ (under %d characters)", RULE_ID_LEN));
	for (i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id->valuestring) == 0)
			return (LOAD_FAIL(&x, "id", "'%s' already defined in "
			    "%s", id->valuestring, rs->rules[i]->file));
	keyf(label, sizeof label, "%s (%s)", where, id->valuestring);
	x.where = label;
	r = xcalloc(1, sizeof *r);
	r->id = xstrdup(id->valuestring);
	r->file = xstrdup(file);
	if (rule_build(&x, j, r) == -1) {
		rules_rule_free(r);
		return (-1);
	}
	if (r->window != NULL)
		r->window->latest_ms = 0;
	rs->rules = xreallocarray(rs->rules, (size_t)rs->nrules + 1,
	    sizeof *rs->rules);
	rs->rules[rs->nrules++] = r;
	rs->indexed = 0;
	return (0);
}
