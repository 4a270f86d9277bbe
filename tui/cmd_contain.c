/*
 * warroom contain ACTION RESOURCE, approve ID, undo ID, actions: the
 * containment actions through the gate in core/action.h.  The dry-run
 * always shows first.  Where this process has AWS credentials the
 * action (or its undo) runs at once; otherwise it waits in the store
 * for the collector (warroom watch) to carry it out.  `contain --run
 * ID` and `undo --run ID` carry out an action already approved or an
 * undo already requested: the console starts them as children so that
 * a slow AWS reply never freezes the screen.
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/action.h"
#include "core/provider.h"
#include "core/timeutil.h"
#include "core/util.h"

struct contain_args {
	const char	*user;
	const char	*region;
	const char	*profile;
	long long	 item;
	long long	 run;		/* --run ID: carry out action ID */
	int		 dry_run;
	int		 yes;
	int		 queue;
	int		 json;
};

static int
parse(struct cmd_ctx *c, struct contain_args *a)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, 'u' },
		{ "region", required_argument, NULL, 'r' },
		{ "profile", required_argument, NULL, 'p' },
		{ "item", required_argument, NULL, 'i' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "queue", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "run", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch;

	memset(a, 0, sizeof *a);
	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch == 'u')
			a->user = optarg;
		else if (ch == 'r')
			a->region = optarg;
		else if (ch == 'p')
			a->profile = optarg;
		else if (ch == 'i') {
			a->item = strtoll(optarg, &end, 10);
			if (*end != '\0' || a->item <= 0)
				return (cmd_usage(c, "--item takes an item "
				    "number"));
		} else if (ch == 'R') {
			a->run = strtoll(optarg, &end, 10);
			if (*end != '\0' || a->run <= 0)
				return (cmd_usage(c, "--run takes an action "
				    "number"));
		} else if (ch == 'n')
			a->dry_run = 1;
		else if (ch == 'y')
			a->yes = 1;
		else if (ch == 'q')
			a->queue = 1;
		else if (ch == 'j')
			a->json = 1;
		else
			return (cmd_usage(c, "unknown option"));
	}
	return (CMD_OK);
}

static const struct wr_provider *
provider(struct cmd_ctx *c)
{
	return (c->aws != NULL ? c->aws : provider_get());
}

/* What this process cannot carry out, the collector will. */
static int
queued(int64_t id, int undo, const char *why)
{
	if (undo)
		printf("undo of action %lld requested; %s, so warroom watch "
		    "carries it out\n", (long long)id, why);
	else
		printf("action %lld approved; %s, so warroom watch carries "
		    "it out\n", (long long)id, why);
	return (CMD_OK);
}

/* 1 when action id is undone (the collector may have been quicker). */
static int
undone(struct cmd_ctx *c, int64_t id)
{
	struct action_row r;
	struct wr_err err;
	int yes;

	if (action_get(c->store, id, &r, &err) == -1)
		return (0);
	yes = strcmp(r.state, "undone") == 0;
	action_row_free(&r);
	return (yes);
}

/*
 * The session's region is the action's own (--region, or the
 * finding's), so that keys without a configured region still run.
 */
static int
action_region(struct cmd_ctx *c, int64_t id, char *region, size_t len,
    struct wr_err *err)
{
	struct action_row r;

	if (action_get(c->store, id, &r, err) == -1)
		return (-1);
	snprintf(region, len, "%s", r.region != NULL ? r.region : "");
	action_row_free(&r);
	return (0);
}

/*
 * Carry action id (or its requested undo) out here when this process
 * can reach AWS; else say that the collector will.
 */
static int
run_here(struct cmd_ctx *c, const struct contain_args *a, int64_t id,
    int undo)
{
	const struct wr_provider *p = provider(c);
	struct provider_session *ps = NULL;
	struct provider_opts o;
	struct action_row r;
	struct wr_err err;
	const char *regions[2] = { NULL, NULL };
	char why[512], region[64] = "";
	int rc;

	if (action_region(c, id, region, sizeof region, &err) == -1)
		return (cmd_fail(c, &err));
	memset(&o, 0, sizeof o);
	o.profile = a->profile;
	if (region[0] != '\0') {
		regions[0] = region;
		o.regions = regions;
	}
	if (p == NULL || p->act == NULL)
		return (queued(id, undo, "this warroom has no AWS"));
	if (p->open(&o, &ps, &err) == -1) {
		queued(id, undo, "no AWS credentials here");
		printf("(%s)\n", wr_err_text(&err, why, sizeof why));
		return (CMD_OK);
	}
	rc = undo ? action_undo(c->store, c->op, p, ps, id, &err) :
	    action_run(c->store, c->op, p, ps, id, &err);
	p->close(ps);
	/* The collector claimed it first: it is being carried out. */
	if (rc == -1 && err.code == WR_ERR_BUSY) {
		printf("action %lld: %s\n", (long long)id, err.msg);
		return (CMD_OK);
	}
	if (rc == -1 && !(undo && undone(c, id)))
		return (cmd_fail(c, &err));
	if (action_get(c->store, id, &r, &err) == -1)
		return (cmd_fail(c, &err));
	printf("action %lld %s: %s %s (request id %s)%s\n", (long long)id,
	    r.state, r.action, r.resource, r.request_id,
	    r.verified && !undo ? ", verified" : "");
	action_row_free(&r);
	return (CMD_OK);
}

static char *
params_json(const struct contain_args *a)
{
	cJSON *o;
	char *s;

	if (a->user == NULL)
		return (NULL);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "user", a->user);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return (s);
}

/* A disruptive action: the resource id typed back, or --yes. */
static int
confirmed(const struct action_def *d, const char *resource,
    const struct contain_args *a)
{
	char line[512];
	size_t n;

	if (!(d->flags & ACTION_DISRUPTIVE) || a->yes)
		return (1);
	if (!isatty(STDIN_FILENO))
		return (0);
	printf("type the resource id (%s) to go ahead: ", resource);
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL)
		return (0);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return (strcmp(line, resource) == 0);
}

extern const struct cmd_entry cmd_contain_entry;

/* A usage error that lists the actions, so that a typo shows the names. */
static int
usage_actions(struct cmd_ctx *c, const char *what)
{
	int i;

	fprintf(stderr, "warroom %s: %s; the actions are:\n", c->name, what);
	for (i = 0; action_defs[i] != NULL; i++)
		fprintf(stderr, "  %-21s %s%s\n", action_defs[i]->name,
		    action_defs[i]->what, action_defs[i]->flags &
		    ACTION_DISRUPTIVE ? " (disruptive)" : "");
	fprintf(stderr, "usage: warroom %s [--incident ID] %s\n", c->name,
	    cmd_contain_entry.args);
	return (CMD_USAGE);
}

static int
contain_exec(struct cmd_ctx *c)
{
	const struct action_def *d;
	struct contain_args a;
	struct action_new n;
	struct wr_err err;
	char *text, *params, what[160];
	int64_t id;
	int rc, approved;

	if ((rc = parse(c, &a)) != CMD_OK)
		return (rc);
	if (a.run > 0) {
		/* The console's child: the gate was passed when requested. */
		if (c->argc - optind != 0)
			return (cmd_usage(c, "--run takes no other arguments"));
		return (run_here(c, &a, a.run, 0));
	}
	if (c->argc - optind != 2)
		return (usage_actions(c, "give an action and a resource"));
	if ((d = action_find(c->argv[optind])) == NULL) {
		snprintf(what, sizeof what, "unknown action '%.100s'",
		    c->argv[optind]);
		return (usage_actions(c, what));
	}
	params = params_json(&a);
	text = action_dry_run(d, c->argv[optind + 1], params, time_now_ms());
	printf("%s\n", text);
	free(text);
	if (a.dry_run) {
		free(params);
		return (CMD_OK);
	}
	if (!confirmed(d, c->argv[optind + 1], &a)) {
		free(params);
		return (cmd_failf(c, "%s is disruptive: type the resource id "
		    "back, or give --yes", d->name));
	}
	memset(&n, 0, sizeof n);
	n.action = d->name;
	n.resource = c->argv[optind + 1];
	n.region = a.region;
	n.params = params;
	n.item_id = a.item;
	rc = action_request(c->store, c->op, c->incident_id, &n, &id,
	    &approved, &err);
	free(params);
	if (rc == -1)
		return (cmd_fail(c, &err));
	if (!approved) {
		printf("action %lld requested; it waits for the commander: "
		    "warroom approve %lld\n", (long long)id, (long long)id);
		return (CMD_OK);
	}
	if (a.queue) {
		printf("action %lld approved; warroom watch carries it out\n",
		    (long long)id);
		return (CMD_OK);
	}
	return (run_here(c, &a, id, 0));
}

static int
id_arg(struct cmd_ctx *c, int64_t *id)
{
	char *end;

	if (c->argc - optind != 1)
		return (cmd_usage(c, "give the action's number"));
	*id = strtoll(c->argv[optind], &end, 10);
	if (*end != '\0' || *id <= 0)
		return (cmd_usage(c, "'%s' is not an action number",
		    c->argv[optind]));
	return (CMD_OK);
}

static int
approve_exec(struct cmd_ctx *c)
{
	struct contain_args a;
	struct wr_err err;
	int64_t id;
	int rc;

	if ((rc = parse(c, &a)) != CMD_OK || (rc = id_arg(c, &id)) != CMD_OK)
		return (rc);
	if (action_approve(c->store, c->op, id, &err) == -1)
		return (cmd_fail(c, &err));
	if (a.queue) {
		printf("action %lld approved; warroom watch carries it out\n",
		    (long long)id);
		return (CMD_OK);
	}
	return (run_here(c, &a, id, 0));
}

static int
undo_exec(struct cmd_ctx *c)
{
	struct contain_args a;
	struct wr_err err;
	int64_t id;
	int rc;

	if ((rc = parse(c, &a)) != CMD_OK)
		return (rc);
	if (a.run > 0) {
		/* The console's child: the commander asked already. */
		if (c->argc - optind != 0)
			return (cmd_usage(c, "--run takes no other arguments"));
		return (run_here(c, &a, a.run, 1));
	}
	if ((rc = id_arg(c, &id)) != CMD_OK)
		return (rc);
	if (action_request_undo(c->store, c->op, id, &err) == -1)
		return (cmd_fail(c, &err));
	if (a.queue) {
		printf("undo of action %lld requested; warroom watch carries "
		    "it out\n", (long long)id);
		return (CMD_OK);
	}
	return (run_here(c, &a, id, 1));
}

static int
row_json(const struct action_row *r, void *arg)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)r->id);
	cJSON_AddStringToObject(o, "action", r->action);
	cJSON_AddStringToObject(o, "resource", r->resource);
	cJSON_AddStringToObject(o, "state", r->state);
	cJSON_AddStringToObject(o, "requested_by", r->requested_by);
	cJSON_AddStringToObject(o, "approved_by", r->approved_by);
	cJSON_AddStringToObject(o, "request_id", r->request_id);
	cJSON_AddBoolToObject(o, "verified", r->verified);
	if (r->undo != NULL)
		cJSON_AddStringToObject(o, "undo", r->undo);
	else
		cJSON_AddNullToObject(o, "undo");
	cJSON_AddStringToObject(o, "error", r->error);
	cJSON_AddItemToArray(arg, o);
	return (0);
}

static int
row_text(const struct action_row *r, void *arg)
{
	(void)arg;
	printf("%-4lld %-20s %-24s %-14s %-10s %s%s%s\n", (long long)r->id,
	    r->action, r->resource, r->state, r->requested_by,
	    r->verified ? "verified" : "", r->error[0] != '\0' ? " " : "",
	    r->error);
	return (0);
}

static int
actions_exec(struct cmd_ctx *c)
{
	struct contain_args a;
	struct wr_err err;
	cJSON *arr;
	char *s;
	int rc;

	if ((rc = parse(c, &a)) != CMD_OK)
		return (rc);
	if (!a.json)
		return (action_each(c->store, c->incident_id, row_text, NULL,
		    &err) == -1 ? cmd_fail(c, &err) : CMD_OK);
	arr = cJSON_CreateArray();
	if (action_each(c->store, c->incident_id, row_json, arr, &err) == -1) {
		cJSON_Delete(arr);
		return (cmd_fail(c, &err));
	}
	s = cJSON_Print(arr);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(arr);
	return (CMD_OK);
}

const struct cmd_entry cmd_actions_entry = {
	"actions", "[--json]", "list the incident's containment actions",
	CMD_STORE | CMD_INCIDENT | CMD_READONLY, actions_exec
};
const struct cmd_entry cmd_approve_entry = {
	"approve", "[--queue] [--profile P] ID",
	"approve a responder's containment request (commander)",
	CMD_STORE, approve_exec
};
const struct cmd_entry cmd_contain_entry = {
	"contain", "ACTION RESOURCE [--user U] [--item N] [--region R]"
	" [--profile P] [--dry-run] [--yes] [--queue] | --run ID",
	"run a containment action through the gate",
	CMD_STORE | CMD_INCIDENT, contain_exec
};
const struct cmd_entry cmd_undo_entry = {
	"undo", "[--queue] [--profile P] ID | --run ID",
	"reverse a containment action (commander)", CMD_STORE, undo_exec
};
