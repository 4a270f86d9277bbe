/*
 * Painting.  Each loop turn calls ui_draw() once: every dirty window is
 * rebuilt from its lines and queued with wnoutrefresh(), then a single
 * doupdate() sends the difference to the terminal.  Only this file and
 * ui_layout.c touch pane windows.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <string.h>

#include "core/collector.h"
#include "core/finding.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "tui/curses.h"
#include "tui/presence.h"
#include "tui/term.h"

/* Draw one built line at row y, column x of win, clipped to w columns. */
static void
ui_put_line_at(WINDOW *win, int y, int x, int w, struct ui_line *l,
    int selected)
{
	attr_t a;
	int i;

	uiline_clip(l, (size_t)w);
	wmove(win, y, x);
	for (i = 0; i < l->nruns; i++) {
		const struct ui_run *r = &l->runs[i];

		a = (attr_t)theme_attr(r->role == ROLE_NORMAL ? l->role :
		    r->role);
		if (selected)
			a ^= A_REVERSE;
		wattrset(win, (int)a);
		waddnstr(win, l->text + r->off, (int)r->len);
	}
	a = (attr_t)theme_attr(l->role);
	if (selected)
		a ^= A_REVERSE;
	wattrset(win, (int)a);
	for (i = (int)l->cols; i < w; i++)
		waddch(win, ' ');
	wattrset(win, A_NORMAL);
}

static void
ui_put_line(WINDOW *win, int y, int w, struct ui_line *l, int selected)
{
	ui_put_line_at(win, y, 0, w, l, selected);
}

static void
ui_draw_title(struct ui *ui, struct pane *p, int focused)
{
	struct ui_line l;
	char extra[64] = "";

	uiline_init(&l);
	l.role = focused ? ROLE_TITLE_FOCUS : ROLE_TITLE;
	if (p->ops->title_extra != NULL)
		p->ops->title_extra(p->st, ui, extra, sizeof extra);
	uiline_addf(&l, l.role, " %s%s%s ", p->ops->title,
	    extra[0] != '\0' ? " " : "", extra);
	ui_put_line(p->win, 0, p->w, &l, 0);
}

static void
ui_draw_pane(struct ui *ui, struct pane *p, int focused)
{
	struct ui_line l;
	int row, n;

	werase(p->win);
	ui_draw_title(ui, p, focused);
	for (row = 1; row < p->h; row++) {
		n = p->top + row - 1;
		if (n >= p->nlines)
			break;
		uiline_init(&l);
		p->ops->draw_line(p->st, ui, n, &l);
		ui_put_line(p->win, row, p->w, &l, focused && n == p->sel);
	}
	wnoutrefresh(p->win);
	p->dirty = 0;
}

/* A modal box: a border, its title on the top edge, lines inside. */
static void
ui_draw_modal(struct ui *ui, struct pane *p)
{
	struct ui_line l;
	int row, n;

	werase(p->win);
	wattrset(p->win, theme_attr(ROLE_BORDER));
	box(p->win, 0, 0);
	uiline_init(&l);
	l.role = ROLE_TITLE_FOCUS;
	uiline_addf(&l, l.role, " %s ", p->ops->title);
	ui_put_line_at(p->win, 0, 2, (int)l.cols, &l, 0);
	for (row = 1; row < p->h - 1; row++) {
		n = p->top + row - 1;
		if (n >= p->nlines)
			break;
		uiline_init(&l);
		p->ops->draw_line(p->st, ui, n, &l);
		ui_put_line_at(p->win, row, 1, p->w - 2, &l, n == p->sel);
	}
	wnoutrefresh(p->win);
	p->dirty = 0;
}

/* Header fields on the second line; later issues add theirs here. */
static void
ui_field_clock(struct ui *ui, struct ui_line *l)
{
	char iso[TIME_ISO_LEN];

	(void)ui;
	time_fmt_iso(time_now_ms() / 1000 * 1000, iso, sizeof iso);
	uiline_add(l, ROLE_LABEL, "UTC ");
	uiline_add(l, ROLE_NORMAL, iso);
}

static void
ui_field_operator(struct ui *ui, struct ui_line *l)
{
	uiline_add(l, ROLE_LABEL, "operator ");
	uiline_safes(l, ROLE_NORMAL, ui->op->name);
}

/* The collector (warroom watch): shown once one has run. */
static void
ui_field_collector(struct ui *ui, struct ui_line *l)
{
	static const enum theme_role roles[] = {
		ROLE_DIM, ROLE_P4, ROLE_NOTICE, ROLE_ERROR, ROLE_DIM
	};
	struct collector_status cs;
	struct wr_err err;
	char t[TIME_ISO_LEN];

	if (collector_status(ui->store, ui->incident_id, time_now_ms(), &cs,
	    &err) == -1 || cs.health == COLLECTOR_ABSENT)
		return;
	uiline_add(l, ROLE_LABEL, "aws ");
	uiline_add(l, roles[cs.health], collector_health_name(cs.health));
	if (cs.health == COLLECTOR_LAGGING || cs.health == COLLECTOR_FAILING)
		uiline_addf(l, ROLE_DIM, " since %s",
		    time_fmt_short(cs.since, t, sizeof t));
}

static void (*const ui_header_fields[])(struct ui *, struct ui_line *) = {
	ui_field_clock,
	ui_field_operator,
	ui_field_collector,
	notify_header_field,
	ui_actions_field,
	ui_presence_field,
	NULL
};

static void
ui_draw_header(struct ui *ui)
{
	WINDOW *w = ui->header_win;
	struct ui_line l;
	char right[96];
	size_t rw;
	int i;

	uiline_init(&l);
	l.role = ROLE_HEADER;
	snprintf(right, sizeof right, " [%s] %s ",
	    finding_level_name(ui->inc.p_level), phase_name(ui->inc.phase));
	rw = strlen(right) + (ui->inc.exercise ? 11 : 0);
	uiline_addf(&l, ROLE_HEADER, " #%lld ", (long long)ui->inc.id);
	uiline_safes(&l, ROLE_HEADER, ui->inc.title);
	uiline_clip(&l, (size_t)ui->cols > rw + 1 ? (size_t)ui->cols - rw - 1 :
	    0);
	uiline_pad(&l, (size_t)ui->cols - rw);
	if (ui->inc.exercise)
		uiline_add(&l, ROLE_EXERCISE, "[EXERCISE]");
	uiline_add(&l, theme_level_role(ui->inc.p_level), right);
	ui_put_line(w, 0, ui->cols, &l, 0);

	uiline_init(&l);
	for (i = 0; ui_header_fields[i] != NULL; i++) {
		size_t before = l.len, cols = l.cols;
		int runs = l.nruns;
		size_t rlen = runs > 0 ? l.runs[runs - 1].len : 0;

		uiline_add(&l, ROLE_NORMAL, " ");
		ui_header_fields[i](ui, &l);
		if (l.len == before + 1) {
			/* The field had nothing to say: take the space back. */
			l.len = before;
			l.text[before] = '\0';
			l.cols = cols;
			l.nruns = runs;
			if (runs > 0)
				l.runs[runs - 1].len = rlen;
		} else
			uiline_add(&l, ROLE_NORMAL, " ");
	}
	ui_put_line(w, 1, ui->cols, &l, 0);
	wnoutrefresh(w);
}

/* The hint when there is no message: a few keys, from the key table. */
static void
ui_status_hint(struct ui_line *l)
{
	static const struct {
		int		 act;
		const char	*word;
	} hint[] = {
		{ ACT_NEXT_PANE, "pane" }, { ACT_DETAIL, "detail" },
		{ ACT_TICK, "tick" }, { ACT_PHASE_NEXT, "phase+" },
		{ ACT_PHASE_BACK, "phase-" }, { ACT_HELP, "help" },
		{ ACT_QUIT, "quit" }, { 0, NULL }
	};
	char keys[48];
	int i;

	uiline_add(l, ROLE_NORMAL, " ");
	for (i = 0; hint[i].word != NULL; i++) {
		keys_for(keys_global, hint[i].act, keys, sizeof keys);
		/* The first key only: the help lists them all. */
		keys[strcspn(keys, "/")] = '\0';
		uiline_add(l, ROLE_KEY, keys);
		uiline_addf(l, ROLE_DIM, " %s  ", hint[i].word);
	}
}

static void
ui_draw_status(struct ui *ui)
{
	struct ui_line l;
	char right[64] = "";
	unsigned n = ui->shown_warnings;

	uiline_init(&l);
	if (ui->prompt_on)
		ui_prompt_draw(ui, &l);
	else if (ui->status[0] != '\0')
		uiline_safes(&l, ui->status_error ? ROLE_ERROR : ROLE_NOTICE,
		    ui->status);
	else
		ui_status_hint(&l);
	if (n > 0)
		snprintf(right, sizeof right, " %u warning%s logged ", n,
		    n == 1 ? "" : "s");
	uiline_clip(&l, (size_t)ui->cols - strlen(right));
	uiline_pad(&l, (size_t)ui->cols - strlen(right));
	uiline_add(&l, ROLE_NOTICE, right);
	ui_put_line(ui->status_win, 0, ui->cols, &l, 0);
	wnoutrefresh(ui->status_win);
}

static void
ui_draw_too_small(struct ui *ui)
{
	char need[64], now[64];

	snprintf(need, sizeof need, "terminal too small (need %dx%d)",
	    UI_MIN_COLS, UI_MIN_LINES);
	snprintf(now, sizeof now, "now %dx%d", ui->cols, ui->lines);
	werase(stdscr);
	if ((int)strlen(need) <= ui->cols)
		mvwaddnstr(stdscr, ui->lines / 2, (ui->cols - (int)strlen(need))
		    / 2, need, ui->cols);
	else {
		/* Too narrow for one line: say it in two. */
		mvwaddnstr(stdscr, 0, 0, "terminal too small", ui->cols);
		mvwaddnstr(stdscr, 1, 0, need + 19, ui->cols);
	}
	if (ui->lines > 2 && (int)strlen(now) <= ui->cols)
		mvwaddstr(stdscr, ui->lines / 2 + 1, (ui->cols -
		    (int)strlen(now)) / 2, now);
	wnoutrefresh(stdscr);
}

/*
 * Under a modal box the view beneath stays live: what changed there is
 * drawn first, then the box again over it.
 */
static void
ui_draw_under(struct ui *ui, struct pane *top)
{
	struct pane *under;
	int i, drew = 0;

	under = ui->noverlays > 1 ? &ui->overlays[ui->noverlays - 2] : NULL;
	if (under != NULL && under->dirty) {
		ui_draw_pane(ui, under, 0);
		drew = 1;
	}
	for (i = 0; under == NULL && i < ui->npanes; i++) {
		if (ui->panes[i].dirty) {
			ui_draw_pane(ui, &ui->panes[i], 0);
			drew = 1;
		}
	}
	if (drew)
		top->dirty = 1;
}

void
ui_draw(struct ui *ui)
{
	struct pane *top;
	int i;

	if (ui->dirty == 0 && !ui_any_pane_dirty(ui))
		return;
	if (ui->too_small) {
		ui_draw_too_small(ui);
		doupdate();
		ui->dirty = 0;
		return;
	}
	if (ui->dirty & UI_DIRTY_LAYOUT)
		ui_mark_all(ui);
	if (ui->dirty & UI_DIRTY_HEADER)
		ui_draw_header(ui);
	top = ui->noverlays > 0 ? &ui->overlays[ui->noverlays - 1] : NULL;
	if (top != NULL && top->ops->modal)
		ui_draw_under(ui, top);
	for (i = 0; top == NULL && i < ui->npanes; i++) {
		if (ui->panes[i].dirty)
			ui_draw_pane(ui, &ui->panes[i], i == ui->focus);
	}
	if (top != NULL && top->dirty && top->ops->modal)
		ui_draw_modal(ui, top);
	else if (top != NULL && top->dirty)
		ui_draw_pane(ui, top, 1);
	if (ui->dirty & UI_DIRTY_STATUS)
		ui_draw_status(ui);
	doupdate();
	ui->dirty = 0;
}

/* Lines a pane shows: below its title, or inside a modal's border. */
static int
ui_rows(const struct pane *p)
{
	return (p->h - (p->ops->modal ? 2 : 1));
}

/* The row of the first visible line, kept so that sel stays in view. */
static void
ui_scroll_to_sel(struct pane *p)
{
	int rows = ui_rows(p);

	if (rows < 1)
		rows = 1;
	if (p->sel >= 0 && p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= 0 && p->sel >= p->top + rows)
		p->top = p->sel - rows + 1;
	if (p->top > p->nlines - rows)
		p->top = p->nlines - rows;
	if (p->top < 0)
		p->top = 0;
}

static int
ui_can_select(struct pane *p, int n)
{
	if (n < 0 || n >= p->nlines)
		return (0);
	return (p->ops->selectable == NULL || p->ops->selectable(p->st, n));
}

void
ui_move_to(struct ui *ui, struct pane *p, int line, int dir)
{
	int n;

	(void)ui;
	if (line < 0)
		line = 0;
	if (line >= p->nlines)
		line = p->nlines - 1;
	/* Look in dir first, then the other way. */
	for (n = line; n >= 0 && n < p->nlines && !ui_can_select(p, n);)
		n += dir;
	if (!ui_can_select(p, n))
		for (n = line; n >= 0 && n < p->nlines &&
		    !ui_can_select(p, n);)
			n -= dir;
	p->sel = ui_can_select(p, n) ? n : -1;
	if (p->sel == -1 && line >= 0) {
		/* Nothing to select: bring the line itself into view. */
		if (line < p->top)
			p->top = line;
		if (line >= p->top + ui_rows(p))
			p->top = line - ui_rows(p) + 1;
	}
	ui_scroll_to_sel(p);
	p->dirty = 1;
}

void
ui_move(struct ui *ui, struct pane *p, int delta)
{
	int dir = delta < 0 ? -1 : 1;

	if (p->sel == -1) {
		/* A pane without a cursor scrolls instead. */
		p->top += delta;
		ui_scroll_to_sel(p);
		p->dirty = 1;
		return;
	}
	ui_move_to(ui, p, p->sel + delta, dir);
}
