/*
 * Playbook files: parse, validate, match triggers, bind placeholders.
 * Validation is strict on purpose: a playbook is read under stress, so a
 * misspelt key or a step without text must fail at load, naming the file
 * and the key, rather than show up as a silent gap in the checklist.
 */
#include "core/playbook.h"

#include <cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/util.h"

#define PB_KEY_LEN 160
#define PB_FILE_MAX (4 * 1024 * 1024)

struct pb_ctx {
	const char	*file;
	struct wr_err	*err;
};

/* Phase keys as written in a file; verification is the closing phase. */
static const struct {
	const char	*key;
	int		 phase;
} pb_phases[] = {
	{ "detection", PHASE_DETECTION },
	{ "containment", PHASE_CONTAINMENT },
	{ "investigation", PHASE_INVESTIGATION },
	{ "eradication", PHASE_ERADICATION },
	{ "recovery", PHASE_RECOVERY },
	{ "verification", PHASE_POST_INCIDENT },
};
#define PB_NPHASES ((int)(sizeof pb_phases / sizeof pb_phases[0]))

static const char *const pb_top_keys[] = { "id", "title", "version",
    "description", "priority", "triggers", "phases", NULL };
static const char *const pb_trigger_keys[] = { "guardduty", "rules",
    "billing", "level", NULL };
static const char *const pb_step_keys[] = { "id", "text", "owner",
    "verify", "query", "action", NULL };
static const char *const pb_query_keys[] = { "principal", "events",
    "resource", "since", "until", "denied", NULL };
static const char *const pb_action_keys[] = { "api", "params", "event",
    "undo", NULL };
static const char *const pb_owners[] = { "commander", "responder",
    "scribe", "observer", NULL };

/* Placeholders a step may use; values come from the finding. */
static const char *const pb_names[] = { "access_key", "user",
    "principal", "role", "instance_id", "bucket", "region", "account",
    "since", "until", "now", "contained_at", "policy_arn", "version",
    "function", "stack", "parameter", "snapshot", "image",
    "association_id", "policy_document", "group_id", "key_name",
    "kms_key", "object_key", "version_id", "volume_id", "statement_id",
    "resource_id", NULL };

static int
pb_fail(struct pb_ctx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
pb_fail(struct pb_ctx *c, const char *key, const char *fmt, ...)
{
	char	msg[WR_ERR_MSG_LEN];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return (wr_fail(c->err, WR_ERR_SCHEMA, c->file, "%s: %s", key, msg));
}

/* "at.name" (or "name" at the top) into out[PB_KEY_LEN]; "~" if cut. */
static void
pb_key(char *out, const char *at, const char *name)
{
	if (snprintf(out, PB_KEY_LEN, "%s%s%s", at, *at ? "." : "",
	    name) >= PB_KEY_LEN)
		out[PB_KEY_LEN - 2] = '~';
}

static const char *
pb_type_name(const cJSON *j)
{
	if (cJSON_IsString(j))
		return ("a string");
	if (cJSON_IsNumber(j))
		return ("a number");
	if (cJSON_IsBool(j))
		return ("a boolean");
	if (cJSON_IsNull(j))
		return ("null");
	if (cJSON_IsArray(j))
		return ("an array");
	if (cJSON_IsObject(j))
		return ("an object");
	return ("invalid");
}

static int
pb_in(const char *const *list, const char *s)
{
	for (; *list != NULL; list++) {
		if (strcmp(*list, s) == 0)
			return (1);
	}
	return (0);
}

/* Refuse keys the format does not know (a typo must not vanish). */
static int
pb_check_keys(struct pb_ctx *c, const cJSON *obj, const char *at,
    const char *const *allowed)
{
	const cJSON	*k;
	struct buf	 b;
	int		 i;

	cJSON_ArrayForEach(k, obj) {
		if (pb_in(allowed, k->string))
			continue;
		buf_init(&b);
		for (i = 0; allowed[i] != NULL; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
		pb_fail(c, at, "unknown key \"%s\" (known: %s)", k->string,
		    b.data);
		buf_free(&b);
		return (-1);
	}
	return (0);
}

/* Every {name} in s must be a placeholder we can bind. */
static int
pb_check_names(struct pb_ctx *c, const char *at, const char *s)
{
	const char	*p, *e;
	char		 name[64];
	size_t		 n;

	for (p = strchr(s, '{'); p != NULL; p = strchr(p + 1, '{')) {
		for (e = p + 1; (*e >= 'a' && *e <= 'z') || *e == '_'; e++)
			;
		if (*e != '}' || e == p + 1)
			continue;	/* JSON text, not a placeholder */
		n = (size_t)(e - p - 1);
		if (n >= sizeof name)
			n = sizeof name - 1;
		memcpy(name, p + 1, n);
		name[n] = '\0';
		if (!pb_in(pb_names, name))
			return (pb_fail(c, at, "unknown placeholder {%s}",
			    name));
	}
	return (0);
}

/* A string member; required ones must be present and non-empty. */
static int
pb_str(struct pb_ctx *c, const cJSON *obj, const char *at,
    const char *name, int required, char **out)
{
	const cJSON	*j = cJSON_GetObjectItemCaseSensitive(obj, name);
	char		 key[PB_KEY_LEN];

	pb_key(key, at, name);
	*out = NULL;
	if (j == NULL) {
		if (required)
			return (pb_fail(c, key, "missing"));
		return (0);
	}
	if (!cJSON_IsString(j))
		return (pb_fail(c, key, "expected a string, got %s",
		    pb_type_name(j)));
	if (required && j->valuestring[0] == '\0')
		return (pb_fail(c, key, "must not be empty"));
	if (pb_check_names(c, key, j->valuestring) == -1)
		return (-1);
	*out = xstrdup(j->valuestring);
	return (0);
}

/* An array of non-empty strings into a new vector. */
static int
pb_strv(struct pb_ctx *c, const cJSON *j, const char *key, char ***out,
    int *n)
{
	const cJSON	*e;
	int		 i = 0;

	*out = NULL;
	*n = 0;
	if (j == NULL)
		return (0);
	if (!cJSON_IsArray(j))
		return (pb_fail(c, key, "expected an array of strings, got %s",
		    pb_type_name(j)));
	*out = xcalloc((size_t)cJSON_GetArraySize(j) + 1, sizeof **out);
	cJSON_ArrayForEach(e, j) {
		if (!cJSON_IsString(e) || e->valuestring[0] == '\0')
			return (pb_fail(c, key, "item %d: expected a "
			    "non-empty string, got %s", i,
			    cJSON_IsString(e) ? "\"\"" : pb_type_name(e)));
		(*out)[i++] = xstrdup(e->valuestring);
		*n = i;
	}
	return (0);
}

/* triggers.level: "P1".."P4"; absent, any level attaches. */
static int
pb_trigger_level(struct pb_ctx *c, const cJSON *t, struct playbook *pb)
{
	const cJSON	*l = cJSON_GetObjectItemCaseSensitive(t, "level");
	const char	*v;

	pb->trigger_level = 4;
	if (l == NULL)
		return (0);
	v = cJSON_IsString(l) ? l->valuestring : "";
	if (v[0] != 'P' || v[1] < '1' || v[1] > '4' || v[2] != '\0')
		return (pb_fail(c, "triggers.level", "expected \"P1\", "
		    "\"P2\", \"P3\" or \"P4\", got %s", cJSON_IsString(l) ?
		    v : pb_type_name(l)));
	pb->trigger_level = v[1] - '0';
	return (0);
}

static int
pb_triggers(struct pb_ctx *c, const cJSON *root, struct playbook *pb)
{
	const cJSON	*t = cJSON_GetObjectItemCaseSensitive(root,
			    "triggers");

	if (t == NULL)
		return (pb_fail(c, "triggers", "missing"));
	if (!cJSON_IsObject(t))
		return (pb_fail(c, "triggers", "expected an object, got %s",
		    pb_type_name(t)));
	if (pb_check_keys(c, t, "triggers", pb_trigger_keys) == -1 ||
	    pb_trigger_level(c, t, pb) == -1)
		return (-1);
	if (pb_strv(c, cJSON_GetObjectItemCaseSensitive(t, "guardduty"),
	    "triggers.guardduty", &pb->gd, &pb->ngd) == -1 ||
	    pb_strv(c, cJSON_GetObjectItemCaseSensitive(t, "rules"),
	    "triggers.rules", &pb->rules, &pb->nrules) == -1 ||
	    pb_strv(c, cJSON_GetObjectItemCaseSensitive(t, "billing"),
	    "triggers.billing", &pb->billing, &pb->nbilling) == -1)
		return (-1);
	if (pb->ngd + pb->nrules + pb->nbilling == 0)
		return (pb_fail(c, "triggers", "no trigger at all (give "
		    "guardduty, rules or billing)"));
	return (0);
}

/* Check placeholders in every string of a JSON value, recursively. */
static int
pb_check_tree(struct pb_ctx *c, const char *key, const cJSON *j)
{
	const cJSON	*e;

	if (cJSON_IsString(j))
		return (pb_check_names(c, key, j->valuestring));
	cJSON_ArrayForEach(e, j) {
		if (pb_check_tree(c, key, e) == -1)
			return (-1);
	}
	return (0);
}

static int
pb_query(struct pb_ctx *c, const cJSON *q, const char *key, char **out)
{
	const cJSON	*j;
	char		 sub[PB_KEY_LEN];
	char		**ev;
	int		 i, nev;

	if (!cJSON_IsObject(q))
		return (pb_fail(c, key, "expected an object, got %s",
		    pb_type_name(q)));
	if (pb_check_keys(c, q, key, pb_query_keys) == -1)
		return (-1);
	cJSON_ArrayForEach(j, q) {
		pb_key(sub, key, j->string);
		if (strcmp(j->string, "denied") == 0) {
			if (!cJSON_IsBool(j))
				return (pb_fail(c, sub, "expected a boolean, "
				    "got %s", pb_type_name(j)));
		} else if (strcmp(j->string, "events") == 0) {
			if (pb_strv(c, j, sub, &ev, &nev) == -1) {
				for (i = 0; ev != NULL && ev[i]; i++)
					free(ev[i]);
				free(ev);
				return (-1);
			}
			for (i = 0; i < nev; i++)
				free(ev[i]);
			free(ev);
		} else if (!cJSON_IsString(j))
			return (pb_fail(c, sub, "expected a string, got %s",
			    pb_type_name(j)));
		if (pb_check_tree(c, sub, j) == -1)
			return (-1);
	}
	*out = cJSON_PrintUnformatted(q);
	return (0);
}

/* "iam:UpdateAccessKey": a service prefix, a colon, an API name. */
static int
pb_api_ok(const char *s)
{
	const char	*colon = strchr(s, ':');
	const char	*p;

	if (colon == NULL || colon == s || colon[1] < 'A' ||
	    colon[1] > 'Z')
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || (p != colon && *p == ':'))
			return (0);
	}
	return (1);
}

static int
pb_action(struct pb_ctx *c, const cJSON *a, const char *key, char **out)
{
	const cJSON	*j;
	char		 sub[PB_KEY_LEN];

	if (!cJSON_IsObject(a))
		return (pb_fail(c, key, "expected an object, got %s",
		    pb_type_name(a)));
	if (pb_check_keys(c, a, key, pb_action_keys) == -1)
		return (-1);
	pb_key(sub, key, "api");
	j = cJSON_GetObjectItemCaseSensitive(a, "api");
	if (j == NULL)
		return (pb_fail(c, sub, "missing"));
	if (!cJSON_IsString(j))
		return (pb_fail(c, sub, "expected a string, got %s",
		    pb_type_name(j)));
	if (!pb_api_ok(j->valuestring))
		return (pb_fail(c, sub, "\"%s\" is not service:ApiName",
		    j->valuestring));
	cJSON_ArrayForEach(j, a) {
		pb_key(sub, key, j->string);
		if (strcmp(j->string, "params") == 0 ? !cJSON_IsObject(j) :
		    !cJSON_IsString(j))
			return (pb_fail(c, sub, "expected %s, got %s",
			    strcmp(j->string, "params") == 0 ? "an object" :
			    "a string", pb_type_name(j)));
		if (pb_check_tree(c, sub, j) == -1)
			return (-1);
	}
	*out = cJSON_PrintUnformatted(a);
	return (0);
}

static int
pb_step(struct pb_ctx *c, const cJSON *s, const char *key,
    struct pb_step *st)
{
	const cJSON	*j;
	char		 sub[PB_KEY_LEN];

	if (!cJSON_IsObject(s))
		return (pb_fail(c, key, "expected an object, got %s",
		    pb_type_name(s)));
	if (pb_check_keys(c, s, key, pb_step_keys) == -1 ||
	    pb_str(c, s, key, "id", 1, &st->id) == -1 ||
	    pb_str(c, s, key, "text", 1, &st->text) == -1 ||
	    pb_str(c, s, key, "owner", 0, &st->owner) == -1 ||
	    pb_str(c, s, key, "verify", 0, &st->verify) == -1)
		return (-1);
	pb_key(sub, key, "owner");
	if (st->owner != NULL && !pb_in(pb_owners, st->owner))
		return (pb_fail(c, sub, "\"%s\" is not a role "
		    "(commander, responder, scribe, observer)", st->owner));
	pb_key(sub, key, "query");
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "query")) != NULL &&
	    pb_query(c, j, sub, &st->query) == -1)
		return (-1);
	pb_key(sub, key, "action");
	if ((j = cJSON_GetObjectItemCaseSensitive(s, "action")) != NULL &&
	    pb_action(c, j, sub, &st->action) == -1)
		return (-1);
	return (0);
}

static int
pb_phase_of(const char *key)
{
	int	i;

	for (i = 0; i < PB_NPHASES; i++) {
		if (strcmp(pb_phases[i].key, key) == 0)
			return (pb_phases[i].phase);
	}
	return (-1);
}

static int
pb_unique_step(struct pb_ctx *c, const struct playbook *pb,
    const char *key)
{
	const char	*id = pb->steps[pb->nsteps - 1].id;
	int		 i;

	for (i = 0; i < pb->nsteps - 1; i++) {
		if (strcmp(pb->steps[i].id, id) == 0)
			return (pb_fail(c, key, "step id \"%s\" used twice",
			    id));
	}
	return (0);
}

static int
pb_phase_steps(struct pb_ctx *c, const cJSON *arr, int phase,
    struct playbook *pb)
{
	const cJSON	*s;
	char		 key[PB_KEY_LEN];
	int		 ord = 0;

	if (!cJSON_IsArray(arr))
		return (pb_fail(c, arr->string, "expected an array of steps, "
		    "got %s", pb_type_name(arr)));
	cJSON_ArrayForEach(s, arr) {
		if (snprintf(key, sizeof key, "phases.%s[%d]", arr->string,
		    ord) >= (int)sizeof key)
			key[sizeof key - 2] = '~';
		pb->steps = xreallocarray(pb->steps, (size_t)pb->nsteps + 1,
		    sizeof *pb->steps);
		memset(&pb->steps[pb->nsteps], 0, sizeof *pb->steps);
		pb->steps[pb->nsteps].phase = phase;
		pb->steps[pb->nsteps].ord = ord++;
		pb->nsteps++;
		if (pb_step(c, s, key, &pb->steps[pb->nsteps - 1]) == -1 ||
		    pb_unique_step(c, pb, key) == -1)
			return (-1);
	}
	return (0);
}

static int
pb_steps(struct pb_ctx *c, const cJSON *root, struct playbook *pb)
{
	const cJSON	*ph = cJSON_GetObjectItemCaseSensitive(root, "phases");
	const cJSON	*arr;
	char		 key[PB_KEY_LEN];
	int		 phase;

	if (ph == NULL)
		return (pb_fail(c, "phases", "missing"));
	if (!cJSON_IsObject(ph))
		return (pb_fail(c, "phases", "expected an object, got %s",
		    pb_type_name(ph)));
	cJSON_ArrayForEach(arr, ph) {
		pb_key(key, "phases", arr->string);
		if ((phase = pb_phase_of(arr->string)) == -1)
			return (pb_fail(c, "phases", "unknown key \"%s\" "
			    "(known: detection, containment, investigation, "
			    "eradication, recovery, verification)",
			    arr->string));
		if (!cJSON_IsArray(arr))
			return (pb_fail(c, key, "expected an array of steps, "
			    "got %s", pb_type_name(arr)));
		if (pb_phase_steps(c, arr, phase, pb) == -1)
			return (-1);
	}
	if (pb->nsteps == 0)
		return (pb_fail(c, "phases", "no steps"));
	return (0);
}

static int
pb_id_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return (0);
	}
	return (1);
}

static void
pb_free_strv(char **v, int n)
{
	int	i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static void
pb_clear(struct playbook *pb)
{
	int	i;

	free(pb->id);
	free(pb->title);
	free(pb->version);
	free(pb->description);
	free(pb->file);
	pb_free_strv(pb->gd, pb->ngd);
	pb_free_strv(pb->rules, pb->nrules);
	pb_free_strv(pb->billing, pb->nbilling);
	for (i = 0; i < pb->nsteps; i++) {
		free(pb->steps[i].id);
		free(pb->steps[i].text);
		free(pb->steps[i].owner);
		free(pb->steps[i].verify);
		free(pb->steps[i].query);
		free(pb->steps[i].action);
	}
	free(pb->steps);
	memset(pb, 0, sizeof *pb);
}

static int
pb_parse(struct pb_ctx *c, const cJSON *root, struct playbook *pb)
{
	char	*prio;

	if (!cJSON_IsObject(root))
		return (pb_fail(c, "(top)", "expected an object, got %s",
		    pb_type_name(root)));
	if (pb_check_keys(c, root, "(top)", pb_top_keys) == -1 ||
	    pb_str(c, root, "", "id", 1, &pb->id) == -1 ||
	    pb_str(c, root, "", "title", 1, &pb->title) == -1 ||
	    pb_str(c, root, "", "version", 1, &pb->version) == -1 ||
	    pb_str(c, root, "", "description", 0, &pb->description) == -1 ||
	    pb_str(c, root, "", "priority", 0, &prio) == -1)
		return (-1);
	free(prio);
	if (!pb_id_ok(pb->id))
		return (pb_fail(c, "id", "\"%s\": use a-z, 0-9 and -",
		    pb->id));
	if (pb_triggers(c, root, pb) == -1 || pb_steps(c, root, pb) == -1)
		return (-1);
	return (0);
}

struct playbook_set *
playbook_set_new(void)
{
	return (xcalloc(1, sizeof (struct playbook_set)));
}

void
playbook_set_free(struct playbook_set *set)
{
	int	i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		pb_clear(&set->v[i]);
	free(set->v);
	free(set);
}

int
playbook_load_text(struct playbook_set *set, const char *name,
    const char *text, struct wr_err *err)
{
	struct pb_ctx		 c = { name, err };
	struct playbook		 pb;
	const struct playbook	*dup;
	cJSON			*root;

	memset(&pb, 0, sizeof pb);
	if ((root = cJSON_Parse(text)) == NULL)
		return (wr_fail(err, WR_ERR_JSON, name, "not valid JSON near "
		    "byte %ld", (long)(cJSON_GetErrorPtr() - text)));
	if (pb_parse(&c, root, &pb) == -1) {
		cJSON_Delete(root);
		pb_clear(&pb);
		return (-1);
	}
	cJSON_Delete(root);
	if ((dup = playbook_find(set, pb.id)) != NULL) {
		pb_fail(&c, "id", "\"%s\" is already defined in %s", pb.id,
		    dup->file);
		pb_clear(&pb);
		return (-1);
	}
	pb.file = xstrdup(name);
	set->v = xreallocarray(set->v, (size_t)set->n + 1, sizeof *set->v);
	set->v[set->n++] = pb;
	return (0);
}

static char *
pb_read(const char *path, struct wr_err *err)
{
	FILE	*f;
	char	*data;
	size_t	 n;

	if ((f = fopen(path, "rb")) == NULL) {
		wr_fail(err, WR_ERR_IO, path, "cannot open: %m");
		return (NULL);
	}
	data = xmalloc(PB_FILE_MAX + 1);
	n = fread(data, 1, PB_FILE_MAX + 1, f);
	if (ferror(f) || n > PB_FILE_MAX) {
		wr_fail(err, WR_ERR_IO, path, n > PB_FILE_MAX ?
		    "larger than %d bytes" : "read error", PB_FILE_MAX);
		fclose(f);
		free(data);
		return (NULL);
	}
	fclose(f);
	data[n] = '\0';
	return (data);
}

int
playbook_load_file(struct playbook_set *set, const char *path,
    struct wr_err *err)
{
	char	*text;
	int	 rc;

	if ((text = pb_read(path, err)) == NULL)
		return (-1);
	rc = playbook_load_text(set, path, text, err);
	free(text);
	return (rc);
}

static int
pb_is_json(const struct dirent *d)
{
	return (d->d_name[0] != '.' && str_has_suffix(d->d_name, ".json"));
}

int
playbook_load_dir(const char *dir, struct playbook_set **out,
    struct wr_err *err)
{
	struct dirent	**names;
	struct playbook_set *set;
	char		*path;
	int		 i, n, rc = 0;

	*out = NULL;
	if ((n = scandir(dir, &names, pb_is_json, alphasort)) == -1)
		return (wr_fail(err, WR_ERR_IO, dir, "cannot read the "
		    "playbook folder: %m"));
	set = playbook_set_new();
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]->d_name);
		if (rc == 0 && playbook_load_file(set, path, err) == -1)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc == -1) {
		playbook_set_free(set);
		return (-1);
	}
	*out = set;
	return (0);
}

const struct playbook *
playbook_find(const struct playbook_set *set, const char *id)
{
	int	i;

	for (i = 0; set != NULL && i < set->n; i++) {
		if (strcmp(set->v[i].id, id) == 0)
			return (&set->v[i]);
	}
	return (NULL);
}

static int
pb_any_glob(char *const *globs, int n, const char *s)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (str_glob(globs[i], s))
			return (1);
	}
	return (0);
}

int
playbook_matches(const struct playbook *pb, const char *source,
    const char *type)
{
	if (source == NULL || type == NULL || *type == '\0')
		return (0);
	if (strcmp(source, "guardduty") == 0)
		return (pb_any_glob(pb->gd, pb->ngd, type));
	if (strcmp(source, "rule") == 0)
		return (pb_any_glob(pb->rules, pb->nrules, type));
	if (strcmp(source, "billing") == 0)
		return (pb_any_glob(pb->billing, pb->nbilling, type));
	return (0);
}

static const char *
pb_param(const struct pb_params *p, const char *name, size_t n)
{
	static const struct {
		const char	*name;
		size_t		 off;
	} map[] = {
#define PB_P(x) { #x, offsetof(struct pb_params, x) }
		PB_P(access_key), PB_P(user), PB_P(principal), PB_P(role),
		PB_P(instance_id), PB_P(bucket), PB_P(region),
		PB_P(account), PB_P(since), PB_P(until),
#undef PB_P
	};
	size_t	 i;

	if (p == NULL)
		return (NULL);
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strlen(map[i].name) == n &&
		    strncmp(map[i].name, name, n) == 0)
			return (*(const char *const *)
			    (const void *)((const char *)p + map[i].off));
	}
	return (NULL);
}

/*
 * A placeholder the finding could not fill reads as a question for the
 * responder, "(which role?)", never as a raw "{role}".
 */
static void
unbound(struct buf *b, const char *name, size_t n)
{
	size_t i;

	if (n > 3 && strncmp(name + n - 3, "_id", 3) == 0)
		n -= 3;
	buf_adds(b, "(which ");
	for (i = 0; i < n; i++)
		buf_addc(b, name[i] == '_' ? ' ' : name[i]);
	buf_adds(b, "?)");
}

char *
playbook_bind(const char *tmpl, const struct pb_params *p)
{
	struct buf	 b;
	const char	*s = tmpl, *e, *v;

	buf_init(&b);
	buf_reserve(&b, strlen(tmpl) + 1);
	while (*s != '\0') {
		if (*s == '{') {
			for (e = s + 1; (*e >= 'a' && *e <= 'z') || *e == '_';
			    e++)
				;
			v = *e == '}' ? pb_param(p, s + 1,
			    (size_t)(e - s - 1)) : NULL;
			if (v != NULL && *v != '\0') {
				buf_adds(&b, v);
				s = e + 1;
				continue;
			}
			if (*e == '}' && e > s + 1) {
				unbound(&b, s + 1, (size_t)(e - s - 1));
				s = e + 1;
				continue;
			}
		}
		buf_addc(&b, *s++);
	}
	return (buf_steal(&b));
}
