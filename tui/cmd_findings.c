/*
 * warroom findings and warroom events: what the incident has seen.
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/eventstore.h"
#include "core/finding.h"
#include "core/safe.h"
#include "core/timeutil.h"
#include "core/util.h"

static void
add_time(cJSON *o, const char *key, int64_t t)
{
	char buf[TIME_ISO_LEN];

	if (t == TIME_NONE)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddStringToObject(o, key, time_fmt_iso(t, buf,
		    sizeof buf));
}

static int
finding_json(const struct finding *f, void *arg)
{
	cJSON *a = arg, *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddStringToObject(o, "source", f->source);
	cJSON_AddStringToObject(o, "type", f->type);
	cJSON_AddStringToObject(o, "p_level", finding_level_name(f->p_level));
	cJSON_AddStringToObject(o, "title", f->title);
	cJSON_AddStringToObject(o, "principal", f->principal);
	cJSON_AddStringToObject(o, "resource", f->resource);
	if (f->severity > 0 || strcmp(f->source, "guardduty") == 0)
		cJSON_AddNumberToObject(o, "severity", f->severity);
	add_time(o, "first_seen", f->first_seen);
	add_time(o, "last_seen", f->last_seen);
	cJSON_AddNumberToObject(o, "count", (double)f->count);
	cJSON_AddBoolToObject(o, "sample", (f->flags & FINDING_F_SAMPLE) != 0);
	cJSON_AddItemToArray(a, o);
	return (0);
}

struct lines {
	int	all;
	long	hidden;
};

static int
finding_line(const struct finding *f, void *arg)
{
	struct lines *ln = arg;
	char t[TIME_ISO_LEN], *title, *res;

	/* Samples stay out of the default queue (BR-14); --all shows them. */
	if ((f->flags & FINDING_F_SAMPLE) && !ln->all) {
		ln->hidden++;
		return (0);
	}
	title = safe_dup(f->title);
	res = safe_dup(f->resource[0] != '\0' ? f->resource : f->principal);
	printf("%-5lld %s %-9s %s %s%s  [%s] x%lld\n", (long long)f->id,
	    finding_level_name(f->p_level), f->source,
	    time_fmt_iso(f->last_seen, t, sizeof t),
	    (f->flags & FINDING_F_SAMPLE) ? "[SAMPLE] " : "", title, res,
	    (long long)f->count);
	free(title);
	free(res);
	return (0);
}

static int
json_flag(struct cmd_ctx *c, const char **principal, const char **since,
    int *all)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ "principal", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	int ch, json = 0;

	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'a' && all != NULL)
			*all = 1;
		else if (ch == 'p' && principal != NULL)
			*principal = optarg;
		else if (ch == 's' && since != NULL)
			*since = optarg;
		else
			return (-1);
	}
	return (optind == c->argc ? json : -1);
}

static void
print_json(cJSON *a)
{
	char *s = cJSON_Print(a);

	puts(s);
	free(s);
	cJSON_Delete(a);
}

static int
findings_exec(struct cmd_ctx *c)
{
	struct lines ln = { 0, 0 };
	struct wr_err err;
	cJSON *a;
	int json;

	if ((json = json_flag(c, NULL, NULL, &ln.all)) == -1)
		return (cmd_usage(c, "bad arguments"));
	if (!json) {
		if (finding_each(c->store, c->incident_id, finding_line, &ln,
		    &err) == -1)
			return (cmd_fail(c, &err));
		if (ln.hidden > 0)
			printf("(%ld GuardDuty sample finding%s not shown; "
			    "--all shows them)\n", ln.hidden,
			    ln.hidden == 1 ? "" : "s");
		return (CMD_OK);
	}
	a = cJSON_CreateArray();
	if (finding_each(c->store, c->incident_id, finding_json, a,
	    &err) == -1) {
		cJSON_Delete(a);
		return (cmd_fail(c, &err));
	}
	print_json(a);
	return (CMD_OK);
}

const struct cmd_entry cmd_findings_entry = {
	"findings", "[--all] [--json]",
	"list the incident's findings, worst first", CMD_INCIDENT,
	findings_exec
};

struct events_out {
	int	json;
	long	n;
};

static int
event_out(const struct event_row *r, void *arg)
{
	struct events_out *o = arg;
	char t[TIME_ISO_LEN], *actor, *name, *ip, *code;

	if (o->json) {
		/* The record exactly as it arrived. */
		fputs(o->n++ > 0 ? ",\n" : "\n", stdout);
		fwrite(r->raw, 1, r->raw_len, stdout);
		return (0);
	}
	/* Every field came from AWS data: all of it in visible form. */
	actor = safe_dup(r->actor);
	name = safe_dup(r->event_name);
	ip = safe_dup(r->source_ip);
	code = safe_dup(r->error_code);
	printf("%s %-28s %-15s %s%s%s\n", time_fmt_iso(r->time_ms, t, sizeof t),
	    name, ip, actor, code[0] ? "  error " : "", code);
	free(actor);
	free(name);
	free(ip);
	free(code);
	return (0);
}

static int
events_exec(struct cmd_ctx *c)
{
	struct event_query q;
	struct events_out o = { 0, 0 };
	const char *principal = NULL, *since = NULL;
	struct wr_err err;
	int json;

	if ((json = json_flag(c, &principal, &since, NULL)) == -1)
		return (cmd_usage(c, "bad arguments"));
	event_query_init(&q, c->incident_id);
	q.principal = principal;
	q.want_raw = json;
	if (since != NULL && time_parse_since(since, time_now_ms(),
	    &q.since) == -1)
		return (cmd_usage(c, "--since takes ISO 8601, a date "
		    "(midnight UTC) or a duration such as 90d, 12h, 30m"));
	o.json = json;
	if (json)
		fputs("[", stdout);
	if (eventstore_each(c->store, &q, event_out, &o, &err) == -1)
		return (cmd_fail(c, &err));
	if (json)
		fputs(o.n > 0 ? "\n]\n" : "]\n", stdout);
	return (CMD_OK);
}

const struct cmd_entry cmd_events_entry = {
	"events", "[--principal KEY|ARN] [--since T] [--json]",
	"the event timeline, optionally one principal's; --json gives the "
	"records as they arrived", CMD_INCIDENT, events_exec
};
