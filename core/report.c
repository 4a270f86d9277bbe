/*
 * The incident record: the model's lifetime, the incident itself, its
 * phases, key times and metrics, and the dispatch to a format module.
 * The lists (findings, checklist, events, audit...) are gathered in
 * core/report_gather.c.  Nothing here reads the clock: "now" is the
 * time of the last audit row, so the same store gives the same record.
 */
#include "core/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/report_int.h"
#include "core/safe.h"
#include "core/store.h"
#include "core/util.h"

const char *
rp_str(struct report *r, const char *s)
{
	char *v = safe_dup(s != NULL ? s : "");

	if (r->npool == r->cappool) {
		r->cappool = r->cappool == 0 ? 256 : r->cappool * 2;
		r->pool = xreallocarray(r->pool, r->cappool, sizeof *r->pool);
	}
	r->pool[r->npool++] = v;
	return (v);
}

void *
rp_grow(void *v, int *n, size_t sz)
{
	char *p = v;

	/* Capacity is implicit: the next power of two, at least 8. */
	if (*n == 0)
		p = xreallocarray(NULL, 8, sz);
	else if (*n >= 8 && (*n & (*n - 1)) == 0)
		p = xreallocarray(p, (size_t)*n * 2, sz);
	memset(p + (size_t)*n * sz, 0, sz);
	(*n)++;
	return (p);
}

const char *
rp_time(int64_t t, char buf[TIME_ISO_LEN])
{
	if (t == TIME_NONE)
		return ("-");
	return (time_fmt_iso(t, buf, TIME_ISO_LEN));
}

const char *
rp_dur(int64_t d, char buf[TIME_ISO_LEN])
{
	if (d == TIME_NONE)
		return ("-");
	return (time_fmt_duration(d, buf, TIME_ISO_LEN));
}

static const char *
cell_own(struct rp_action_cells *c, char *s)
{
	c->own[c->nown++] = s;
	return (s);
}

/* "TIME by WHO", or "-" when it never happened. */
static const char *
cell_when(struct rp_action_cells *c, int64_t at, const char *by)
{
	char a[TIME_ISO_LEN];

	if (at == TIME_NONE)
		return ("-");
	return (cell_own(c, xasprintf("%s by %s", rp_time(at, a),
	    *by != '\0' ? by : "-")));
}

void
rp_action_cells(const struct rp_action *x, struct rp_action_cells *c)
{
	char a[TIME_ISO_LEN];
	int n = 0;

	memset(c, 0, sizeof *c);
	c->cell[n++] = cell_own(c, xasprintf("%lld", (long long)x->id));
	c->cell[n++] = x->action;
	c->cell[n++] = x->resource;
	c->cell[n++] = x->region;
	c->cell[n++] = x->state;
	c->cell[n++] = cell_when(c, x->requested_at, x->requested_by);
	c->cell[n++] = cell_when(c, x->approved_at, x->approved_by);
	c->cell[n++] = x->request_id;
	c->cell[n++] = !x->verified ? "no" : cell_own(c, xasprintf("yes, "
	    "%s; read back: %s", rp_time(x->verified_at, a),
	    *x->read_back != '\0' ? x->read_back : "-"));
	c->cell[n++] = x->error;
	c->cell[n++] = x->undone_at == TIME_NONE ? "" : cell_when(c,
	    x->undone_at, x->undone_by);
	c->cell[n++] = x->item_id <= 0 ? "" : cell_own(c, xasprintf("#%lld %s",
	    (long long)x->item_id, x->item_text));
	c->cell[n] = NULL;
}

void
rp_action_cells_free(struct rp_action_cells *c)
{
	int i;

	for (i = 0; i < c->nown; i++)
		free(c->own[i]);
	c->nown = 0;
}

static const char *const key_names[RP__KEYS][3] = {
	{ "first_malicious", "First malicious event",
	  "first event of a real finding" },
	{ "detection", "Detection", "first seen, first real finding" },
	{ "first_containment", "First containment",
	  "first containment action verified; no earlier phase entry" },
	{ "containment", "Containment", "Containment phase entered" },
	{ "eradication", "Eradication", "Eradication phase entered" },
	{ "recovery", "Recovery", "Recovery phase entered" },
	{ "closure", "Closure", "incident closed" },
};

static const char *const metric_names[RP__METRICS][2] = {
	{ "time_to_detect", "Time to detect (from first malicious event)" },
	{ "time_to_contain", "Time to contain (from detection)" },
	{ "time_to_recover", "Time to recover (from detection)" },
};

const char rp_order_note[] =
    "Events in the same second (marked =) have no known order among "
    "themselves: CloudTrail gives times to the second.  They are listed "
    "by eventID, which says nothing about which came first.";

const char *
rp_key_name(int k)
{
	return (key_names[k][0]);
}

const char *
rp_key_title(int k)
{
	return (key_names[k][1]);
}

const char *
rp_key_basis(int k)
{
	return (key_names[k][2]);
}

int
rp_key_shown(const struct report *r, int k)
{
	/* First containment is a row only when it says something. */
	return (k != RP_FIRST_CONTAINMENT || r->key[k] != TIME_NONE);
}

const char *
rp_metric_name(int m)
{
	return (metric_names[m][0]);
}

const char *
rp_metric_title(int m)
{
	return (metric_names[m][1]);
}

void
report_free(struct report *r)
{
	size_t i;
	int j;

	if (r == NULL)
		return;
	for (i = 0; i < r->npool; i++)
		free(r->pool[i]);
	free(r->pool);
	for (j = 0; j < r->ninvs; j++) {
		free(r->invs[j].items);
		free(r->invs[j].sessions);
	}
	free(r->invs);
	free(r->levels);
	free(r->roles);
	free(r->people);
	free(r->phases);
	free(r->findings);
	free(r->items);
	free(r->obls);
	free(r->answers);
	free(r->starts);
	free(r->notes);
	free(r->events);
	free(r->audit);
	free(r->actions);
	free(r->playbooks);
	free(r);
}

static void
set_incident(struct report *r, const struct incident *inc)
{
	r->id = inc->id;
	r->title = rp_str(r, inc->title);
	r->type = rp_str(r, inc->type);
	r->exercise = inc->exercise;
	r->closed = inc->closed;
	r->phase = inc->phase;
	r->p_level = inc->p_level;
	r->created_at = inc->created_at;
	r->created_by = rp_str(r, inc->created_by);
	r->key[RP_CLOSURE] = inc->closed ? inc->closed_at : TIME_NONE;
}

/* The local zone of this machine at as_of, stated beside UTC times. */
static void
set_zone(struct report *r)
{
	time_t t = (time_t)((r->as_of != TIME_NONE ? r->as_of : 0) / 1000);
	char name[32], off[16];
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL ||
	    strftime(name, sizeof name, "%Z", &tm) == 0 ||
	    strftime(off, sizeof off, "%z", &tm) == 0)
		snprintf(r->zone, sizeof r->zone, "unknown");
	else
		snprintf(r->zone, sizeof r->zone, "%s (%s)", name, off);
}

static int64_t
query_time(struct store *s, const char *q, int64_t id, struct wr_err *err,
    int *rc)
{
	sqlite3_stmt *st;
	int64_t t = TIME_NONE;

	if ((st = store_stmt(s, q, err)) == NULL) {
		*rc = -1;
		return (TIME_NONE);
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = store_column_time(st, 0);
	sqlite3_reset(st);
	return (t);
}

static int
gather_times(struct report *r, struct store *s, struct wr_err *err)
{
	static const char q_mal[] =
	    "SELECT min(e.time_ms) FROM findings f"
	    " JOIN finding_events fe ON fe.finding_id = f.id"
	    " JOIN events e ON e.id = fe.event_row"
	    " WHERE f.incident_id = ? AND (f.flags & 1) = 0";
	static const char q_det[] =
	    "SELECT min(first_seen) FROM findings"
	    " WHERE incident_id = ? AND (flags & 1) = 0";
	static const char q_asof[] =
	    "SELECT max(recorded_at) FROM audit WHERE incident_id = ?";
	int rc = 0;

	r->key[RP_FIRST_MALICIOUS] = query_time(s, q_mal, r->id, err, &rc);
	r->key[RP_DETECTION] = query_time(s, q_det, r->id, err, &rc);
	r->as_of = query_time(s, q_asof, r->id, err, &rc);
	if (r->as_of == TIME_NONE)
		r->as_of = r->created_at;
	return (rc);
}

static void
add_phase(struct report *r, int phase, int64_t at, const char *by)
{
	struct rp_phase *p;

	if (r->nphases > 0)
		r->phases[r->nphases - 1].until = at;
	p = RP_PUSH(r->phases, r->nphases);
	p->phase = phase;
	p->at = at;
	p->by = rp_str(r, by);
	p->until = r->closed ? r->key[RP_CLOSURE] : r->as_of;
	if (phase == PHASE_CONTAINMENT && r->key[RP_CONTAINMENT] == TIME_NONE)
		r->key[RP_CONTAINMENT] = at;
	if (phase == PHASE_ERADICATION && r->key[RP_ERADICATION] == TIME_NONE)
		r->key[RP_ERADICATION] = at;
	if (phase == PHASE_RECOVERY && r->key[RP_RECOVERY] == TIME_NONE)
		r->key[RP_RECOVERY] = at;
}

static int
gather_phases(struct report *r, struct store *s, struct wr_err *err)
{
	static const char q[] =
	    "SELECT phase, entered_at, entered_by FROM phases"
	    " WHERE incident_id = ? ORDER BY entered_at, id";
	sqlite3_stmt *st;
	int i, rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_phase(r, sqlite3_column_int(st, 0),
		    sqlite3_column_int64(st, 1), store_column_str(st, 2));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "reading the phases"));
	for (i = 0; i < r->nphases; i++) {
		const struct rp_phase *p = &r->phases[i];

		if (p->phase >= 0 && p->phase < PHASE__COUNT &&
		    p->until >= p->at)
			r->in_phase[p->phase] += p->until - p->at;
	}
	return (0);
}

static int64_t
since(int64_t to, int64_t from)
{
	if (to == TIME_NONE || from == TIME_NONE)
		return (TIME_NONE);
	return (to - from);
}

/*
 * The first verified containment action, kept as a key time only when
 * it came before the Containment phase was entered (or it never was):
 * then the phase entry understates how fast the incident was contained.
 */
static void
set_first_containment(struct report *r)
{
	int64_t first = TIME_NONE;
	int i;

	for (i = 0; i < r->nactions; i++) {
		int64_t t = r->actions[i].verified_at;

		if (t != TIME_NONE && (first == TIME_NONE || t < first))
			first = t;
	}
	if (first != TIME_NONE && (r->key[RP_CONTAINMENT] == TIME_NONE ||
	    first < r->key[RP_CONTAINMENT]))
		r->key[RP_FIRST_CONTAINMENT] = first;
}

static void
set_metrics(struct report *r)
{
	r->metric[RP_TTD] = since(r->key[RP_DETECTION],
	    r->key[RP_FIRST_MALICIOUS]);
	r->metric[RP_TTC] = since(r->key[RP_CONTAINMENT],
	    r->key[RP_DETECTION]);
	r->metric[RP_TTR] = since(r->key[RP_RECOVERY], r->key[RP_DETECTION]);
}

static int
gather_chain(struct report *r, struct store *s)
{
	struct wr_err err;

	r->chain_ok = audit_verify(s, r->id, r->head, &r->chain_rows,
	    &r->chain_bad, &err) == 0;
	return (0);
}

int
report_gather(struct store *s, int64_t id, const struct notify_tree *tree,
    struct report **out, struct wr_err *err)
{
	struct report *r = xcalloc(1, sizeof *r);
	struct incident inc;
	int k;

	*out = NULL;
	for (k = 0; k < RP__KEYS; k++)
		r->key[k] = TIME_NONE;
	if (incident_get(s, id, &inc, err) == -1)
		goto fail;
	set_incident(r, &inc);
	if (gather_times(r, s, err) == -1 || gather_phases(r, s, err) == -1 ||
	    rp_gather_lists(r, s, tree, err) == -1 || gather_chain(r, s) == -1)
		goto fail;
	set_first_containment(r);
	set_metrics(r);
	set_zone(r);
	*out = r;
	return (0);
fail:
	report_free(r);
	return (-1);
}

int
report_format_ok(const char *f)
{
	return (strcmp(f, "txt") == 0 || strcmp(f, "md") == 0 ||
	    strcmp(f, "html") == 0 || strcmp(f, "json") == 0);
}

int
report_render(const struct report *r, const char *f, FILE *out,
    struct wr_err *err)
{
	int rc;

	if (strcmp(f, "txt") == 0)
		rc = report_txt(r, out);
	else if (strcmp(f, "md") == 0)
		rc = report_md(r, out);
	else if (strcmp(f, "html") == 0)
		rc = report_html(r, out);
	else if (strcmp(f, "json") == 0)
		return (report_json(r, out, err));
	else
		return (wr_fail(err, WR_ERR_USAGE, "report",
		    "unknown format '%s' (txt, md, html, json)", f));
	if (rc == -1 || fflush(out) != 0 || ferror(out))
		return (wr_fail(err, WR_ERR_IO, "report", "write failed"));
	return (0);
}

int
report_write(struct store *s, int64_t id, const struct notify_tree *tree,
    const char *f, FILE *out, struct wr_err *err)
{
	struct report *r;
	int rc;

	if (!report_format_ok(f))
		return (wr_fail(err, WR_ERR_USAGE, "report",
		    "unknown format '%s' (txt, md, html, json)", f));
	if (report_gather(s, id, tree, &r, err) == -1)
		return (-1);
	rc = report_render(r, f, out, err);
	report_free(r);
	return (rc);
}
