/*
 * The record as plain text laid out for print: 80 columns, pages of
 * TX_PAGE lines with a header and a numbered footer, form feeds between
 * pages, no colour.  Lines are collected first (wrapped by display
 * width), then cut into pages.  Strings are already in visible form, so
 * no control character can reach the printer.
 */
#include "core/report_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/safe.h"
#include "core/util.h"

#define TX_COLS		80
#define TX_PAGE		60	/* lines per page, header and footer too */
#define TX_BODY		(TX_PAGE - 4)

struct tx_line {
	char	*s;
	int	 keep;		/* a heading: keep with the lines after it */
};

struct tx {
	struct tx_line	*v;
	int		 n;
};

static void
tx_push(struct tx *t, const char *s, size_t len, int keep)
{
	struct tx_line *l = RP_PUSH(t->v, t->n);

	l->s = xstrndup(s, len);
	l->keep = keep;
}

static size_t
u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return (4);
	if (c >= 0xe0)
		return (c < 0xf0 ? 3 : 1);
	return (c >= 0xc0 ? 2 : 1);
}

/* Word-wrap s at TX_COLS; lines after the first start with hang spaces. */
static void
tx_wrap(struct tx *t, int hang, const char *s)
{
	size_t i = 0, start = 0, brk = 0, n = strlen(s);
	size_t w = 0, cw, len;
	struct buf b;

	buf_init(&b);
	while (i < n) {
		len = u8len((unsigned char)s[i]);
		if (i + len > n)
			len = n - i;
		/* Visible form: an ASCII byte is one printable column. */
		cw = len == 1 ? 1 : safe_width(s + i, len);
		if (s[i] == ' ' && i > start)
			brk = i;
		if (w + cw > TX_COLS && i > start) {
			size_t cut = brk > start ? brk : i;

			buf_add(&b, s + start, cut - start);
			tx_push(t, b.data, b.len, 0);
			buf_reset(&b);
			for (start = cut; start < n && s[start] == ' '; start++)
				;
			buf_printf(&b, "%*s", hang, "");
			i = start;
			w = (size_t)hang;
			brk = 0;
			continue;
		}
		w += cw;
		i += len;
	}
	buf_add(&b, s + start, n - start);
	tx_push(t, b.data, b.len, 0);
	buf_free(&b);
}

static void tx_f(struct tx *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
tx_f(struct tx *t, int hang, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		fatal("out of memory");
	va_end(ap);
	tx_wrap(t, hang, s);
	free(s);
}

/* Keep lines from..end together on one page (an entry of a list). */
static void
tx_keep(struct tx *t, int from)
{
	for (; from < t->n - 1; from++)
		t->v[from].keep = 1;
}

static void
tx_blank(struct tx *t)
{
	tx_push(t, "", 0, 0);
}

static void
tx_heading(struct tx *t, const char *title, char under)
{
	char rule[TX_COLS + 1];
	size_t n = strlen(title);

	if (n > TX_COLS)
		n = TX_COLS;
	tx_blank(t);
	t->v[t->n - 1].keep = 1;
	tx_push(t, title, n, 1);
	memset(rule, under, n);
	tx_push(t, rule, n, 1);
}

/* "  Label ........ value", the value wrapped under itself. */
static void
tx_kv(struct tx *t, const char *label, const char *value)
{
	tx_f(t, 20, "  %-17s %s", label, value);
}

static void
tx_summary(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	tx_f(t, 0, "INCIDENT RECORD: incident %lld", (long long)r->id);
	if (r->exercise)
		tx_f(t, 0, "*** EXERCISE: this incident is a drill; nothing in "
		    "it happened for real. ***");
	tx_heading(t, "Summary", '=');
	tx_kv(t, "Title", r->title);
	tx_kv(t, "Type", r->type);
	tx_kv(t, "Status", r->closed ? "closed" : "open");
	tx_kv(t, "Phase", phase_name(r->phase));
	tx_kv(t, "P-level", finding_level_name(r->p_level));
	tx_f(t, 20, "  %-17s %s by %s", "Opened", rp_time(r->created_at, a),
	    r->created_by);
	tx_f(t, 20, "  %-17s %s (the last audit row)", "Record as of",
	    rp_time(r->as_of, a));
	tx_f(t, 20, "  %-17s UTC; the local zone here is %s", "Times",
	    r->zone);
	tx_heading(t, "P-level history", '-');
	if (r->nlevels == 0)
		tx_f(t, 2, "  No change from the opening level.");
	for (i = 0; i < r->nlevels; i++)
		tx_f(t, 4, "  %s  %s -> %s  by %s", rp_time(r->levels[i].at, a),
		    r->levels[i].before, r->levels[i].after, r->levels[i].by);
}

static void
tx_people(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Commanders", '-');
	for (i = 0; i < r->nroles; i++) {
		if (strcmp(r->roles[i].after, "commander") == 0)
			tx_f(t, 4, "  %s  %s (named by %s)",
			    rp_time(r->roles[i].at, a), r->roles[i].who,
			    r->roles[i].by);
	}
	tx_heading(t, "Participants", '-');
	for (i = 0; i < r->npeople; i++)
		tx_f(t, 4, "  %-20s %-10s since %s", r->people[i].name,
		    r->people[i].role, rp_time(r->people[i].since, a));
}

static void
tx_times(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Key times", '=');
	for (i = 0; i < RP__KEYS; i++)
		if (rp_key_shown(r, i))
			tx_f(t, 27, "  %-22s %-21s  %s", rp_key_title(i),
			    rp_time(r->key[i], a), rp_key_basis(i));
	tx_heading(t, "Metrics", '-');
	for (i = 0; i < RP__METRICS; i++)
		tx_f(t, 4, "  %-45s %s", rp_metric_title(i),
		    rp_dur(r->metric[i], a));
	tx_f(t, 2, "  Time in each phase:");
	for (i = 0; i < PHASE__COUNT; i++)
		tx_f(t, 4, "    %-20s %s", phase_name(i),
		    rp_dur(r->in_phase[i], a));
	tx_heading(t, "Phases", '-');
	for (i = 0; i < r->nphases; i++)
		tx_f(t, 4, "  %-15s %s to %s  by %s",
		    phase_name(r->phases[i].phase), rp_time(r->phases[i].at, a),
		    rp_time(r->phases[i].until, b), r->phases[i].by);
}

static void
tx_findings(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i, k, n = 0;

	tx_heading(t, "Findings", '=');
	for (i = 0; i < r->nfindings; i++) {
		const struct rp_finding *f = &r->findings[i];

		if (f->sample)
			continue;
		if (n++ > 0)
			tx_blank(t);
		k = t->n;
		tx_f(t, 4, "%s  %s  %s", finding_level_name(f->p_level),
		    f->source, f->type);
		tx_f(t, 4, "    %s", f->title);
		if (*f->principal != '\0')
			tx_f(t, 16, "    principal   %s", f->principal);
		if (*f->resource != '\0')
			tx_f(t, 16, "    resource    %s", f->resource);
		tx_f(t, 16, "    seen        %s to %s, count %lld",
		    rp_time(f->first_seen, a), rp_time(f->last_seen, b),
		    (long long)f->count);
		tx_keep(t, k);
	}
	if (n == 0)
		tx_f(t, 2, "  None.");
}

static void
tx_inv(struct tx *t, const struct rp_inv *v)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	tx_blank(t);
	tx_f(t, 4, "  %s", v->principal);
	tx_f(t, 4, "    %d events, %s to %s", v->nev, rp_time(v->since, a),
	    rp_time(v->until, b));
	for (i = 0; i < INV__COUNT; i++)
		tx_f(t, 6, "    %-34s %d", inv_group_title(i), v->count[i]);
	for (i = 0; i < v->nsessions; i++)
		tx_f(t, 8, "    session obtained: %s", v->sessions[i]);
	for (i = 0; i < v->nitems; i++)
		tx_f(t, 8, "    %-9s %s %s (%s at %s)", v->items[i].kind,
		    v->items[i].what, v->items[i].resource,
		    v->items[i].event_name, rp_time(v->items[i].at, a));
}

static void
tx_investigation(struct tx *t, const struct report *r)
{
	int i;

	tx_heading(t, "Investigation", '=');
	tx_f(t, 0, "For each principal a real finding names: what it did in "
	    "the default window, and what the evidence says to remove and "
	    "rotate.");
	if (r->ninvs == 0)
		tx_f(t, 2, "  No principal is named by a real finding.");
	for (i = 0; i < r->ninvs; i++)
		tx_inv(t, &r->invs[i]);
}

static void
tx_checklist(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i, k, phase = -1;

	tx_heading(t, "Checklist", '=');
	tx_f(t, 0, "%d of %d items done; %d stayed open.",
	    r->nitems - r->nopen, r->nitems, r->nopen);
	for (i = 0; i < r->nitems; i++) {
		const struct rp_item *it = &r->items[i];

		if (it->phase != phase) {
			phase = it->phase;
			tx_heading(t, phase_name(phase), '-');
		}
		k = t->n;
		tx_f(t, 10, "[%c] #%-4lld %s%s%s%s", it->done ? 'x' : ' ',
		    (long long)it->id, it->text, *it->resource != '\0' ?
		    " (" : "", it->resource, *it->resource != '\0' ? ")" : "");
		if (it->done)
			tx_f(t, 10, "          done by %s at %s", it->done_by,
			    rp_time(it->done_at, a));
		else
			tx_f(t, 10, "          OPEN%s%s",
			    *it->assignee != '\0' ? ", assigned to " : "",
			    it->assignee);
		tx_keep(t, k);
	}
}

/* "TIME by WHO", or "-" when it never happened. */
static void
tx_when(struct tx *t, const char *label, int64_t at, const char *by)
{
	char a[TIME_ISO_LEN];

	if (at == TIME_NONE)
		tx_f(t, 16, "    %-11s -", label);
	else
		tx_f(t, 16, "    %-11s %s by %s", label, rp_time(at, a),
		    *by != '\0' ? by : "-");
}

static void
tx_action(struct tx *t, const struct rp_action *x)
{
	char a[TIME_ISO_LEN];

	tx_f(t, 4, "#%-4lld %s  %s", (long long)x->id, x->action,
	    x->resource);
	tx_f(t, 16, "    %-11s %s", "region", *x->region != '\0' ?
	    x->region : "-");
	tx_f(t, 16, "    %-11s %s", "state", x->state);
	tx_when(t, "requested", x->requested_at, x->requested_by);
	tx_when(t, "approved", x->approved_at, x->approved_by);
	tx_f(t, 16, "    %-11s %s", "AWS request", *x->request_id != '\0' ?
	    x->request_id : "-");
	if (x->verified)
		tx_f(t, 16, "    %-11s yes, %s; read back: %s", "verified",
		    rp_time(x->verified_at, a), *x->read_back != '\0' ?
		    x->read_back : "-");
	else
		tx_f(t, 16, "    %-11s no", "verified");
	if (*x->error != '\0')
		tx_f(t, 16, "    %-11s %s", "error", x->error);
	if (x->undone_at != TIME_NONE)
		tx_when(t, "undone", x->undone_at, x->undone_by);
	if (x->item_id > 0)
		tx_f(t, 16, "    %-11s #%lld %s", "checklist",
		    (long long)x->item_id, x->item_text);
}

static void
tx_actions(struct tx *t, const struct report *r)
{
	int i, k;

	tx_heading(t, "Containment actions", '=');
	if (r->nactions == 0)
		tx_f(t, 2, "  None.");
	for (i = 0; i < r->nactions; i++) {
		if (i > 0)
			tx_blank(t);
		k = t->n;
		tx_action(t, &r->actions[i]);
		tx_keep(t, k);
	}
}

static const char *
met_word(int met)
{
	return (met == 1 ? "met" : met == 0 ? "MISSED" : "-");
}

static void
tx_obligation(struct tx *t, const struct rp_obligation *ob)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];

	tx_blank(t);
	tx_f(t, 4, "  %s  (%s: %s)", ob->id, ob->regime, ob->regime_name);
	tx_f(t, 16, "    to        %s", ob->recipient);
	tx_f(t, 16, "    status    %s, mode %s", ob->status, ob->mode);
	if (*ob->start != '\0')
		tx_f(t, 16, "    clock     from %s at %s", ob->start,
		    rp_time(ob->start_at, a));
	tx_f(t, 16, "    deadline  %s  deadline met: %s",
	    rp_time(ob->deadline, a), met_word(ob->met));
	if (ob->sent_at != TIME_NONE)
		tx_f(t, 16, "    sent      %s to %s by %s via %s, ref %s",
		    rp_time(ob->sent_at, b), ob->sent_to, ob->sent_by,
		    ob->channel, ob->ref);
}

static void
tx_notify(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Notification decisions", '=');
	if (!r->notify_loaded) {
		tx_f(t, 0, "The notification rules were not loaded.");
		return;
	}
	tx_f(t, 0, "Guidance, not legal advice.");
	tx_heading(t, "Start events", '-');
	for (i = 0; i < r->nstarts; i++)
		tx_f(t, 4, "  %s  %s by %s: %s", rp_time(r->starts[i].at, a),
		    r->starts[i].event, r->starts[i].by, r->starts[i].why);
	tx_heading(t, "Answers", '-');
	for (i = 0; i < r->nanswers; i++) {
		const struct rp_answer *an = &r->answers[i];

		tx_f(t, 4, "  %s  %s", rp_time(an->at, a), *an->text != '\0' ?
		    an->text : an->question);
		tx_f(t, 6, "    answer %s%s%s by %s%s%s", an->answer,
		    *an->previous != '\0' ? " (was " : "", *an->previous !=
		    '\0' ? an->previous : "", an->by, *an->why != '\0' ?
		    ": " : "", an->why);
	}
	tx_heading(t, "Obligations and notices", '-');
	for (i = 0; i < r->nobls; i++)
		tx_obligation(t, &r->obls[i]);
}

static void
tx_notes(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Notes", '=');
	if (r->nnotes == 0)
		tx_f(t, 2, "  None.");
	for (i = 0; i < r->nnotes; i++)
		tx_f(t, 4, "  %s  %s%s%s: %s", rp_time(r->notes[i].at, a),
		    r->notes[i].by, *r->notes[i].target != '\0' ? " on " : "",
		    r->notes[i].target, r->notes[i].text);
}

static void
tx_event(struct tx *t, const struct rp_event *e, char *day)
{
	char a[TIME_ISO_LEN];
	const char *iso = rp_time(e->time_ms, a), *clock = iso;
	int k;

	if (e->time_ms == TIME_NONE)
		clock = "(untimed)";
	else if (strncmp(day, iso, 10) != 0) {
		snprintf(day, 11, "%.10s", iso);
		tx_heading(t, day, '-');
	}
	if (e->time_ms != TIME_NONE)
		clock = iso + 11;
	k = t->n;
	tx_f(t, 16, "%-13s %c %-27s %s", clock, e->same ? '=' : ' ', e->name,
	    e->event_id);
	tx_f(t, 16, "                by %s from %s in %s%s%s", e->actor,
	    *e->source_ip != '\0' ? e->source_ip : "-", *e->region != '\0' ?
	    e->region : "-", *e->error != '\0' ? ", error " : "", e->error);
	tx_keep(t, k);
}

static void
tx_events(struct tx *t, const struct report *r)
{
	char day[11] = "";
	int i;

	tx_heading(t, "Event timeline", '=');
	tx_f(t, 0, "%d events.  %s", r->nevents, rp_order_note);
	for (i = 0; i < r->nevents; i++)
		tx_event(t, &r->events[i], day);
}

static void
tx_audit(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN], c[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Audit log", '=');
	tx_f(t, 0, "Each row: recorded (when written), happened, discovered.");
	for (i = 0; i < r->naudit; i++) {
		const struct rp_audit *x = &r->audit[i];
		int k = t->n;

		tx_f(t, 8, "#%-5lld %s  %s%s%s%s  %s", (long long)x->id,
		    rp_time(x->recorded, a), x->actor, *x->addr != '\0' ?
		    " (" : "", x->addr, *x->addr != '\0' ? ")" : "",
		    x->action);
		tx_f(t, 8, "       happened %s  discovered %s",
		    rp_time(x->happened, b), rp_time(x->discovered, c));
		if (*x->target != '\0')
			tx_f(t, 15, "       target %s", x->target);
		if (*x->before != '\0')
			tx_f(t, 15, "       before %s", x->before);
		if (*x->after != '\0')
			tx_f(t, 15, "       after  %s", x->after);
		tx_keep(t, k);
	}
}

static void
tx_tail(struct tx *t, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	tx_heading(t, "Playbooks", '=');
	for (i = 0; i < r->nplaybooks; i++) {
		const struct rp_playbook *p = &r->playbooks[i];

		tx_f(t, 4, "  %s %s  attached %s by %s%s", p->id, p->version,
		    rp_time(p->at, a), p->by, p->dropped ? ", dropped" : "");
		if (*p->reason != '\0')
			tx_f(t, 6, "    why: %s", p->reason);
	}
	tx_heading(t, "Test data", '=');
	tx_f(t, 0, "GuardDuty sample findings, kept out of the findings and "
	    "counts above:");
	for (i = 0; i < r->nfindings; i++) {
		if (r->findings[i].sample)
			tx_f(t, 4, "  [SAMPLE] %s (%s)", r->findings[i].type,
			    r->findings[i].ext_id);
	}
	tx_heading(t, "Integrity", '=');
	if (r->chain_ok) {
		tx_f(t, 0, "Audit log: %lld rows.  Final hash:",
		    (long long)r->chain_rows);
		tx_f(t, 0, "  %s", r->head);
		tx_f(t, 0, "Check it against the store with `warroom verify "
		    "--incident %lld`; it prints the same hash when nothing "
		    "was rewritten.", (long long)r->id);
	} else
		tx_f(t, 0, "THE AUDIT LOG'S HASH CHAIN IS BROKEN AT ROW %lld. "
		    " Run `warroom verify --incident %lld`.",
		    (long long)r->chain_bad, (long long)r->id);
}

/* "left ... right" in TX_COLS, left cut (by width) to make room. */
static void
tx_edge(FILE *o, const char *left, const char *right)
{
	size_t wr = strlen(right), room = TX_COLS - wr - 1, w = 0, i = 0;
	size_t len, n = strlen(left);

	while (i < n) {
		len = u8len((unsigned char)left[i]);
		if (i + len > n || w + safe_width(left + i, len) > room)
			break;
		w += safe_width(left + i, len);
		i += len;
	}
	fprintf(o, "%.*s%*s%s\n", (int)i, left, (int)(TX_COLS - w - wr), "",
	    right);
}

static void
tx_page_top(FILE *o, const struct report *r, const char *title)
{
	static const char rule[] = "----------------------------------------"
	    "----------------------------------------";

	tx_edge(o, title, r->exercise ? "EXERCISE" : r->closed ? "closed" :
	    "open");
	fprintf(o, "%s\n", rule);
}

static void
tx_page_foot(FILE *o, const struct report *r, int page, int pages)
{
	char left[96], right[48];

	snprintf(left, sizeof left, "%sfinal hash %.16s...",
	    r->exercise ? "EXERCISE  " : "", r->chain_ok ? r->head :
	    "(chain broken)");
	snprintf(right, sizeof right, "page %d of %d", page, pages);
	fputc('\n', o);
	tx_edge(o, left, right);
}

/* Where the page starting at line i ends: not right after a heading. */
static int
tx_page_end(const struct tx *t, int i)
{
	int end = i + TX_BODY, j;

	if (end >= t->n)
		return (t->n);
	for (j = end; j > i + TX_BODY / 2 && t->v[j - 1].keep; j--)
		;
	return (j);
}

static void
tx_print(FILE *o, const struct report *r, const struct tx *t)
{
	char title[INCIDENT_TITLE_LEN * 4 + 64];
	int i, end, page = 0, pages = 0, j;

	for (i = 0; i < t->n; i = tx_page_end(t, i))
		pages++;
	snprintf(title, sizeof title, "Incident %lld: %s", (long long)r->id,
	    r->title);
	for (i = 0; i < t->n; i = end) {
		end = tx_page_end(t, i);
		if (page++ > 0)
			fputc('\f', o);
		tx_page_top(o, r, title);
		for (j = i; j < end; j++)
			fprintf(o, "%s\n", t->v[j].s);
		for (; j < i + TX_BODY; j++)
			fputc('\n', o);
		tx_page_foot(o, r, page, pages);
	}
}

int
report_txt(const struct report *r, FILE *o)
{
	struct tx t = { NULL, 0 };
	int i;

	tx_summary(&t, r);
	tx_people(&t, r);
	tx_times(&t, r);
	tx_findings(&t, r);
	tx_investigation(&t, r);
	tx_checklist(&t, r);
	tx_actions(&t, r);
	tx_notify(&t, r);
	tx_notes(&t, r);
	tx_events(&t, r);
	tx_audit(&t, r);
	tx_tail(&t, r);
	tx_print(o, r, &t);
	for (i = 0; i < t.n; i++)
		free(t.v[i].s);
	free(t.v);
	return (ferror(o) ? -1 : 0);
}
