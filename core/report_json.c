/*
 * The record as JSON for other tools, following data/report/schema.json
 * (REPORT_SCHEMA names its version; a change that breaks a reader bumps
 * it).  Times are ISO 8601 UTC strings or null, durations whole
 * milliseconds or null.  cJSON does the escaping.
 */
#include "core/report_int.h"

#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/finding.h"

static void
js_time(cJSON *o, const char *k, int64_t t)
{
	char a[TIME_ISO_LEN];

	if (t == TIME_NONE)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, rp_time(t, a));
}

static void
js_ms(cJSON *o, const char *k, int64_t d)
{
	if (d == TIME_NONE)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddNumberToObject(o, k, (double)d);
}

static cJSON *
js_list(cJSON *o, const char *k)
{
	return (cJSON_AddArrayToObject(o, k));
}

static cJSON *
js_item(cJSON *list)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToArray(list, o);
	return (o);
}

#define S(o, k, v)	cJSON_AddStringToObject((o), (k), (v))
#define N(o, k, v)	cJSON_AddNumberToObject((o), (k), (double)(v))
#define B(o, k, v)	cJSON_AddBoolToObject((o), (k), (v))

static void
js_changes(cJSON *list, const struct rp_change *c, int n, int role)
{
	int i;

	for (i = 0; i < n; i++) {
		cJSON *o = js_item(list);

		js_time(o, "at", c[i].at);
		S(o, "by", c[i].by);
		if (role)
			S(o, "who", c[i].who);
		S(o, "before", c[i].before);
		S(o, "after", c[i].after);
	}
}

static void
js_summary(cJSON *root, const struct report *r)
{
	cJSON *o = cJSON_AddObjectToObject(root, "summary"), *l;
	int i;

	N(o, "id", r->id);
	S(o, "title", r->title);
	S(o, "type", r->type);
	B(o, "exercise", r->exercise);
	S(o, "status", r->closed ? "closed" : "open");
	S(o, "phase", phase_name(r->phase));
	S(o, "p_level", finding_level_name(r->p_level));
	js_time(o, "opened_at", r->created_at);
	S(o, "opened_by", r->created_by);
	js_time(o, "as_of", r->as_of);
	S(o, "local_zone", r->zone);
	js_changes(js_list(o, "p_level_history"), r->levels, r->nlevels, 0);
	js_changes(js_list(o, "role_changes"), r->roles, r->nroles, 1);
	l = js_list(o, "commanders");
	for (i = 0; i < r->nroles; i++) {
		cJSON *c;

		if (strcmp(r->roles[i].after, "commander") != 0)
			continue;
		c = js_item(l);
		S(c, "who", r->roles[i].who);
		js_time(c, "since", r->roles[i].at);
		S(c, "named_by", r->roles[i].by);
	}
	l = js_list(o, "participants");
	for (i = 0; i < r->npeople; i++) {
		cJSON *p = js_item(l);

		S(p, "who", r->people[i].name);
		S(p, "role", r->people[i].role);
		js_time(p, "since", r->people[i].since);
	}
}

static void
js_times(cJSON *root, const struct report *r)
{
	cJSON *o = cJSON_AddObjectToObject(root, "key_times"), *m, *l;
	int i;

	for (i = 0; i < RP__KEYS; i++)
		js_time(o, rp_key_name(i), r->key[i]);
	m = cJSON_AddObjectToObject(root, "metrics_ms");
	for (i = 0; i < RP__METRICS; i++)
		js_ms(m, rp_metric_name(i), r->metric[i]);
	o = cJSON_AddObjectToObject(m, "in_phase");
	for (i = 0; i < PHASE__COUNT; i++)
		N(o, phase_name(i), r->in_phase[i]);
	l = js_list(root, "phases");
	for (i = 0; i < r->nphases; i++) {
		cJSON *p = js_item(l);

		S(p, "phase", phase_name(r->phases[i].phase));
		js_time(p, "entered_at", r->phases[i].at);
		js_time(p, "left_at", r->phases[i].until);
		S(p, "by", r->phases[i].by);
	}
}

static void
js_findings(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "findings");
	int i;

	for (i = 0; i < r->nfindings; i++) {
		const struct rp_finding *f = &r->findings[i];
		cJSON *o = js_item(l);

		S(o, "p_level", finding_level_name(f->p_level));
		S(o, "source", f->source);
		S(o, "type", f->type);
		S(o, "title", f->title);
		S(o, "principal", f->principal);
		S(o, "resource", f->resource);
		S(o, "region", f->region);
		S(o, "ext_id", f->ext_id);
		S(o, "status", f->status);
		js_time(o, "first_seen", f->first_seen);
		js_time(o, "last_seen", f->last_seen);
		N(o, "count", f->count);
		B(o, "sample", f->sample);
	}
}

static void
js_inv(cJSON *l, const struct rp_inv *v)
{
	cJSON *o = js_item(l), *c, *x;
	int i;

	S(o, "principal", v->principal);
	js_time(o, "since", v->since);
	js_time(o, "until", v->until);
	N(o, "events", v->nev);
	c = cJSON_AddObjectToObject(o, "groups");
	for (i = 0; i < INV__COUNT; i++)
		N(c, inv_group_name(i), v->count[i]);
	x = js_list(o, "sessions");
	for (i = 0; i < v->nsessions; i++)
		cJSON_AddItemToArray(x, cJSON_CreateString(v->sessions[i]));
	x = js_list(o, "items");
	for (i = 0; i < v->nitems; i++) {
		c = js_item(x);
		S(c, "kind", v->items[i].kind);
		S(c, "what", v->items[i].what);
		S(c, "resource", v->items[i].resource);
		S(c, "region", v->items[i].region);
		S(c, "event_name", v->items[i].event_name);
		js_time(c, "at", v->items[i].at);
	}
}

static void
js_checklist(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "checklist");
	int i;

	for (i = 0; i < r->nitems; i++) {
		const struct rp_item *it = &r->items[i];
		cJSON *o = js_item(l);

		N(o, "id", it->id);
		S(o, "phase", phase_name(it->phase));
		S(o, "text", it->text);
		S(o, "playbook", it->playbook);
		S(o, "resource", it->resource);
		S(o, "assignee", it->assignee);
		B(o, "done", it->done);
		S(o, "done_by", it->done_by);
		js_time(o, "done_at", it->done_at);
	}
}

static void
js_actions(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "containment_actions");
	int i;

	for (i = 0; i < r->nactions; i++) {
		const struct rp_action *x = &r->actions[i];
		cJSON *o = js_item(l);

		N(o, "id", x->id);
		S(o, "action", x->action);
		S(o, "resource", x->resource);
		S(o, "region", x->region);
		S(o, "state", x->state);
		S(o, "requested_by", x->requested_by);
		js_time(o, "requested_at", x->requested_at);
		S(o, "approved_by", x->approved_by);
		js_time(o, "approved_at", x->approved_at);
		S(o, "request_id", x->request_id);
		B(o, "verified", x->verified);
		js_time(o, "verified_at", x->verified_at);
		S(o, "read_back", x->read_back);
		S(o, "error", x->error);
		S(o, "undone_by", x->undone_by);
		js_time(o, "undone_at", x->undone_at);
		if (x->item_id > 0)
			N(o, "item_id", x->item_id);
		else
			cJSON_AddNullToObject(o, "item_id");
		S(o, "item_text", x->item_text);
	}
}

static void
js_obligation(cJSON *l, const struct rp_obligation *ob)
{
	cJSON *o = js_item(l);

	S(o, "id", ob->id);
	S(o, "regime", ob->regime);
	S(o, "regime_name", ob->regime_name);
	S(o, "recipient", ob->recipient);
	S(o, "mode", ob->mode);
	S(o, "status", ob->status);
	S(o, "start", ob->start);
	js_time(o, "start_at", ob->start_at);
	js_time(o, "deadline", ob->deadline);
	if (ob->met < 0)
		cJSON_AddNullToObject(o, "met");
	else
		B(o, "met", ob->met);
	js_time(o, "sent_at", ob->sent_at);
	S(o, "sent_to", ob->sent_to);
	S(o, "channel", ob->channel);
	S(o, "ref", ob->ref);
	S(o, "sent_by", ob->sent_by);
}

static void
js_notify(cJSON *root, const struct report *r)
{
	cJSON *o = cJSON_AddObjectToObject(root, "notification"), *l;
	int i;

	B(o, "rules_loaded", r->notify_loaded);
	l = js_list(o, "starts");
	for (i = 0; i < r->nstarts; i++) {
		cJSON *s = js_item(l);

		S(s, "event", r->starts[i].event);
		js_time(s, "at", r->starts[i].at);
		S(s, "why", r->starts[i].why);
		S(s, "by", r->starts[i].by);
	}
	l = js_list(o, "answers");
	for (i = 0; i < r->nanswers; i++) {
		const struct rp_answer *an = &r->answers[i];
		cJSON *a = js_item(l);

		S(a, "question", an->question);
		S(a, "text", an->text);
		S(a, "answer", an->answer);
		S(a, "previous", an->previous);
		S(a, "why", an->why);
		S(a, "by", an->by);
		js_time(a, "at", an->at);
		B(a, "current", an->current);
	}
	l = js_list(o, "obligations");
	for (i = 0; i < r->nobls; i++)
		js_obligation(l, &r->obls[i]);
}

static void
js_notes_events(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "notes");
	int i;

	for (i = 0; i < r->nnotes; i++) {
		cJSON *o = js_item(l);

		js_time(o, "at", r->notes[i].at);
		S(o, "by", r->notes[i].by);
		S(o, "target", r->notes[i].target);
		S(o, "text", r->notes[i].text);
	}
	S(root, "event_order", rp_order_note);
	l = js_list(root, "events");
	for (i = 0; i < r->nevents; i++) {
		const struct rp_event *e = &r->events[i];
		cJSON *o = js_item(l);

		js_time(o, "time", e->time_ms);
		B(o, "same_second", e->same != 0);
		S(o, "event_name", e->name);
		S(o, "event_source", e->source);
		S(o, "actor", e->actor);
		S(o, "source_ip", e->source_ip);
		S(o, "region", e->region);
		S(o, "error_code", e->error);
		S(o, "event_id", e->event_id);
	}
}

static void
js_audit(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "audit");
	int i;

	for (i = 0; i < r->naudit; i++) {
		const struct rp_audit *a = &r->audit[i];
		cJSON *o = js_item(l);

		N(o, "id", a->id);
		js_time(o, "recorded_at", a->recorded);
		js_time(o, "happened_at", a->happened);
		js_time(o, "discovered_at", a->discovered);
		S(o, "actor", a->actor);
		S(o, "actor_addr", a->addr);
		S(o, "action", a->action);
		S(o, "target", a->target);
		S(o, "before", a->before);
		S(o, "after", a->after);
	}
}

static void
js_tail(cJSON *root, const struct report *r)
{
	cJSON *l = js_list(root, "playbooks"), *o;
	char cmd[64];
	int i;

	for (i = 0; i < r->nplaybooks; i++) {
		const struct rp_playbook *p = &r->playbooks[i];

		o = js_item(l);
		S(o, "id", p->id);
		S(o, "version", p->version);
		js_time(o, "attached_at", p->at);
		S(o, "attached_by", p->by);
		S(o, "reason", p->reason);
		B(o, "dropped", p->dropped);
	}
	o = cJSON_AddObjectToObject(root, "integrity");
	B(o, "chain_intact", r->chain_ok);
	N(o, "rows", r->chain_ok ? r->chain_rows : 0);
	if (r->chain_ok) {
		S(o, "final_hash", r->head);
		cJSON_AddNullToObject(o, "broken_at");
	} else {
		cJSON_AddNullToObject(o, "final_hash");
		N(o, "broken_at", r->chain_bad);
	}
	snprintf(cmd, sizeof cmd, "warroom verify --incident %lld",
	    (long long)r->id);
	S(o, "verify_with", cmd);
}

int
report_json(const struct report *r, FILE *out, struct wr_err *err)
{
	cJSON *root = cJSON_CreateObject(), *inv;
	char *text;
	int i, rc;

	S(root, "schema", REPORT_SCHEMA);
	js_summary(root, r);
	js_times(root, r);
	js_findings(root, r);
	inv = js_list(root, "investigations");
	for (i = 0; i < r->ninvs; i++)
		js_inv(inv, &r->invs[i]);
	js_checklist(root, r);
	js_actions(root, r);
	js_notify(root, r);
	js_notes_events(root, r);
	js_audit(root, r);
	js_tail(root, r);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL)
		return (wr_fail(err, WR_ERR_NOMEM, "report", "JSON too large"));
	rc = fputs(text, out) < 0 || fputc('\n', out) == EOF ||
	    fflush(out) != 0 ? -1 : 0;
	free(text);
	if (rc == -1)
		return (wr_fail(err, WR_ERR_IO, "report", "write failed"));
	return (0);
}
