/*
 * The phase tracker: the six phases in order, the current one marked,
 * with each phase's checklist progress and who moved the incident into
 * the current phase and when.  `>` and `<` (frame actions) move it.
 */
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/timeutil.h"
#include "core/util.h"

struct phases_pane {
	int	done[PHASE__COUNT];
	int	total[PHASE__COUNT];
};

static void *
phases_open(struct ui *ui, const void *arg)
{
	(void)ui;
	(void)arg;
	return (xcalloc(1, sizeof (struct phases_pane)));
}

static int
phases_refresh(void *st, struct ui *ui)
{
	struct phases_pane *pp = st;

	memset(pp, 0, sizeof *pp);
	if (checklist_progress(ui->store, ui->incident_id, pp->done,
	    pp->total, PHASE__COUNT) == -1)
		ui_error(ui, "checklist progress unavailable");
	return (PHASE__COUNT + 2);
}

static void
phases_draw_phase(struct phases_pane *pp, struct ui *ui, int p,
    struct ui_line *l)
{
	int now = ui->inc.phase, role;
	const char *mark;

	if (p < now) {
		role = ROLE_PHASE_PAST;
		mark = " + ";
	} else if (p == now) {
		role = ROLE_PHASE_NOW;
		mark = " > ";
	} else {
		role = ROLE_PHASE_NEXT;
		mark = "   ";
	}
	uiline_add(l, role, mark);
	uiline_add(l, role, phase_name(p));
	uiline_add(l, role, p == now ? " " : "");
	if (pp->total[p] > 0) {
		uiline_pad(l, 19);
		uiline_addf(l, pp->done[p] == pp->total[p] ? ROLE_DONE :
		    ROLE_DIM, "%d/%d", pp->done[p], pp->total[p]);
	}
}

static void
phases_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	char when[TIME_ISO_LEN];

	if (n < PHASE__COUNT) {
		phases_draw_phase(st, ui, n, l);
		return;
	}
	if (n == PHASE__COUNT) {
		time_fmt_short(ui->inc.phase_at, when, sizeof when);
		uiline_add(l, ROLE_DIM, " since ");
		uiline_add(l, ROLE_NORMAL, when);
		return;
	}
	uiline_add(l, ROLE_DIM, " by ");
	uiline_safes(l, ROLE_NORMAL, ui->inc.phase_by[0] != '\0' ?
	    ui->inc.phase_by : ui->inc.created_by);
}

static int
phases_selectable(void *st, int n)
{
	(void)st;
	(void)n;
	return (0);
}

static void
phases_done(void *st)
{
	free(st);
}

const struct pane_ops phases_pane_ops = {
	.name = "phases",
	.title = "Phases",
	.watch = WATCH_INCIDENT | WATCH_CHECKLIST,
	.open = phases_open,
	.refresh = phases_refresh,
	.draw_line = phases_draw,
	.selectable = phases_selectable,
	.done = phases_done,
};
