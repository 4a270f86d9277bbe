/*
 * The ruleset: loading rule files, the eventName index that picks the
 * candidate rules of a record, evaluation (outcome, match, window,
 * P-level overrides) and the hits handed to the caller.  The escalation
 * modifier, which needs the store, lives here too.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/rules_int.h"
#include "core/finding.h"
#include "core/util.h"

#define HIT_WINDOW_MAX 1000

struct ruleset *
rules_new(void)
{
	struct ruleset *rs = xcalloc(1, sizeof *rs);
	int i;

	for (i = 0; i < 5; i++)
		buf_init(&rs->bufs[i]);
	return (rs);
}

static void
index_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nidx; i++) {
		free(rs->idx[i].name);
		free(rs->idx[i].rules);
	}
	free(rs->idx);
	free(rs->wild);
	free(rs->insights);
	for (i = 0; i < (size_t)rs->nrules; i++) {
		free(rs->rules[i]->followers);
		rs->rules[i]->followers = NULL;
		rs->rules[i]->nfollowers = 0;
	}
	rs->idx = NULL;
	rs->nidx = 0;
	rs->wild = rs->insights = NULL;
	rs->nwild = rs->ninsights = 0;
	rs->indexed = 0;
}

void
rules_free(struct ruleset *rs)
{
	int i;

	if (rs == NULL)
		return;
	index_free(rs);		/* before the rules: it reads them */
	for (i = 0; i < rs->nrules; i++)
		rules_rule_free(rs->rules[i]);
	free(rs->rules);
	free(rs->wevents);
	for (i = 0; i < 5; i++)
		buf_free(&rs->bufs[i]);
	free(rs);
}

int
rules_count(const struct ruleset *rs)
{
	return (rs != NULL ? rs->nrules : 0);
}

static int
read_file(const char *path, struct buf *b, struct wr_err *err)
{
	char chunk[16384];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return (wr_fail(err, WR_ERR_IO, path, "cannot open: %m"));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return (wr_fail(err, WR_ERR_IO, path, "read error"));
	}
	fclose(f);
	return (0);
}

static int
load_doc(struct ruleset *rs, const cJSON *doc, const char *path,
    struct wr_err *err)
{
	const cJSON *list = doc, *e;
	char where[32];
	int i = 0;

	if (cJSON_IsObject(doc)) {
		cJSON_ArrayForEach(e, doc)
			if (strcmp(e->string, "rules") &&
			    strcmp(e->string, "description"))
				return (wr_fail(err, WR_ERR_INVALID, path,
				    "%s: unknown key (rules, description)",
				    e->string));
		list = cJSON_GetObjectItemCaseSensitive(doc, "rules");
	}
	if (!cJSON_IsArray(list))
		return (wr_fail(err, WR_ERR_SCHEMA, path,
		    "rules: expected a list of rules"));
	cJSON_ArrayForEach(e, list) {
		snprintf(where, sizeof where, "rules[%d]", i++);
		if (rules_compile(rs, e, path, where, err) == -1)
			return (-1);
	}
	return (0);
}

int
rules_load_file(struct ruleset *rs, const char *path, struct wr_err *err)
{
	const char *end = NULL;
	struct buf b;
	cJSON *doc;
	int rc;

	buf_init(&b);
	if (read_file(path, &b, err) == -1) {
		buf_free(&b);
		return (-1);
	}
	doc = cJSON_ParseWithLengthOpts(b.data != NULL ? b.data : "", b.len,
	    &end, 0);
	if (doc == NULL) {
		rc = wr_fail(err, WR_ERR_JSON, path, "invalid JSON near byte "
		    "%ld", end != NULL && b.data != NULL ?
		    (long)(end - b.data) : 0L);
		buf_free(&b);
		return (rc);
	}
	rc = load_doc(rs, doc, path, err);
	cJSON_Delete(doc);
	buf_free(&b);
	return (rc);
}

static int
name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
rules_load_dir(const char *dir, struct ruleset **out, struct wr_err *err)
{
	struct ruleset *rs;
	struct dirent *d;
	char **names = NULL, *path;
	size_t n = 0, i;
	int rc = 0;
	DIR *dp;

	*out = NULL;
	if ((dp = opendir(dir)) == NULL)
		return (wr_fail(err, WR_ERR_IO, dir, "cannot open: %m"));
	while ((d = readdir(dp)) != NULL)
		if (d->d_name[0] != '.' && str_has_suffix(d->d_name, ".json")) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(d->d_name);
		}
	closedir(dp);
	/* An empty folder is a set without rules (a missing one is not). */
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	rs = rules_new();
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		if (rc == 0)
			rc = rules_load_file(rs, path, err);
		free(path);
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		rc = rules_check_after(rs, err);
	if (rc == -1) {
		rules_free(rs);
		return (-1);
	}
	*out = rs;
	return (0);
}

static int
is_glob(const char *s)
{
	return (strpbrk(s, "*?") != NULL);
}

static struct ridx *
idx_slot(struct ruleset *rs, const char *name)
{
	size_t i = hash64(name, strlen(name)) & (rs->nidx - 1);

	while (rs->idx[i].name != NULL && strcmp(rs->idx[i].name, name))
		i = (i + 1) & (rs->nidx - 1);
	return (&rs->idx[i]);
}

static void
list_add(struct rule ***list, int *n, struct rule *r)
{
	if (*n > 0 && (*list)[*n - 1] == r)
		return;
	*list = xreallocarray(*list, (size_t)*n + 1, sizeof **list);
	(*list)[(*n)++] = r;
}

/* Each rule that names r in its "after" follows r. */
static void
followers_build(struct ruleset *rs)
{
	struct rule *r, *f;
	int i, j, k;

	for (i = 0; i < rs->nrules; i++) {
		if ((f = rs->rules[i])->after == NULL)
			continue;
		for (j = 0; j < f->after->nnames; j++)
			for (k = 0; k < rs->nrules; k++) {
				r = rs->rules[k];
				if (strcmp(r->id, f->after->names[j]) == 0)
					list_add(&r->followers,
					    &r->nfollowers, f);
			}
	}
}

/* Rules with only exact event names go in the index; the rest apart. */
static void
index_build(struct ruleset *rs)
{
	struct ridx *s;
	int i, j, wild;

	index_free(rs);
	followers_build(rs);
	for (rs->nidx = 64; rs->nidx < (size_t)rs->nrules * 8; rs->nidx *= 2)
		;
	rs->idx = xcalloc(rs->nidx, sizeof *rs->idx);
	for (i = 0; i < rs->nrules; i++) {
		struct rule *r = rs->rules[i];

		if (r->insight) {
			list_add(&rs->insights, &rs->ninsights, r);
			continue;
		}
		for (wild = r->nevents == 0, j = 0; j < r->nevents; j++)
			wild |= is_glob(r->events[j]);
		if (wild) {
			list_add(&rs->wild, &rs->nwild, r);
			continue;
		}
		for (j = 0; j < r->nevents; j++) {
			s = idx_slot(rs, r->events[j]);
			if (s->name == NULL)
				s->name = xstrdup(r->events[j]);
			list_add(&s->rules, &s->n, r);
		}
	}
	rs->indexed = 1;
}

static int
source_ok(const struct rule *r, const struct ct_event *ev)
{
	int i;

	if (r->nsources == 0)
		return (1);
	for (i = 0; i < r->nsources; i++)
		if (strcmp(r->sources[i], ev->event_source) == 0)
			return (1);
	return (0);
}

static int
event_ok(const struct rule *r, const struct ct_event *ev)
{
	int i;

	if (r->nevents == 0)
		return (1);
	for (i = 0; i < r->nevents; i++)
		if (str_glob(r->events[i], ev->event_name))
			return (1);
	return (0);
}

struct evalctx {
	struct ruleset		*rs;
	const struct ct_event	*ev;
	void			(*fn)(const struct rule_hit *, void *);
	void			*arg;
	int			 opts;
	int			 success;	/* rules_success(ev), once */
};

static int
outcome_ok(const struct rule *r, const struct evalctx *x)
{
	if (r->outcome == OUT_ANY)
		return (1);
	return (x->success == (r->outcome == OUT_SUCCESS));
}

static void
hit_emit(struct evalctx *x, struct rule *r, int count, const char **ids,
    int nids)
{
	struct rule_hit h;
	const struct tmpl *title = &r->title;
	struct buf *b = x->rs->bufs;
	int i;

	memset(&h, 0, sizeof h);
	h.p_level = r->p_level;
	for (i = 0; i < r->nlevels; i++)
		if (rules_cond_eval(r->levels[i].when, x->ev)) {
			h.p_level = r->levels[i].p_level;
			if (r->levels[i].has_title)
				title = &r->levels[i].title;
			break;
		}
	h.rule_id = r->id;
	h.title = rules_render(title, x->ev, count, &b[0]);
	h.why = rules_render(&r->why, x->ev, count, &b[1]);
	h.principal = r->principal.n > 0 ? rules_render(&r->principal, x->ev,
	    count, &b[2]) : x->ev->principal;
	h.group = r->group.n > 0 ? rules_render(&r->group, x->ev, count,
	    &b[3]) : h.principal;
	h.window_events = ids;
	h.n_window_events = nids;
	if (x->fn != NULL)
		x->fn(&h, x->arg);
}

/* A rule fired on this record: leave a mark for its followers. */
static void
mark_followers(struct evalctx *x, const struct rule *r)
{
	const char *key;
	int i;

	for (i = 0; i < r->nfollowers; i++) {
		struct rafter *a = r->followers[i]->after;

		key = rules_render(&a->prior_key, x->ev, 0, &x->rs->bufs[4]);
		if (key[0] != '\0')
			rules_mark_add(a->marks, key, x->ev->time_ms,
			    x->ev->event_id);
	}
}

/* Did a prior rule fire on the same key, shortly before? */
static int
after_ok(struct evalctx *x, const struct rule *r, int *nids)
{
	const char *key, *prior;

	if (x->opts & RULES_NO_WINDOW)
		return (1);
	key = rules_render(&r->after->key, x->ev, 0, &x->rs->bufs[4]);
	if (key[0] == '\0' || !rules_mark_seen(r->after->marks, key,
	    x->ev->time_ms, &prior))
		return (0);
	x->rs->wevents[(*nids)++] = prior;
	return (1);
}

static int
rule_try(struct evalctx *x, struct rule *r)
{
	const struct ct_event *ev = x->ev;
	const char *key;
	uint64_t vh;
	int n = 1, nids = 0, i;

	if ((!r->enabled && !(x->opts & RULES_DISABLED)) ||
	    !outcome_ok(r, x) || !source_ok(r, ev))
		return (0);
	if (r->match != NULL && !rules_cond_eval(r->match, ev))
		return (0);
	if (x->rs->wevents == NULL)
		x->rs->wevents = xcalloc(HIT_WINDOW_MAX + 1,
		    sizeof *x->rs->wevents);
	if (r->after != NULL && !after_ok(x, r, &nids))
		return (0);
	if (r->window != NULL && !(x->opts & RULES_NO_WINDOW)) {
		vh = 0;
		if (r->window->distinct.n > 0) {
			key = rules_render(&r->window->distinct, ev, 0,
			    &x->rs->bufs[4]);
			/* 0 means "not distinct": an empty value is 1. */
			vh = key[0] != '\0' ? hash64(key, strlen(key)) | 1 : 1;
		}
		key = rules_render(&r->window->key, ev, 0, &x->rs->bufs[4]);
		n = rules_window_add(r->window, key, ev->time_ms, vh,
		    ev->event_id, x->rs->wevents + nids, &i);
		if (n < r->window->count)
			return (0);
		nids += i;
	}
	hit_emit(x, r, n, x->rs->wevents, nids);
	if (r->nfollowers > 0)
		mark_followers(x, r);
	return (1);
}

int
rules_eval_opts(struct ruleset *rs, const struct ct_event *ev, int opts,
    void (*fn)(const struct rule_hit *, void *), void *arg)
{
	struct evalctx x = { rs, ev, fn, arg, opts, rules_success(ev) };
	struct ridx *s;
	int i, hits = 0;

	if (!rs->indexed)
		index_build(rs);
	if (ev->insight) {
		for (i = 0; i < rs->ninsights; i++)
			hits += rule_try(&x, rs->insights[i]);
		return (hits);
	}
	if (ev->event_name[0] != '\0') {
		s = idx_slot(rs, ev->event_name);
		for (i = 0; s->name != NULL && i < s->n; i++)
			hits += rule_try(&x, s->rules[i]);
	}
	for (i = 0; i < rs->nwild; i++)
		if (event_ok(rs->wild[i], ev))
			hits += rule_try(&x, rs->wild[i]);
	return (hits);
}

int
rules_eval(struct ruleset *rs, const struct ct_event *ev,
    void (*fn)(const struct rule_hit *, void *), void *arg)
{
	return (rules_eval_opts(rs, ev, 0, fn, arg));
}

int
rules_info(const struct ruleset *rs, int i, struct rule_info *ri)
{
	const struct rule *r;

	if (rs == NULL || i < 0 || i >= rs->nrules)
		return (-1);
	r = rs->rules[i];
	memset(ri, 0, sizeof *ri);
	ri->id = r->id;
	ri->file = r->file;
	ri->description = r->description;
	ri->title = r->title_text;
	ri->p_level = r->p_level;
	ri->refs = (const char *const *)r->refs;
	ri->nrefs = r->nrefs;
	ri->events = (const char *const *)r->events;
	ri->nevents = r->nevents;
	ri->enabled = r->enabled;
	if (r->window != NULL) {
		ri->window_count = r->window->count;
		ri->window_minutes = (int)(r->window->span_ms / 60000);
	}
	return (0);
}

int
rules_find(const struct ruleset *rs, const char *id)
{
	int i;

	for (i = 0; rs != NULL && i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return (i);
	return (-1);
}

