/*
 * The incident record in Markdown: header, phases, findings, checklist,
 * event timeline and the audit log, ending with the chain's head hash.
 */
#include "core/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/checklist.h"
#include "core/eventstore.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/safe.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

void
report_md_escape(FILE *out, const char *s)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	safe_append(&b, s, strlen(s));
	for (i = 0; i < b.len; i++) {
		if (strchr("\\`*_{}[]<>()#+!|~", b.data[i]) != NULL)
			fputc('\\', out);
		fputc(b.data[i], out);
	}
	buf_free(&b);
}

static const char *
t_iso(int64_t t, char *buf)
{
	return (time_fmt_iso(t, buf, TIME_ISO_LEN));
}

static void
md_header(FILE *o, const struct incident *inc)
{
	char t[TIME_ISO_LEN];

	fprintf(o, "# Incident %lld: ", (long long)inc->id);
	report_md_escape(o, inc->title);
	fprintf(o, "%s\n\n", inc->exercise ? " — EXERCISE" : "");
	if (inc->exercise)
		fprintf(o, "> **Exercise.** This incident is a drill; nothing "
		    "in it happened for real.\n\n");
	fprintf(o, "- Type: ");
	report_md_escape(o, inc->type);
	fprintf(o, "\n- Status: %s\n- P-level: %s\n- Phase: %s\n",
	    inc->closed ? "closed" : "open", finding_level_name(inc->p_level),
	    phase_name(inc->phase));
	fprintf(o, "- Opened: %s by ", t_iso(inc->created_at, t));
	report_md_escape(o, inc->created_by);
	if (inc->closed)
		fprintf(o, "\n- Closed: %s", t_iso(inc->closed_at, t));
	fprintf(o, "\n- Times are UTC.\n\n");
}

static void
md_phases(FILE *o, struct store *s, int64_t id)
{
	static const char q[] =
	    "SELECT phase, entered_at, entered_by FROM phases"
	    " WHERE incident_id = ? ORDER BY id";
	sqlite3_stmt *st;
	char t[TIME_ISO_LEN];

	fprintf(o, "## Phases\n\n| Phase | Entered | By |\n|---|---|---|\n");
	if ((st = store_stmt(s, q, NULL)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(o, "| %s | %s | ",
		    phase_name(sqlite3_column_int(st, 0)),
		    t_iso(sqlite3_column_int64(st, 1), t));
		report_md_escape(o, store_column_str(st, 2));
		fprintf(o, " |\n");
	}
	sqlite3_reset(st);
	fputc('\n', o);
}

static int
md_finding(const struct finding *f, void *arg)
{
	FILE *o = arg;
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];

	if (f->flags & FINDING_F_SAMPLE)
		return (0);
	fprintf(o, "| %s | %s | ", finding_level_name(f->p_level), f->source);
	report_md_escape(o, f->type);
	fprintf(o, " | ");
	report_md_escape(o, f->title);
	fprintf(o, " | ");
	report_md_escape(o, f->resource[0] != '\0' ? f->resource :
	    f->principal);
	fprintf(o, " | %s | %s | %lld |\n", t_iso(f->first_seen, a),
	    t_iso(f->last_seen, b), (long long)f->count);
	return (0);
}

static int
md_sample(const struct finding *f, void *arg)
{
	FILE *o = arg;

	if (!(f->flags & FINDING_F_SAMPLE))
		return (0);
	fprintf(o, "- [SAMPLE] ");
	report_md_escape(o, f->type);
	fprintf(o, " (");
	report_md_escape(o, f->ext_id);
	fprintf(o, ")\n");
	return (0);
}

struct md_check {
	FILE	*o;
	int	 phase;
};

static int
md_item(const struct check_item *it, void *arg)
{
	struct md_check *m = arg;
	char t[TIME_ISO_LEN];

	if (it->phase != m->phase) {
		m->phase = it->phase;
		fprintf(m->o, "\n### %s\n\n", phase_name(it->phase));
	}
	fprintf(m->o, "- [%c] #%lld ", it->done ? 'x' : ' ',
	    (long long)it->id);
	report_md_escape(m->o, it->text);
	if (it->resource[0] != '\0') {
		fprintf(m->o, " — `");
		report_md_escape(m->o, it->resource);
		fprintf(m->o, "`");
	}
	if (it->done) {
		fprintf(m->o, " — done by ");
		report_md_escape(m->o, it->done_by);
		fprintf(m->o, " at %s", t_iso(it->done_at, t));
	} else if (it->assignee[0] != '\0') {
		fprintf(m->o, " — assigned to ");
		report_md_escape(m->o, it->assignee);
	}
	fputc('\n', m->o);
	return (0);
}

struct md_events {
	FILE	*o;
	int64_t	 prev;
	int64_t	 n;
};

static int
md_event(const struct event_row *r, void *arg)
{
	struct md_events *m = arg;
	char t[TIME_ISO_LEN];
	int same = r->time_ms != TIME_NONE && m->prev != TIME_NONE &&
	    r->time_ms / 1000 == m->prev / 1000;

	fprintf(m->o, "| %s%s | ", t_iso(r->time_ms, t), same ? " =" : "");
	report_md_escape(m->o, r->event_name);
	fprintf(m->o, " | ");
	report_md_escape(m->o, r->actor);
	fprintf(m->o, " | ");
	report_md_escape(m->o, r->source_ip);
	fprintf(m->o, " | ");
	report_md_escape(m->o, r->error_code);
	fprintf(m->o, " | ");
	report_md_escape(m->o, r->event_id);
	fprintf(m->o, " |\n");
	m->prev = r->time_ms;
	m->n++;
	return (0);
}

static int
md_audit(const struct audit_row *r, void *arg)
{
	FILE *o = arg;
	char t[TIME_ISO_LEN];

	fprintf(o, "| %lld | %s | ", (long long)r->id, t_iso(r->recorded_at,
	    t));
	report_md_escape(o, r->actor);
	if (r->actor_addr != NULL && r->actor_addr[0] != '\0') {
		fprintf(o, " (");
		report_md_escape(o, r->actor_addr);
		fprintf(o, ")");
	}
	fprintf(o, " | %s | ", r->action);
	report_md_escape(o, r->target != NULL ? r->target : "");
	fprintf(o, " | ");
	report_md_escape(o, r->before != NULL ? r->before : "");
	fprintf(o, " | ");
	report_md_escape(o, r->after != NULL ? r->after : "");
	fprintf(o, " |\n");
	return (0);
}

static int
md_body(FILE *o, struct store *s, int64_t id, struct wr_err *err)
{
	struct md_check mc = { o, -1 };
	struct md_events me = { o, TIME_NONE, 0 };
	struct event_query q;
	char head[65];
	int64_t n, bad;

	fprintf(o, "## Findings\n\n| P | Source | Type | Title | Resource |"
	    " First seen | Last seen | Count |\n"
	    "|---|---|---|---|---|---|---|---|\n");
	if (finding_each(s, id, md_finding, o, err) == -1)
		return (-1);
	fprintf(o, "\n## Checklist\n");
	if (checklist_each(s, id, md_item, &mc, err) == -1)
		return (-1);
	fprintf(o, "\n## Event timeline\n\nEvents marked = happened in the "
	    "same second as the one above; their relative order is unknown "
	    "and they are listed by eventID.\n\n| Time | Event | Actor |"
	    " Source IP | Error | eventID |\n|---|---|---|---|---|---|\n");
	event_query_init(&q, id);
	if (eventstore_each(s, &q, md_event, &me, err) == -1)
		return (-1);
	fprintf(o, "\n## Timeline (audit log)\n\n| # | Recorded | Who |"
	    " Action | Target | Before | After |\n"
	    "|---|---|---|---|---|---|---|\n");
	if (audit_each(s, id, md_audit, o, err) == -1)
		return (-1);
	fprintf(o, "\n## Test data\n\nGuardDuty sample findings, kept out of "
	    "the counts above:\n\n");
	if (finding_each(s, id, md_sample, o, err) == -1)
		return (-1);
	if (audit_verify(s, id, head, &n, &bad, NULL) == 0)
		fprintf(o, "\n## Integrity\n\nAudit log: %lld rows, final hash "
		    "`%s`.  Check it with `warroom verify --incident %lld`.\n",
		    (long long)n, head, (long long)id);
	else
		fprintf(o, "\n## Integrity\n\n**The audit log's hash chain is "
		    "broken at row %lld.**\n", (long long)bad);
	return (0);
}

int
report_write(struct store *s, int64_t id, const char *format, FILE *out,
    struct wr_err *err)
{
	struct incident inc;

	if (strcmp(format, "md") != 0)
		return (wr_fail(err, WR_ERR_USAGE, "report",
		    "unknown format '%s' (md)", format));
	if (incident_get(s, id, &inc, err) == -1)
		return (-1);
	md_header(out, &inc);
	md_phases(out, s, id);
	return (md_body(out, s, id, err));
}
