/*
 * The record as one self-contained HTML page (no script, no outside
 * resource) with print CSS: page margins, page numbers and, for an
 * exercise, the EXERCISE mark in every page's margin.  Every string is
 * HTML-escaped after its visible form.
 */
#include "core/report_int.h"

#include <string.h>

#include "core/finding.h"

static void
h(FILE *o, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': fputs("&amp;", o); break;
		case '<': fputs("&lt;", o); break;
		case '>': fputs("&gt;", o); break;
		case '"': fputs("&quot;", o); break;
		case '\'': fputs("&#39;", o); break;
		default: fputc(*s, o);
		}
	}
}

static void
h_row(FILE *o, const char *cls, const char *const *cells)
{
	fprintf(o, "<tr%s%s%s>", cls != NULL ? " class=\"" : "",
	    cls != NULL ? cls : "", cls != NULL ? "\"" : "");
	for (; *cells != NULL; cells++) {
		fputs("<td>", o);
		h(o, *cells);
		fputs("</td>", o);
	}
	fputs("</tr>\n", o);
}

static void
h_table(FILE *o, const char *cls, const char *const *head)
{
	fprintf(o, "<table class=\"%s\"><thead><tr>", cls);
	for (; *head != NULL; head++)
		fprintf(o, "<th>%s</th>", *head);
	fputs("</tr></thead><tbody>\n", o);
}

static const char h_css[] =
    "body{font:10.5pt/1.35 'DejaVu Sans',Arial,sans-serif;color:#000;"
    "margin:1.5em auto;max-width:72em;padding:0 1em}\n"
    "h1{font-size:16pt;margin:0 0 .3em}h2{font-size:13pt;border-bottom:"
    "1px solid #444;margin:1.4em 0 .4em;break-after:avoid}\n"
    "h3{font-size:11pt;margin:1em 0 .3em;break-after:avoid}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0}\n"
    "th,td{border:1px solid #999;padding:2px 4px;text-align:left;"
    "vertical-align:top;overflow-wrap:anywhere}\n"
    "th{background:#eee}thead{display:table-header-group}\n"
    "td:first-child,.findings td:nth-child(2),.findings td:nth-child(n+6),"
    ".audit td:nth-child(-n+4),.phases td,.checklist td:nth-child(-n+2),"
    ".obligations td:nth-child(5),.obligations td:nth-child(7),"
    ".actions td:nth-child(2),.actions td:nth-child(4),"
    ".actions td:nth-child(5)"
    "{white-space:nowrap}\n"
    "tr{break-inside:avoid}.mono,code{font-family:'DejaVu Sans Mono',"
    "monospace;font-size:9pt}\n"
    ".actions tbody{break-inside:avoid}.actions tr.more td{border-top:0;"
    "padding-left:1.5em;white-space:normal}\n"
    ".same td:first-child{border-left:4px solid #555}\n"
    ".same.alt td:first-child{border-left:4px double #555}\n"
    ".exercise{border:3px solid #000;padding:.4em .8em;font-weight:bold;"
    "margin:.5em 0}\n"
    ".open{font-weight:bold}.missed{font-weight:bold;"
    "text-decoration:underline}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}"
    "dt{font-weight:bold}dd{margin:0}\n"
    "@media print{body{margin:0;max-width:none;padding:0}"
    "a{color:#000}}\n";

static void
h_page_css(FILE *o, const struct report *r)
{
	fputs("@page{size:A4;margin:16mm 13mm 18mm;\n"
	    "@bottom-right{content:'Page ' counter(page) ' of ' "
	    "counter(pages);font-size:8pt}\n", o);
	fprintf(o, "@bottom-left{content:'Incident %lld  final hash "
	    "%.16s...';font-size:8pt}\n", (long long)r->id,
	    r->chain_ok ? r->head : "(broken)");
	if (r->exercise)
		fputs("@top-center{content:'EXERCISE';font-weight:bold;"
		    "font-size:12pt}\n", o);
	fputs("}\n", o);
}

static void
h_head(FILE *o, const struct report *r)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8"
	    "\">\n<meta name=\"generator\" content=\"warroom\">\n<title>", o);
	fprintf(o, "%sIncident %lld: ", r->exercise ? "EXERCISE: " : "",
	    (long long)r->id);
	h(o, r->title);
	fprintf(o, "</title>\n<style>\n%s", h_css);
	h_page_css(o, r);
	fputs("</style></head><body>\n", o);
}

static void
h_exercise(FILE *o, const struct report *r)
{
	if (r->exercise)
		fputs("<p class=\"exercise\">EXERCISE: this incident is a "
		    "drill; nothing in it happened for real.</p>\n", o);
}

static void
h_dt(FILE *o, const char *k, const char *v)
{
	fprintf(o, "<dt>%s</dt><dd>", k);
	h(o, v);
	fputs("</dd>\n", o);
}

static void
h_summary(FILE *o, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	fprintf(o, "<h1>Incident %lld: ", (long long)r->id);
	h(o, r->title);
	fprintf(o, "%s</h1>\n", r->exercise ? " (EXERCISE)" : "");
	h_exercise(o, r);
	fputs("<h2>Summary</h2>\n<dl>\n", o);
	h_dt(o, "Type", r->type);
	h_dt(o, "Status", r->closed ? "closed" : "open");
	h_dt(o, "Phase", phase_name(r->phase));
	h_dt(o, "P-level", finding_level_name(r->p_level));
	h_dt(o, "Opened", rp_time(r->created_at, a));
	h_dt(o, "Opened by", r->created_by);
	h_dt(o, "Record as of", rp_time(r->as_of, a));
	h_dt(o, "Times", "UTC");
	h_dt(o, "Local zone here", r->zone);
	fputs("</dl>\n<h3>P-level history</h3>\n<ul>\n", o);
	if (r->nlevels == 0)
		fputs("<li>No change from the opening level.</li>\n", o);
	for (i = 0; i < r->nlevels; i++) {
		fprintf(o, "<li>%s: %s to %s, by ", rp_time(r->levels[i].at, a),
		    r->levels[i].before, r->levels[i].after);
		h(o, r->levels[i].by);
		fputs("</li>\n", o);
	}
	fputs("</ul>\n", o);
}

static void
h_people(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Who", "Role", "Since", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("<h3>Commanders</h3>\n<ul>\n", o);
	for (i = 0; i < r->nroles; i++) {
		if (strcmp(r->roles[i].after, "commander") != 0)
			continue;
		fprintf(o, "<li>%s: ", rp_time(r->roles[i].at, a));
		h(o, r->roles[i].who);
		fputs(" (named by ", o);
		h(o, r->roles[i].by);
		fputs(")</li>\n", o);
	}
	fputs("</ul>\n<h3>Participants</h3>\n", o);
	h_table(o, "people", hd);
	for (i = 0; i < r->npeople; i++) {
		const char *c[] = { r->people[i].name, r->people[i].role,
		    rp_time(r->people[i].since, a), NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_times(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Phase", "Entered", "Left", "By",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	fputs("<h2>Key times</h2>\n<dl>\n", o);
	for (i = 0; i < RP__KEYS; i++) {
		if (!rp_key_shown(r, i))
			continue;
		fprintf(o, "<dt>%s</dt><dd>%s <small>(%s)</small></dd>\n",
		    rp_key_title(i), rp_time(r->key[i], a), rp_key_basis(i));
	}
	fputs("</dl>\n<h2>Metrics</h2>\n<dl>\n", o);
	for (i = 0; i < RP__METRICS; i++)
		h_dt(o, rp_metric_title(i), rp_dur(r->metric[i], a));
	for (i = 0; i < PHASE__COUNT; i++) {
		fprintf(o, "<dt>In %s</dt><dd>%s</dd>\n", phase_name(i),
		    rp_dur(r->in_phase[i], a));
	}
	fputs("</dl>\n<h3>Phases</h3>\n", o);
	h_table(o, "phases", hd);
	for (i = 0; i < r->nphases; i++) {
		const char *c[] = { phase_name(r->phases[i].phase),
		    rp_time(r->phases[i].at, a), rp_time(r->phases[i].until, b),
		    r->phases[i].by, NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_findings(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "P", "Source", "Type", "Title",
	    "Principal or resource", "First seen", "Last seen", "Count",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN], n[24];
	int i;

	fputs("<h2>Findings</h2>\n", o);
	h_table(o, "findings", hd);
	for (i = 0; i < r->nfindings; i++) {
		const struct rp_finding *f = &r->findings[i];
		const char *c[] = { finding_level_name(f->p_level), f->source,
		    f->type, f->title, *f->resource != '\0' ? f->resource :
		    f->principal, rp_time(f->first_seen, a),
		    rp_time(f->last_seen, b), n, NULL };

		if (f->sample)
			continue;
		snprintf(n, sizeof n, "%lld", (long long)f->count);
		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_inv(FILE *o, const struct rp_inv *v)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	fputs("<h3 class=\"mono\">", o);
	h(o, v->principal);
	fprintf(o, "</h3>\n<p>%d events from %s to %s:", v->nev,
	    rp_time(v->since, a), rp_time(v->until, b));
	for (i = 0; i < INV__COUNT; i++)
		fprintf(o, "%s %s %d", i > 0 ? "," : "", inv_group_title(i),
		    v->count[i]);
	fputs(".</p>\n<ul>\n", o);
	for (i = 0; i < v->nsessions; i++) {
		fputs("<li>Session obtained: <span class=\"mono\">", o);
		h(o, v->sessions[i]);
		fputs("</span></li>\n", o);
	}
	for (i = 0; i < v->nitems; i++) {
		fprintf(o, "<li>%s ", v->items[i].kind);
		h(o, v->items[i].what);
		fputs(" <span class=\"mono\">", o);
		h(o, v->items[i].resource);
		fputs("</span> (", o);
		h(o, v->items[i].event_name);
		fprintf(o, " at %s)</li>\n", rp_time(v->items[i].at, a));
	}
	fputs("</ul>\n", o);
}

static void
h_investigation(FILE *o, const struct report *r)
{
	int i;

	fputs("<h2>Investigation</h2>\n<p>For each principal a real finding "
	    "names: what it did in the default window, and what the evidence "
	    "says to remove and rotate.</p>\n", o);
	if (r->ninvs == 0)
		fputs("<p>No principal is named by a real finding.</p>\n", o);
	for (i = 0; i < r->ninvs; i++)
		h_inv(o, &r->invs[i]);
}

static void
h_checklist(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "", "#", "Item", "Resource",
	    "Done by", "At", NULL };
	char a[TIME_ISO_LEN], n[24];
	int i, phase = -1;

	fprintf(o, "<h2>Checklist</h2>\n<p>%d of %d items done; %d stayed "
	    "open.</p>\n", r->nitems - r->nopen, r->nitems, r->nopen);
	for (i = 0; i < r->nitems; i++) {
		const struct rp_item *it = &r->items[i];
		const char *c[] = { it->done ? "[x]" : "[ ]", n, it->text,
		    it->resource, it->done ? it->done_by : "OPEN",
		    it->done ? rp_time(it->done_at, a) : it->assignee, NULL };

		if (it->phase != phase) {
			fprintf(o, "%s<h3>%s</h3>\n", phase < 0 ? "" :
			    "</tbody></table>\n", phase_name(it->phase));
			h_table(o, "checklist", hd);
			phase = it->phase;
		}
		snprintf(n, sizeof n, "%lld", (long long)it->id);
		h_row(o, it->done ? NULL : "open", c);
	}
	if (phase >= 0)
		fputs("</tbody></table>\n", o);
}

/* Below each action, the long cells: label, then the value. */
static void
h_action_more(FILE *o, const char *cls, const struct rp_action_cells *ac)
{
	static const char *const label[] = { "Verified", "Error", "Undone",
	    "Checklist item" };
	int k;

	fprintf(o, "<tr class=\"more%s%s\"><td colspan=\"%d\">",
	    cls != NULL ? " " : "", cls != NULL ? cls : "", RP_ACTION_CELLS -
	    RP_ACTION_MORE);
	for (k = 0; k < RP_ACTION_MORE; k++) {
		const char *v = ac->cell[RP_ACTION_CELLS - RP_ACTION_MORE + k];

		if (k > 0 && *v == '\0')
			continue;
		fprintf(o, "%s<b>%s:</b> ", k > 0 ? "<br>" : "", label[k]);
		h(o, v);
	}
	fputs("</td></tr>\n", o);
}

static void
h_actions(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "#", "Action", "Resource", "Region",
	    "State", "Requested", "Approved", "AWS request id", NULL };
	int i;

	fputs("<h2>Containment actions</h2>\n", o);
	if (r->nactions == 0) {
		fputs("<p>None.</p>\n", o);
		return;
	}
	h_table(o, "actions", hd);
	for (i = 0; i < r->nactions; i++) {
		const struct rp_action *x = &r->actions[i];
		/* Unverified stands out, like an open item. */
		const char *cls = x->verified ? NULL : "open";
		const char *c[RP_ACTION_CELLS - RP_ACTION_MORE + 1];
		struct rp_action_cells ac;

		rp_action_cells(x, &ac);
		memcpy(c, ac.cell, sizeof c - sizeof c[0]);
		c[RP_ACTION_CELLS - RP_ACTION_MORE] = NULL;
		/* One tbody each, so an action's two rows share a page. */
		if (i > 0)
			fputs("</tbody><tbody>\n", o);
		h_row(o, cls, c);
		h_action_more(o, cls, &ac);
		rp_action_cells_free(&ac);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_obligations(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Obligation", "Regime", "Recipient",
	    "Status", "Deadline", "Met", "Sent", "To", "Channel", "Ref", "By",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	h_table(o, "obligations", hd);
	for (i = 0; i < r->nobls; i++) {
		const struct rp_obligation *ob = &r->obls[i];
		const char *c[] = { ob->id, ob->regime, ob->recipient,
		    ob->status, rp_time(ob->deadline, a), ob->met == 1 ? "met" :
		    ob->met == 0 ? "MISSED" : "-", rp_time(ob->sent_at, b),
		    ob->sent_to, ob->channel, ob->ref, ob->sent_by, NULL };

		h_row(o, ob->met == 0 ? "missed" : NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_notify(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Answered", "Question", "Answer",
	    "Replaced", "Why", "By", NULL };
	static const char *const hs[] = { "At", "Start event", "Why", "By",
	    NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("<h2>Notification decisions</h2>\n", o);
	if (!r->notify_loaded) {
		fputs("<p>The notification rules were not loaded.</p>\n", o);
		return;
	}
	fputs("<p>Guidance, not legal advice.</p>\n<h3>Start events</h3>\n",
	    o);
	h_table(o, "starts", hs);
	for (i = 0; i < r->nstarts; i++) {
		const char *c[] = { rp_time(r->starts[i].at, a),
		    r->starts[i].event, r->starts[i].why, r->starts[i].by,
		    NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n<h3>Answers</h3>\n", o);
	h_table(o, "answers", hd);
	for (i = 0; i < r->nanswers; i++) {
		const struct rp_answer *an = &r->answers[i];
		const char *c[] = { rp_time(an->at, a), *an->text != '\0' ?
		    an->text : an->question, an->answer, an->previous, an->why,
		    an->by, NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n<h3>Obligations and notices</h3>\n", o);
	h_obligations(o, r);
}

static void
h_notes(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "At", "By", "On", "Note", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("<h2>Notes</h2>\n", o);
	h_table(o, "notes", hd);
	for (i = 0; i < r->nnotes; i++) {
		const char *c[] = { rp_time(r->notes[i].at, a), r->notes[i].by,
		    r->notes[i].target, r->notes[i].text, NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_events(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Time", "Event", "Actor",
	    "Source IP", "Region", "Error", "eventID", NULL };
	char a[TIME_ISO_LEN], t[TIME_ISO_LEN + 2];
	int i;

	fprintf(o, "<h2>Event timeline</h2>\n<p>%d events.  ", r->nevents);
	h(o, rp_order_note);
	fputs("</p>\n", o);
	h_table(o, "events mono", hd);
	for (i = 0; i < r->nevents; i++) {
		const struct rp_event *e = &r->events[i];
		const char *c[] = { t, e->name, e->actor, e->source_ip,
		    e->region, e->error, e->event_id, NULL };

		snprintf(t, sizeof t, "%s%s", rp_time(e->time_ms, a),
		    e->same ? "=" : "");
		/* Neighbouring groups alternate, so each stays visible. */
		h_row(o, e->same == 0 ? NULL : e->same % 2 ? "same" :
		    "same alt", c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_audit(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "#", "Recorded", "Happened",
	    "Discovered", "Who", "From", "Action", "Target", "Before", "After",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN], c3[TIME_ISO_LEN], n[24];
	int i;

	fputs("<h2>Audit log</h2>\n", o);
	h_table(o, "audit", hd);
	for (i = 0; i < r->naudit; i++) {
		const struct rp_audit *x = &r->audit[i];
		const char *c[] = { n, rp_time(x->recorded, a),
		    rp_time(x->happened, b), rp_time(x->discovered, c3),
		    x->actor, x->addr, x->action, x->target, x->before,
		    x->after, NULL };

		snprintf(n, sizeof n, "%lld", (long long)x->id);
		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n", o);
}

static void
h_tail(FILE *o, const struct report *r)
{
	static const char *const hd[] = { "Playbook", "Version", "Attached",
	    "By", "Reason", "Dropped", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("<h2>Playbooks</h2>\n", o);
	h_table(o, "playbooks", hd);
	for (i = 0; i < r->nplaybooks; i++) {
		const struct rp_playbook *p = &r->playbooks[i];
		const char *c[] = { p->id, p->version, rp_time(p->at, a),
		    p->by, p->reason, p->dropped ? "yes" : "no", NULL };

		h_row(o, NULL, c);
	}
	fputs("</tbody></table>\n<h2>Test data</h2>\n<p>GuardDuty sample "
	    "findings, kept out of the findings and counts above:</p>\n<ul>\n",
	    o);
	for (i = 0; i < r->nfindings; i++) {
		if (!r->findings[i].sample)
			continue;
		fputs("<li>[SAMPLE] ", o);
		h(o, r->findings[i].type);
		fputs(" (", o);
		h(o, r->findings[i].ext_id);
		fputs(")</li>\n", o);
	}
	fputs("</ul>\n<h2>Integrity</h2>\n", o);
	h_exercise(o, r);
	if (r->chain_ok)
		fprintf(o, "<p>Audit log: %lld rows, final hash "
		    "<code>%s</code>.  Check it against the store with "
		    "<code>warroom verify --incident %lld</code>; it "
		    "prints the same hash when nothing was rewritten.</p>\n",
		    (long long)r->chain_rows, r->head, (long long)r->id);
	else
		fprintf(o, "<p><strong>The audit log's hash chain is broken at "
		    "row %lld.</strong></p>\n", (long long)r->chain_bad);
	fputs("</body></html>\n", o);
}

int
report_html(const struct report *r, FILE *o)
{
	h_head(o, r);
	h_summary(o, r);
	h_people(o, r);
	h_times(o, r);
	h_findings(o, r);
	h_investigation(o, r);
	h_checklist(o, r);
	h_actions(o, r);
	h_notify(o, r);
	h_notes(o, r);
	h_events(o, r);
	h_audit(o, r);
	h_tail(o, r);
	return (ferror(o) ? -1 : 0);
}
