/*
 * The findings pane: the incident's findings as core orders them (P-level,
 * then last seen, newest first).  Each row says its level in text, [P1]
 * to [P4], so it reads the same without colour; samples say [SAMPLE].
 * GuardDuty findings lead with their type, rule hits with their title.
 * Enter opens the detail overlay on the selected finding; c offers the
 * containment actions that fit it.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/timeutil.h"
#include "core/util.h"

struct findings_row {
	int64_t	 id;
	int	 p_level;
	int	 sample;
	int	 guardduty;
	int64_t	 last_seen;
	int64_t	 count;
	char	*type;
	char	*title;
	char	*principal;
};

struct findings_pane {
	struct findings_row	*rows;
	int			 n, cap;
};

static void *
findings_open(struct ui *ui, const void *arg)
{
	(void)ui;
	(void)arg;
	return (xcalloc(1, sizeof (struct findings_pane)));
}

static void
findings_clear(struct findings_pane *fp)
{
	int i;

	for (i = 0; i < fp->n; i++) {
		free(fp->rows[i].type);
		free(fp->rows[i].title);
		free(fp->rows[i].principal);
	}
	fp->n = 0;
}

/* Copies the row: the struct lives only during the callback. */
static int
findings_add(const struct finding *f, void *arg)
{
	struct findings_pane *fp = arg;
	struct findings_row *r;

	if (fp->n == fp->cap) {
		fp->cap = fp->cap == 0 ? 32 : fp->cap * 2;
		fp->rows = xreallocarray(fp->rows, (size_t)fp->cap,
		    sizeof *fp->rows);
	}
	r = &fp->rows[fp->n++];
	r->id = f->id;
	r->p_level = f->p_level;
	r->sample = (f->flags & FINDING_F_SAMPLE) != 0;
	r->guardduty = f->source != NULL && strcmp(f->source, "guardduty") == 0;
	r->last_seen = f->last_seen;
	r->count = f->count;
	r->type = xstrdup(f->type != NULL ? f->type : "");
	r->title = xstrdup(f->title != NULL ? f->title : "");
	r->principal = xstrdup(f->principal != NULL ? f->principal : "");
	return (0);
}

static int
findings_refresh(void *st, struct ui *ui)
{
	struct findings_pane *fp = st;
	struct wr_err err;
	char msg[512];

	findings_clear(fp);
	if (finding_each(ui->store, ui->incident_id, findings_add, fp,
	    &err) == -1) {
		ui_error(ui, "findings: %s", wr_err_text(&err, msg,
		    sizeof msg));
		return (-1);
	}
	return (fp->n == 0 ? 1 : fp->n);
}

static void
findings_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct findings_pane *fp = st;
	struct findings_row *r;
	char when[TIME_ISO_LEN];

	(void)ui;
	if (fp->n == 0) {
		uiline_add(l, ROLE_DIM, " no findings yet; ingest CloudTrail "
		    "or GuardDuty files (warroom ingest)");
		return;
	}
	r = &fp->rows[n];
	uiline_add(l, ROLE_NORMAL, " ");
	uiline_addf(l, r->sample ? ROLE_SAMPLE : theme_level_role(r->p_level),
	    "[P%d]", r->p_level);
	uiline_add(l, ROLE_SAMPLE, r->sample ? " [SAMPLE]" : "");
	time_fmt_short(r->last_seen, when, sizeof when);
	uiline_addf(l, ROLE_DIM, " %s ", when);
	if (r->count > 1)
		uiline_addf(l, ROLE_DIM, "x%lld ", (long long)r->count);
	/* Responders know GuardDuty findings by type; ours by title. */
	if (r->guardduty && r->type[0] != '\0') {
		uiline_safes(l, ROLE_NORMAL, r->type);
		uiline_add(l, ROLE_DIM, "  ");
		uiline_safes(l, ROLE_DIM, r->title);
	} else
		uiline_safes(l, ROLE_NORMAL, r->title[0] != '\0' ? r->title :
		    r->type);
	if (r->principal[0] != '\0') {
		uiline_add(l, ROLE_DIM, "  ");
		uiline_safes(l, ROLE_LABEL, r->principal);
	}
}

static int
findings_selectable(void *st, int n)
{
	struct findings_pane *fp = st;

	return (fp->n > 0 && n < fp->n);
}

static int
findings_handle(void *st, struct ui *ui, int action, int sel)
{
	struct findings_pane *fp = st;
	struct ui_detail_arg arg;

	if (action != ACT_DETAIL && action != ACT_CONTAIN)
		return (UI_R_PASS);
	if (sel < 0 || sel >= fp->n) {
		ui_notice(ui, "no finding selected");
		return (UI_R_NONE);
	}
	if (action == ACT_CONTAIN) {
		ui_contain_finding(ui, fp->rows[sel].id);
		return (UI_R_NONE);
	}
	arg.finding_id = fp->rows[sel].id;
	arg.event_row = 0;
	ui_overlay_open(ui, &detail_pane_ops, &arg);
	return (UI_R_NONE);
}

static void
findings_title(void *st, struct ui *ui, char *buf, size_t len)
{
	struct findings_pane *fp = st;

	(void)ui;
	snprintf(buf, len, "(%d)", fp->n);
}

static int64_t
findings_key(void *st, int n)
{
	struct findings_pane *p = st;

	return (n >= 0 && n < p->n ? p->rows[n].id : 0);
}

static void
findings_done(void *st)
{
	struct findings_pane *fp = st;

	findings_clear(fp);
	free(fp->rows);
	free(fp);
}

const struct pane_ops findings_pane_ops = {
	.name = "findings",
	.title = "Findings",
	.watch = WATCH_FINDINGS,
	.open = findings_open,
	.refresh = findings_refresh,
	.draw_line = findings_draw,
	.selectable = findings_selectable,
	.handle = findings_handle,
	.done = findings_done,
	.line_key = findings_key,
	.title_extra = findings_title,
};
