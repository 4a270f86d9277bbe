/*
 * The record's lists, read from the store into the model: findings (in
 * an order that does not depend on ingest order), the investigation of
 * each principal a real finding names, the checklist, notification
 * decisions, the event timeline with its same-second groups, the audit
 * log (and the P-level history, role changes and notes read from it),
 * the containment actions with their verification and undo, the people
 * and the attached playbooks.
 */
#include "core/report_int.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/action.h"
#include "core/audit.h"
#include "core/checklist.h"
#include "core/eventstore.h"
#include "core/finding.h"
#include "core/notify.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/util.h"

struct gather {
	struct report	*r;
	char		**principals;	/* raw, of real findings */
	int		 nprincipals;
};

static int
on_finding(const struct finding *f, void *arg)
{
	struct gather *g = arg;
	struct report *r = g->r;
	struct rp_finding *o = RP_PUSH(r->findings, r->nfindings);

	o->p_level = f->p_level;
	o->source = rp_str(r, f->source);
	o->type = rp_str(r, f->type);
	o->title = rp_str(r, f->title);
	o->principal = rp_str(r, f->principal);
	o->resource = rp_str(r, f->resource);
	o->region = rp_str(r, f->region);
	o->ext_id = rp_str(r, f->ext_id);
	o->status = rp_str(r, f->status);
	o->first_seen = f->first_seen;
	o->last_seen = f->last_seen;
	o->count = f->count;
	o->sample = (f->flags & FINDING_F_SAMPLE) != 0;
	if (!o->sample && f->principal != NULL && *f->principal != '\0')
		*RP_PUSH(g->principals, g->nprincipals) =
		    xstrdup(f->principal);
	return (0);
}

static int
cmp_time(int64_t a, int64_t b)
{
	return (a < b ? -1 : a > b);
}

/* Row ids follow ingest order; this key does not. */
static int
cmp_finding(const void *va, const void *vb)
{
	const struct rp_finding *a = va, *b = vb;
	int c;

	if (a->p_level != b->p_level)
		return (a->p_level - b->p_level);
	if ((c = cmp_time(a->first_seen, b->first_seen)) != 0)
		return (c);
	if ((c = strcmp(a->source, b->source)) != 0)
		return (c);
	if ((c = strcmp(a->type, b->type)) != 0)
		return (c);
	return (strcmp(a->ext_id, b->ext_id));
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
add_investigation(struct report *r, const struct investigation *v)
{
	struct rp_inv *o = RP_PUSH(r->invs, r->ninvs);
	int i;

	o->principal = rp_str(r, v->principal);
	o->since = v->since;
	o->until = v->until != TIME_NONE ? v->until : r->as_of;
	o->nev = v->nev;
	memcpy(o->count, v->count, sizeof o->count);
	for (i = 0; i < v->nitems; i++) {
		struct rp_inv_item *it = RP_PUSH(o->items, o->nitems);

		it->kind = v->items[i].kind == INV_ERADICATE ? "eradicate" :
		    "rotate";
		it->what = rp_str(r, v->items[i].what);
		it->resource = rp_str(r, v->items[i].resource);
		it->region = rp_str(r, v->items[i].region);
		it->event_name = rp_str(r, v->items[i].event_name);
		it->at = v->items[i].time_ms;
	}
	for (i = 0; i < v->nsessions; i++)
		*RP_PUSH(o->sessions, o->nsessions) = rp_str(r,
		    v->sessions[i]);
}

/* One investigation per distinct principal, in byte order. */
static int
gather_investigations(struct gather *g, struct store *s, struct wr_err *err)
{
	struct investigation *v;
	int64_t since, until;
	int i, rc = 0;

	if (g->nprincipals > 1)
		qsort(g->principals, (size_t)g->nprincipals, sizeof (char *),
		    cmp_str);
	for (i = 0; i < g->nprincipals && rc == 0; i++) {
		if (i > 0 &&
		    strcmp(g->principals[i], g->principals[i - 1]) == 0)
			continue;
		/*
		 * The default window ends "now", which would make the
		 * record depend on the clock: no upper bound instead.
		 */
		rc = investigate_window(s, g->r->id, g->principals[i], &since,
		    &until, err);
		if (rc == 0)
			rc = investigate_run(s, g->r->id, g->principals[i],
			    since, TIME_NONE, &v, err);
		if (rc == 0) {
			add_investigation(g->r, v);
			investigate_free(v);
		}
	}
	return (rc);
}

static int
gather_findings(struct gather *g, struct store *s, struct wr_err *err)
{
	struct report *r = g->r;
	int i, rc;

	if (finding_each(s, r->id, on_finding, g, err) == -1)
		return (-1);
	if (r->nfindings > 1)
		qsort(r->findings, (size_t)r->nfindings, sizeof *r->findings,
		    cmp_finding);
	rc = gather_investigations(g, s, err);
	for (i = 0; i < g->nprincipals; i++)
		free(g->principals[i]);
	free(g->principals);
	return (rc);
}

static int
on_item(const struct check_item *it, void *arg)
{
	struct report *r = arg;
	struct rp_item *o = RP_PUSH(r->items, r->nitems);

	o->id = it->id;
	o->phase = it->phase;
	o->text = rp_str(r, it->text);
	o->playbook = rp_str(r, it->playbook_id);
	o->resource = rp_str(r, it->resource);
	o->assignee = rp_str(r, it->assignee);
	o->done = it->done;
	o->done_by = rp_str(r, it->done ? it->done_by : "");
	o->done_at = it->done ? it->done_at : TIME_NONE;
	if (!it->done)
		r->nopen++;
	return (0);
}

static int
on_event(const struct event_row *e, void *arg)
{
	struct report *r = arg;
	struct rp_event *o = RP_PUSH(r->events, r->nevents);

	o->time_ms = e->time_ms;
	o->name = rp_str(r, e->event_name);
	o->source = rp_str(r, e->event_source);
	o->actor = rp_str(r, e->actor);
	o->source_ip = rp_str(r, e->source_ip);
	o->region = rp_str(r, e->region);
	o->error = rp_str(r, e->error_code);
	o->event_id = rp_str(r, e->event_id);
	return (0);
}

static int64_t
second_of(int64_t t)
{
	return (t == TIME_NONE ? TIME_NONE : (t >= 0 ? t / 1000 :
	    (t - 999) / 1000));
}

/* Number the groups of events that share a second (BR-31). */
static void
mark_same_second(struct report *r)
{
	int i, group = 0;

	for (i = 1; i < r->nevents; i++) {
		struct rp_event *a = &r->events[i - 1], *b = &r->events[i];

		if (a->time_ms == TIME_NONE || b->time_ms == TIME_NONE ||
		    second_of(a->time_ms) != second_of(b->time_ms))
			continue;
		if (a->same == 0)
			a->same = ++group;
		b->same = a->same;
	}
}

static int
gather_events(struct report *r, struct store *s, struct wr_err *err)
{
	struct event_query q;

	event_query_init(&q, r->id);
	if (eventstore_each(s, &q, on_event, r, err) == -1)
		return (-1);
	mark_same_second(r);
	return (0);
}

static void
add_change(struct report *r, struct rp_change **v, int *n,
    const struct audit_row *a)
{
	struct rp_change *c = RP_PUSH(*v, *n);

	c->at = a->recorded_at;
	c->by = rp_str(r, a->actor);
	c->who = rp_str(r, a->target);
	c->before = rp_str(r, a->before);
	c->after = rp_str(r, a->after);
}

static int
on_audit(const struct audit_row *a, void *arg)
{
	struct report *r = arg;
	struct rp_audit *o = RP_PUSH(r->audit, r->naudit);

	o->id = a->id;
	o->recorded = a->recorded_at;
	o->happened = a->happened_at;
	o->discovered = a->discovered_at;
	o->actor = rp_str(r, a->actor);
	o->addr = rp_str(r, a->actor_addr);
	o->action = rp_str(r, a->action);
	o->target = rp_str(r, a->target);
	o->before = rp_str(r, a->before);
	o->after = rp_str(r, a->after);
	if (strcmp(a->action, "level") == 0)
		add_change(r, &r->levels, &r->nlevels, a);
	else if (strcmp(a->action, "role") == 0)
		add_change(r, &r->roles, &r->nroles, a);
	else if (strcmp(a->action, "note") == 0 ||
	    strcmp(a->action, "item.note") == 0) {
		struct rp_note *nt = RP_PUSH(r->notes, r->nnotes);

		nt->at = a->recorded_at;
		nt->by = o->actor;
		nt->target = o->target;
		nt->text = o->after;
	}
	return (0);
}

/* The first audit row `step` of action id: when, who, its detail. */
static int
action_step(struct report *r, struct store *s, int64_t id, const char *step,
    int64_t *at, const char **by, char **detail, struct wr_err *err)
{
	static const char q[] =
	    "SELECT recorded_at, actor, detail FROM audit"
	    " WHERE incident_id = ? AND action = ? AND target = ?"
	    " ORDER BY id LIMIT 1";
	sqlite3_stmt *st;
	char target[32];
	int rc;

	*at = TIME_NONE;
	*by = "";
	if (detail != NULL)
		*detail = NULL;
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	snprintf(target, sizeof target, "action %lld", (long long)id);
	sqlite3_bind_int64(st, 1, r->id);
	store_bind_text(st, 2, step);
	store_bind_text(st, 3, target);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*at = sqlite3_column_int64(st, 0);
		*by = rp_str(r, store_column_str(st, 1));
		if (detail != NULL)
			*detail = xstrdup(store_column_str(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "reading the audit log"));
	return (0);
}

/* action_row has no approved_at; the table does. */
static int
action_approved_at(struct store *s, int64_t id, int64_t *at,
    struct wr_err *err)
{
	static const char q[] = "SELECT approved_at FROM actions WHERE id = ?";
	sqlite3_stmt *st;
	int rc;

	*at = TIME_NONE;
	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*at = store_column_time(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (store_fail(s, err, "reading the actions"));
	return (0);
}

/* What the verification read back: the "read" of its detail. */
static const char *
read_back(struct report *r, const char *detail)
{
	cJSON *o = detail != NULL ? cJSON_Parse(detail) : NULL;
	const char *v;

	v = rp_str(r, cJSON_GetStringValue(cJSON_GetObjectItem(o, "read")));
	cJSON_Delete(o);
	return (v);
}

static const char *
item_text(const struct report *r, int64_t id)
{
	int i;

	for (i = 0; i < r->nitems; i++)
		if (r->items[i].id == id)
			return (r->items[i].text);
	return ("");
}

struct action_ctx {
	struct report	*r;
	struct store	*s;
	struct wr_err	*err;
	int		 rc;
};

static int
on_action(const struct action_row *a, void *arg)
{
	struct action_ctx *c = arg;
	struct report *r = c->r;
	struct rp_action *o = RP_PUSH(r->actions, r->nactions);
	const char *by;
	char *detail;

	o->id = a->id;
	o->action = rp_str(r, a->action);
	o->resource = rp_str(r, a->resource);
	o->region = rp_str(r, a->region);
	o->state = rp_str(r, a->state);
	o->requested_by = rp_str(r, a->requested_by);
	o->requested_at = a->requested_at;
	o->approved_by = rp_str(r, a->approved_by);
	o->request_id = rp_str(r, a->request_id);
	o->verified = a->verified;
	o->error = rp_str(r, a->error);
	o->item_id = a->item_id;
	o->item_text = item_text(r, a->item_id);
	/* A non-zero return stops action_each; c->rc says why. */
	if (action_approved_at(c->s, a->id, &o->approved_at, c->err) == -1 ||
	    action_step(r, c->s, a->id, "action.verified", &o->verified_at,
	    &by, &detail, c->err) == -1)
		return (c->rc = -1);
	o->read_back = read_back(r, detail);
	free(detail);
	if (action_step(r, c->s, a->id, "action.undone", &o->undone_at,
	    &o->undone_by, NULL, c->err) == -1)
		return (c->rc = -1);
	return (0);
}

static int
gather_actions(struct report *r, struct store *s, struct wr_err *err)
{
	struct action_ctx c = { r, s, err, 0 };

	if (action_each(s, r->id, on_action, &c, err) == -1)
		return (-1);
	return (c.rc);
}

static int
gather_people(struct report *r, struct store *s, struct wr_err *err)
{
	static const char q[] =
	    "SELECT operator, role, since FROM roles WHERE incident_id = ?"
	    " ORDER BY operator";
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, r->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rp_person *p = RP_PUSH(r->people, r->npeople);

		p->name = rp_str(r, store_column_str(st, 0));
		p->role = rp_str(r, store_column_str(st, 1));
		p->since = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE ? 0 : store_fail(s, err, "reading roles"));
}

static int
on_playbook(const struct pb_attached *pb, void *arg)
{
	struct report *r = arg;
	struct rp_playbook *o = RP_PUSH(r->playbooks, r->nplaybooks);

	o->id = rp_str(r, pb->playbook_id);
	o->version = rp_str(r, pb->version);
	o->at = pb->attached_at;
	o->by = rp_str(r, pb->attached_by);
	o->reason = rp_str(r, pb->reason);
	o->dropped = pb->dropped;
	return (0);
}

static int
on_obligation(const struct notify_obligation *ob, void *arg)
{
	struct report *r = arg;
	struct rp_obligation *o = RP_PUSH(r->obls, r->nobls);

	o->id = rp_str(r, ob->id);
	o->regime = rp_str(r, ob->regime);
	o->regime_name = rp_str(r, ob->regime_name);
	o->recipient = rp_str(r, ob->recipient);
	o->mode = rp_str(r, ob->mode);
	o->status = notify_status_name(ob->status);
	o->start = rp_str(r, ob->start);
	o->start_at = ob->start_at;
	o->deadline = ob->deadline;
	o->sent_at = ob->sent_at;
	o->sent_to = rp_str(r, ob->sent_to);
	o->channel = rp_str(r, ob->channel);
	o->ref = rp_str(r, ob->ref);
	o->sent_by = rp_str(r, ob->sent_by);
	o->met = -1;
	if (ob->status == NOTIFY_NOT_REQUIRED)
		return (0);
	if (ob->sent_at != TIME_NONE)
		o->met = ob->deadline == TIME_NONE ||
		    ob->sent_at <= ob->deadline;
	else if (ob->deadline != TIME_NONE && r->as_of > ob->deadline)
		o->met = 0;
	return (0);
}

static int
on_answer(const struct notify_answer_row *a, void *arg)
{
	struct report *r = arg;
	struct rp_answer *o = RP_PUSH(r->answers, r->nanswers);

	o->question = rp_str(r, a->question);
	o->text = rp_str(r, a->text);
	o->answer = rp_str(r, a->answer);
	o->previous = rp_str(r, a->previous);
	o->why = rp_str(r, a->why);
	o->by = rp_str(r, a->by);
	o->at = a->at;
	o->current = a->current;
	return (0);
}

static int
on_start(const struct notify_start_row *st, void *arg)
{
	struct report *r = arg;
	struct rp_start *o = RP_PUSH(r->starts, r->nstarts);

	o->event = rp_str(r, st->event);
	o->at = st->at;
	o->why = rp_str(r, st->why);
	o->by = rp_str(r, st->by);
	return (0);
}

static int
gather_notify(struct report *r, struct store *s,
    const struct notify_tree *t, struct wr_err *err)
{
	if (t == NULL)
		return (0);
	r->notify_loaded = 1;
	if (notify_each_obligation(s, t, r->id, r->as_of, on_obligation, r,
	    err) == -1 || notify_each_answer(s, t, r->id, on_answer, r,
	    err) == -1 || notify_each_start(s, r->id, on_start, r, err) == -1)
		return (-1);
	return (0);
}

int
rp_gather_lists(struct report *r, struct store *s,
    const struct notify_tree *t, struct wr_err *err)
{
	struct gather g = { r, NULL, 0 };

	if (gather_findings(&g, s, err) == -1 ||
	    checklist_each(s, r->id, on_item, r, err) == -1 ||
	    gather_events(r, s, err) == -1 ||
	    audit_each(s, r->id, on_audit, r, err) == -1 ||
	    gather_actions(r, s, err) == -1 ||
	    gather_people(r, s, err) == -1 ||
	    playbook_attached_each(s, r->id, on_playbook, r, err) == -1 ||
	    gather_notify(r, s, t, err) == -1)
		return (-1);
	return (0);
}
