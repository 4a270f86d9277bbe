/*
 * Loading and checking the notification tree (notify_tree.h).  Files are
 * merged: ids are global, so a question in one file may lead to one in
 * another.  Every reference is resolved at load and every error names
 * the file and the key path, so a bad data file is found before use.
 */
#include "core/notify_tree.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/notify_json.h"
#include "core/timeutil.h"
#include "core/util.h"

#define NOTIFY_SCHEMA "warroom-notify/1"

struct doc {
	char	*name;
	cJSON	*json;
};

static const char *const event_names[NOTIFY_EV__COUNT] = {
	"detected", "aware", "discovered", "determined", "material",
	"classified_major", "notifiable", "suspected", "ransom_paid",
	"year_end"
};
static const char *const mode_names[NOTIFY_MODE__COUNT] = {
	"hard", "outer_limit", "undue_delay", "record", "contractual",
	"advisory"
};
static const char *const status_names[NOTIFY_STATUS__COUNT] = {
	"pending", "running", "due_soon", "overdue", "sent", "sent_late",
	"not_required"
};
static const char *const kind_names[] = { "bool", "enum", "multi",
    "count", NULL };

static int
name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return (i);
	return (-1);
}

const char *
notify_event_name(int e)
{
	return (e >= 0 && e < NOTIFY_EV__COUNT ? event_names[e] : "?");
}

int
notify_event_from_name(const char *s)
{
	return (name_index(event_names, NOTIFY_EV__COUNT, s));
}

const char *
notify_mode_name(int m)
{
	return (m >= 0 && m < NOTIFY_MODE__COUNT ? mode_names[m] : "?");
}

const char *
notify_status_name(int s)
{
	return (s >= 0 && s < NOTIFY_STATUS__COUNT ? status_names[s] : "?");
}

struct notify_tree *
notify_tree_new(void)
{
	return (xcalloc(1, sizeof(struct notify_tree)));
}

static int
json_line(const char *text, const char *at)
{
	int line = 1;

	for (; at != NULL && text < at && *text != '\0'; text++)
		if (*text == '\n')
			line++;
	return (line);
}

int
notify_tree_add(struct notify_tree *t, const char *name, const char *text,
    struct wr_err *err)
{
	static const char *const keys[] = { "schema", "about", "regimes",
	    "calendars", "questions", "outcomes", "root", NULL };
	const char *schema;
	struct doc *d;
	cJSON *j;

	if ((j = cJSON_Parse(text)) == NULL)
		return (wr_fail(err, WR_ERR_JSON, name, "malformed JSON near "
		    "line %d", json_line(text, cJSON_GetErrorPtr())));
	if (njson_known(j, keys, name, err) == -1 ||
	    njson_str(j, "schema", name, &schema, err) == -1)
		goto fail;
	if (strcmp(schema, NOTIFY_SCHEMA) != 0) {
		wr_fail(err, WR_ERR_SCHEMA, name, "schema is \"%s\", expected "
		    "\"%s\"", schema, NOTIFY_SCHEMA);
		goto fail;
	}
	t->docs = xreallocarray(t->docs, t->ndocs + 1, sizeof *d);
	d = (struct doc *)t->docs + t->ndocs++;
	d->name = xstrdup(name);
	d->json = j;
	return (0);
fail:
	cJSON_Delete(j);
	return (-1);
}

int
notify_find_question(const struct notify_tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nq; i++)
		if (t->q[i].id != NULL && strcmp(t->q[i].id, id) == 0)
			return ((int)i);
	return (-1);
}

int
notify_find_outcome(const struct notify_tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nout; i++)
		if (t->out[i].id != NULL && strcmp(t->out[i].id, id) == 0)
			return ((int)i);
	return (-1);
}

int
notify_find_regime(const struct notify_tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nreg; i++)
		if (t->reg[i].id != NULL && strcmp(t->reg[i].id, id) == 0)
			return ((int)i);
	return (-1);
}

static int
find_calendar(const struct notify_tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->ncal; i++)
		if (t->cal[i].id != NULL && strcmp(t->cal[i].id, id) == 0)
			return ((int)i);
	return (-1);
}

const struct notify_calendar *
notify_find_calendar(const struct notify_tree *t, const char *id)
{
	int i = find_calendar(t, id);

	return (i == -1 ? NULL : &t->cal[i]);
}

static int
find_flag(const struct notify_tree *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->nflag; i++)
		if (strcmp(t->flag[i], id) == 0)
			return ((int)i);
	return (-1);
}

static int
intern_flag(struct notify_tree *t, const char *id)
{
	int i = find_flag(t, id);

	if (i != -1)
		return (i);
	t->flag = xreallocarray(t->flag, t->nflag + 1, sizeof *t->flag);
	t->flag[t->nflag] = xstrdup(id);
	return ((int)t->nflag++);
}

static int
check_date(const char *s, const char *where, int64_t *out,
    struct wr_err *err)
{
	char iso[32];

	snprintf(iso, sizeof iso, "%.10sT00:00:00Z", s);
	if (strlen(s) != 10 || time_parse_iso(iso, out) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, where, "\"%s\" is not a "
		    "YYYY-MM-DD date", s));
	return (0);
}

enum ref_kind { REF_QUESTION, REF_OUTCOME, REF_SET_FLAG, REF_NEED_FLAG };

static int
ref_one(struct notify_tree *t, enum ref_kind k, const char *id)
{
	switch (k) {
	case REF_QUESTION:
		return (notify_find_question(t, id));
	case REF_OUTCOME:
		return (notify_find_outcome(t, id));
	case REF_SET_FLAG:
		return (intern_flag(t, id));
	case REF_NEED_FLAG:
		return (find_flag(t, id));
	}
	return (-1);
}

static int
ref_list(struct notify_tree *t, const cJSON *o, const char *key,
    const char *where, enum ref_kind k, int **out, size_t *n,
    struct wr_err *err)
{
	static const char *const what[] = { "question", "outcome", "flag",
	    "flag (no answer sets it)" };
	const cJSON *a, *v;
	char w[WR_ERR_WHERE_LEN];
	int i;

	*out = NULL;
	*n = 0;
	if (njson_arr(o, key, where, &a, err) == -1)
		return (-1);
	if (a == NULL)
		return (0);
	*out = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof **out);
	cJSON_ArrayForEach(v, a) {
		njson_where(w, "%s.%s[%zu]", where, key, *n);
		if (!cJSON_IsString(v) || *v->valuestring == '\0')
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "must be a non-empty string"));
		if ((i = ref_one(t, k, v->valuestring)) == -1)
			return (wr_fail(err, WR_ERR_SCHEMA, w, "unknown %s "
			    "\"%s\"", what[k], v->valuestring));
		(*out)[(*n)++] = i;
	}
	return (0);
}

static int
parse_regime(const cJSON *o, const char *where, struct notify_regime *r,
    struct wr_err *err)
{
	static const char *const keys[] = { "id", "name", "jurisdiction",
	    "source", "grade", "checked", "verified", "note", NULL };
	const char *id, *name, *jur, *src, *grade, *chk, *note;
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "verified");
	char w[WR_ERR_WHERE_LEN];
	int64_t d;

	if (njson_known(o, keys, where, err) == -1 ||
	    njson_str(o, "id", where, &id, err) == -1 ||
	    njson_str(o, "name", where, &name, err) == -1 ||
	    njson_str(o, "jurisdiction", where, &jur, err) == -1 ||
	    njson_str(o, "source", where, &src, err) == -1 ||
	    njson_str(o, "grade", where, &grade, err) == -1 ||
	    njson_str(o, "checked", where, &chk, err) == -1 ||
	    njson_opt_str(o, "note", where, &note, err) == -1)
		return (-1);
	if (check_date(chk, njson_where(w, "%s.checked", where), &d,
	    err) == -1)
		return (-1);
	if (strcmp(grade, "P") != 0 && strcmp(grade, "S") != 0 &&
	    strcmp(grade, "M") != 0)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(w,
		    "%s.grade", where), "must be P, S or M"));
	if (!cJSON_IsBool(ver))
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(w,
		    "%s.verified", where), "must be true or false"));
	r->id = xstrdup(id);
	r->name = xstrdup(name);
	r->jurisdiction = xstrdup(jur);
	r->source = xstrdup(src);
	r->grade = xstrdup(grade);
	r->checked = xstrdup(chk);
	r->note = note != NULL ? xstrdup(note) : NULL;
	r->verified = cJSON_IsTrue(ver);
	return (0);
}

/* Register the id of each item of doc's array key (pass one). */
static int
collect_ids(struct notify_tree *t, const struct doc *d, const char *key,
    struct wr_err *err)
{
	const cJSON *a, *o;
	const char *id;
	char w[WR_ERR_WHERE_LEN], kw[WR_ERR_WHERE_LEN];
	size_t i = 0;
	int q = strcmp(key, "questions") == 0;
	int dup;

	if (njson_arr(d->json, key, d->name, &a, err) == -1)
		return (-1);
	cJSON_ArrayForEach(o, a) {
		njson_where(w, "%s: %s[%zu]", d->name, key, i++);
		if (!cJSON_IsObject(o))
			return (wr_fail(err, WR_ERR_SCHEMA, w,
			    "must be an object"));
		if (njson_str(o, "id", w, &id, err) == -1)
			return (-1);
		dup = q ? notify_find_question(t, id) : notify_find_outcome(t,
		    id);
		if (dup != -1)
			return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw,
			    "%s.id", w), "\"%s\" is already defined in %s",
			    id, q ? t->q[dup].file : t->out[dup].file));
		if (q) {
			t->q = xreallocarray(t->q, t->nq + 1, sizeof *t->q);
			memset(&t->q[t->nq], 0, sizeof *t->q);
			t->q[t->nq].id = xstrdup(id);
			t->q[t->nq++].file = xstrdup(d->name);
		} else {
			t->out = xreallocarray(t->out, t->nout + 1,
			    sizeof *t->out);
			memset(&t->out[t->nout], 0, sizeof *t->out);
			t->out[t->nout].id = xstrdup(id);
			t->out[t->nout++].file = xstrdup(d->name);
		}
	}
	return (0);
}

static int
load_regimes(struct notify_tree *t, const struct doc *d,
    struct wr_err *err)
{
	const cJSON *a, *o;
	char w[WR_ERR_WHERE_LEN], kw[WR_ERR_WHERE_LEN];
	size_t i = 0;
	int dup;

	if (njson_arr(d->json, "regimes", d->name, &a, err) == -1)
		return (-1);
	cJSON_ArrayForEach(o, a) {
		njson_where(w, "%s: regimes[%zu]", d->name, i++);
		t->reg = xreallocarray(t->reg, t->nreg + 1, sizeof *t->reg);
		memset(&t->reg[t->nreg], 0, sizeof *t->reg);
		if (parse_regime(o, w, &t->reg[t->nreg], err) == -1) {
			t->nreg++;
			return (-1);
		}
		dup = notify_find_regime(t, t->reg[t->nreg].id);
		t->nreg++;
		if (dup != -1)
			return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw,
			    "%s.id", w), "regime \"%s\" is defined twice",
			    t->reg[dup].id));
	}
	return (0);
}

static int
load_calendars(struct notify_tree *t, const struct doc *d,
    struct wr_err *err)
{
	const cJSON *a, *o;
	char w[WR_ERR_WHERE_LEN];
	size_t i = 0;

	if (njson_arr(d->json, "calendars", d->name, &a, err) == -1)
		return (-1);
	cJSON_ArrayForEach(o, a) {
		njson_where(w, "%s: calendars[%zu]", d->name, i++);
		t->cal = xreallocarray(t->cal, t->ncal + 1, sizeof *t->cal);
		if (notify_calendar_parse(o, w, &t->cal[t->ncal], err) ==
		    -1) {
			t->ncal++;
			return (-1);
		}
		t->ncal++;
		if (find_calendar(t, t->cal[t->ncal - 1].id) !=
		    (int)t->ncal - 1)
			return (wr_fail(err, WR_ERR_SCHEMA, w, "calendar "
			    "\"%s\" is defined twice", t->cal[t->ncal - 1].id));
	}
	return (0);
}

static int
parse_choice(struct notify_tree *t, const cJSON *o, const char *w,
    int count, struct notify_choice *c, struct wr_err *err)
{
	static const char *const akeys[] = { "id", "emit", "next", "sets",
	    "open", NULL };
	static const char *const rkeys[] = { "min", "max", "emit", "next",
	    "sets", NULL };
	const char *id;
	char buf[32];

	if (njson_known(o, count ? rkeys : akeys, w, err) == -1)
		return (-1);
	if (count) {
		if (njson_int(o, "min", w, 1, 0, &c->min, err) == -1 ||
		    njson_int(o, "max", w, 1, 0, &c->max, err) == -1)
			return (-1);
		if (c->min < 0 || (c->max != -1 && c->max < c->min))
			return (wr_fail(err, WR_ERR_SCHEMA, w, "range needs "
			    "0 <= min <= max (max -1: no upper bound)"));
		if (c->max == -1)
			snprintf(buf, sizeof buf, "%d+", c->min);
		else
			snprintf(buf, sizeof buf, "%d-%d", c->min, c->max);
		c->id = xstrdup(buf);
	} else {
		if (njson_str(o, "id", w, &id, err) == -1)
			return (-1);
		if (strchr(id, ',') != NULL || strcmp(id, "none") == 0)
			return (wr_fail(err, WR_ERR_SCHEMA, w, "answer id "
			    "\"%s\" is reserved or has a comma", id));
		c->id = xstrdup(id);
		c->open = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
		    "open"));
	}
	if (ref_list(t, o, "emit", w, REF_OUTCOME, &c->emit, &c->nemit,
	    err) == -1 || ref_list(t, o, "next", w, REF_QUESTION, &c->next,
	    &c->nnext, err) == -1)
		return (-1);
	return (ref_list(t, o, "sets", w, REF_SET_FLAG, &c->sets, &c->nsets,
	    err));
}

/* Answer ids unique; bool exactly yes and no; ranges do not overlap. */
static int
check_choices(const struct notify_question *q, const char *w,
    struct wr_err *err)
{
	size_t i, j;
	const struct notify_choice *a, *b;

	if (q->nch == 0)
		return (wr_fail(err, WR_ERR_SCHEMA, w, "no %s",
		    q->kind == NOTIFY_Q_COUNT ? "ranges" : "answers"));
	for (i = 0; i < q->nch; i++)
		for (j = i + 1; j < q->nch; j++) {
			a = &q->ch[i];
			b = &q->ch[j];
			if (q->kind != NOTIFY_Q_COUNT &&
			    strcmp(a->id, b->id) == 0)
				return (wr_fail(err, WR_ERR_SCHEMA, w,
				    "answer \"%s\" appears twice", a->id));
			if (q->kind == NOTIFY_Q_COUNT &&
			    (a->max == -1 || b->min <= a->max) &&
			    (b->max == -1 || a->min <= b->max))
				return (wr_fail(err, WR_ERR_SCHEMA, w,
				    "ranges %s and %s overlap", a->id, b->id));
		}
	if (q->kind == NOTIFY_Q_BOOL && (q->nch != 2 ||
	    strcmp(q->ch[0].id, q->ch[1].id) == 0 ||
	    (strcmp(q->ch[0].id, "yes") != 0 &&
	    strcmp(q->ch[0].id, "no") != 0) ||
	    (strcmp(q->ch[1].id, "yes") != 0 &&
	    strcmp(q->ch[1].id, "no") != 0)))
		return (wr_fail(err, WR_ERR_SCHEMA, w, "a bool question has "
		    "exactly the answers \"yes\" and \"no\""));
	return (0);
}

static int
parse_question(struct notify_tree *t, const cJSON *o, const char *w,
    struct notify_question *q, struct wr_err *err)
{
	static const char *const keys[] = { "id", "text", "help", "kind",
	    "answers", "ranges", NULL };
	const char *text, *help, *kind;
	const cJSON *a, *c;
	char cw[WR_ERR_WHERE_LEN];
	int k;

	if (njson_known(o, keys, w, err) == -1 ||
	    njson_str(o, "text", w, &text, err) == -1 ||
	    njson_opt_str(o, "help", w, &help, err) == -1 ||
	    njson_str(o, "kind", w, &kind, err) == -1)
		return (-1);
	if ((k = name_index(kind_names, 4, kind)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(cw, "%s.kind",
		    w), "unknown kind \"%s\" (bool, enum, multi, count)",
		    kind));
	q->kind = (enum notify_qkind)k;
	q->text = xstrdup(text);
	q->help = help != NULL ? xstrdup(help) : NULL;
	if (njson_arr(o, q->kind == NOTIFY_Q_COUNT ? "ranges" : "answers",
	    w, &a, err) == -1)
		return (-1);
	q->ch = xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof *q->ch);
	cJSON_ArrayForEach(c, a) {
		njson_where(cw, "%s.%s[%zu]", w, q->kind == NOTIFY_Q_COUNT ?
		    "ranges" : "answers", q->nch);
		if (parse_choice(t, c, cw, q->kind == NOTIFY_Q_COUNT,
		    &q->ch[q->nch++], err) == -1)
			return (-1);
	}
	return (check_choices(q, w, err));
}

static int
load_questions(struct notify_tree *t, const struct doc *d,
    struct wr_err *err)
{
	const cJSON *a, *o;
	const char *id;
	char w[WR_ERR_WHERE_LEN];
	size_t i = 0;

	njson_arr(d->json, "questions", d->name, &a, err);
	cJSON_ArrayForEach(o, a) {
		njson_where(w, "%s: questions[%zu]", d->name, i++);
		id = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
		if (parse_question(t, o, w, &t->q[notify_find_question(t, id)],
		    err) == -1)
			return (-1);
	}
	return (0);
}

static int
parse_start(struct notify_tree *t, const char *s, const char *w, int self,
    struct notify_clock *c, struct wr_err *err)
{
	if (str_has_prefix(s, "submitted:")) {
		c->event = NOTIFY_EV_CHAINED;
		c->chain = notify_find_outcome(t, s + 10);
		if (c->chain == -1)
			return (wr_fail(err, WR_ERR_SCHEMA, w, "\"%s\": no "
			    "such outcome", s));
		if (c->chain == self)
			return (wr_fail(err, WR_ERR_SCHEMA, w, "\"%s\": an "
			    "outcome cannot start its own clock", s));
		return (0);
	}
	if ((c->event = notify_event_from_name(s)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, w, "unknown start event "
		    "\"%s\" (detected, aware, discovered, determined, "
		    "material, classified_major, notifiable, suspected, "
		    "ransom_paid, year_end or submitted:<outcome>)", s));
	return (0);
}

/* "17:30": business days end then, local to the calendar. */
static int
parse_cutoff(const char *s, int unit, const char *w, int *out,
    struct wr_err *err)
{
	int h, m;

	*out = -1;
	if (s == NULL)
		return (0);
	if (unit != NOTIFY_BUSINESS_DAYS)
		return (wr_fail(err, WR_ERR_SCHEMA, w, "a cutoff only "
		    "applies to business_days"));
	if (strlen(s) != 5 || s[2] != ':' || sscanf(s, "%2d:%2d", &h, &m) !=
	    2 || h < 0 || h > 23 || m < 0 || m > 59)
		return (wr_fail(err, WR_ERR_SCHEMA, w, "\"%s\" is not HH:MM",
		    s));
	*out = h * 60 + m;
	return (0);
}

static int
parse_clock(struct notify_tree *t, const cJSON *o, const char *w, int self,
    struct notify_clock *c, struct wr_err *err)
{
	static const char *const keys[] = { "amount", "unit", "start",
	    "calendar", "cutoff", NULL };
	const char *unit, *start, *cal, *cut;
	char kw[WR_ERR_WHERE_LEN];
	int u;

	if (njson_known(o, keys, w, err) == -1 ||
	    njson_str(o, "unit", w, &unit, err) == -1 ||
	    njson_str(o, "start", w, &start, err) == -1 ||
	    njson_opt_str(o, "calendar", w, &cal, err) == -1 ||
	    njson_opt_str(o, "cutoff", w, &cut, err) == -1)
		return (-1);
	if ((u = notify_unit_from_name(unit)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw, "%s.unit",
		    w), "unknown unit \"%s\" (hours, calendar_days, "
		    "business_days, months, asap)", unit));
	c->set = 1;
	c->unit = (enum notify_unit)u;
	c->calendar = -1;
	if (njson_int(o, "amount", w, u != NOTIFY_ASAP, 0, &c->amount,
	    err) == -1)
		return (-1);
	if (c->amount < 0)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw,
		    "%s.amount", w), "must not be negative"));
	if (parse_start(t, start, njson_where(kw, "%s.start", w), self, c,
	    err) == -1)
		return (-1);
	njson_where(kw, "%s.calendar", w);
	if (u == NOTIFY_BUSINESS_DAYS && cal == NULL)
		return (wr_fail(err, WR_ERR_SCHEMA, kw, "business_days need "
		    "a calendar"));
	if (u != NOTIFY_BUSINESS_DAYS && cal != NULL)
		return (wr_fail(err, WR_ERR_SCHEMA, kw, "a calendar only "
		    "applies to business_days"));
	if (cal != NULL && (c->calendar = find_calendar(t, cal)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, kw, "unknown calendar "
		    "\"%s\"", cal));
	return (parse_cutoff(cut, u, njson_where(kw, "%s.cutoff", w),
	    &c->cutoff, err));
}

static int
parse_outcome(struct notify_tree *t, const cJSON *o, const char *w,
    int self, struct wr_err *err)
{
	static const char *const keys[] = { "id", "regime", "recipient",
	    "mode", "deadline", "also_no_later_than", "requires",
	    "effective_from", "note", NULL };
	struct notify_outcome *out = &t->out[self];
	const char *reg, *rcp, *mode, *eff, *note;
	const cJSON *dl, *cap;
	char kw[WR_ERR_WHERE_LEN];
	int m;

	if (njson_known(o, keys, w, err) == -1 ||
	    njson_str(o, "regime", w, &reg, err) == -1 ||
	    njson_str(o, "recipient", w, &rcp, err) == -1 ||
	    njson_str(o, "mode", w, &mode, err) == -1 ||
	    njson_opt_str(o, "effective_from", w, &eff, err) == -1 ||
	    njson_opt_str(o, "note", w, &note, err) == -1)
		return (-1);
	if ((out->regime = notify_find_regime(t, reg)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw,
		    "%s.regime", w), "unknown regime \"%s\"", reg));
	if ((m = name_index(mode_names, NOTIFY_MODE__COUNT, mode)) == -1)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw, "%s.mode",
		    w), "unknown mode \"%s\"", mode));
	out->mode = (enum notify_mode)m;
	out->recipient = xstrdup(rcp);
	out->note = note != NULL ? xstrdup(note) : NULL;
	out->effective_from = TIME_NONE;
	if (eff != NULL && check_date(eff, njson_where(kw,
	    "%s.effective_from", w), &out->effective_from, err) == -1)
		return (-1);
	dl = cJSON_GetObjectItemCaseSensitive(o, "deadline");
	cap = cJSON_GetObjectItemCaseSensitive(o, "also_no_later_than");
	if (dl == NULL && m != NOTIFY_MODE_RECORD)
		return (wr_fail(err, WR_ERR_SCHEMA, njson_where(kw,
		    "%s.deadline", w), "missing (only mode record may have "
		    "no deadline)"));
	if (dl != NULL && parse_clock(t, dl, njson_where(kw, "%s.deadline",
	    w), self, &out->deadline, err) == -1)
		return (-1);
	if (cap != NULL && (dl == NULL || parse_clock(t, cap,
	    njson_where(kw, "%s.also_no_later_than", w), self, &out->cap,
	    err) == -1))
		return (dl == NULL ? wr_fail(err, WR_ERR_SCHEMA, w,
		    "also_no_later_than without a deadline") : -1);
	return (ref_list(t, o, "requires", w, REF_NEED_FLAG, &out->requires,
	    &out->nrequires, err));
}

static int
load_outcomes(struct notify_tree *t, const struct doc *d,
    struct wr_err *err)
{
	const cJSON *a, *o;
	const char *id;
	char w[WR_ERR_WHERE_LEN];
	size_t i = 0;

	njson_arr(d->json, "outcomes", d->name, &a, err);
	cJSON_ArrayForEach(o, a) {
		njson_where(w, "%s: outcomes[%zu]", d->name, i++);
		id = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
		if (parse_outcome(t, o, w, notify_find_outcome(t, id), err) ==
		    -1)
			return (-1);
	}
	return (0);
}

static int
load_root(struct notify_tree *t, const struct doc *d, const char **from,
    struct wr_err *err)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(d->json, "root");

	if (r == NULL)
		return (0);
	if (*from != NULL)
		return (wr_fail(err, WR_ERR_SCHEMA, d->name, "root: already "
		    "given in %s (only one file may have a root)", *from));
	*from = d->name;
	return (ref_list(t, d->json, "root", d->name, REF_QUESTION, &t->root,
	    &t->nroot, err));
}

/* Every question is reachable from the root; every outcome is emitted. */
static int
check_reach(const struct notify_tree *t, struct wr_err *err)
{
	char *seen = xcalloc(t->nq + 1, 1), *emitted = xcalloc(t->nout + 1,
	    1);
	int *queue = xcalloc(t->nq + 1, sizeof *queue);
	size_t head = 0, tail = 0, i, j, k;
	const struct notify_choice *c;
	int rc = 0;

	for (i = 0; i < t->nroot; i++)
		if (!seen[t->root[i]]++)
			queue[tail++] = t->root[i];
	while (head < tail) {
		for (j = 0; j < t->q[queue[head]].nch; j++) {
			c = &t->q[queue[head]].ch[j];
			for (k = 0; k < c->nemit; k++)
				emitted[c->emit[k]] = 1;
			for (k = 0; k < c->nnext; k++)
				if (!seen[c->next[k]]++)
					queue[tail++] = c->next[k];
		}
		head++;
	}
	for (i = 0; i < t->nq && rc == 0; i++)
		if (!seen[i])
			rc = wr_fail(err, WR_ERR_SCHEMA, t->q[i].file,
			    "question \"%s\" is never asked: neither root "
			    "nor any answer's next leads to it", t->q[i].id);
	for (i = 0; i < t->nout && rc == 0; i++)
		if (!emitted[i])
			rc = wr_fail(err, WR_ERR_SCHEMA, t->out[i].file,
			    "outcome \"%s\" is never emitted by an answer "
			    "that can be reached", t->out[i].id);
	free(seen);
	free(emitted);
	free(queue);
	return (rc);
}

static int
check_chains(const struct notify_tree *t, struct wr_err *err)
{
	size_t i, n;
	int o;

	for (i = 0; i < t->nout; i++) {
		o = (int)i;
		for (n = 0; n <= t->nout; n++) {
			if (t->out[o].deadline.event != NOTIFY_EV_CHAINED)
				break;
			o = t->out[o].deadline.chain;
			if (o == (int)i)
				return (wr_fail(err, WR_ERR_SCHEMA,
				    t->out[i].file, "outcome \"%s\": its "
				    "submitted: chain comes back to itself",
				    t->out[i].id));
		}
	}
	return (0);
}

static void
free_docs(struct notify_tree *t)
{
	struct doc *d = t->docs;
	size_t i;

	for (i = 0; i < t->ndocs; i++) {
		free(d[i].name);
		cJSON_Delete(d[i].json);
	}
	free(d);
	t->docs = NULL;
	t->ndocs = 0;
}

int
notify_tree_finish(struct notify_tree *t, struct wr_err *err)
{
	const struct doc *d = t->docs;
	const char *root_from = NULL;
	size_t i;
	int rc = -1;

	for (i = 0; i < t->ndocs; i++)
		if (load_regimes(t, &d[i], err) == -1 ||
		    load_calendars(t, &d[i], err) == -1 ||
		    collect_ids(t, &d[i], "questions", err) == -1 ||
		    collect_ids(t, &d[i], "outcomes", err) == -1)
			goto out;
	for (i = 0; i < t->ndocs; i++)
		if (load_questions(t, &d[i], err) == -1 ||
		    load_root(t, &d[i], &root_from, err) == -1)
			goto out;
	for (i = 0; i < t->ndocs; i++)
		if (load_outcomes(t, &d[i], err) == -1)
			goto out;
	if (root_from == NULL) {
		wr_fail(err, WR_ERR_SCHEMA, "notification", "no file has a "
		    "\"root\" list of first questions");
		goto out;
	}
	if (check_reach(t, err) == -1 || check_chains(t, err) == -1)
		goto out;
	rc = 0;
out:
	free_docs(t);
	return (rc);
}

static int
json_name(const struct dirent *e)
{
	return (e->d_name[0] != '.' && str_has_suffix(e->d_name, ".json"));
}

int
notify_tree_load_dir(const char *dir, struct notify_tree **out,
    struct wr_err *err)
{
	struct notify_tree *t = notify_tree_new();
	struct dirent **ents = NULL;
	char *path, *text;
	int n, i, rc = -1;

	*out = NULL;
	if ((n = scandir(dir, &ents, json_name, alphasort)) == -1) {
		wr_fail(err, WR_ERR_IO, dir, "cannot read the folder");
		goto out;
	}
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, ents[i]->d_name);
		text = NULL;
		if (njson_read_file(path, &text, err) == 0)
			rc = notify_tree_add(t, ents[i]->d_name, text, err);
		free(text);
		free(path);
		if (rc == -1)
			goto out;
		rc = -1;
	}
	if (n == 0) {
		wr_fail(err, WR_ERR_NOTFOUND, dir, "no .json files");
		goto out;
	}
	rc = notify_tree_finish(t, err);
out:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	if (rc == -1)
		notify_tree_free(t);
	else
		*out = t;
	return (rc);
}

static void
free_choice(struct notify_choice *c)
{
	free(c->id);
	free(c->emit);
	free(c->next);
	free(c->sets);
}

static void
free_question(struct notify_question *q)
{
	size_t j;

	for (j = 0; j < q->nch; j++)
		free_choice(&q->ch[j]);
	free(q->ch);
	free(q->id);
	free(q->text);
	free(q->help);
	free(q->file);
}

void
notify_tree_free(struct notify_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	free_docs(t);
	for (i = 0; i < t->nreg; i++) {
		free(t->reg[i].id);
		free(t->reg[i].name);
		free(t->reg[i].jurisdiction);
		free(t->reg[i].source);
		free(t->reg[i].grade);
		free(t->reg[i].checked);
		free(t->reg[i].note);
	}
	for (i = 0; i < t->nout; i++) {
		free(t->out[i].id);
		free(t->out[i].recipient);
		free(t->out[i].requires);
		free(t->out[i].note);
		free(t->out[i].file);
	}
	for (i = 0; i < t->nq; i++)
		free_question(&t->q[i]);
	for (i = 0; i < t->ncal; i++)
		notify_calendar_free(&t->cal[i]);
	for (i = 0; i < t->nflag; i++)
		free(t->flag[i]);
	free(t->reg);
	free(t->out);
	free(t->q);
	free(t->cal);
	free(t->flag);
	free(t->root);
	free(t);
}
