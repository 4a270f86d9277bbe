/*
 * The checklist of the incident's playbook, grouped by phase with a
 * heading and progress per phase.  Space ticks or unticks the selected
 * item through checklist_tick(), the same call as `warroom tick`; who
 * and when show beside a ticked item.  c on a step with an AWS call
 * runs that action through the gate (tui/pane_contain.c); the item
 * ticks itself when the change reads back.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action_offer.h"
#include "core/checklist.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tui/presence.h"

struct checklist_row {
	int	 heading;	/* 1: a phase heading, not an item */
	int	 phase;
	int64_t	 id;
	int	 done;
	int64_t	 done_at;
	char	*text;
	char	*done_by;
	char	*verify;
	char	*action;	/* the step's AWS call (JSON), or NULL */
	char	*region;
};

struct checklist_pane {
	struct checklist_row	*rows;
	int			 n, cap;
	int			 ndone, nitems;
	int			 pdone[PHASE__COUNT];
	int			 ptotal[PHASE__COUNT];
};

static void *
checklist_open(struct ui *ui, const void *arg)
{
	(void)ui;
	(void)arg;
	return (xcalloc(1, sizeof (struct checklist_pane)));
}

static void
checklist_clear(struct checklist_pane *cp)
{
	int i;

	for (i = 0; i < cp->n; i++) {
		free(cp->rows[i].text);
		free(cp->rows[i].done_by);
		free(cp->rows[i].verify);
		free(cp->rows[i].action);
		free(cp->rows[i].region);
	}
	cp->n = cp->ndone = cp->nitems = 0;
}

static struct checklist_row *
checklist_push(struct checklist_pane *cp)
{
	struct checklist_row *r;

	if (cp->n == cp->cap) {
		cp->cap = cp->cap == 0 ? 32 : cp->cap * 2;
		cp->rows = xreallocarray(cp->rows, (size_t)cp->cap,
		    sizeof *cp->rows);
	}
	r = &cp->rows[cp->n++];
	memset(r, 0, sizeof *r);
	return (r);
}

/* Items arrive by phase; a heading goes in front of each new phase. */
static int
checklist_add_item(const struct check_item *it, void *arg)
{
	struct checklist_pane *cp = arg;
	struct checklist_row *r;

	if (cp->n == 0 || cp->rows[cp->n - 1].phase != it->phase) {
		r = checklist_push(cp);
		r->heading = 1;
		r->phase = it->phase;
	}
	r = checklist_push(cp);
	r->phase = it->phase;
	r->id = it->id;
	r->done = it->done;
	r->done_at = it->done_at;
	r->text = xstrdup(it->text != NULL ? it->text : "");
	r->done_by = xstrdup(it->done_by != NULL ? it->done_by : "");
	r->verify = xstrdup(it->verify != NULL ? it->verify : "");
	r->action = it->action != NULL ? xstrdup(it->action) : NULL;
	r->region = xstrdup(it->region != NULL ? it->region : "");
	cp->nitems++;
	cp->ndone += it->done != 0;
	return (0);
}

static int
checklist_refresh(void *st, struct ui *ui)
{
	struct checklist_pane *cp = st;
	struct wr_err err;
	char msg[512];

	checklist_clear(cp);
	memset(cp->pdone, 0, sizeof cp->pdone);
	memset(cp->ptotal, 0, sizeof cp->ptotal);
	if (checklist_each(ui->store, ui->incident_id, checklist_add_item,
	    cp, &err) == -1) {
		ui_error(ui, "checklist: %s", wr_err_text(&err, msg,
		    sizeof msg));
		return (-1);
	}
	(void)checklist_progress(ui->store, ui->incident_id, cp->pdone,
	    cp->ptotal, PHASE__COUNT);
	return (cp->n == 0 ? 1 : cp->n);
}

/* Another console editing this item (a note, an assignment). */
static void
checklist_editor(struct ui *ui, const struct checklist_row *r,
    struct ui_line *l)
{
	const char *who;
	char target[32];

	snprintf(target, sizeof target, "item:%lld", (long long)r->id);
	if ((who = ui_presence_editor(ui, target)) == NULL)
		return;
	uiline_add(l, ROLE_NOTICE, "  (");
	uiline_safes(l, ROLE_NOTICE, who);
	uiline_add(l, ROLE_NOTICE, " editing)");
}

static void
checklist_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct checklist_pane *cp = st;
	struct checklist_row *r;
	char when[TIME_ISO_LEN];

	(void)ui;
	if (cp->n == 0) {
		uiline_add(l, ROLE_DIM, " no checklist for this incident");
		return;
	}
	r = &cp->rows[n];
	if (r->heading) {
		uiline_addf(l, ROLE_LABEL, " %s", phase_name(r->phase));
		if (r->phase >= 0 && r->phase < PHASE__COUNT)
			uiline_addf(l, ROLE_DIM, "  %d/%d", cp->pdone[r->phase],
			    cp->ptotal[r->phase]);
		return;
	}
	uiline_add(l, r->done ? ROLE_DONE : ROLE_PENDING,
	    r->done ? "  [x] " : "  [ ] ");
	uiline_safes(l, r->done ? ROLE_DONE : ROLE_NORMAL, r->text);
	checklist_editor(ui, r, l);
	if (r->done && r->done_by[0] != '\0') {
		time_fmt_short(r->done_at, when, sizeof when);
		uiline_add(l, ROLE_DIM, "  (");
		uiline_safes(l, ROLE_DIM, r->done_by);
		/* The time of day is enough beside an item. */
		uiline_addf(l, ROLE_DIM, " %s)", strchr(when, ' ') != NULL ?
		    strchr(when, ' ') + 1 : when);
	}
}

static int
checklist_selectable(void *st, int n)
{
	struct checklist_pane *cp = st;

	return (n < cp->n && !cp->rows[n].heading);
}

static int
checklist_tick_row(struct ui *ui, struct checklist_row *r)
{
	struct wr_err err;
	char msg[512];

	if (checklist_tick(ui->store, ui->op, r->id, !r->done, &err) == -1) {
		ui_error(ui, "tick: %s", wr_err_text(&err, msg, sizeof msg));
		return (UI_R_NONE);
	}
	ui_notice(ui, "%s item %lld", r->done ? "unticked" : "ticked",
	    (long long)r->id);
	return (UI_R_RELOAD);
}

/* c on a step with an AWS call: that action, through the gate. */
static int
checklist_contain(struct ui *ui, struct checklist_row *r)
{
	struct ui_contain_arg arg;
	struct action_offers offers;

	memset(&offers, 0, sizeof offers);
	if (r->done) {
		ui_notice(ui, "item %lld is done already", (long long)r->id);
		return (UI_R_NONE);
	}
	if (action_offer_step(r->action, &offers.v[0], offers.why,
	    sizeof offers.why) == -1) {
		ui_notice(ui, "item %lld: %s", (long long)r->id, offers.why);
		return (UI_R_NONE);
	}
	offers.n = 1;
	memset(&arg, 0, sizeof arg);
	arg.offers = &offers;
	arg.item_id = r->id;
	arg.step = 1;
	arg.region = r->region;
	ui_overlay_open(ui, &contain_pane_ops, &arg);
	return (UI_R_NONE);
}

static int
checklist_handle(void *st, struct ui *ui, int action, int sel)
{
	struct checklist_pane *cp = st;
	struct checklist_row *r;

	if (action != ACT_TICK && action != ACT_DETAIL &&
	    action != ACT_CONTAIN)
		return (UI_R_PASS);
	if (sel < 0 || sel >= cp->n || cp->rows[sel].heading) {
		ui_notice(ui, "no checklist item selected");
		return (UI_R_NONE);
	}
	r = &cp->rows[sel];
	if (action == ACT_TICK)
		return (checklist_tick_row(ui, r));
	if (action == ACT_CONTAIN)
		return (checklist_contain(ui, r));
	/* Enter: how to verify the step, on the status line. */
	ui_notice(ui, "verify: %s", r->verify[0] != '\0' ? r->verify :
	    "(no verification given)");
	return (UI_R_NONE);
}

static void
checklist_title(void *st, struct ui *ui, char *buf, size_t len)
{
	struct checklist_pane *cp = st;

	(void)ui;
	snprintf(buf, len, "%d/%d done", cp->ndone, cp->nitems);
}

static int64_t
checklist_key(void *st, int n)
{
	struct checklist_pane *p = st;

	return (n >= 0 && n < p->n ? p->rows[n].id : 0);
}

static void
checklist_done(void *st)
{
	struct checklist_pane *cp = st;

	checklist_clear(cp);
	free(cp->rows);
	free(cp);
}

const struct pane_ops checklist_pane_ops = {
	.name = "checklist",
	.title = "Checklist",
	.watch = WATCH_CHECKLIST,
	.open = checklist_open,
	.refresh = checklist_refresh,
	.draw_line = checklist_draw,
	.selectable = checklist_selectable,
	.handle = checklist_handle,
	.done = checklist_done,
	.line_key = checklist_key,
	.title_extra = checklist_title,
};
