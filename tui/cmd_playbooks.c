/*
 * warroom playbooks list [--json] | attach ID | drop ID: the playbooks
 * in data/playbooks and which of them the incident runs.  Attaching and
 * dropping are the commander's, and on the record (core/playbook.c).
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

static int
pbcmd_load(struct cmd_ctx *c, struct playbook_set **set)
{
	struct wr_err	 err;
	char		*dir = cmd_data_path("playbooks");
	int		 rc;

	rc = playbook_load_dir(dir, set, &err);
	free(dir);
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

struct pbcmd_state {
	const char	*id;
	int		 state;		/* 0 no, 1 attached, 2 dropped */
	char		 version[64];
};

static int
pbcmd_state_of(const struct pb_attached *a, void *arg)
{
	struct pbcmd_state	*st = arg;

	if (strcmp(a->playbook_id, st->id) == 0) {
		st->state = a->dropped ? 2 : 1;
		strlcpy_wr(st->version, a->version, sizeof st->version);
	}
	return (0);
}

static const char *
pbcmd_status(struct store *s, int64_t incident, const char *id,
    char *ver, size_t len)
{
	static const char *const words[] = { "", "attached", "dropped" };
	struct pbcmd_state	 st;
	struct wr_err		 err;

	memset(&st, 0, sizeof st);
	st.id = id;
	if (incident > 0 && playbook_attached_each(s, incident,
	    pbcmd_state_of, &st, &err) == -1)
		return ("");
	strlcpy_wr(ver, st.version, len);
	return (words[st.state]);
}

static cJSON *
pbcmd_strv(char *const *v, int n)
{
	cJSON	*a = cJSON_CreateArray();
	int	 i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return (a);
}

static cJSON *
pbcmd_json(const struct playbook *pb, const char *status, const char *ver)
{
	cJSON	*o = cJSON_CreateObject(), *t = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", pb->id);
	cJSON_AddStringToObject(o, "version", pb->version);
	cJSON_AddStringToObject(o, "title", pb->title);
	cJSON_AddStringToObject(o, "file", pb->file);
	cJSON_AddNumberToObject(o, "steps", pb->nsteps);
	cJSON_AddItemToObject(t, "guardduty", pbcmd_strv(pb->gd, pb->ngd));
	cJSON_AddItemToObject(t, "rules", pbcmd_strv(pb->rules,
	    pb->nrules));
	cJSON_AddItemToObject(t, "billing", pbcmd_strv(pb->billing,
	    pb->nbilling));
	cJSON_AddItemToObject(o, "triggers", t);
	if (*status != '\0')
		cJSON_AddStringToObject(o, "status", status);
	else
		cJSON_AddNullToObject(o, "status");
	if (*ver != '\0')
		cJSON_AddStringToObject(o, "attached_version", ver);
	return (o);
}

static int
pbcmd_list(struct cmd_ctx *c, const struct playbook_set *set, int json)
{
	struct wr_err	 err;
	int64_t		 inc = 0;
	cJSON		*a = json ? cJSON_CreateArray() : NULL;
	const char	*status;
	char		 ver[64], *s;
	int		 i;

	/* The list works without an incident; status needs one. */
	if (incident_resolve(c->store, c->incident_arg, &inc, &err) == -1) {
		if (c->incident_arg != 0)
			return (cmd_fail(c, &err));
		inc = 0;
	}
	for (i = 0; i < set->n; i++) {
		status = pbcmd_status(c->store, inc, set->v[i].id, ver,
		    sizeof ver);
		if (json)
			cJSON_AddItemToArray(a, pbcmd_json(&set->v[i], status,
			    ver));
		else
			printf("%-32s %-7s %-9s %s\n", set->v[i].id,
			    set->v[i].version, status, set->v[i].title);
	}
	if (json) {
		s = cJSON_Print(a);
		puts(s);
		free(s);
		cJSON_Delete(a);
	}
	return (CMD_OK);
}

static int
pbcmd_change(struct cmd_ctx *c, const struct playbook_set *set,
    const char *verb, const char *id)
{
	struct wr_err	 err;
	int64_t		 inc;
	int		 added = 0;

	if (incident_resolve(c->store, c->incident_arg, &inc, &err) == -1)
		return (cmd_fail(c, &err));
	if (strcmp(verb, "attach") == 0) {
		if (playbook_attach_id(c->store, set, c->op, inc, id, &added,
		    &err) == -1)
			return (cmd_fail(c, &err));
		printf(added ? "playbook %s attached to incident %lld\n" :
		    "playbook %s already attached to incident %lld\n", id,
		    (long long)inc);
		return (CMD_OK);
	}
	if (playbook_drop(c->store, c->op, inc, id, &err) == -1)
		return (cmd_fail(c, &err));
	printf("playbook %s dropped from incident %lld\n", id, (long long)inc);
	return (CMD_OK);
}

static int
playbooks_exec(struct cmd_ctx *c)
{
	struct playbook_set	*set = NULL;
	int			 rc, json = 0;

	if (c->argc < 2)
		return (cmd_usage(c, "list, attach ID or drop ID"));
	if (strcmp(c->argv[1], "list") == 0) {
		json = c->argc == 3 && strcmp(c->argv[2], "--json") == 0;
		if (c->argc > 3 || (c->argc == 3 && !json))
			return (cmd_usage(c, "list takes only --json"));
	} else if (strcmp(c->argv[1], "attach") == 0 ||
	    strcmp(c->argv[1], "drop") == 0) {
		if (c->argc != 3)
			return (cmd_usage(c, "%s takes one playbook id",
			    c->argv[1]));
	} else
		return (cmd_usage(c, "unknown action '%s'", c->argv[1]));
	if ((rc = pbcmd_load(c, &set)) != CMD_OK)
		return (rc);
	if (strcmp(c->argv[1], "list") == 0)
		rc = pbcmd_list(c, set, json);
	else
		rc = pbcmd_change(c, set, c->argv[1], c->argv[2]);
	playbook_set_free(set);
	return (rc);
}

const struct cmd_entry cmd_playbooks_entry = {
	"playbooks", "list [--json] | attach ID | drop ID",
	"the playbooks, and attaching or dropping one (commander)",
	CMD_STORE, playbooks_exec
};
