/*
 * warroom investigate PRINCIPAL [--since T] [--until T] [--json]:
 * everything an access key, user or role did in the window, grouped,
 * and what the evidence says to remove and rotate (core/investigate.c).
 * With --add, those items go onto the incident's checklist.
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/incident.h"
#include "core/investigate.h"
#include "core/playbook.h"
#include "core/safe.h"
#include "core/timeutil.h"
#include "core/util.h"

static void
inv_add_time(cJSON *o, const char *key, int64_t t)
{
	char	buf[TIME_ISO_LEN];

	if (t == TIME_NONE)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddStringToObject(o, key, time_fmt_iso(t, buf,
		    sizeof buf));
}

static cJSON *
inv_event_json(const struct inv_event *e)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "event_id", e->event_id);
	inv_add_time(o, "time", e->time_ms);
	cJSON_AddStringToObject(o, "event_name", e->name);
	cJSON_AddStringToObject(o, "event_source", e->source);
	cJSON_AddStringToObject(o, "region", e->region);
	cJSON_AddStringToObject(o, "source_ip", e->source_ip);
	cJSON_AddStringToObject(o, "access_key", e->access_key);
	cJSON_AddStringToObject(o, "target", e->target);
	if (*e->error_code != '\0')
		cJSON_AddStringToObject(o, "error_code", e->error_code);
	else
		cJSON_AddNullToObject(o, "error_code");
	cJSON_AddBoolToObject(o, "via_session", e->via_session);
	return (o);
}

static cJSON *
inv_item_json(const struct inv_item *it)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "what", it->what);
	cJSON_AddStringToObject(o, "resource", it->resource);
	cJSON_AddStringToObject(o, "region", it->region);
	cJSON_AddStringToObject(o, "source_event", it->event_id);
	cJSON_AddStringToObject(o, "event_name", it->event_name);
	inv_add_time(o, "time", it->time_ms);
	cJSON_AddStringToObject(o, "text", it->text);
	return (o);
}

static void
inv_print_json(const struct investigation *inv)
{
	cJSON	*o = cJSON_CreateObject(), *g = cJSON_CreateObject();
	cJSON	*n = cJSON_CreateObject(), *arr[INV__COUNT], *er, *ro, *ss;
	char	*s;
	int	 i;

	cJSON_AddStringToObject(o, "principal", inv->principal);
	inv_add_time(o, "since", inv->since);
	inv_add_time(o, "until", inv->until);
	ss = cJSON_AddArrayToObject(o, "sessions");
	for (i = 0; i < inv->nsessions; i++)
		cJSON_AddItemToArray(ss, cJSON_CreateString(inv->sessions[i]));
	for (i = 0; i < INV__COUNT; i++) {
		arr[i] = cJSON_AddArrayToObject(g, inv_group_name(i));
		cJSON_AddNumberToObject(n, inv_group_name(i), inv->count[i]);
	}
	for (i = 0; i < inv->nev; i++)
		cJSON_AddItemToArray(arr[inv->ev[i].group],
		    inv_event_json(&inv->ev[i]));
	cJSON_AddItemToObject(o, "counts", n);
	cJSON_AddItemToObject(o, "groups", g);
	er = cJSON_AddArrayToObject(o, "eradication");
	ro = cJSON_AddArrayToObject(o, "rotation");
	for (i = 0; i < inv->nitems; i++)
		cJSON_AddItemToArray(inv->items[i].kind == INV_ERADICATE ?
		    er : ro, inv_item_json(&inv->items[i]));
	s = cJSON_Print(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
}

static void
inv_print_event(const struct inv_event *e)
{
	char	 t[TIME_ISO_LEN], *name, *target, *err, *region, *ip;

	/* Every field came from AWS data: made safe before printing. */
	name = safe_dup(e->name);
	target = safe_dup(e->target);
	err = safe_dup(e->error_code);
	region = safe_dup(e->region);
	ip = safe_dup(e->source_ip);
	printf("  %-20s %-30s %-14s %-15s %s%s%s%s\n",
	    e->time_ms == TIME_NONE ? "(untimed)" : time_fmt_iso(e->time_ms,
	    t, sizeof t), name, region, ip, target, *err ? "  error " : "",
	    err, e->via_session ? "  (session)" : "");
	free(name);
	free(target);
	free(err);
	free(region);
	free(ip);
}

static void
inv_print_items(const struct investigation *inv, int kind,
    const char *title)
{
	char	*text;
	int	 i, n = 0;

	for (i = 0; i < inv->nitems; i++)
		n += inv->items[i].kind == kind;
	printf("\n%s (%d)\n", title, n);
	for (i = 0; i < inv->nitems; i++) {
		if (inv->items[i].kind != kind)
			continue;
		text = safe_dup(inv->items[i].text);
		printf("  - %s\n", text);
		free(text);
	}
}

static void
inv_print_text(const struct investigation *inv)
{
	char	 a[TIME_ISO_LEN], b[TIME_ISO_LEN], *p;
	int	 g, i;

	p = safe_dup(inv->principal);
	printf("Principal %s, %s to %s: %d events", p,
	    inv->since == TIME_NONE ? "the start" : time_fmt_iso(inv->since,
	    a, sizeof a), inv->until == TIME_NONE ? "now" :
	    time_fmt_iso(inv->until, b, sizeof b), inv->nev);
	free(p);
	if (inv->nsessions > 0)
		printf(", %d through sessions it obtained", inv->nsessions);
	printf("\n");
	for (g = 0; g < INV__COUNT; g++) {
		printf("\n%s (%d)\n", inv_group_title(g), inv->count[g]);
		for (i = 0; i < inv->nev; i++) {
			if (inv->ev[i].group == g)
				inv_print_event(&inv->ev[i]);
		}
	}
	inv_print_items(inv, INV_ERADICATE, "Eradicate (from the evidence)");
	inv_print_items(inv, INV_ROTATE, "Rotate (credentials reachable)");
}

static int
inv_time_opt(const char *v, int64_t *out)
{
	return (time_parse_since(v, time_now_ms(), out));
}

/* --add: the derived items onto the checklist (responders and up). */
static int
inv_add(struct cmd_ctx *c, const char *principal)
{
	struct wr_err	 err;
	int		 n;

	if (incident_require(c->store, c->incident_id, c->op, ROLE_RESPONDER,
	    "add evidence items", &err) == -1 ||
	    (n = playbook_derive(c->store, c->op, c->incident_id, principal,
	    &err)) == -1)
		return (cmd_fail(c, &err));
	printf("%d new checklist item%s from the evidence\n", n,
	    n == 1 ? "" : "s");
	return (CMD_OK);
}

static int
investigate_exec(struct cmd_ctx *c)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "add", no_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	struct investigation	*inv;
	struct wr_err		 err;
	int64_t			 since = TIME_NONE, until = TIME_NONE;
	int			 ch, json = 0, add = 0;

	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'a')
			add = 1;
		else if ((ch == 's' && inv_time_opt(optarg, &since) == -1) ||
		    (ch == 'u' && inv_time_opt(optarg, &until) == -1))
			return (cmd_usage(c, "'%s' is not ISO 8601 or a "
			    "duration such as 90d", optarg));
		else if (ch != 's' && ch != 'u' && ch != 'a')
			return (cmd_usage(c, "bad arguments"));
	}
	if (optind != c->argc - 1)
		return (cmd_usage(c, "give one access key, user or role ARN"));
	/* One bound given: the other is the default's. */
	if (since != TIME_NONE && until == TIME_NONE)
		until = time_now_ms();
	if (add)
		return (inv_add(c, c->argv[optind]));
	if (investigate_run(c->store, c->incident_id, c->argv[optind], since,
	    until, &inv, &err) == -1)
		return (cmd_fail(c, &err));
	if (json)
		inv_print_json(inv);
	else
		inv_print_text(inv);
	investigate_free(inv);
	return (CMD_OK);
}

const struct cmd_entry cmd_investigate_entry = {
	"investigate", "PRINCIPAL [--since T] [--until T] [--json] | "
	"PRINCIPAL --add",
	"what an access key, user or role did, grouped, and what to remove "
	"and rotate; --add puts those on the checklist", CMD_INCIDENT,
	investigate_exec
};
