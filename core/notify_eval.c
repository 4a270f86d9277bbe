/*
 * Evaluating the notification tree (notify_tree.h): check answers, walk
 * the questions with the latest answer to each, and turn the outcomes
 * fired into obligations with deadlines and a status.  Pure: no store,
 * no clock of its own (now is passed in).
 */
#include "core/notify_tree.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/timeutil.h"
#include "core/util.h"

static int
find_choice(const struct notify_question *q, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < q->nch; i++)
		if (strlen(q->ch[i].id) == len &&
		    strncmp(q->ch[i].id, id, len) == 0)
			return ((int)i);
	return (-1);
}

static int
bad_answer(const struct notify_question *q, const char *a,
    struct wr_err *err)
{
	struct buf b;
	size_t i;
	int rc;

	buf_init(&b);
	for (i = 0; i < q->nch; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", q->ch[i].id);
	rc = wr_fail(err, WR_ERR_INVALID, q->id, "\"%s\" is not %s: %s%s", a,
	    q->kind == NOTIFY_Q_MULTI ? "a list of" : "one of", b.data,
	    q->kind == NOTIFY_Q_MULTI ? " (comma-separated, or none)" : "");
	buf_free(&b);
	return (rc);
}

static int
check_multi(const struct notify_question *q, const char *a, char *norm,
    size_t len, struct wr_err *err)
{
	char *pick = xcalloc(q->nch + 1, 1);
	const char *p = a, *e;
	size_t i, n;
	struct buf b;
	int c;

	while (*p != '\0' && strcmp(a, "none") != 0) {
		while (*p == ' ' || *p == ',')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' '; e++)
			;
		if ((n = (size_t)(e - p)) == 0)
			break;
		if ((c = find_choice(q, p, n)) == -1) {
			free(pick);
			return (bad_answer(q, a, err));
		}
		pick[c] = 1;
		p = e;
	}
	buf_init(&b);
	for (i = 0; i < q->nch; i++)
		if (pick[i])
			buf_printf(&b, "%s%s", b.len ? "," : "", q->ch[i].id);
	strlcpy_wr(norm, b.len ? b.data : "none", len);
	buf_free(&b);
	free(pick);
	return (0);
}

int
notify_check_answer(const struct notify_tree *t, int qi, const char *a,
    char *norm, size_t len, struct wr_err *err)
{
	const struct notify_question *q;
	char *end;
	long n;

	if (qi < 0 || (size_t)qi >= t->nq)
		return (wr_fail(err, WR_ERR_NOTFOUND, "question",
		    "no such question"));
	q = &t->q[qi];
	switch (q->kind) {
	case NOTIFY_Q_BOOL:
	case NOTIFY_Q_ENUM:
		if (find_choice(q, a, strlen(a)) == -1)
			return (bad_answer(q, a, err));
		strlcpy_wr(norm, a, len);
		return (0);
	case NOTIFY_Q_MULTI:
		return (check_multi(q, a, norm, len, err));
	case NOTIFY_Q_COUNT:
		n = strtol(a, &end, 10);
		if (!isdigit((unsigned char)*a) || *end != '\0' || n < 0 ||
		    n > 1000000000L)
			return (wr_fail(err, WR_ERR_INVALID, q->id, "\"%s\" is "
			    "not a count (a whole number, 0 or more)", a));
		snprintf(norm, len, "%ld", n);
		return (0);
	}
	return (wr_fail(err, WR_ERR_INVALID, q->id, "unknown kind"));
}

void
notify_input_init(struct notify_input *in)
{
	int i;

	memset(in, 0, sizeof *in);
	for (i = 0; i < NOTIFY_EV__COUNT; i++)
		in->start[i] = TIME_NONE;
}

/* The latest of the first upto answers to question id, or NULL. */
static const char *
latest(const struct notify_input *in, const char *id, size_t upto)
{
	while (upto-- > 0)
		if (strcmp(in->given[upto].question, id) == 0)
			return (in->given[upto].answer);
	return (NULL);
}

static int
chosen(const struct notify_question *q, const struct notify_choice *c,
    const char *a)
{
	const char *p;
	size_t n = strlen(c->id);
	long v;

	switch (q->kind) {
	case NOTIFY_Q_COUNT:
		v = strtol(a, NULL, 10);
		return (v >= c->min && (c->max == -1 || v <= c->max));
	case NOTIFY_Q_MULTI:
		for (p = a; (p = strstr(p, c->id)) != NULL; p += n)
			if ((p == a || p[-1] == ',') &&
			    (p[n] == '\0' || p[n] == ','))
				return (1);
		return (0);
	default:
		return (strcmp(a, c->id) == 0);
	}
}

struct walk {
	const struct notify_tree	*t;
	char				*seen, *flags, *fired;
	int				*queue;
	size_t				 head, tail;
	struct notify_eval		*ev;	/* NULL: outcomes only */
};

static void
apply(struct walk *w, const struct notify_choice *c)
{
	size_t k;

	for (k = 0; k < c->nemit; k++)
		w->fired[c->emit[k]] = 1;
	for (k = 0; k < c->nsets; k++)
		w->flags[c->sets[k]] = 1;
	for (k = 0; k < c->nnext; k++)
		if (!w->seen[c->next[k]]++)
			w->queue[w->tail++] = c->next[k];
}

static void
visit(struct walk *w, const struct notify_input *in, size_t upto, int qi)
{
	const struct notify_question *q = &w->t->q[qi];
	const char *a = latest(in, q->id, upto);
	struct notify_asked *as;
	size_t j;
	int open = 0;

	for (j = 0; a != NULL && j < q->nch; j++)
		if (chosen(q, &q->ch[j], a)) {
			apply(w, &q->ch[j]);
			open |= q->ch[j].open;
		}
	if (w->ev == NULL)
		return;
	as = &w->ev->asked[w->ev->nasked++];
	as->question = qi;
	as->answer = a;
	as->open = open;
}

/* Fill fired (nout bytes) from the first upto answers. */
static void
walk(const struct notify_tree *t, const struct notify_input *in,
    size_t upto, char *fired, struct notify_eval *ev)
{
	struct walk w;
	size_t i, k;

	memset(&w, 0, sizeof w);
	w.t = t;
	w.seen = xcalloc(t->nq + 1, 1);
	w.flags = xcalloc(t->nflag + 1, 1);
	w.fired = fired;
	w.queue = xcalloc(t->nq + 1, sizeof *w.queue);
	w.ev = ev;
	for (i = 0; i < t->nroot; i++)
		if (!w.seen[t->root[i]]++)
			w.queue[w.tail++] = t->root[i];
	while (w.head < w.tail)
		visit(&w, in, upto, w.queue[w.head++]);
	/* Flags may be set after the outcome fired: check at the end. */
	for (i = 0; i < t->nout; i++)
		for (k = 0; fired[i] && k < t->out[i].nrequires; k++)
			if (!w.flags[t->out[i].requires[k]])
				fired[i] = 0;
	free(w.seen);
	free(w.flags);
	free(w.queue);
}

static int64_t
sent_of(const struct notify_input *in, int o)
{
	return (in->sent != NULL ? in->sent[o] : TIME_NONE);
}

/* 1 January after the year of discovery, unless recorded outright. */
static int64_t
year_end(const struct notify_input *in)
{
	struct tm tm, next;
	time_t t;

	if (in->start[NOTIFY_EV_YEAR_END] != TIME_NONE ||
	    in->start[NOTIFY_EV_DISCOVERED] == TIME_NONE)
		return (in->start[NOTIFY_EV_YEAR_END]);
	t = (time_t)(in->start[NOTIFY_EV_DISCOVERED] / 1000);
	gmtime_r(&t, &tm);
	memset(&next, 0, sizeof next);
	next.tm_year = tm.tm_year + 1;
	next.tm_mday = 1;
	return ((int64_t)timegm(&next) * 1000);
}

static int64_t
clock_start(const struct notify_input *in, const struct notify_clock *c)
{
	if (c->event == NOTIFY_EV_CHAINED)
		return (sent_of(in, c->chain));
	if (c->event == NOTIFY_EV_YEAR_END)
		return (year_end(in));
	return (in->start[c->event]);
}

static int
clock_deadline(const struct notify_tree *t, const struct notify_clock *c,
    int64_t start, int64_t *dl, struct wr_err *err)
{
	*dl = TIME_NONE;
	if (start == TIME_NONE)
		return (0);
	return (notify_add_cutoff(start, c->amount, c->unit, c->calendar ==
	    -1 ? NULL : &t->cal[c->calendar], c->cutoff, dl, err));
}

static void
use_clock(struct notify_ob *ob, const struct notify_clock *c,
    int64_t start, int64_t dl)
{
	ob->start_event = c->event;
	ob->start_chain = c->chain;
	ob->start_at = start;
	ob->deadline = dl;
}

/*
 * The main clock, or the cap when it ends sooner.  A main start that
 * comes after the cap's end keeps its own clock (DORA: classified major
 * only after 24 h, then 4 h from classification).
 */
static int
ob_deadline(const struct notify_tree *t, const struct notify_input *in,
    struct notify_ob *ob, struct wr_err *err)
{
	const struct notify_outcome *o = &t->out[ob->outcome];
	int64_t ms, md, cs, cd;

	ob->start_event = NOTIFY_EV_CHAINED;
	ob->start_chain = -1;
	ob->start_at = ob->deadline = TIME_NONE;
	if (!o->deadline.set)
		return (0);
	ms = clock_start(in, &o->deadline);
	if (clock_deadline(t, &o->deadline, ms, &md, err) == -1)
		return (-1);
	use_clock(ob, &o->deadline, ms, md);
	if (!o->cap.set)
		return (0);
	cs = clock_start(in, &o->cap);
	if (clock_deadline(t, &o->cap, cs, &cd, err) == -1)
		return (-1);
	if (cd == TIME_NONE)
		return (0);
	if (ms == TIME_NONE || (ms < cd && (md == TIME_NONE || cd < md)))
		use_clock(ob, &o->cap, cs, cd);
	return (0);
}

static enum notify_status
ob_status(const struct notify_outcome *o, const struct notify_ob *ob,
    int64_t now)
{
	if (ob->sent_at != TIME_NONE)
		return (ob->deadline != TIME_NONE &&
		    ob->sent_at > ob->deadline ? NOTIFY_SENT_LATE :
		    NOTIFY_SENT);
	if (!ob->current || o->mode == NOTIFY_MODE_ADVISORY ||
	    (o->effective_from != TIME_NONE && now < o->effective_from))
		return (NOTIFY_NOT_REQUIRED);
	if (o->mode == NOTIFY_MODE_RECORD)
		return (NOTIFY_RUNNING);
	if (ob->start_at == TIME_NONE)
		return (NOTIFY_PENDING);
	if (ob->deadline == TIME_NONE)
		return (NOTIFY_RUNNING);
	if (now > ob->deadline)
		return (NOTIFY_OVERDUE);
	if (ob->deadline - now < NOTIFY_DUE_SOON_MS)
		return (NOTIFY_DUE_SOON);
	return (NOTIFY_RUNNING);
}

static int
ob_cmp(const void *a, const void *b)
{
	const struct notify_ob *x = a, *y = b;
	int xn = x->status == NOTIFY_NOT_REQUIRED;
	int yn = y->status == NOTIFY_NOT_REQUIRED;

	if (xn != yn)
		return (xn - yn);
	if ((x->deadline == TIME_NONE) != (y->deadline == TIME_NONE))
		return (x->deadline == TIME_NONE ? 1 : -1);
	if (x->deadline != y->deadline)
		return (x->deadline < y->deadline ? -1 : 1);
	return (x->outcome - y->outcome);
}

int
notify_evaluate(const struct notify_tree *t, const struct notify_input *in,
    int64_t now, struct notify_eval *ev, struct wr_err *err)
{
	char *cur = xcalloc(t->nout + 1, 1), *ever = xcalloc(t->nout + 1, 1);
	char *tmp = xcalloc(t->nout + 1, 1);
	struct notify_ob *ob;
	size_t k, i;
	int rc = -1;

	memset(ev, 0, sizeof *ev);
	ev->asked = xcalloc(t->nq + 1, sizeof *ev->asked);
	ev->ob = xcalloc(t->nout + 1, sizeof *ev->ob);
	walk(t, in, in->ngiven, cur, ev);
	/* What earlier answers fired, to show what a revision dropped. */
	for (k = 1; k < in->ngiven; k++) {
		memset(tmp, 0, t->nout);
		walk(t, in, k, tmp, NULL);
		for (i = 0; i < t->nout; i++)
			ever[i] |= tmp[i];
	}
	for (i = 0; i < t->nout; i++) {
		if (!cur[i] && !ever[i] && sent_of(in, (int)i) == TIME_NONE)
			continue;
		ob = &ev->ob[ev->nob++];
		ob->outcome = (int)i;
		ob->current = cur[i];
		ob->sent_at = sent_of(in, (int)i);
		if (ob_deadline(t, in, ob, err) == -1)
			goto out;
		ob->status = ob_status(&t->out[i], ob, now);
	}
	qsort(ev->ob, ev->nob, sizeof *ev->ob, ob_cmp);
	rc = 0;
out:
	free(cur);
	free(ever);
	free(tmp);
	if (rc == -1)
		notify_eval_free(ev);
	return (rc);
}

void
notify_eval_free(struct notify_eval *ev)
{
	free(ev->asked);
	free(ev->ob);
	memset(ev, 0, sizeof *ev);
}
