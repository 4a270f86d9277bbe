/*
 * The layout, computed in one place from LINES and COLS: a two-line
 * header, the findings across the top of the body, the phase tracker
 * and the checklist side by side below, the status line at the bottom.
 * Overlays cover the whole body.  Below 80x24 no pane window exists
 * and the frame shows a notice instead.
 */
#include "tui/ui.h"

#include <string.h>

#include "tui/curses.h"

struct ui_base {
	const struct pane_ops	*ops;
	enum ui_slot		 slot;
};

/* The base panes, in Tab order.  Panes in one slot split it. */
static const struct ui_base ui_base_panes[] = {
	{ &findings_pane_ops, UI_SLOT_TOP },
	{ &phases_pane_ops, UI_SLOT_LEFT },
	{ &checklist_pane_ops, UI_SLOT_RIGHT },
	{ NULL, UI_SLOT_TOP }
};

void
ui_layout_open(struct ui *ui)
{
	struct pane *p;
	int i;

	for (i = 0; ui_base_panes[i].ops != NULL; i++) {
		if (ui->npanes == UI_MAX_PANES)
			break;
		p = &ui->panes[ui->npanes++];
		memset(p, 0, sizeof *p);
		p->ops = ui_base_panes[i].ops;
		p->slot = ui_base_panes[i].slot;
		p->st = p->ops->open(ui, NULL);
	}
}

static void
ui_delwin(void **w)
{
	if (*w != NULL)
		delwin(*w);
	*w = NULL;
}

static void
ui_drop_windows(struct ui *ui)
{
	int i;

	ui_delwin(&ui->header_win);
	ui_delwin(&ui->status_win);
	for (i = 0; i < ui->npanes; i++)
		ui_delwin(&ui->panes[i].win);
	for (i = 0; i < ui->noverlays; i++)
		ui_delwin(&ui->overlays[i].win);
}

static void
ui_place(struct pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	p->win = newwin(h, w, y, x);
	if (p->sel >= 0)
		p->sel = p->sel >= p->nlines ? p->nlines - 1 : p->sel;
	p->dirty = 1;
}

/* Stack the panes of one slot inside the rectangle given. */
static void
ui_place_slot(struct ui *ui, enum ui_slot slot, int y, int x, int h,
    int w)
{
	int i, n = 0, k = 0, each;

	for (i = 0; i < ui->npanes; i++)
		n += ui->panes[i].slot == slot;
	if (n == 0)
		return;
	each = h / n;
	for (i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].slot != slot)
			continue;
		ui_place(&ui->panes[i], y + k * each, x,
		    k == n - 1 ? h - k * each : each, w);
		k++;
	}
}

int
ui_modal_width(const struct ui *ui)
{
	return (ui->cols - 4 < 100 ? ui->cols - 4 : 100);
}

/* Overlays cover the body; a modal one is a box centred on it. */
void
ui_place_overlay(struct ui *ui, struct pane *p)
{
	int body = ui->lines - UI_HEADER_LINES - 1, h, w;

	ui_delwin(&p->win);
	if (!p->ops->modal) {
		ui_place(p, UI_HEADER_LINES, 0, body, ui->cols);
		return;
	}
	h = p->nlines + 2 < body ? p->nlines + 2 : body;
	w = ui_modal_width(ui);
	ui_place(p, UI_HEADER_LINES + (body - h) / 2, (ui->cols - w) / 2, h,
	    w);
}

void
ui_layout(struct ui *ui)
{
	int body_y = UI_HEADER_LINES, body_h, top_h, left_w, i;

	ui_drop_windows(ui);
	ui->lines = LINES;
	ui->cols = COLS;
	ui->too_small = LINES < UI_MIN_LINES || COLS < UI_MIN_COLS;
	ui->dirty = UI_DIRTY_ALL;
	clearok(curscr, TRUE);
	if (ui->too_small)
		return;
	werase(stdscr);		/* the column between the panes */
	wnoutrefresh(stdscr);
	ui->header_win = newwin(UI_HEADER_LINES, COLS, 0, 0);
	ui->status_win = newwin(1, COLS, LINES - 1, 0);
	body_h = LINES - UI_HEADER_LINES - 1;
	top_h = body_h * 45 / 100;
	left_w = COLS * 36 / 100;
	ui_place_slot(ui, UI_SLOT_TOP, body_y, 0, top_h, COLS);
	/* The left pane takes the column between them: nothing is left
	   uncovered when an overlay closes. */
	ui_place_slot(ui, UI_SLOT_LEFT, body_y + top_h, 0, body_h - top_h,
	    left_w + 1);
	ui_place_slot(ui, UI_SLOT_RIGHT, body_y + top_h, left_w + 1,
	    body_h - top_h, COLS - left_w - 1);
	for (i = 0; i < ui->noverlays; i++)
		ui_place_overlay(ui, &ui->overlays[i]);
	for (i = 0; i < ui->npanes; i++)
		ui_move(ui, &ui->panes[i], 0);
	for (i = 0; i < ui->noverlays; i++)
		ui_move(ui, &ui->overlays[i], 0);
}

void
ui_layout_close(struct ui *ui)
{
	int i;

	ui_drop_windows(ui);
	for (i = ui->noverlays - 1; i >= 0; i--)
		ui->overlays[i].ops->done(ui->overlays[i].st);
	for (i = 0; i < ui->npanes; i++)
		ui->panes[i].ops->done(ui->panes[i].st);
	ui->noverlays = ui->npanes = 0;
}
