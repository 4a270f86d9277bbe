/*
 * The contain box: the actions that fit the selected finding (first
 * highlighted; digits or Up/Down and Enter pick), then the gate's answer
 * for the one picked and its dry-run.  `y` goes ahead; a disruptive
 * action wants its resource id typed back on the status line instead.
 * Esc cancels at each step and nothing is stored.  Going ahead is
 * action_request, the same gate as `warroom contain`; an approved
 * action is carried out by a child process (tui/ui_action.c).
 */
#include "tui/ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/action.h"
#include "core/action_offer.h"
#include "core/incident.h"
#include "core/timeutil.h"
#include "core/util.h"

enum contain_stage { STAGE_MENU, STAGE_CONFIRM };

struct contain_line {
	char	*text;
	int	 role;
	int	 offer;		/* >= 0: picks this offer */
};

struct contain_pane {
	struct action_offers	 offers;
	int64_t			 item_id;
	int			 step;
	char			 region[64];
	enum contain_stage	 stage;
	int			 pick;
	int64_t			 approve_id;	/* approving a request */
	char			 asked_by[64];
	struct contain_line	*lines;
	int			 n, cap;
};

static void
cl_add(struct contain_pane *cp, int role, int offer, const char *s,
    size_t len)
{
	struct contain_line *l;

	if (cp->n == cp->cap) {
		cp->cap = cp->cap == 0 ? 16 : cp->cap * 2;
		cp->lines = xreallocarray(cp->lines, (size_t)cp->cap,
		    sizeof *cp->lines);
	}
	l = &cp->lines[cp->n++];
	l->text = xstrndup(s, len);
	l->role = role;
	l->offer = offer;
}

static void
cl_addf(struct contain_pane *cp, int role, int offer, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
cl_addf(struct contain_pane *cp, int role, int offer, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cl_add(cp, role, offer, buf, strlen(buf));
}

/* Text as lines of at most width columns, broken at spaces. */
static void
cl_wrapped(struct contain_pane *cp, int role, const char *s, size_t width)
{
	size_t len, cut;

	while (*s != '\0') {
		len = strcspn(s, "\n");
		cut = len;
		if (cut > width) {
			cut = width;
			while (cut > width / 2 && s[cut] != ' ')
				cut--;
			if (s[cut] != ' ')
				cut = width;
		}
		cl_add(cp, role, -1, s, cut);
		s += cut;
		while (*s == ' ')
			s++;
		if (cut == len && *s == '\n')
			s++;
	}
}

static void
cl_clear(struct contain_pane *cp)
{
	int i;

	for (i = 0; i < cp->n; i++)
		free(cp->lines[i].text);
	cp->n = 0;
}

static int	contain_typed(struct ui *, const char *, void *);

/* 1 when the gate will refuse this operator here, whatever is typed. */
static int
contain_refused(const struct contain_pane *cp, struct ui *ui)
{
	enum role r = incident_role(ui->store, ui->incident_id, ui->op->name);

	if (ui->inc.exercise || ui->inc.closed)
		return (1);
	if (cp->approve_id > 0)
		return (r != ROLE_COMMANDER);
	return (r != ROLE_COMMANDER && r != ROLE_RESPONDER);
}

static void
contain_ask(struct contain_pane *cp, struct ui *ui)
{
	const struct action_offer *o = &cp->offers.v[cp->pick];
	char label[160];

	/* Nobody is asked to type an id the gate will refuse anyway. */
	if (!(o->def->flags & ACTION_DISRUPTIVE) || contain_refused(cp, ui))
		return;
	snprintf(label, sizeof label, "type %.100s to %s it: ", o->resource,
	    o->def->name);
	ui_prompt_ask(ui, label, contain_typed, cp);
}

static void *
contain_open(struct ui *ui, const void *arg)
{
	const struct ui_contain_arg *a = arg;
	struct contain_pane *cp = xcalloc(1, sizeof *cp);

	cp->offers = *a->offers;
	cp->item_id = a->item_id;
	cp->step = a->step;
	cp->approve_id = a->approve_id;
	snprintf(cp->asked_by, sizeof cp->asked_by, "%s", a->asked_by != NULL ?
	    a->asked_by : "");
	snprintf(cp->region, sizeof cp->region, "%s", a->region != NULL ?
	    a->region : cp->offers.region);
	/* A step has one action: straight to its dry-run. */
	if (cp->step) {
		cp->stage = STAGE_CONFIRM;
		contain_ask(cp, ui);
	}
	return (cp);
}

static void
contain_menu(struct contain_pane *cp)
{
	const struct action_offer *o;
	int i;

	cl_addf(cp, ROLE_LABEL, -1, "Contain: pick an action");
	for (i = 0; i < cp->offers.n; i++) {
		o = &cp->offers.v[i];
		cl_addf(cp, ROLE_NORMAL, i, "%d  %-21s %s%s%s%s", i + 1,
		    o->def->name, o->resource, o->note[0] != '\0' ? "  (" :
		    "", o->note, o->note[0] != '\0' ? ")" : "");
	}
	cl_addf(cp, ROLE_NORMAL, -1, "%s", "");
	cl_addf(cp, ROLE_DIM, -1, "Enter or 1-%d picks; Esc cancels",
	    cp->offers.n);
}

/* What the gate will say, before anything is stored. */
static void
contain_gate(struct contain_pane *cp, struct ui *ui)
{
	enum role r = incident_role(ui->store, ui->incident_id, ui->op->name);

	if (cp->approve_id > 0 && !ui->inc.exercise && !ui->inc.closed) {
		if (r == ROLE_COMMANDER)
			cl_addf(cp, ROLE_NOTICE, -1, "gate: %s asked; you are "
			    "the commander: approving runs it", cp->asked_by);
		else
			cl_addf(cp, ROLE_ERROR, -1, "refused: only the "
			    "commander approves %s's request", cp->asked_by);
		return;
	}
	if (ui->inc.exercise)
		cl_addf(cp, ROLE_ERROR, -1, "refused: incident %lld is an "
		    "exercise; containment actions are not run",
		    (long long)ui->incident_id);
	else if (ui->inc.closed)
		cl_addf(cp, ROLE_ERROR, -1, "refused: incident %lld is "
		    "closed", (long long)ui->incident_id);
	else if (r == ROLE_COMMANDER)
		cl_addf(cp, ROLE_NOTICE, -1, "gate: you are the commander; "
		    "it runs as soon as you confirm");
	else if (r == ROLE_RESPONDER)
		cl_addf(cp, ROLE_NOTICE, -1, "gate: you are a responder; the "
		    "request waits for the commander's approval");
	else
		cl_addf(cp, ROLE_ERROR, -1, "refused: %s is %s here; only a "
		    "responder or the commander may ask", ui->op->name,
		    r == ROLE_NONE ? "not on the incident" : role_name(r));
}

/* The keys of the dry-run, as its last line and the status line say. */
static const char *
contain_keys_text(struct contain_pane *cp, struct ui *ui)
{
	if (contain_refused(cp, ui))
		return ("Esc closes; nothing is stored");
	if (cp->offers.v[cp->pick].def->flags & ACTION_DISRUPTIVE)
		return ("disruptive: type its id on the status line to go "
		    "ahead; Esc cancels");
	if (cp->approve_id > 0)
		return ("y approves and runs it; Esc leaves it waiting");
	return ("y runs it; Esc cancels");
}

static void
contain_confirm(struct contain_pane *cp, struct ui *ui)
{
	const struct action_offer *o = &cp->offers.v[cp->pick];
	size_t width = (size_t)ui_modal_width(ui) - 3;
	char *dry;

	if (cp->approve_id > 0)
		cl_addf(cp, ROLE_LABEL, -1, "action %lld, asked by %s: %s %s",
		    (long long)cp->approve_id, cp->asked_by, o->def->name,
		    o->resource);
	else
		cl_addf(cp, ROLE_LABEL, -1, "%s %s", o->def->name,
		    o->resource);
	/*
	 * The gate's answer and the keys come first: a long dry-run
	 * (isolate-instance) is taller than 80x24, and while the id is
	 * typed on the status line the box cannot be scrolled.
	 */
	contain_gate(cp, ui);
	cl_addf(cp, ROLE_KEY, -1, "%s", contain_keys_text(cp, ui));
	cl_addf(cp, ROLE_NORMAL, -1, "%s", "");
	dry = action_dry_run(o->def, o->resource, o->params[0] != '\0' ?
	    o->params : NULL, time_now_ms());
	cl_wrapped(cp, ROLE_NORMAL, dry, width);
	free(dry);
	if (cp->item_id > 0)
		cl_addf(cp, ROLE_DIM, -1, "checklist item %lld ticks itself "
		    "when the change reads back", (long long)cp->item_id);
}

static int
contain_refresh(void *st, struct ui *ui)
{
	struct contain_pane *cp = st;

	cl_clear(cp);
	if (cp->stage == STAGE_MENU)
		contain_menu(cp);
	else
		contain_confirm(cp, ui);
	return (cp->n);
}

static void
contain_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct contain_pane *cp = st;

	(void)ui;
	uiline_add(l, ROLE_NORMAL, " ");
	uiline_safes(l, cp->lines[n].role, cp->lines[n].text);
}

static int
contain_selectable(void *st, int n)
{
	struct contain_pane *cp = st;

	return (n < cp->n && cp->lines[n].offer >= 0);
}

/* The commander's approval of a waiting request, then the run. */
static int
contain_approve_go(struct contain_pane *cp, struct ui *ui)
{
	struct wr_err err;
	char msg[512];

	if (action_approve(ui->store, ui->op, cp->approve_id, &err) == -1) {
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
		return (UI_R_CLOSE);
	}
	ui_actions_poll(ui);
	if (ui_actions_spawn(ui, cp->approve_id) == 0)
		ui_notice(ui, "action %lld approved: carrying it out...",
		    (long long)cp->approve_id);
	return (UI_R_CLOSE | UI_R_RELOAD);
}

/* Through the gate: recorded, then carried out or left waiting. */
static int
contain_go(struct contain_pane *cp, struct ui *ui)
{
	const struct action_offer *o = &cp->offers.v[cp->pick];
	struct action_new n;
	struct wr_err err;
	char msg[512];
	int64_t id;
	int approved;

	if (cp->approve_id > 0)
		return (contain_approve_go(cp, ui));
	memset(&n, 0, sizeof n);
	n.action = o->def->name;
	n.resource = o->resource;
	n.region = cp->region;
	n.params = o->params[0] != '\0' ? o->params : NULL;
	n.item_id = cp->item_id;
	if (action_request(ui->store, ui->op, ui->incident_id, &n, &id,
	    &approved, &err) == -1) {
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
		return (UI_R_CLOSE);
	}
	ui_actions_poll(ui);
	if (!approved)
		ui_notice(ui, "action %lld requested: it waits for the "
		    "commander's approval (warroom approve %lld)",
		    (long long)id, (long long)id);
	else if (ui_actions_spawn(ui, id) == 0)
		ui_notice(ui, "action %lld %s %s approved: carrying it out...",
		    (long long)id, o->def->name, o->resource);
	return (UI_R_CLOSE | UI_R_RELOAD);
}

static int
contain_typed(struct ui *ui, const char *text, void *arg)
{
	struct contain_pane *cp = arg;
	const struct action_offer *o = &cp->offers.v[cp->pick];

	char label[200];

	if (text == NULL) {
		ui_notice(ui, "containment cancelled; nothing stored");
		return (UI_R_CLOSE);
	}
	/* "y" is the reflex elsewhere: ask again for the id itself. */
	if (strcasecmp(text, "y") == 0 || strcasecmp(text, "yes") == 0) {
		snprintf(label, sizeof label, "not y: type %.100s to %s it: ",
		    o->resource, o->def->name);
		ui_prompt_ask(ui, label, contain_typed, cp);
		return (UI_R_NONE);
	}
	if (strcmp(text, o->resource) != 0) {
		ui_error(ui, "%s was not typed back: nothing done",
		    o->resource);
		return (UI_R_CLOSE);
	}
	return (contain_go(cp, ui));
}

static int
contain_pick(struct contain_pane *cp, struct ui *ui, int i)
{
	if (i < 0 || i >= cp->offers.n)
		return (UI_R_NONE);
	cp->pick = i;
	cp->stage = STAGE_CONFIRM;
	/* The playbook's own step for it, so that it ticks itself. */
	cp->item_id = action_offer_item(ui->store, ui->incident_id,
	    &cp->offers.v[i]);
	contain_ask(cp, ui);
	return (UI_R_REFRESH);
}

static int
contain_handle(void *st, struct ui *ui, int action, int sel)
{
	struct contain_pane *cp = st;

	switch (action) {
	case ACT_BACK:
	case ACT_QUIT:
		ui_notice(ui, "containment cancelled; nothing stored");
		return (UI_R_CLOSE);
	case ACT_DETAIL:
		if (cp->stage == STAGE_CONFIRM) {
			ui_notice(ui, "%s", contain_keys_text(cp, ui));
			return (UI_R_NONE);
		}
		return (sel >= 0 && sel < cp->n ? contain_pick(cp, ui,
		    cp->lines[sel].offer) : UI_R_NONE);
	case ACT_PICK:
		if (cp->stage != STAGE_MENU)
			return (UI_R_NONE);
		return (contain_pick(cp, ui, ui->last_key - '1'));
	case ACT_CONFIRM:
		if (cp->stage != STAGE_CONFIRM) {
			ui_notice(ui, "pick an action first");
			return (UI_R_NONE);
		}
		/* A disruptive action goes ahead only on its id typed back. */
		if ((cp->offers.v[cp->pick].def->flags & ACTION_DISRUPTIVE) &&
		    !contain_refused(cp, ui)) {
			contain_ask(cp, ui);
			return (UI_R_NONE);
		}
		return (contain_go(cp, ui));
	case ACT_CONTAIN:
		return (UI_R_NONE);
	default:
		return (UI_R_PASS);
	}
}

void
ui_contain_finding(struct ui *ui, int64_t finding_id)
{
	struct ui_contain_arg arg;
	struct action_offers offers;
	struct wr_err err;
	char msg[512];

	if (action_offer_of(ui->store, finding_id, &offers, &err) == -1) {
		ui_error(ui, "contain: %s", wr_err_text(&err, msg, sizeof msg));
		return;
	}
	if (offers.n == 0) {
		ui_notice(ui, "nothing to contain: %s", offers.why);
		return;
	}
	memset(&arg, 0, sizeof arg);
	arg.offers = &offers;
	ui_overlay_open(ui, &contain_pane_ops, &arg);
}

/* The first (oldest) request waiting for approval: its id, or 0. */
static int
oldest_waiting(const struct action_row *r, void *arg)
{
	int64_t *id = arg;

	if (strcmp(r->state, "requested") != 0)
		return (0);
	*id = r->id;
	return (1);
}

void
ui_contain_approve(struct ui *ui)
{
	struct ui_contain_arg arg;
	struct action_offers offers;
	struct action_offer *o = &offers.v[0];
	struct action_row r;
	struct wr_err err;
	int64_t id = 0;
	char msg[512];

	if (action_each(ui->store, ui->incident_id, oldest_waiting, &id,
	    &err) == -1 || (id > 0 && action_get(ui->store, id, &r,
	    &err) == -1)) {
		ui_error(ui, "approve: %s", wr_err_text(&err, msg, sizeof msg));
		return;
	}
	if (id == 0) {
		ui_notice(ui, "no containment request waits for approval");
		return;
	}
	memset(&offers, 0, sizeof offers);
	if ((o->def = action_find(r.action)) != NULL) {
		offers.n = 1;
		snprintf(o->resource, sizeof o->resource, "%s", r.resource);
		snprintf(o->params, sizeof o->params, "%s", r.params != NULL ?
		    r.params : "");
		memset(&arg, 0, sizeof arg);
		arg.offers = &offers;
		arg.step = 1;
		arg.item_id = r.item_id;
		arg.region = r.region;
		arg.approve_id = r.id;
		arg.asked_by = r.requested_by;
		ui_overlay_open(ui, &contain_pane_ops, &arg);
	} else
		ui_error(ui, "action %lld: unknown action %s",
		    (long long)r.id, r.action);
	action_row_free(&r);
}

static void
contain_done(void *st)
{
	struct contain_pane *cp = st;

	cl_clear(cp);
	free(cp->lines);
	free(cp);
}

static const struct key_binding contain_keys[] = {
	{ 'y', ACT_CONFIRM }, { 'q', ACT_BACK },
	{ '1', ACT_PICK }, { '2', ACT_PICK }, { '3', ACT_PICK },
	{ '4', ACT_PICK }, { '5', ACT_PICK }, { '6', ACT_PICK },
	{ '7', ACT_PICK }, { '8', ACT_PICK }, { '9', ACT_PICK },
	{ 0, 0 }
};

const struct pane_ops contain_pane_ops = {
	.name = "contain",
	.title = "Contain",
	.watch = 0,
	.open = contain_open,
	.refresh = contain_refresh,
	.draw_line = contain_draw,
	.selectable = contain_selectable,
	.handle = contain_handle,
	.done = contain_done,
	.keys = contain_keys,
	.modal = 1,
};
