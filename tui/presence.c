/*
 * Presence in the console.  Each watch poll may heartbeat (every
 * PRESENCE_BEAT_MS, or at once when the pane or the edited item
 * changed) and re-lists who is attached; the header is redrawn only
 * when that list says something new.  When another connection
 * committed, changes_since() turns the new timeline rows into WATCH_*
 * bits, so a heartbeat from another console redraws nothing.
 */
#include "tui/presence.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/changes.h"
#include "core/log.h"
#include "core/presence.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tui/ui.h"

#define UI_PRESENCE_MAX	16

struct ui_presence {
	long			 pid;
	int64_t			 next_beat;
	int64_t			 next_list;
	int64_t			 next_checkpoint;
	char			 pane[PRESENCE_PANE_LEN];
	char			 editing[PRESENCE_EDIT_LEN];
	char			 beaten_pane[PRESENCE_PANE_LEN];
	char			 beaten_editing[PRESENCE_EDIT_LEN];
	struct presence		 list[UI_PRESENCE_MAX];
	int			 n;
	char			 finger[1024];
	char			 edits[512];
	struct change_mark	 mark;
	char			 editor[OPERATOR_NAME_LEN];
	int			 beat_failed;
};

static const char *
ui_current_pane(struct ui *ui)
{
	if (ui->noverlays > 0)
		return (ui->overlays[ui->noverlays - 1].ops->name);
	if (ui->npanes == 0)
		return ("");
	return (ui->panes[ui->focus].ops->name);
}

/* Panes mark what others edit: redraw them when that moved. */
static void
ui_presence_edits(struct ui *ui, struct ui_presence *pr)
{
	char edits[sizeof pr->edits];
	size_t off = 0;
	int i;

	edits[0] = '\0';
	for (i = 0; i < pr->n && off < sizeof edits; i++) {
		if (pr->list[i].editing[0] != '\0')
			off += (size_t)snprintf(edits + off, sizeof edits -
			    off, "%s/%s;", pr->list[i].operator,
			    pr->list[i].editing);
	}
	if (strcmp(edits, pr->edits) == 0)
		return;
	strlcpy_wr(pr->edits, edits, sizeof pr->edits);
	for (i = 0; i < ui->npanes; i++)
		ui->panes[i].dirty = 1;
}

/* Re-read who is attached; header dirty when the list says more. */
static void
ui_presence_list(struct ui *ui, struct ui_presence *pr, int64_t now)
{
	struct wr_err err;
	char finger[sizeof pr->finger];
	size_t off = 0;
	int i, n;

	pr->next_list = now + PRESENCE_BEAT_MS;
	n = presence_list(ui->store, ui->incident_id, now, pr->list,
	    UI_PRESENCE_MAX, &err);
	if (n < 0) {
		log_warn("presence: %s", err.msg);
		return;
	}
	pr->n = n;
	finger[0] = '\0';
	for (i = 0; i < n && off < sizeof finger; i++)
		off += (size_t)snprintf(finger + off, sizeof finger - off,
		    "%s/%d/%s/%s;", pr->list[i].operator, pr->list[i].role,
		    pr->list[i].pane, pr->list[i].editing);
	if (strcmp(finger, pr->finger) != 0) {
		strlcpy_wr(pr->finger, finger, sizeof pr->finger);
		ui->dirty |= UI_DIRTY_HEADER;
	}
	ui_presence_edits(ui, pr);
}

static void
ui_presence_beat(struct ui *ui, struct ui_presence *pr, int64_t now)
{
	struct wr_err err;

	pr->next_beat = now + PRESENCE_BEAT_MS;
	strlcpy_wr(pr->beaten_pane, pr->pane, sizeof pr->beaten_pane);
	strlcpy_wr(pr->beaten_editing, pr->editing,
	    sizeof pr->beaten_editing);
	/* An observer with read-only access is simply not listed. */
	if (store_readonly(ui->store) != NULL)
		return;
	if (presence_beat(ui->store, ui->op, ui->incident_id, pr->pid,
	    pr->pane, pr->editing, now, &err) == -1) {
		/* Someone writes (an ingest): try again next poll. */
		if (err.code == WR_ERR_BUSY) {
			pr->next_beat = now + UI_WATCH_MS;
			return;
		}
		if (!pr->beat_failed)
			log_warn("presence: %s", err.msg);
		pr->beat_failed = 1;
		return;
	}
	pr->beat_failed = 0;
}

void
ui_presence_open(struct ui *ui)
{
	struct ui_presence *pr;
	int64_t now = time_real_ms();

	pr = xcalloc(1, sizeof *pr);
	pr->pid = (long)getpid();
	pr->next_checkpoint = now + UI_CHECKPOINT_MS;
	ui->presence = pr;
	strlcpy_wr(pr->pane, ui_current_pane(ui), sizeof pr->pane);
	ui_presence_beat(ui, pr, now);
	ui_presence_list(ui, pr, now);
	/* Prime the mark: the first reload reads everything anyway. */
	(void)ui_presence_changes(ui, now);
}

void
ui_presence_close(struct ui *ui)
{
	struct ui_presence *pr = ui->presence;
	struct wr_err err;

	if (pr == NULL)
		return;
	if (store_readonly(ui->store) == NULL && presence_leave(ui->store,
	    ui->op, ui->incident_id, pr->pid, &err) == -1)
		log_warn("presence: %s", err.msg);
	free(pr);
	ui->presence = NULL;
}

void
ui_presence_tick(struct ui *ui, int64_t now)
{
	struct ui_presence *pr = ui->presence;
	int pages;

	if (pr == NULL)
		return;
	strlcpy_wr(pr->pane, ui_current_pane(ui), sizeof pr->pane);
	if (now >= pr->next_beat || strcmp(pr->pane, pr->beaten_pane) != 0 ||
	    strcmp(pr->editing, pr->beaten_editing) != 0)
		ui_presence_beat(ui, pr, now);
	if (now >= pr->next_list)
		ui_presence_list(ui, pr, now);
	if (now >= pr->next_checkpoint) {
		pr->next_checkpoint = now + UI_CHECKPOINT_MS;
		if (store_checkpoint(ui->store, &pages) == 0)
			log_debug("checkpoint: WAL %d pages", pages);
	}
}

int
ui_presence_changes(struct ui *ui, int64_t now)
{
	struct ui_presence *pr = ui->presence;
	struct wr_err err;
	int mask;

	if (pr == NULL)
		return (WATCH_ALL);
	ui_presence_list(ui, pr, now);
	if (changes_since(ui->store, ui->incident_id, &pr->mark, &mask,
	    &err) == -1) {
		log_warn("watch: %s", err.msg);
		return (WATCH_ALL);
	}
	/* CHANGE_* and WATCH_* share their low bits on purpose. */
	return (mask & WATCH_ALL);
}

/* Short, so that several consoles fit on an 80-column header. */
static const char *
ui_role_short(enum role r)
{
	switch (r) {
	case ROLE_COMMANDER:
		return ("cmdr");
	case ROLE_RESPONDER:
		return ("resp");
	case ROLE_SCRIBE:
		return ("scribe");
	default:
		return ("obs");
	}
}

void
ui_presence_field(struct ui *ui, struct ui_line *l)
{
	struct ui_presence *pr = ui->presence;
	const struct presence *p;
	int i;

	/*
	 * Alone: the operator field already says who this is.  Script
	 * mode (golden screens) leaves out what other consoles do live.
	 */
	if (pr == NULL || pr->n < 2 || ui->script != NULL)
		return;
	uiline_add(l, ROLE_LABEL, "here ");
	for (i = 0; i < pr->n; i++) {
		p = &pr->list[i];
		if (i > 0)
			uiline_add(l, ROLE_NORMAL, " ");
		uiline_safes(l, ROLE_NORMAL, p->operator);
		uiline_addf(l, ROLE_DIM, "[%s:", ui_role_short(p->role));
		uiline_safes(l, ROLE_DIM, p->pane);
		if (p->editing[0] != '\0') {
			uiline_add(l, ROLE_DIM, " editing ");
			uiline_safes(l, ROLE_DIM, p->editing);
		}
		uiline_add(l, ROLE_DIM, "]");
	}
}

void
ui_presence_editing(struct ui *ui, const char *target)
{
	struct ui_presence *pr = ui->presence;

	if (pr != NULL)
		strlcpy_wr(pr->editing, target != NULL ? target : "",
		    sizeof pr->editing);
}

const char *
ui_presence_editor(struct ui *ui, const char *target)
{
	struct ui_presence *pr = ui->presence;
	int i;

	if (pr == NULL)
		return (NULL);
	for (i = 0; i < pr->n; i++) {
		if (pr->list[i].pid == pr->pid &&
		    strcmp(pr->list[i].operator, ui->op->name) == 0)
			continue;
		if (strcmp(pr->list[i].editing, target) == 0) {
			strlcpy_wr(pr->editor, pr->list[i].operator,
			    sizeof pr->editor);
			return (pr->editor);
		}
	}
	return (NULL);
}
