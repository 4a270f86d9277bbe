/*
 * The record in Markdown.  Strings in the model are already in visible
 * form; here every one is Markdown-escaped, so a name can neither start
 * a heading nor break a table cell.
 */
#include "core/report_int.h"

#include <string.h>

#include "core/finding.h"

static void
md(FILE *o, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_{}[]<>()#+!|~&", *s) != NULL)
			fputc('\\', o);
		fputc(*s, o);
	}
}

/* "| a | b |" with every cell escaped; NULL ends the list. */
static void
md_row(FILE *o, const char *const *cells)
{
	for (; *cells != NULL; cells++) {
		fputs("| ", o);
		md(o, *cells);
		fputc(' ', o);
	}
	fputs("|\n", o);
}

static void
md_head(FILE *o, const char *const *cells)
{
	md_row(o, cells);
	for (; *cells != NULL; cells++)
		fputs("|---", o);
	fputs("|\n", o);
}

static void
md_exercise(FILE *o, const struct report *r)
{
	if (r->exercise)
		fputs("> **EXERCISE.** This incident is a drill; nothing in "
		    "it happened for real.\n\n", o);
}

static void
md_summary(FILE *o, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	fprintf(o, "# Incident %lld: ", (long long)r->id);
	md(o, r->title);
	fprintf(o, "%s\n\n", r->exercise ? " (EXERCISE)" : "");
	md_exercise(o, r);
	fputs("## Summary\n\n- Type: ", o);
	md(o, r->type);
	fprintf(o, "\n- Status: %s\n- Phase: %s\n- P-level: %s\n",
	    r->closed ? "closed" : "open", phase_name(r->phase),
	    finding_level_name(r->p_level));
	fprintf(o, "- Opened: %s by ", rp_time(r->created_at, a));
	md(o, r->created_by);
	fprintf(o, "\n- Record as of: %s (the last audit row)\n",
	    rp_time(r->as_of, a));
	fputs("- Times are UTC; the local zone here is ", o);
	md(o, r->zone);
	fputs("\n\n### P-level history\n\n", o);
	if (r->nlevels == 0)
		fputs("No change from the opening level.\n", o);
	for (i = 0; i < r->nlevels; i++) {
		fprintf(o, "- %s: %s to %s, by ", rp_time(r->levels[i].at, a),
		    r->levels[i].before, r->levels[i].after);
		md(o, r->levels[i].by);
		fputc('\n', o);
	}
}

static void
md_people(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Who", "Role", "Since", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("\n### Commanders\n\n", o);
	for (i = 0; i < r->nroles; i++) {
		if (strcmp(r->roles[i].after, "commander") != 0)
			continue;
		fprintf(o, "- %s: ", rp_time(r->roles[i].at, a));
		md(o, r->roles[i].who);
		fputs(" (named by ", o);
		md(o, r->roles[i].by);
		fputs(")\n", o);
	}
	fputs("\n### Participants\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->npeople; i++) {
		const char *c[] = { r->people[i].name, r->people[i].role,
		    rp_time(r->people[i].since, a), NULL };

		md_row(o, c);
	}
}

static void
md_times(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Phase", "Entered", "Left", "By",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	fputs("\n## Key times\n\n", o);
	for (i = 0; i < RP__KEYS; i++)
		if (rp_key_shown(r, i))
			fprintf(o, "- %s: %s (%s)\n", rp_key_title(i),
			    rp_time(r->key[i], a), rp_key_basis(i));
	fputs("\n## Metrics\n\n", o);
	for (i = 0; i < RP__METRICS; i++)
		fprintf(o, "- %s: %s\n", rp_metric_title(i),
		    rp_dur(r->metric[i], a));
	fputs("\nTime in each phase:\n\n", o);
	for (i = 0; i < PHASE__COUNT; i++)
		fprintf(o, "- %s: %s\n", phase_name(i),
		    rp_dur(r->in_phase[i], a));
	fputs("\n### Phases\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->nphases; i++) {
		const char *c[] = { phase_name(r->phases[i].phase),
		    rp_time(r->phases[i].at, a), rp_time(r->phases[i].until, b),
		    r->phases[i].by, NULL };

		md_row(o, c);
	}
}

static void
md_findings(FILE *o, const struct report *r)
{
	static const char *const h[] = { "P", "Source", "Type", "Title",
	    "Principal or resource", "First seen", "Last seen", "Count",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN], n[24];
	int i;

	fputs("\n## Findings\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->nfindings; i++) {
		const struct rp_finding *f = &r->findings[i];
		const char *c[] = { finding_level_name(f->p_level), f->source,
		    f->type, f->title, *f->resource != '\0' ? f->resource :
		    f->principal, rp_time(f->first_seen, a),
		    rp_time(f->last_seen, b), n, NULL };

		if (f->sample)
			continue;
		snprintf(n, sizeof n, "%lld", (long long)f->count);
		md_row(o, c);
	}
}

static void
md_inv(FILE *o, const struct rp_inv *v)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	fputs("\n### ", o);
	md(o, v->principal);
	fprintf(o, "\n\n%d events from %s to %s:", v->nev,
	    rp_time(v->since, a), rp_time(v->until, b));
	for (i = 0; i < INV__COUNT; i++)
		fprintf(o, "%s %s %d", i > 0 ? "," : "", inv_group_title(i),
		    v->count[i]);
	fputs(".\n\n", o);
	for (i = 0; i < v->nsessions; i++) {
		fputs("- Session obtained: ", o);
		md(o, v->sessions[i]);
		fputc('\n', o);
	}
	for (i = 0; i < v->nitems; i++) {
		fprintf(o, "- %s ", v->items[i].kind);
		md(o, v->items[i].what);
		fputc(' ', o);
		md(o, v->items[i].resource);
		fputs(" (", o);
		md(o, v->items[i].event_name);
		fprintf(o, " at %s)\n", rp_time(v->items[i].at, a));
	}
}

static void
md_investigation(FILE *o, const struct report *r)
{
	int i;

	fputs("\n## Investigation\n\nFor each principal a real finding "
	    "names, what it did in the default window, and what the "
	    "evidence says to remove and rotate.\n", o);
	if (r->ninvs == 0)
		fputs("\nNo principal is named by a real finding.\n", o);
	for (i = 0; i < r->ninvs; i++)
		md_inv(o, &r->invs[i]);
}

static void
md_item(FILE *o, const struct rp_item *it)
{
	char a[TIME_ISO_LEN];

	fprintf(o, "- [%c] #%lld ", it->done ? 'x' : ' ', (long long)it->id);
	md(o, it->text);
	if (*it->resource != '\0') {
		fputs(" (", o);
		md(o, it->resource);
		fputc(')', o);
	}
	if (it->done) {
		fputs(": done by ", o);
		md(o, it->done_by);
		fprintf(o, " at %s", rp_time(it->done_at, a));
	} else {
		fputs(": OPEN", o);
		if (*it->assignee != '\0') {
			fputs(", assigned to ", o);
			md(o, it->assignee);
		}
	}
	fputc('\n', o);
}

static void
md_checklist(FILE *o, const struct report *r)
{
	int i, phase = -1;

	fprintf(o, "\n## Checklist\n\n%d of %d items done; %d stayed open.\n",
	    r->nitems - r->nopen, r->nitems, r->nopen);
	for (i = 0; i < r->nitems; i++) {
		if (r->items[i].phase != phase) {
			phase = r->items[i].phase;
			fprintf(o, "\n### %s\n\n", phase_name(phase));
		}
		md_item(o, &r->items[i]);
	}
}

static void
md_actions(FILE *o, const struct report *r)
{
	static const char *const h[] = { "#", "Action", "Resource", "Region",
	    "State", "Requested", "Approved", "AWS request id", "Verified",
	    "Error", "Undone", "Checklist item", NULL };
	int i;

	fputs("\n## Containment actions\n\n", o);
	if (r->nactions == 0) {
		fputs("None.\n", o);
		return;
	}
	md_head(o, h);
	for (i = 0; i < r->nactions; i++) {
		struct rp_action_cells ac;

		rp_action_cells(&r->actions[i], &ac);
		md_row(o, ac.cell);
		rp_action_cells_free(&ac);
	}
}

static const char *
met_word(int met)
{
	return (met == 1 ? "met" : met == 0 ? "MISSED" : "-");
}

static void
md_obligations(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Obligation", "Regime", "Recipient",
	    "Status", "Deadline", "Met", "Sent", "To", "Channel", "Ref", "By",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int i;

	md_head(o, h);
	for (i = 0; i < r->nobls; i++) {
		const struct rp_obligation *ob = &r->obls[i];
		const char *c[] = { ob->id, ob->regime, ob->recipient,
		    ob->status, rp_time(ob->deadline, a), met_word(ob->met),
		    rp_time(ob->sent_at, b), ob->sent_to, ob->channel, ob->ref,
		    ob->sent_by, NULL };

		md_row(o, c);
	}
}

static void
md_notify(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Answered", "Question", "Answer",
	    "Replaced", "Why", "By", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("\n## Notification decisions\n\n", o);
	if (!r->notify_loaded) {
		fputs("The notification rules were not loaded.\n", o);
		return;
	}
	fputs("Guidance, not legal advice.\n\n### Start events\n\n", o);
	for (i = 0; i < r->nstarts; i++) {
		fprintf(o, "- %s: ", rp_time(r->starts[i].at, a));
		md(o, r->starts[i].event);
		fputs(", by ", o);
		md(o, r->starts[i].by);
		fputs(": ", o);
		md(o, r->starts[i].why);
		fputc('\n', o);
	}
	fputs("\n### Answers\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->nanswers; i++) {
		const struct rp_answer *an = &r->answers[i];
		const char *c[] = { rp_time(an->at, a), *an->text != '\0' ?
		    an->text : an->question, an->answer, an->previous, an->why,
		    an->by, NULL };

		md_row(o, c);
	}
	fputs("\n### Obligations and notices\n\n", o);
	md_obligations(o, r);
}

static void
md_notes(FILE *o, const struct report *r)
{
	char a[TIME_ISO_LEN];
	int i;

	fputs("\n## Notes\n\n", o);
	if (r->nnotes == 0)
		fputs("None.\n", o);
	for (i = 0; i < r->nnotes; i++) {
		fprintf(o, "- %s, ", rp_time(r->notes[i].at, a));
		md(o, r->notes[i].by);
		if (*r->notes[i].target != '\0') {
			fputs(" on ", o);
			md(o, r->notes[i].target);
		}
		fputs(": ", o);
		md(o, r->notes[i].text);
		fputc('\n', o);
	}
}

static void
md_events(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Time", "Event", "Actor",
	    "Source IP", "Region", "Error", "eventID", NULL };
	char a[TIME_ISO_LEN], t[TIME_ISO_LEN + 2];
	int i;

	fprintf(o, "\n## Event timeline\n\n%d events.  ", r->nevents);
	md(o, rp_order_note);
	fputs("\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->nevents; i++) {
		const struct rp_event *e = &r->events[i];
		const char *c[] = { t, e->name, e->actor, e->source_ip,
		    e->region, e->error, e->event_id, NULL };

		snprintf(t, sizeof t, "%s%s", rp_time(e->time_ms, a),
		    e->same ? "=" : "");
		md_row(o, c);
	}
}

static void
md_audit(FILE *o, const struct report *r)
{
	static const char *const h[] = { "#", "Recorded", "Happened",
	    "Discovered", "Who", "From", "Action", "Target", "Before", "After",
	    NULL };
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN], c3[TIME_ISO_LEN], n[24];
	int i;

	fputs("\n## Audit log\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->naudit; i++) {
		const struct rp_audit *x = &r->audit[i];
		const char *c[] = { n, rp_time(x->recorded, a),
		    rp_time(x->happened, b), rp_time(x->discovered, c3),
		    x->actor, x->addr, x->action, x->target, x->before,
		    x->after, NULL };

		snprintf(n, sizeof n, "%lld", (long long)x->id);
		md_row(o, c);
	}
}

static void
md_tail(FILE *o, const struct report *r)
{
	static const char *const h[] = { "Playbook", "Version", "Attached",
	    "By", "Reason", "Dropped", NULL };
	char a[TIME_ISO_LEN];
	int i;

	fputs("\n## Playbooks\n\n", o);
	md_head(o, h);
	for (i = 0; i < r->nplaybooks; i++) {
		const struct rp_playbook *p = &r->playbooks[i];
		const char *c[] = { p->id, p->version, rp_time(p->at, a),
		    p->by, p->reason, p->dropped ? "yes" : "no", NULL };

		md_row(o, c);
	}
	fputs("\n## Test data\n\nGuardDuty sample findings, kept out of the "
	    "findings and counts above:\n\n", o);
	for (i = 0; i < r->nfindings; i++) {
		if (!r->findings[i].sample)
			continue;
		fputs("- [SAMPLE] ", o);
		md(o, r->findings[i].type);
		fputs(" (", o);
		md(o, r->findings[i].ext_id);
		fputs(")\n", o);
	}
}

static void
md_integrity(FILE *o, const struct report *r)
{
	fputs("\n## Integrity\n\n", o);
	md_exercise(o, r);
	if (r->chain_ok)
		fprintf(o, "Audit log: %lld rows, final hash `%s`.  Check it "
		    "against the store with `warroom verify --incident %lld`; "
		    "it prints the same hash when nothing was rewritten.\n",
		    (long long)r->chain_rows, r->head, (long long)r->id);
	else
		fprintf(o, "**The audit log's hash chain is broken at row "
		    "%lld.**  Run `warroom verify --incident %lld`.\n",
		    (long long)r->chain_bad, (long long)r->id);
}

int
report_md(const struct report *r, FILE *o)
{
	md_summary(o, r);
	md_people(o, r);
	md_times(o, r);
	md_findings(o, r);
	md_investigation(o, r);
	md_checklist(o, r);
	md_actions(o, r);
	md_notify(o, r);
	md_notes(o, r);
	md_events(o, r);
	md_audit(o, r);
	md_tail(o, r);
	md_integrity(o, r);
	return (ferror(o) ? -1 : 0);
}
