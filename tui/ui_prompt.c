/*
 * The note entry: one line typed on the status line, saved with the
 * same core calls as `warroom note` (incident) or a checklist item's
 * note.  While it is open, the other consoles see who is editing the
 * item.  Enter saves, Esc drops, Backspace removes a character.  The
 * same line asks other questions (a resource id typed back before a
 * disruptive action) through ui_prompt_ask.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/safe.h"
#include "tui/curses.h"
#include "tui/presence.h"

void
ui_prompt_open(struct ui *ui, struct pane *p)
{
	char target[48];

	ui->prompt_on = 1;
	ui->prompt_len = 0;
	ui->prompt[0] = '\0';
	ui->prompt_item = 0;
	ui->prompt_fn = NULL;
	ui->prompt_onekey = 0;
	if (p->ops == &checklist_pane_ops && p->ops->line_key != NULL &&
	    p->sel >= 0 && p->sel < p->nlines)
		ui->prompt_item = p->ops->line_key(p->st, p->sel);
	if (ui->prompt_item != 0) {
		snprintf(target, sizeof target, "item:%lld",
		    (long long)ui->prompt_item);
		ui_presence_editing(ui, target);
	}
	ui->dirty |= UI_DIRTY_STATUS;
}

void
ui_prompt_ask(struct ui *ui, const char *label,
    int (*fn)(struct ui *, const char *, void *), void *arg)
{
	ui->prompt_on = 1;
	ui->prompt_len = 0;
	ui->prompt[0] = '\0';
	ui->prompt_item = 0;
	ui->prompt_fn = fn;
	ui->prompt_arg = arg;
	ui->prompt_onekey = 0;
	snprintf(ui->prompt_label, sizeof ui->prompt_label, "%s", label);
	ui->dirty |= UI_DIRTY_STATUS;
}

void
ui_prompt_confirm(struct ui *ui, const char *label,
    int (*fn)(struct ui *, const char *, void *), void *arg)
{
	ui_prompt_ask(ui, label, fn, arg);
	ui->prompt_onekey = 1;
}

/* A question's answer (NULL: Esc) to its asker. */
static int
prompt_answer(struct ui *ui, int esc)
{
	int (*fn)(struct ui *, const char *, void *) = ui->prompt_fn;

	ui->prompt_on = 0;
	ui->prompt_fn = NULL;
	ui->dirty |= UI_DIRTY_STATUS;
	return (fn(ui, esc ? NULL : ui->prompt, ui->prompt_arg));
}

static void
prompt_close(struct ui *ui)
{
	ui->prompt_on = 0;
	ui_presence_editing(ui, "");
	ui->dirty |= UI_DIRTY_STATUS;
}

static void
prompt_save(struct ui *ui)
{
	struct wr_err err;
	char msg[512];
	int rc;

	if (ui->prompt_len == 0) {
		prompt_close(ui);
		return;
	}
	if (ui->prompt_item != 0)
		rc = checklist_note(ui->store, ui->op, ui->prompt_item,
		    ui->prompt, &err);
	else
		rc = incident_note(ui->store, ui->op, ui->incident_id,
		    ui->prompt, &err);
	prompt_close(ui);
	if (rc == -1) {
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
		return;
	}
	ui_notice(ui, "note saved on the timeline");
	ui_reload(ui, WATCH_ALL);
}

/* Remove the last character, with its UTF-8 continuation bytes. */
static void
prompt_backspace(struct ui *ui)
{
	while (ui->prompt_len > 0 &&
	    ((unsigned char)ui->prompt[--ui->prompt_len] & 0xc0) == 0x80)
		;
	ui->prompt[ui->prompt_len] = '\0';
}

int
ui_prompt_key(struct ui *ui, int key)
{
	int enter = key == '\r' || key == '\n' || key == KEY_ENTER;

	ui->dirty |= UI_DIRTY_STATUS;
	if (ui->prompt_fn != NULL && ui->prompt_onekey) {
		ui->prompt_onekey = 0;
		if (key == 'y' || key == 'Y')
			memcpy(ui->prompt, "y", 2);
		return (prompt_answer(ui, key != 'y' && key != 'Y'));
	}
	if (ui->prompt_fn != NULL && (key == 27 || enter))
		return (prompt_answer(ui, key == 27));
	if (key == 27) {
		prompt_close(ui);
		ui_notice(ui, "note dropped");
	} else if (key == '\r' || key == '\n' || key == KEY_ENTER)
		prompt_save(ui);
	else if (key == KEY_BACKSPACE || key == 127 || key == 8)
		prompt_backspace(ui);
	else if (key >= 0x20 && key < 0x100 && key != 0x7f &&
	    ui->prompt_len + 1 < sizeof ui->prompt) {
		ui->prompt[ui->prompt_len++] = (char)key;
		ui->prompt[ui->prompt_len] = '\0';
	}
	return (UI_R_NONE);
}

/*
 * What is typed, the cursor and the hint after the label already in l.
 * Text longer than the line keeps its end in view (after a "<"), the
 * part being typed, and the hint gives way first.
 */
static void
prompt_text(struct ui *ui, struct ui_line *l, const char *hint)
{
	const char *t = ui->prompt;
	size_t avail, hw = strlen(hint);

	avail = (size_t)ui->cols > l->cols + 1 ? (size_t)ui->cols - l->cols -
	    1 : 0;
	if (ui->cols <= 0 || safe_width(t, strlen(t)) + hw <= avail) {
		uiline_safes(l, ROLE_NORMAL, t);
		uiline_add(l, ROLE_SELECTED, " ");
		uiline_add(l, ROLE_DIM, hint);
		return;
	}
	if (safe_width(t, strlen(t)) > avail) {
		uiline_add(l, ROLE_DIM, "<");
		/* Whole characters off the front until the rest fits. */
		while (*t != '\0' && safe_width(t, strlen(t)) + 1 > avail) {
			t++;
			while (((unsigned char)*t & 0xc0) == 0x80)
				t++;
		}
	}
	uiline_safes(l, ROLE_NORMAL, t);
	uiline_add(l, ROLE_SELECTED, " ");
}

void
ui_prompt_draw(struct ui *ui, struct ui_line *l)
{
	if (ui->prompt_fn != NULL && ui->prompt_onekey) {
		uiline_add(l, ROLE_KEY, ui->prompt_label);
		uiline_add(l, ROLE_DIM, "  y goes ahead, any other key "
		    "cancels");
		return;
	}
	if (ui->prompt_fn != NULL) {
		uiline_add(l, ROLE_KEY, ui->prompt_label);
		prompt_text(ui, l, "  Enter goes ahead, Esc cancels");
		return;
	}
	if (ui->prompt_item != 0)
		uiline_addf(l, ROLE_KEY, "note on item %lld: ",
		    (long long)ui->prompt_item);
	else
		uiline_add(l, ROLE_KEY, "note: ");
	prompt_text(ui, l, "  Enter saves, Esc drops");
}
