/*
 * Detail overlays.  The finding view lists the finding's fields, then
 * every event of its principal; Enter on one opens the event view: its
 * fields and the record as it arrived, pretty-printed by cJSON (which
 * escapes control characters as \uXXXX) and wrapped to the screen.
 * Every value is drawn through uiline_safe().
 */
#include "tui/ui.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/action.h"
#include "core/action_offer.h"
#include "core/eventstore.h"
#include "core/finding.h"
#include "core/jsonscan.h"
#include "core/safe.h"
#include "core/timeutil.h"
#include "core/util.h"

#define DETAIL_MAX_EVENTS 2000
#define DETAIL_LABEL_W 13

struct detail_row {
	const char	*label;		/* static, or NULL for a text row */
	char		*text;		/* original bytes, owned */
	size_t		 len;
	int		 role;
	int64_t		 event_row;	/* > 0: Enter opens this event */
};

struct detail_pane {
	struct ui_detail_arg	 arg;
	struct detail_row	*rows;
	int			 n, cap;
	int			 width;		/* wrap width */
	char			 principal[512];
};

static void *
detail_open(struct ui *ui, const void *arg)
{
	struct detail_pane *dp = xcalloc(1, sizeof *dp);

	(void)ui;
	if (arg != NULL)
		dp->arg = *(const struct ui_detail_arg *)arg;
	return (dp);
}

static void
detail_clear(struct detail_pane *dp)
{
	int i;

	for (i = 0; i < dp->n; i++)
		free(dp->rows[i].text);
	dp->n = 0;
}

static struct detail_row *
detail_push(struct detail_pane *dp, const char *label, const char *s,
    size_t len, int role)
{
	struct detail_row *r;

	if (dp->n == dp->cap) {
		dp->cap = dp->cap == 0 ? 64 : dp->cap * 2;
		dp->rows = xreallocarray(dp->rows, (size_t)dp->cap,
		    sizeof *dp->rows);
	}
	r = &dp->rows[dp->n++];
	r->label = label;
	r->text = xstrndup(s != NULL ? s : "", s != NULL ? len : 0);
	r->len = s != NULL ? len : 0;
	r->role = role;
	r->event_row = 0;
	return (r);
}

/* A line of our own words. */
static void
detail_note(struct detail_pane *dp, const char *s, int role)
{
	detail_push(dp, NULL, s, strlen(s), role);
}

static void
detail_field(struct detail_pane *dp, const char *label, const char *s)
{
	if (s != NULL && *s != '\0')
		detail_push(dp, label, s, strlen(s), ROLE_NORMAL);
}

/*
 * Bytes of s that fit in width visible columns, ending on a character
 * boundary so the piece escapes exactly as it would in place.
 */
static size_t
detail_fit(const char *s, size_t len, size_t width)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, w = 0, n, k, cw;

	while (i < len) {
		n = u[i] < 0xc0 ? 1 : u[i] < 0xe0 ? 2 : u[i] < 0xf0 ? 3 : 4;
		for (k = 1; k < n; k++)
			if (i + k >= len || (u[i + k] & 0xc0) != 0x80)
				break;
		n = k < n ? 1 : n;	/* invalid: one byte, one \xNN */
		cw = safe_width(s + i, n);
		if (w + cw > width && i > 0)
			break;
		w += cw;
		i += n;
	}
	return (i);
}

/*
 * A long text as several rows, split at newlines and at the width.
 * Prose breaks at a space in the row's second half; a record (ROLE_DIM)
 * keeps every byte, so it breaks at the width.
 */
static void
detail_wrapped(struct detail_pane *dp, const char *label, const char *s,
    size_t len, int role)
{
	size_t nl, piece, shown, width;

	width = dp->width > DETAIL_LABEL_W + 10 ? (size_t)dp->width -
	    DETAIL_LABEL_W - 2 : 40;
	while (len > 0) {
		nl = (const char *)memchr(s, '\n', len) != NULL ?
		    (size_t)((const char *)memchr(s, '\n', len) - s) : len;
		piece = shown = detail_fit(s, nl, width);
		if (piece < nl && role != ROLE_DIM) {
			while (shown > piece / 2 && s[shown] != ' ')
				shown--;
			if (s[shown] == ' ')
				piece = shown + 1;
			else
				shown = piece;
		}
		detail_push(dp, label, s, shown, role);
		label = "";
		s += piece;
		len -= piece;
		if (piece == nl && len > 0) {
			s++;	/* the newline itself */
			len--;
		}
	}
}

static int
detail_add_finding(const struct finding *f, void *arg)
{
	struct detail_pane *dp = arg;
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN * 2 + 8];

	strlcpy_wr(dp->principal, f->principal != NULL ? f->principal : "",
	    sizeof dp->principal);
	detail_field(dp, "Title", f->title);
	detail_field(dp, "Type", f->type);
	snprintf(b, sizeof b, "%s%s, severity %.1f, %s",
	    finding_level_name(f->p_level), (f->flags & FINDING_F_SAMPLE) ?
	    " [SAMPLE]" : "", f->severity, f->source);
	detail_field(dp, "Level", b);
	detail_field(dp, "Principal", f->principal);
	detail_field(dp, "Resource", f->resource);
	detail_field(dp, "Region", f->region);
	detail_field(dp, "Account", f->account);
	time_fmt_iso(f->first_seen, a, sizeof a);
	snprintf(b, sizeof b, "%s .. ", a);
	time_fmt_iso(f->last_seen, a, sizeof a);
	snprintf(b + strlen(b), sizeof b - strlen(b), "%s (x%lld)", a,
	    (long long)f->count);
	detail_field(dp, "Seen", b);
	detail_field(dp, "Status", f->status);
	if (f->description != NULL)
		detail_wrapped(dp, "Description", f->description,
		    strlen(f->description), ROLE_NORMAL);
	detail_push(dp, NULL, "", 0, ROLE_NORMAL);
	return (0);
}

static int
detail_add_event(const struct event_row *e, void *arg)
{
	struct detail_pane *dp = arg;
	struct detail_row *r;
	char when[TIME_ISO_LEN];
	struct buf b;

	buf_init(&b);
	time_fmt_iso(e->time_ms, when, sizeof when);
	buf_printf(&b, "%-20s %-28s %-15s %s%s%s", when,
	    e->event_name != NULL ? e->event_name : "",
	    e->source_ip != NULL ? e->source_ip : "",
	    e->region != NULL ? e->region : "",
	    e->error_code != NULL && *e->error_code ? " ERROR " : "",
	    e->error_code != NULL ? e->error_code : "");
	r = detail_push(dp, NULL, b.data, b.len, ROLE_NORMAL);
	r->event_row = e->row;
	buf_free(&b);
	return (0);
}

static int
detail_events(struct detail_pane *dp, struct ui *ui, struct wr_err *err)
{
	struct event_query q;
	char head[600];
	int before = dp->n;

	if (dp->principal[0] == '\0') {
		detail_note(dp, "No principal: showing the events linked to "
		    "this finding", ROLE_LABEL);
		return (eventstore_each_of_finding(ui->store,
		    dp->arg.finding_id, detail_add_event, dp, err));
	}
	snprintf(head, sizeof head, "Events by %s", dp->principal);
	detail_push(dp, NULL, head, strlen(head), ROLE_LABEL);
	event_query_init(&q, ui->incident_id);
	q.principal = dp->principal;
	q.limit = DETAIL_MAX_EVENTS;
	if (eventstore_each(ui->store, &q, detail_add_event, dp, err) == -1)
		return (-1);
	if (dp->n == before + 1)
		detail_note(dp, "  (none stored)", ROLE_DIM);
	if (dp->n - before - 1 == DETAIL_MAX_EVENTS)
		detail_note(dp, "  (the first 2000; warroom events "
		    "--principal lists them all)", ROLE_DIM);
	return (0);
}

struct detail_act_ctx {
	struct detail_pane		*dp;
	const struct action_offers	*offers;
	int				 n;
};

/* An action on one of the finding's resources, with where it is. */
static int
detail_add_action(const struct action_row *r, void *arg)
{
	struct detail_act_ctx *c = arg;
	char line[600];
	int i;

	for (i = 0; i < c->offers->n; i++)
		if (strcmp(c->offers->v[i].def->name, r->action) == 0 &&
		    strcmp(c->offers->v[i].resource, r->resource) == 0)
			break;
	if (i == c->offers->n)
		return (0);
	snprintf(line, sizeof line, "%lld %s %s: %s%s (asked by %s%s%s)%s%s",
	    (long long)r->id, r->action, r->resource, r->state,
	    r->verified ? ", verified" : "", r->requested_by,
	    r->approved_by[0] != '\0' ? ", approved by " : "", r->approved_by,
	    r->error[0] != '\0' ? ": " : "", r->error);
	detail_wrapped(c->dp, c->n++ == 0 ? "Actions" : "", line,
	    strlen(line), strcmp(r->state, "failed") == 0 ? ROLE_ERROR :
	    ROLE_NORMAL);
	return (0);
}

/* Containment on this finding's resources, as the store has it now. */
static int
detail_actions(struct detail_pane *dp, struct ui *ui, struct wr_err *err)
{
	struct action_offers offers;
	struct detail_act_ctx c;

	if (action_offer_of(ui->store, dp->arg.finding_id, &offers, err) == -1)
		return (-1);
	if (offers.n == 0)
		return (0);
	c.dp = dp;
	c.offers = &offers;
	c.n = 0;
	if (action_each(ui->store, ui->incident_id, detail_add_action, &c,
	    err) == -1)
		return (-1);
	if (c.n == 0)
		detail_note(dp, " c contains: the actions that fit this "
		    "finding", ROLE_DIM);
	detail_push(dp, NULL, "", 0, ROLE_NORMAL);
	return (0);
}

static int
detail_refresh(void *st, struct ui *ui)
{
	struct detail_pane *dp = st;
	struct wr_err err;
	char msg[512];

	detail_clear(dp);
	dp->width = ui->cols;
	dp->principal[0] = '\0';
	if (finding_get(ui->store, dp->arg.finding_id, detail_add_finding,
	    dp, &err) == -1 || detail_actions(dp, ui, &err) == -1 ||
	    detail_events(dp, ui, &err) == -1) {
		ui_error(ui, "detail: %s", wr_err_text(&err, msg,
		    sizeof msg));
		return (dp->n);
	}
	return (dp->n);
}

static void
detail_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct detail_pane *dp = st;
	struct detail_row *r = &dp->rows[n];

	(void)ui;
	uiline_add(l, ROLE_NORMAL, " ");
	if (r->label != NULL) {
		uiline_add(l, ROLE_LABEL, r->label);
		uiline_pad(l, DETAIL_LABEL_W + 1);
	} else if (r->event_row > 0)
		uiline_add(l, ROLE_NORMAL, "  ");
	uiline_safe(l, r->role, r->text, r->len);
}

static int
detail_selectable(void *st, int n)
{
	struct detail_pane *dp = st;

	return (n < dp->n && dp->rows[n].event_row > 0);
}

static int
detail_handle(void *st, struct ui *ui, int action, int sel)
{
	struct detail_pane *dp = st;
	struct ui_detail_arg arg;

	if (action == ACT_CONTAIN && dp->arg.finding_id > 0) {
		ui_contain_finding(ui, dp->arg.finding_id);
		return (UI_R_NONE);
	}
	if (action != ACT_DETAIL)
		return (UI_R_PASS);
	if (sel < 0 || sel >= dp->n || dp->rows[sel].event_row <= 0)
		return (UI_R_NONE);
	arg.finding_id = 0;
	arg.event_row = dp->rows[sel].event_row;
	ui_overlay_open(ui, &event_pane_ops, &arg);
	return (UI_R_NONE);
}

static void
detail_done(void *st)
{
	struct detail_pane *dp = st;

	detail_clear(dp);
	free(dp->rows);
	free(dp);
}

/*
 * cJSON indents with tabs; inside strings it writes \t, so every raw
 * tab is its own indentation.  One space each keeps the columns.
 */
static void
detail_untab(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\t')
			*s = ' ';
}

/* The event view: fields, then the record pretty-printed. */
static int
event_add(const struct event_row *e, void *arg)
{
	struct detail_pane *dp = arg;
	char when[TIME_ISO_LEN], *pretty = NULL;
	cJSON *doc;

	time_fmt_iso(e->time_ms, when, sizeof when);
	detail_field(dp, "Time", when);
	detail_field(dp, "Event", e->event_name);
	detail_field(dp, "Source", e->event_source);
	detail_field(dp, "Actor", e->actor);
	detail_field(dp, "Principal", e->principal);
	detail_field(dp, "Access key", e->access_key);
	detail_field(dp, "Source IP", e->source_ip);
	detail_field(dp, "Region", e->region);
	detail_field(dp, "Error", e->error_code);
	detail_field(dp, "Event ID", e->event_id);
	detail_push(dp, NULL, "", 0, ROLE_NORMAL);
	if (e->raw == NULL)
		return (0);
	/* cJSON's strings end at an escaped NUL: show those as they came. */
	doc = memmem(e->raw, e->raw_len, "\\u0000", 6) != NULL ? NULL :
	    json_parse_aws(e->raw, e->raw_len);
	if (doc != NULL)
		pretty = cJSON_Print(doc);
	if (pretty != NULL) {
		detail_untab(pretty);
		detail_wrapped(dp, "Record", pretty, strlen(pretty), ROLE_DIM);
	}
	else
		detail_wrapped(dp, "Record", e->raw, e->raw_len, ROLE_DIM);
	free(pretty);
	cJSON_Delete(doc);
	return (0);
}

static int
event_refresh(void *st, struct ui *ui)
{
	struct detail_pane *dp = st;
	struct wr_err err;
	char msg[512];

	detail_clear(dp);
	dp->width = ui->cols;
	if (eventstore_get(ui->store, dp->arg.event_row, event_add, dp,
	    &err) == -1)
		ui_error(ui, "event: %s", wr_err_text(&err, msg, sizeof msg));
	return (dp->n);
}

static const struct key_binding detail_keys[] = {
	{ 'q', ACT_BACK },
	{ 0, 0 }
};

const struct pane_ops detail_pane_ops = {
	.name = "detail",
	.title = "Finding detail",
	.watch = WATCH_FINDINGS | WATCH_EVENTS,
	.open = detail_open,
	.refresh = detail_refresh,
	.draw_line = detail_draw,
	.selectable = detail_selectable,
	.handle = detail_handle,
	.done = detail_done,
	.keys = detail_keys,
};

const struct pane_ops event_pane_ops = {
	.name = "event",
	.title = "Event detail",
	.watch = 0,
	.open = detail_open,
	.refresh = event_refresh,
	.draw_line = detail_draw,
	.selectable = NULL,
	.handle = NULL,
	.done = detail_done,
	.keys = detail_keys,
};
