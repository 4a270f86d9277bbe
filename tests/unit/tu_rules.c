/*
 * Rule-test helpers (see tu_rules.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

struct ruleset *
tr_rules(void)
{
	struct ruleset *rs = NULL;
	struct wr_err err;
	char buf[512], *dir = tu_data("rules");

	if (rules_load_dir(dir, &rs, &err) == -1) {
		print_error("rules: %s\n", wr_err_text(&err, buf, sizeof buf));
		fail();
	}
	free(dir);
	return (rs);
}

cJSON *
tr_parse_file(const char *path)
{
	size_t len;
	char *data = tu_read(path, &len);
	cJSON *doc;

	if (data == NULL)
		return (NULL);
	doc = cJSON_ParseWithLength(data, len);
	free(data);
	return (doc);
}

int
tr_each_record(const cJSON *doc, void (*fn)(const cJSON *, void *),
    void *arg)
{
	const cJSON *list, *r;
	int n = 0;

	list = cJSON_IsObject(doc) ?
	    cJSON_GetObjectItemCaseSensitive(doc, "Records") : doc;
	if (list == NULL)
		list = doc;
	if (!cJSON_IsArray(list)) {
		fn(list, arg);
		return (1);
	}
	cJSON_ArrayForEach(r, list) {
		fn(r, arg);
		n++;
	}
	return (n);
}

static void
collect(const struct rule_hit *h, void *arg)
{
	struct tr_hits *hs = arg;
	struct tr_hit *t;

	if (hs->n == TR_MAX_HITS)
		return;
	t = &hs->h[hs->n++];
	strlcpy_wr(t->id, h->rule_id, sizeof t->id);
	strlcpy_wr(t->title, h->title, sizeof t->title);
	strlcpy_wr(t->group, h->group, sizeof t->group);
	strlcpy_wr(t->principal, h->principal, sizeof t->principal);
	strlcpy_wr(t->why, h->why, sizeof t->why);
	t->p_level = h->p_level;
	t->n_window = h->n_window_events;
}

void
tr_eval(struct ruleset *rs, const cJSON *rec, int windows,
    struct tr_hits *hs)
{
	struct ct_event ev;

	hs->n = 0;
	event_read(rec, &ev);
	if (windows)
		rules_eval(rs, &ev, collect, hs);
	else
		rules_eval_opts(rs, &ev, RULES_NO_WINDOW | RULES_DISABLED,
		    collect, hs);
}

const struct tr_hit *
tr_find(const struct tr_hits *hs, const char *id)
{
	int i;

	for (i = 0; i < hs->n; i++)
		if (strcmp(hs->h[i].id, id) == 0)
			return (&hs->h[i]);
	return (NULL);
}

const cJSON *
tr_record(const cJSON *doc, const char *suffix)
{
	const cJSON *list, *r;

	list = cJSON_IsObject(doc) ?
	    cJSON_GetObjectItemCaseSensitive(doc, "Records") : doc;
	cJSON_ArrayForEach(r, list)
		if (str_has_suffix(event_str(r, "eventID"), suffix))
			return (r);
	return (NULL);
}
