/*
 * warroom rules list [--json] and warroom rules test FILE... [--json]:
 * what the rule set holds, and which rules fire on which record and
 * why, without a database.  Test reads CloudTrail files as ingest sees
 * them (S3 log files, gzip or not, arrays, bare records, NDJSON,
 * LookupEvents output, EventBridge envelopes), in order, windows on.
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/gzfile.h"
#include "core/rules.h"
#include "core/safe.h"
#include "core/util.h"

struct rtest {
	struct ruleset	*rs;
	const char	*file;
	int		 json;
	cJSON		*out;		/* the --json array */
	cJSON		*fired;		/* of the record being judged */
	cJSON		*hits;
	long		 records;
	long		 nhits;
};

/* Options; with stop set, stop at the verb (the first non-option). */
static int
parse_args(struct cmd_ctx *c, int stop, int *json, const char **dir)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	/* 0, not 1: GNU getopt then forgets the previous scan. */
	optind = 0;
	while ((ch = getopt_long(c->argc, c->argv, stop ? "+" : "", opts,
	    NULL)) != -1) {
		if (ch == 'j')
			*json = 1;
		else if (ch == 'r')
			*dir = optarg;
		else
			return (-1);
	}
	return (0);
}

static cJSON *
strs_json(const char *const *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	int i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return (a);
}

static cJSON *
info_json(const struct rule_info *ri)
{
	cJSON *o = cJSON_CreateObject(), *w;
	char p[4];

	snprintf(p, sizeof p, "P%d", ri->p_level);
	cJSON_AddStringToObject(o, "id", ri->id);
	cJSON_AddStringToObject(o, "p_level", p);
	cJSON_AddStringToObject(o, "title", ri->title);
	cJSON_AddStringToObject(o, "description", ri->description);
	cJSON_AddItemToObject(o, "refs", strs_json(ri->refs, ri->nrefs));
	cJSON_AddItemToObject(o, "events", strs_json(ri->events,
	    ri->nevents));
	if (ri->window_count > 0) {
		w = cJSON_AddObjectToObject(o, "window");
		cJSON_AddNumberToObject(w, "count", ri->window_count);
		cJSON_AddNumberToObject(w, "minutes", ri->window_minutes);
	} else
		cJSON_AddNullToObject(o, "window");
	cJSON_AddBoolToObject(o, "enabled", ri->enabled);
	cJSON_AddStringToObject(o, "file", ri->file);
	return (o);
}

static void
print_json(cJSON *a)
{
	char *s = cJSON_Print(a);

	puts(s);
	free(s);
}

static int
list_rules(const struct ruleset *rs, int json)
{
	struct rule_info ri;
	cJSON *a = cJSON_CreateArray();
	int i, j;

	for (i = 0; rules_info(rs, i, &ri) == 0; i++) {
		if (json) {
			cJSON_AddItemToArray(a, info_json(&ri));
			continue;
		}
		printf("%-34s P%d%s  %s\n", ri.id, ri.p_level,
		    ri.enabled ? "" : " (off)", ri.title);
		for (j = 0; j < ri.nrefs; j++)
			printf("%s%s", j == 0 ? "    refs: " : " ",
			    ri.refs[j]);
		printf("\n");
	}
	if (json)
		print_json(a);
	else
		printf("%d rules\n", rules_count(rs));
	cJSON_Delete(a);
	return (CMD_OK);
}

static void
on_hit(const struct rule_hit *h, void *arg)
{
	struct rtest *t = arg;
	cJSON *o;
	char *title, *why;

	t->nhits++;
	if (t->json) {
		cJSON_AddItemToArray(t->fired, cJSON_CreateString(h->rule_id));
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "rule", h->rule_id);
		cJSON_AddNumberToObject(o, "p_level", h->p_level);
		cJSON_AddStringToObject(o, "title", h->title);
		cJSON_AddStringToObject(o, "why", h->why);
		cJSON_AddStringToObject(o, "principal", h->principal);
		cJSON_AddStringToObject(o, "group", h->group);
		cJSON_AddItemToArray(t->hits, o);
		return;
	}
	/* Titles and reasons carry AWS strings: make them safe to print. */
	title = safe_dup(h->title);
	why = safe_dup(h->why);
	printf("  P%d %s: %s\n     why: %s\n", h->p_level, h->rule_id, title,
	    why);
	free(title);
	free(why);
}

static void
judge(struct rtest *t, const cJSON *rec)
{
	struct ct_event ev;
	cJSON *o;
	char *id;

	event_read(rec, &ev);
	t->records++;
	if (t->json) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", t->file);
		cJSON_AddStringToObject(o, "event_id", ev.event_id);
		t->fired = cJSON_AddArrayToObject(o, "fired");
		t->hits = cJSON_AddArrayToObject(o, "hits");
		cJSON_AddItemToArray(t->out, o);
	} else {
		id = safe_dup(ev.event_id[0] != '\0' ? ev.event_id :
		    "(no eventID)");
		printf("%s %s %s\n", t->file, id, ev.event_name);
		free(id);
	}
	rules_eval(t->rs, &ev, on_hit, t);
}

static void	walk(struct rtest *, const cJSON *, int depth);

/* LookupEvents output: each event carries the record as a string. */
static void
walk_lookup(struct rtest *t, const cJSON *events)
{
	const cJSON *e, *s;
	cJSON *inner;

	cJSON_ArrayForEach(e, events) {
		s = cJSON_GetObjectItemCaseSensitive(e, "CloudTrailEvent");
		if (!cJSON_IsString(s) ||
		    (inner = cJSON_Parse(s->valuestring)) == NULL)
			continue;
		judge(t, inner);
		cJSON_Delete(inner);
	}
}

static void
walk(struct rtest *t, const cJSON *v, int depth)
{
	const cJSON *c;

	if (depth > 8)
		return;
	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(c, v)
			walk(t, c, depth + 1);
		return;
	}
	if (!cJSON_IsObject(v))
		return;
	if (event_is_record(v))
		judge(t, v);
	else if ((c = cJSON_GetObjectItemCaseSensitive(v, "Records")) != NULL)
		walk(t, c, depth + 1);
	else if ((c = cJSON_GetObjectItemCaseSensitive(v, "Events")) != NULL)
		walk_lookup(t, c);
	else if ((c = cJSON_GetObjectItemCaseSensitive(v, "detail")) != NULL)
		walk(t, c, depth + 1);
}

/* Read a file, gunzipped when it is gzip; NULL and err on failure. */
static char *
read_file(const char *path, size_t *len, struct wr_err *err)
{
	struct gz_info gi;
	struct buf raw, out;
	char chunk[65536];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL) {
		wr_fail(err, WR_ERR_IO, path, "cannot open: %m");
		return (NULL);
	}
	buf_init(&raw);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&raw, chunk, n);
	fclose(f);
	if (!gz_is_gzip(raw.data, raw.len)) {
		*len = raw.len;
		return (raw.data != NULL ? buf_steal(&raw) : xstrdup(""));
	}
	buf_init(&out);
	if (gz_decode(raw.data, raw.len, path, &out, &gi, err) == -1) {
		buf_free(&raw);
		buf_free(&out);
		return (NULL);
	}
	buf_free(&raw);
	*len = out.len;
	return (out.data != NULL ? buf_steal(&out) : xstrdup(""));
}

/* Every JSON value in the file (one document, or NDJSON). */
static int
test_file(struct rtest *t, const char *path, struct wr_err *err)
{
	const char *p, *end;
	size_t len;
	char *data;
	cJSON *doc;
	int rc = 0;

	if ((data = read_file(path, &len, err)) == NULL)
		return (-1);
	t->file = path;
	for (p = data; p < data + len; p = end) {
		while (p < data + len && (*p == ' ' || *p == '\n' ||
		    *p == '\r' || *p == '\t'))
			p++;
		if (p == data + len)
			break;
		end = NULL;
		doc = cJSON_ParseWithLengthOpts(p, (size_t)(data + len - p),
		    &end, 0);
		if (doc == NULL) {
			rc = wr_fail(err, WR_ERR_JSON, path, "invalid JSON "
			    "near byte %ld",
			    (long)((end != NULL ? end : p) - data));
			break;
		}
		walk(t, doc, 0);
		cJSON_Delete(doc);
	}
	free(data);
	return (rc);
}

static int
test_files(struct cmd_ctx *c, struct ruleset *rs, int json, int first)
{
	struct rtest t;
	struct wr_err err;
	int i, rc = CMD_OK;

	memset(&t, 0, sizeof t);
	t.rs = rs;
	t.json = json;
	t.out = cJSON_CreateArray();
	for (i = first; i < c->argc; i++)
		if (test_file(&t, c->argv[i], &err) == -1)
			rc = cmd_fail(c, &err);
	if (json)
		print_json(t.out);
	else
		printf("%ld records, %ld hits\n", t.records, t.nhits);
	cJSON_Delete(t.out);
	return (rc);
}

static int
rules_exec(struct cmd_ctx *c)
{
	struct ruleset *rs;
	struct wr_err err;
	const char *dir = NULL, *verb;
	char *def = NULL;
	int json, rc;

	json = 0;
	if (parse_args(c, 1, &json, &dir) == -1 || optind >= c->argc)
		return (cmd_usage(c, "list [--json] | test FILE... [--json]"));
	verb = c->argv[optind];
	if (strcmp(verb, "list") != 0 && strcmp(verb, "test") != 0)
		return (cmd_usage(c, "unknown verb '%s' (list, test)", verb));
	/* Options may also follow the verb: rules test --json FILE. */
	c->argc -= optind;
	c->argv += optind;
	if (parse_args(c, 0, &json, &dir) == -1)
		return (cmd_usage(c, "bad arguments"));
	if (strcmp(verb, "test") == 0 && optind >= c->argc)
		return (cmd_usage(c, "test needs FILE..."));
	if (strcmp(verb, "list") == 0 && optind != c->argc)
		return (cmd_usage(c, "list takes no files"));
	if (dir == NULL)
		dir = def = cmd_data_path("rules");
	rc = rules_load_dir(dir, &rs, &err);
	free(def);
	if (rc == -1)
		return (cmd_fail(c, &err));
	rc = strcmp(verb, "list") == 0 ? list_rules(rs, json) :
	    test_files(c, rs, json, optind);
	rules_free(rs);
	return (rc);
}

const struct cmd_entry cmd_rules_entry = {
	"rules", "list [--json] | test FILE... [--json] [--rules DIR]",
	"show the alert rules, or which rules fire on the records of FILEs",
	0, rules_exec
};
