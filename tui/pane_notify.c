/*
 * The breach-notification view ('n'): the questions in the order they
 * are reached with their current answers, then every obligation with a
 * live countdown coloured by urgency (overdue, under 12 h, under 24 h,
 * later), the regime's source and an [UNVERIFIED] mark where no second
 * source was found.  Answers are given with `warroom notify`; the view
 * re-reads on every commit.  Also the header field: nearest deadline.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tui/cmd.h"

#define NP_MAX_Q	96
#define NP_MAX_OB	96
#define HOUR_MS		(3600 * 1000LL)

struct np_question {
	const struct notify_question	*q;
	char				 answer[128];	/* "" = open */
	int				 open;
};

struct notify_pane {
	struct np_question	  q[NP_MAX_Q];
	int			  nq;
	struct notify_obligation  ob[NP_MAX_OB];
	int			  nob;
	char			  zone[NOTIFY_ZONE_LEN];
	int			  first_ob;	/* line of the first one */
};

/* The tree, loaded once for the console's life. */
static const struct notify_tree *
np_tree(struct ui *ui)
{
	static struct notify_tree *tree;
	static int tried;
	struct wr_err err;
	char *dir;

	if (tree != NULL || tried)
		return (tree);
	tried = 1;
	dir = cmd_data_path("notification");
	if (notify_tree_load_dir(dir, &tree, &err) == -1 && ui != NULL)
		ui_error(ui, "notification tree: %s: %s", err.where, err.msg);
	free(dir);
	return (tree);
}

/* overdue, under 12 h, under 24 h, later. */
static int
np_urgency_role(int64_t left)
{
	if (left < 0)
		return (ROLE_OVERDUE);
	if (left < 12 * HOUR_MS)
		return (ROLE_P2);
	if (left < 24 * HOUR_MS)
		return (ROLE_P3);
	return (ROLE_P4);
}

static int
np_open_deadline(const struct notify_obligation *ob)
{
	return (ob->deadline != TIME_NONE && ob->sent_at == TIME_NONE &&
	    ob->status != NOTIFY_NOT_REQUIRED);
}

/* "2d 04h 10m" or "05:59:12": seconds show while under a day. */
static char *
np_fmt_left(int64_t ms, char *buf, size_t len)
{
	int64_t s = ms / 1000;

	if (s >= 86400)
		snprintf(buf, len, "%lldd %02lldh %02lldm",
		    (long long)(s / 86400), (long long)(s % 86400 / 3600),
		    (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%02lld:%02lld:%02lld",
		    (long long)(s / 3600), (long long)(s % 3600 / 60),
		    (long long)(s % 60));
	return (buf);
}

static void *
np_open(struct ui *ui, const void *arg)
{
	struct notify_pane *np = xcalloc(1, sizeof *np);
	int bad;

	(void)arg;
	notify_display_zone(np->zone, sizeof np->zone, &bad);
	if (bad)
		ui_notice(ui, "TZ names no known zone: local times in UTC");
	np_tree(ui);
	return (np);
}

static int
np_take_question(const struct notify_question *q, const char *a,
    int open, void *arg)
{
	struct notify_pane *np = arg;
	struct np_question *e;

	if (np->nq == NP_MAX_Q)
		return (1);
	e = &np->q[np->nq++];
	e->q = q;
	strlcpy_wr(e->answer, a != NULL ? a : "", sizeof e->answer);
	e->open = open;
	return (0);
}

static int
np_take_ob(const struct notify_obligation *ob, void *arg)
{
	struct notify_pane *np = arg;

	if (np->nob == NP_MAX_OB)
		return (1);
	np->ob[np->nob++] = *ob;
	return (0);
}

/* Lines: disclaimer, blank, "Questions", q..., blank, "Obligations", ob x2 */
static int
np_refresh(void *st, struct ui *ui)
{
	struct notify_pane *np = st;
	const struct notify_tree *t = np_tree(ui);
	struct wr_err err;
	char msg[WR_ERR_MSG_LEN + WR_ERR_WHERE_LEN];

	np->nq = np->nob = 0;
	if (t != NULL && (notify_each_question(ui->store, t,
	    ui->incident_id, np_take_question, np, &err) == -1 ||
	    notify_each_obligation(ui->store, t, ui->incident_id,
	    time_now_ms(), np_take_ob, np, &err) == -1)) {
		ui_error(ui, "%s", wr_err_text(&err, msg, sizeof msg));
		return (-1);
	}
	np->first_ob = 3 + np->nq + 2;
	return (np->first_ob + (np->nob > 0 ? 2 * np->nob : 1));
}

static void
np_draw_question(const struct np_question *e, struct ui_line *l)
{
	uiline_add(l, ROLE_NORMAL, "  ");
	uiline_add(l, ROLE_DIM, e->q->id);
	uiline_pad(l, 21);
	uiline_add(l, e->answer[0] == '\0' ? ROLE_NOTICE : ROLE_DONE,
	    e->answer[0] == '\0' ? "(to answer)" : e->answer);
	if (e->open)
		uiline_add(l, ROLE_NOTICE, " (open)");
	uiline_add(l, ROLE_NORMAL, "  ");
	uiline_pad(l, 36);
	uiline_add(l, ROLE_NORMAL, e->q->text);
}

static void
np_draw_count(const struct notify_obligation *ob, int64_t now,
    struct ui_line *l)
{
	char d[32];

	if (ob->sent_at != TIME_NONE) {
		uiline_add(l, ob->status == NOTIFY_SENT_LATE ? ROLE_P3 :
		    ROLE_DONE, notify_status_name(ob->status));
	} else if (ob->status == NOTIFY_NOT_REQUIRED) {
		uiline_add(l, ROLE_DIM, "not required");
	} else if (ob->deadline != TIME_NONE) {
		if (ob->deadline < now)
			uiline_addf(l, ROLE_OVERDUE, "OVERDUE %s",
			    np_fmt_left(now - ob->deadline, d, sizeof d));
		else
			uiline_add(l, np_urgency_role(ob->deadline - now),
			    np_fmt_left(ob->deadline - now, d, sizeof d));
	} else if (*ob->start == '\0') {
		uiline_add(l, ROLE_DIM, "record");
	} else if (ob->start_at == TIME_NONE) {
		uiline_add(l, ROLE_PENDING, "pending");
	} else
		uiline_add(l, ROLE_NOTICE, "ASAP");
}

/* The second the header shows, so pane and header agree. */
static int64_t
np_now(const struct ui *ui)
{
	return (ui->shown_second != 0 ? ui->shown_second * 1000 :
	    time_now_ms());
}

static void
np_draw_ob(struct notify_pane *np, struct ui *ui, int k, int second,
    struct ui_line *l)
{
	const struct notify_obligation *ob = &np->ob[k];
	char u[TIME_ISO_LEN], loc[64];

	if (!second) {
		uiline_add(l, ROLE_NORMAL, "  ");
		np_draw_count(ob, np_now(ui), l);
		uiline_pad(l, 18);
		uiline_add(l, ROLE_LABEL, ob->regime);
		uiline_add(l, ROLE_NORMAL, " ");
		uiline_add(l, ROLE_NORMAL, ob->recipient);
		return;
	}
	uiline_add(l, ROLE_NORMAL, "    ");
	uiline_add(l, ROLE_DIM, ob->id);
	uiline_add(l, ROLE_NORMAL, " ");
	if (!ob->verified)
		uiline_add(l, ROLE_NOTICE, "[UNVERIFIED] ");
	if (ob->deadline != TIME_NONE)
		uiline_addf(l, ROLE_NORMAL, "due %s (%s) ",
		    time_fmt_iso(ob->deadline, u, sizeof u),
		    notify_fmt_local(np->zone, ob->deadline, loc, sizeof loc));
	else if (*ob->start != '\0' && ob->start_at == TIME_NONE)
		uiline_addf(l, ROLE_PENDING, "record '%s' to start ",
		    ob->start);
	uiline_addf(l, ROLE_DIM, "%s, from %s", ob->mode,
	    *ob->start ? ob->start : "-");
	if (ob->sent_at != TIME_NONE) {
		uiline_add(l, ROLE_DIM, "; sent to ");
		uiline_safes(l, ROLE_DIM, ob->sent_to);
		uiline_add(l, ROLE_DIM, " ref ");
		uiline_safes(l, ROLE_DIM, ob->ref);
	}
}

static void
np_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct notify_pane *np = st;

	if (n == 0) {
		uiline_add(l, ROLE_NOTICE, " " NOTIFY_DISCLAIMER);
		return;
	}
	if (n == 2) {
		uiline_add(l, ROLE_TITLE, " Questions");
		return;
	}
	if (n >= 3 && n < 3 + np->nq) {
		np_draw_question(&np->q[n - 3], l);
		return;
	}
	if (n == np->first_ob - 1) {
		uiline_addf(l, ROLE_TITLE, " Obligations, soonest first "
		    "(UTC and %s)", np->zone);
		return;
	}
	if (n >= np->first_ob && np->nob == 0) {
		uiline_add(l, ROLE_DIM, "  none yet: answer the questions "
		    "(warroom notify answer Q A)");
		return;
	}
	if (n >= np->first_ob)
		np_draw_ob(np, ui, (n - np->first_ob) / 2,
		    (n - np->first_ob) % 2, l);
}

static int
np_selectable(void *st, int n)
{
	struct notify_pane *np = st;

	return ((n >= 3 && n < 3 + np->nq) ||
	    (n >= np->first_ob && (n - np->first_ob) % 2 == 0 &&
	    np->nob > 0));
}

/* Countdowns move every second while some deadline is open. */
static int
np_tick(void *st, struct ui *ui)
{
	struct notify_pane *np = st;
	int i;

	(void)ui;
	for (i = 0; i < np->nob; i++)
		if (np_open_deadline(&np->ob[i]))
			return (1);
	return (0);
}

static void
np_title_extra(void *st, struct ui *ui, char *buf, size_t len)
{
	struct notify_pane *np = st;
	int i, open = 0;

	(void)ui;
	for (i = 0; i < np->nob; i++)
		open += np_open_deadline(&np->ob[i]);
	snprintf(buf, len, "%d open deadline%s", open,
	    open == 1 ? "" : "s");
}

/* Enter: how to answer a question; an obligation's source. */
static int
np_handle(void *st, struct ui *ui, int action, int sel)
{
	struct notify_pane *np = st;
	const struct notify_question *q;
	const struct notify_obligation *ob;
	char choices[256];
	size_t i, n = 0;

	if (action != ACT_DETAIL || sel < 0)
		return (UI_R_PASS);
	if (sel >= 3 && sel < 3 + np->nq) {
		q = np->q[sel - 3].q;
		choices[0] = '\0';
		for (i = 0; i < q->nch && n < sizeof choices; i++)
			n += (size_t)snprintf(choices + n, sizeof choices - n,
			    "%s%s", i ? q->kind == NOTIFY_Q_COUNT ? ", " :
			    "|" : "", q->ch[i].id);
		ui_notice(ui, "warroom notify answer %s %s%s", q->id,
		    q->kind == NOTIFY_Q_COUNT ? "N   ranges: " : "", choices);
		return (UI_R_NONE);
	}
	if (sel >= np->first_ob && np->nob > 0) {
		ob = &np->ob[(sel - np->first_ob) / 2];
		ui_notice(ui, "%s%s, checked %s: %s", ob->verified ? "" :
		    "UNVERIFIED ", ob->regime, ob->checked, ob->source);
		return (UI_R_NONE);
	}
	return (UI_R_PASS);
}

static void
np_done(void *st)
{
	free(st);
}

const struct pane_ops notify_pane_ops = {
	.name = "notify",
	.title = "Breach notification",
	.watch = WATCH_ALL,
	.open = np_open,
	.refresh = np_refresh,
	.draw_line = np_draw,
	.selectable = np_selectable,
	.handle = np_handle,
	.done = np_done,
	.tick = np_tick,
	.title_extra = np_title_extra,
};

/* Header: "notify 05:59:12 o_certin_6h", coloured by urgency. */
void
notify_header_field(struct ui *ui, struct ui_line *l)
{
	const struct notify_tree *t = np_tree(NULL);
	struct notify_obligation ob;
	struct wr_err err;
	int64_t now = np_now(ui);
	char d[32];

	if (t == NULL || notify_nearest(ui->store, t, ui->incident_id, now,
	    &ob, &err) != 1)
		return;
	uiline_add(l, ROLE_LABEL, "notify ");
	if (ob.deadline < now)
		uiline_addf(l, ROLE_OVERDUE, "OVERDUE %s",
		    np_fmt_left(now - ob.deadline, d, sizeof d));
	else
		uiline_add(l, np_urgency_role(ob.deadline - now),
		    np_fmt_left(ob.deadline - now, d, sizeof d));
	uiline_add(l, ROLE_NORMAL, " ");
	uiline_add(l, ROLE_DIM, ob.id);
}
