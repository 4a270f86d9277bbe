/*
 * The console's loop.  One turn: end on a signal, resize on SIGWINCH,
 * poll the store, tick the clock, repaint what is dirty (one doupdate),
 * then wait for a key no longer than the next thing due.  Keys become
 * actions through the tables in keys.c; the focused pane sees them
 * first, then the frame.
 */
#include "tui/ui.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "tui/curses.h"
#include "tui/presence.h"
#include "tui/term.h"
#include "tui/ui_script.h"

static void
ui_status(struct ui *ui, int error, const char *fmt, va_list ap)
{
	vsnprintf(ui->status, sizeof ui->status, fmt, ap);
	ui->status_error = error;
	ui->status_until = time_real_ms() + UI_STATUS_MS;
	ui->dirty |= UI_DIRTY_STATUS;
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_status(ui, 1, fmt, ap);
	va_end(ap);
	log_info("status: %s", ui->status);
}

void
ui_notice(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_status(ui, 0, fmt, ap);
	va_end(ap);
}

void
ui_mark_all(struct ui *ui)
{
	int i;

	ui->dirty |= UI_DIRTY_HEADER | UI_DIRTY_STATUS;
	for (i = 0; i < ui->npanes; i++)
		ui->panes[i].dirty = 1;
	for (i = 0; i < ui->noverlays; i++)
		ui->overlays[i].dirty = 1;
}

int
ui_any_pane_dirty(const struct ui *ui)
{
	int i;

	for (i = 0; i < ui->npanes; i++)
		if (ui->panes[i].dirty)
			return (1);
	for (i = 0; i < ui->noverlays; i++)
		if (ui->overlays[i].dirty)
			return (1);
	return (0);
}

/* The line whose key is key, or -1. */
static int
ui_find_key(struct pane *p, int64_t key)
{
	int i;

	for (i = 0; i < p->nlines; i++)
		if (p->ops->line_key(p->st, i) == key)
			return (i);
	return (-1);
}

static void
ui_refresh_pane(struct ui *ui, struct pane *p)
{
	int64_t key = 0;
	int n, at;

	if (p->ops->line_key != NULL && p->sel >= 0 && p->sel < p->nlines)
		key = p->ops->line_key(p->st, p->sel);
	n = (p->ops->refresh)(p->st, ui);	/* not curses refresh() */
	if (n < 0)
		return;		/* the pane said why on the status line */
	p->nlines = n;
	if (key != 0 && (at = ui_find_key(p, key)) != -1)
		p->sel = at;
	if (p->sel == -1)
		ui_move_to(ui, p, p->top, 1);
	else
		ui_move_to(ui, p, p->sel, 1);
}

void
ui_reload(struct ui *ui, int watch)
{
	struct wr_err err;
	char msg[512];
	int i;

	if (incident_get(ui->store, ui->incident_id, &ui->inc, &err) == -1)
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
	ui->dirty |= UI_DIRTY_HEADER;
	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].ops->watch & watch)
			ui_refresh_pane(ui, &ui->panes[i]);
	}
	for (i = 0; i < ui->noverlays; i++) {
		if (ui->overlays[i].ops->watch & watch)
			ui_refresh_pane(ui, &ui->overlays[i]);
	}
}

int
ui_overlay_open(struct ui *ui, const struct pane_ops *ops, const void *arg)
{
	struct pane *p;

	if (ui->noverlays == UI_MAX_OVERLAYS) {
		ui_notice(ui, "too many views open; Esc closes one");
		return (-1);
	}
	p = &ui->overlays[ui->noverlays];
	memset(p, 0, sizeof *p);
	p->ops = ops;
	p->slot = UI_SLOT_OVERLAY;
	if ((p->st = ops->open(ui, arg)) == NULL)
		return (-1);
	ui->noverlays++;
	if (!ui->too_small)
		ui_place_overlay(ui, p);
	ui_refresh_pane(ui, p);
	/* A box is as tall as its lines: place it again now they are known. */
	if (ops->modal && !ui->too_small) {
		ui_place_overlay(ui, p);
		ui_refresh_pane(ui, p);
	}
	return (0);
}

static void
ui_overlay_close(struct ui *ui)
{
	struct pane *p;

	if (ui->noverlays == 0)
		return;
	p = &ui->overlays[--ui->noverlays];
	p->ops->done(p->st);
	if (p->win != NULL)
		delwin(p->win);
	p->win = NULL;
	ui_mark_all(ui);
}

/* A new size: the layout, then overlays re-wrap their text. */
static void
ui_relayout(struct ui *ui)
{
	int i;

	ui_layout(ui);
	for (i = 0; i < ui->noverlays; i++)
		ui_refresh_pane(ui, &ui->overlays[i]);
}

/* The move asked for, once the commander said y; NULL: kept. */
static int
ui_phase_answer(struct ui *ui, const char *yes, void *arg)
{
	struct wr_err err;
	char msg[512];
	int to = (int)(intptr_t)arg;

	if (yes == NULL) {
		ui_notice(ui, "phase kept: %s", phase_name(ui->inc.phase));
		return (UI_R_NONE);
	}
	if (incident_set_phase(ui->store, ui->op, ui->incident_id, to,
	    &err) == -1) {
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
		return (UI_R_NONE);
	}
	ui_notice(ui, "phase: %s", phase_name(to));
	return (UI_R_RELOAD);
}

/*
 * A phase move: the same core call as `warroom phase next|back`.  The
 * commander confirms it with y (a stray > mid-incident is costly);
 * anyone else hears the refusal at once.
 */
static int
ui_phase(struct ui *ui, int delta)
{
	char label[96];
	int to = ui->inc.phase + delta;

	if (to < 0 || to >= PHASE__COUNT) {
		ui_notice(ui, "already at %s", phase_name(ui->inc.phase));
		return (UI_R_NONE);
	}
	if (incident_role(ui->store, ui->incident_id, ui->op->name) !=
	    ROLE_COMMANDER || ui->inc.closed)
		return (ui_phase_answer(ui, "y", (void *)(intptr_t)to));
	snprintf(label, sizeof label, "move the incident %s to %s?",
	    delta > 0 ? "on" : "back", phase_name(to));
	ui_prompt_confirm(ui, label, ui_phase_answer, (void *)(intptr_t)to);
	return (UI_R_NONE);
}

static void
ui_focus(struct ui *ui, int delta)
{
	if (ui->noverlays > 0 || ui->npanes == 0)
		return;
	ui->panes[ui->focus].dirty = 1;
	ui->focus = (ui->focus + delta + ui->npanes) % ui->npanes;
	ui->panes[ui->focus].dirty = 1;
}

/* What the frame does with an action no pane took. */
static int
ui_frame_action(struct ui *ui, struct pane *p, int act)
{
	int page = p->h > 2 ? p->h - 2 : 1;

	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
		ui_move(ui, p, act == ACT_UP ? -1 : 1);
		return (UI_R_NONE);
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		ui_move(ui, p, act == ACT_PAGE_UP ? -page : page);
		return (UI_R_NONE);
	case ACT_TOP:
		ui_move_to(ui, p, 0, 1);
		return (UI_R_NONE);
	case ACT_BOTTOM:
		ui_move_to(ui, p, p->nlines - 1, -1);
		return (UI_R_NONE);
	case ACT_NEXT_PANE:
	case ACT_PREV_PANE:
		ui_focus(ui, act == ACT_NEXT_PANE ? 1 : -1);
		return (UI_R_NONE);
	case ACT_PHASE_NEXT:
	case ACT_PHASE_BACK:
		return (ui_phase(ui, act == ACT_PHASE_NEXT ? 1 : -1));
	case ACT_HELP:
		if (ui->noverlays == 0 || p->ops != &help_pane_ops)
			ui_overlay_open(ui, &help_pane_ops, NULL);
		return (UI_R_NONE);
	case ACT_CONTAIN:
		ui_notice(ui, "c contains: select a finding, or a checklist "
		    "step with an AWS call");
		return (UI_R_NONE);
	case ACT_APPROVE:
		if (ui->noverlays == 0 || p->ops != &contain_pane_ops)
			ui_contain_approve(ui);
		return (UI_R_NONE);
	case ACT_NOTE:
		ui_prompt_open(ui, p);
		return (UI_R_NONE);
	case ACT_NOTIFY:
		if (ui->noverlays == 0 || p->ops != &notify_pane_ops)
			ui_overlay_open(ui, &notify_pane_ops, NULL);
		return (UI_R_NONE);
	case ACT_BACK:
		return (ui->noverlays > 0 ? UI_R_CLOSE : UI_R_NONE);
	case ACT_REDRAW:
		ui_layout(ui);
		return (UI_R_NONE);
	case ACT_QUIT:
		return (ui->noverlays > 0 ? UI_R_CLOSE : UI_R_QUIT);
	case ACT_TICK:
		ui_notice(ui, "Space ticks items in the checklist pane");
		return (UI_R_NONE);
	default:
		return (UI_R_NONE);
	}
}

/* What a pane (or the status-line entry) asked for. */
static void
ui_react(struct ui *ui, struct pane *p, int r)
{
	if ((r & UI_R_REFRESH) && !(r & UI_R_CLOSE)) {
		ui_refresh_pane(ui, p);
		if (p->slot == UI_SLOT_OVERLAY && !ui->too_small) {
			ui_place_overlay(ui, p);
			ui_mark_all(ui);
		}
	}
	if (r & UI_R_DRAW)
		p->dirty = 1;
	if (r & UI_R_RELOAD)
		ui_reload(ui, WATCH_ALL);
	if (r & UI_R_CLOSE)
		ui_overlay_close(ui);
	if (r & UI_R_QUIT)
		ui->running = 0;
}

static void
ui_key(struct ui *ui, int key)
{
	struct pane *p;
	char name[16];
	int act, r = UI_R_PASS;

	if (key == KEY_RESIZE) {
		ui_relayout(ui);
		return;
	}
	if (ui->too_small) {
		ui->running = keys_lookup(NULL, key) != ACT_QUIT;
		return;
	}
	p = ui->noverlays > 0 ? &ui->overlays[ui->noverlays - 1] :
	    &ui->panes[ui->focus];
	if (ui->prompt_on) {
		ui_react(ui, p, ui_prompt_key(ui, key));
		return;
	}
	if ((act = keys_lookup(p->ops->keys, key)) == ACT_NONE) {
		ui_notice(ui, "%s: no action; ? lists the keys",
		    keys_name(key, name, sizeof name));
		return;
	}
	ui->last_key = key;
	if (p->ops->handle != NULL)
		r = p->ops->handle(p->st, ui, act, p->sel);
	if (r & UI_R_PASS)
		r = ui_frame_action(ui, p, act);
	ui_react(ui, p, r);
}

/* Panes with a clock of their own (countdowns) redraw each second. */
static void
ui_tick_panes(struct ui *ui)
{
	struct pane *p;
	int i;

	for (i = 0; i < ui->npanes + ui->noverlays; i++) {
		p = i < ui->npanes ? &ui->panes[i] :
		    &ui->overlays[i - ui->npanes];
		if (p->ops->tick != NULL && p->ops->tick(p->st, ui))
			p->dirty = 1;
	}
}

/* Clock, status expiry and the warnings indicator. */
static void
ui_tick(struct ui *ui)
{
	int64_t sec = time_now_ms() / 1000;
	unsigned warn;

	if (sec != ui->shown_second) {
		ui->shown_second = sec;
		ui->dirty |= UI_DIRTY_HEADER;
		ui_tick_panes(ui);
	}
	if (ui->status[0] != '\0' && time_real_ms() >= ui->status_until) {
		ui->status[0] = '\0';
		ui->dirty |= UI_DIRTY_STATUS;
	}
	warn = log_warnings() + term_stray_lines();
	if (warn != ui->shown_warnings) {
		ui->shown_warnings = warn;
		ui->dirty |= UI_DIRTY_STATUS;
	}
}

/* Milliseconds until the next thing due: clock second, watch, status. */
static int
ui_timeout(const struct ui *ui)
{
	int64_t now = time_real_ms(), t;

	t = 1000 - now % 1000;
	if (ui->next_watch - now < t)
		t = ui->next_watch - now;
	if (ui->status[0] != '\0' && ui->status_until - now < t)
		t = ui->status_until - now;
	if (keys_wait_ms() >= 0 && keys_wait_ms() < t)
		t = keys_wait_ms();
	return (t < 5 ? 5 : (int)t);
}

/*
 * curses may already hold keys it read earlier, so ask it first; then
 * wait on the tty and the signal pipe.  A SIGWINCH returns at once
 * (EINTR or the pipe): the next turn resizes.
 */
static int
ui_input(struct ui *ui)
{
	struct pollfd pfd[2] = {
		{ term_input_fd(), POLLIN, 0 }, { term_wake_fd(), POLLIN, 0 }
	};
	int key;

	if (ui->script != NULL)
		return (ui_script_next(ui));
	if ((key = keys_read()) != ERR)
		return (key);
	if (poll(pfd, pfd[1].fd == -1 ? 1 : 2, ui_timeout(ui)) <= 0 ||
	    !(pfd[0].revents & POLLIN))
		return (ERR);	/* timeout, signal or wake-up */
	return (keys_read());
}

static void
ui_turn(struct ui *ui)
{
	int key, hit;

	if (term_quit_requested()) {
		ui->running = 0;
		return;
	}
	if (term_winched()) {
		term_resize();
		ui_relayout(ui);
		log_debug("resized to %dx%d", COLS, LINES);
	}
	hit = ui_watch(ui);
	ui_tick(ui);
	ui_draw(ui);
	/* make bench reads this line: commit to redraw latency. */
	if (hit)
		log_debug("redrawn after a change at %lld",
		    (long long)time_real_ms());
	if ((key = ui_input(ui)) != ERR)
		ui_key(ui, key);
}

int
ui_run(struct store *s, int64_t incident_id, const struct operator *op,
    struct ui_script *script)
{
	struct ui ui;

	memset(&ui, 0, sizeof ui);
	ui.store = s;
	ui.incident_id = incident_id;
	ui.op = op;
	ui.script = script;
	ui.shown_warnings = (unsigned)-1;
	ui_layout_open(&ui);
	ui_layout(&ui);
	ui_presence_open(&ui);
	ui_actions_open(&ui);
	ui_reload(&ui, WATCH_ALL);
	if (store_readonly(s) != NULL)
		ui_notice(&ui, "%s", store_readonly(s));
	if (term_fell_back())
		ui_notice(&ui, "no terminfo entry for $TERM here; using %s",
		    term_name());
	ui.running = 1;
	while (ui.running)
		ui_turn(&ui);
	ui_actions_close(&ui);
	ui_presence_close(&ui);
	ui_layout_close(&ui);
	return (0);
}
