/*
 * The breach-notification section of the incident record: start events,
 * every answer and revision (who, when, why), every obligation with its
 * deadline, whether it was met and the notice sent, and the sources of
 * the regimes involved.  Markdown, deterministic for a given `now`.
 */
#include "core/notify_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "core/timeutil.h"
#include "core/util.h"

struct nr_ctx {
	FILE				*o;
	const struct notify_tree	*t;
	char				*used;	/* regimes to list */
	int				 n;
};

static void
cell(FILE *o, const char *s)
{
	report_md_escape(o, s != NULL && *s != '\0' ? s : "-");
	fputs(" | ", o);
}

static void
tcell(FILE *o, int64_t ms)
{
	char b[TIME_ISO_LEN];

	cell(o, ms == TIME_NONE ? NULL : time_fmt_iso(ms, b, sizeof b));
}

static int
nr_start(const struct notify_start_row *r, void *arg)
{
	struct nr_ctx *x = arg;

	fputs("| ", x->o);
	cell(x->o, r->event);
	tcell(x->o, r->at);
	cell(x->o, r->by);
	tcell(x->o, r->set_at);
	report_md_escape(x->o, *r->why != '\0' ? r->why : "-");
	fputs(" |\n", x->o);
	x->n++;
	return (0);
}

static int
nr_answer(const struct notify_answer_row *r, void *arg)
{
	struct nr_ctx *x = arg;

	fprintf(x->o, "| %lld | ", (long long)r->id);
	tcell(x->o, r->at);
	cell(x->o, r->by);
	cell(x->o, r->question);
	cell(x->o, r->answer);
	cell(x->o, r->previous);
	cell(x->o, r->why);
	fputs(r->current ? "current |\n" : "revised |\n", x->o);
	x->n++;
	return (0);
}

static const char *
met(const struct notify_obligation *ob)
{
	switch (ob->status) {
	case NOTIFY_SENT:
		return ("yes");
	case NOTIFY_SENT_LATE:
	case NOTIFY_OVERDUE:
		return ("no");
	case NOTIFY_NOT_REQUIRED:
		return ("not required");
	default:
		return ("open");
	}
}

static int
nr_ob(const struct notify_obligation *ob, void *arg)
{
	struct nr_ctx *x = arg;
	char clock[128];
	int r = notify_find_regime(x->t, ob->regime);

	if (r != -1)
		x->used[r] = 1;
	fputs("| ", x->o);
	cell(x->o, ob->id);
	snprintf(clock, sizeof clock, "%s%s", ob->regime, ob->verified ? "" :
	    " (unverified)");
	cell(x->o, clock);
	cell(x->o, ob->recipient);
	snprintf(clock, sizeof clock, "%s from %s", ob->mode,
	    *ob->start ? ob->start : "-");
	cell(x->o, clock);
	tcell(x->o, ob->deadline);
	cell(x->o, notify_status_name(ob->status));
	cell(x->o, met(ob));
	tcell(x->o, ob->sent_at);
	if (ob->sent_at != TIME_NONE) {
		report_md_escape(x->o, ob->sent_to);
		fputs(" / ", x->o);
		report_md_escape(x->o, ob->channel);
		fputs(" / ", x->o);
		report_md_escape(x->o, ob->ref);
		fputs(" (", x->o);
		report_md_escape(x->o, ob->sent_by);
		fputs(") |\n", x->o);
	} else
		fputs("- |\n", x->o);
	x->n++;
	return (0);
}

static void
nr_sources(struct nr_ctx *x)
{
	const struct notify_regime *r;
	size_t i;

	fputs("\n### Regimes and sources\n\n| Regime | Name | Source |"
	    " Checked | Verified |\n|---|---|---|---|---|\n", x->o);
	for (i = 0; i < x->t->nreg; i++) {
		if (!x->used[i])
			continue;
		r = &x->t->reg[i];
		fputs("| ", x->o);
		cell(x->o, r->id);
		cell(x->o, r->name);
		cell(x->o, r->source);
		cell(x->o, r->checked);
		fputs(r->verified ? "yes |\n" : "**no: unverified** |\n",
		    x->o);
	}
}

int
notify_report_md(struct store *s, const struct notify_tree *t,
    int64_t id, int64_t now, FILE *o, struct wr_err *err)
{
	struct nr_ctx x;
	int rc = -1;

	memset(&x, 0, sizeof x);
	x.o = o;
	x.t = t;
	x.used = xcalloc(t->nreg + 1, 1);
	fprintf(o, "\n## Breach notification\n\n%s\n\n### Start events\n\n"
	    "| Event | Happened (UTC) | Recorded by | Recorded at | Why |\n"
	    "|---|---|---|---|---|\n", NOTIFY_DISCLAIMER);
	if (notify_each_start(s, id, nr_start, &x, err) == -1)
		goto out;
	fputs("\n### Decisions\n\n| # | When | Who | Question | Answer |"
	    " Replaces | Why | |\n|---|---|---|---|---|---|---|---|\n", o);
	if (notify_each_answer(s, t, id, nr_answer, &x, err) == -1)
		goto out;
	fputs("\n### Obligations\n\n| Obligation | Regime | Recipient |"
	    " Clock | Deadline (UTC) | Status | Met | Sent (UTC) |"
	    " To / channel / ref |\n|---|---|---|---|---|---|---|---|---|\n",
	    o);
	if (notify_each_obligation(s, t, id, now, nr_ob, &x, err) == -1)
		goto out;
	nr_sources(&x);
	rc = 0;
out:
	free(x.used);
	return (rc);
}
