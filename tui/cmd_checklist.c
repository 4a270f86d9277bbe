/*
 * The checklist from the command line: warroom checklist [--json],
 * untick ITEM, assign ITEM USER, item add PHASE TEXT.  The same core
 * calls as the console's checklist pane (core/checklist.h); tick is in
 * cmd_tick.c.
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/safe.h"
#include "core/timeutil.h"
#include "core/util.h"

static cJSON *
cl_str_or_null(const char *s)
{
	return (s != NULL && *s != '\0' ? cJSON_CreateString(s) :
	    cJSON_CreateNull());
}

static int
cl_json(const struct check_item *it, void *arg)
{
	cJSON	*o = cJSON_CreateObject();
	char	 t[TIME_ISO_LEN];

	cJSON_AddNumberToObject(o, "id", (double)it->id);
	cJSON_AddStringToObject(o, "phase", phase_name(it->phase));
	cJSON_AddStringToObject(o, "text", it->text);
	cJSON_AddItemToObject(o, "resource", cl_str_or_null(it->resource));
	cJSON_AddItemToObject(o, "source_event",
	    cl_str_or_null(it->source_event));
	cJSON_AddItemToObject(o, "assignee", cl_str_or_null(it->assignee));
	cJSON_AddBoolToObject(o, "done", it->done);
	cJSON_AddItemToObject(o, "by", cl_str_or_null(it->done ?
	    it->done_by : NULL));
	cJSON_AddItemToObject(o, "at", it->done && it->done_at != TIME_NONE ?
	    cJSON_CreateString(time_fmt_iso(it->done_at, t, sizeof t)) :
	    cJSON_CreateNull());
	cJSON_AddItemToArray(arg, o);
	return (0);
}

struct cl_text {
	int	phase;
	int	lines;
	int	done[PHASE__COUNT];
	int	total[PHASE__COUNT];
};

static int
cl_line(const struct check_item *it, void *arg)
{
	struct cl_text	*c = arg;
	char		 t[TIME_ISO_LEN], *text;

	if (it->phase != c->phase) {
		c->phase = it->phase;
		printf("%s%s %d/%d\n", c->lines++ == 0 ? "" : "\n",
		    phase_name(it->phase), c->done[it->phase],
		    c->total[it->phase]);
	}
	text = safe_dup(it->text);
	printf("  %4lld [%c] %s", (long long)it->id, it->done ? 'x' : ' ',
	    text);
	free(text);
	if (*it->assignee != '\0')
		printf("  @%s", it->assignee);
	if (it->done)
		printf("  (%s %s)", it->done_by, time_fmt_short(it->done_at, t,
		    sizeof t));
	printf("\n");
	return (0);
}

static int
checklist_exec(struct cmd_ctx *c)
{
	struct cl_text	 tx;
	struct wr_err	 err;
	cJSON		*a;
	char		*s;
	int		 json;

	json = c->argc == 2 && strcmp(c->argv[1], "--json") == 0;
	if (c->argc > 2 || (c->argc == 2 && !json))
		return (cmd_usage(c, "takes only --json"));
	if (json) {
		a = cJSON_CreateArray();
		if (checklist_each(c->store, c->incident_id, cl_json, a,
		    &err) == -1) {
			cJSON_Delete(a);
			return (cmd_fail(c, &err));
		}
		s = cJSON_Print(a);
		puts(s);
		free(s);
		cJSON_Delete(a);
		return (CMD_OK);
	}
	memset(&tx, 0, sizeof tx);
	tx.phase = -1;
	if (checklist_progress(c->store, c->incident_id, tx.done, tx.total,
	    PHASE__COUNT) == -1)
		return (cmd_failf(c, "cannot count the checklist"));
	if (checklist_each(c->store, c->incident_id, cl_line, &tx,
	    &err) == -1)
		return (cmd_fail(c, &err));
	if (tx.phase == -1)
		printf("no checklist items yet\n");
	return (CMD_OK);
}

static int
cl_item_arg(struct cmd_ctx *c, const char *s, int64_t *item)
{
	char		*end;
	long long	 v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v <= 0)
		return (cmd_usage(c, "'%s' is not an item number", s));
	*item = v;
	return (CMD_OK);
}

static int
untick_exec(struct cmd_ctx *c)
{
	struct wr_err	 err;
	int64_t		 item = 0;
	int		 rc;

	if (c->argc != 2)
		return (cmd_usage(c, "give the item's number"));
	if ((rc = cl_item_arg(c, c->argv[1], &item)) != CMD_OK)
		return (rc);
	if (checklist_tick(c->store, c->op, item, 0, &err) == -1)
		return (cmd_fail(c, &err));
	printf("item %lld open again\n", (long long)item);
	return (CMD_OK);
}

static int
assign_exec(struct cmd_ctx *c)
{
	struct wr_err	 err;
	int64_t		 item = 0;
	int		 rc;

	if (c->argc != 3)
		return (cmd_usage(c, "give the item's number and a user"));
	if ((rc = cl_item_arg(c, c->argv[1], &item)) != CMD_OK)
		return (rc);
	if (checklist_assign(c->store, c->op, item, c->argv[2], &err) == -1)
		return (cmd_fail(c, &err));
	printf("item %lld assigned to %s\n", (long long)item, c->argv[2]);
	return (CMD_OK);
}

static int
item_exec(struct cmd_ctx *c)
{
	struct check_item	 it;
	struct wr_err		 err;
	struct buf		 text;
	int64_t			 id;
	int			 phase, i, rc;

	if (c->argc < 2 || strcmp(c->argv[1], "add") != 0)
		return (cmd_usage(c, "the only subcommand is add"));
	if (c->argc < 4)
		return (cmd_usage(c, "give a phase and the item's text"));
	if ((phase = phase_from_name(c->argv[2])) == -1)
		return (cmd_usage(c, "'%s' is not a phase (detection, "
		    "containment, investigation, eradication, recovery, "
		    "post-incident)", c->argv[2]));
	memset(&it, 0, sizeof it);
	it.incident_id = c->incident_id;
	it.phase = phase;
	it.ord = PLAYBOOK_ORD_ADHOC;
	/* Unquoted words are one text, as for a note. */
	buf_init(&text);
	for (i = 3; i < c->argc; i++) {
		if (i > 3)
			buf_addc(&text, ' ');
		buf_adds(&text, c->argv[i]);
	}
	it.text = text.data;
	rc = checklist_add(c->store, c->op, &it, &id, NULL, &err);
	buf_free(&text);
	if (rc == -1)
		return (cmd_fail(c, &err));
	printf("%lld\n", (long long)id);
	return (CMD_OK);
}

const struct cmd_entry cmd_checklist_entry = {
	"checklist", "[--json]",
	"the incident's checklist by phase, with who and when",
	CMD_INCIDENT | CMD_READONLY, checklist_exec
};

const struct cmd_entry cmd_untick_entry = {
	"untick", "ITEM", "reopen a checklist item", CMD_STORE, untick_exec
};

const struct cmd_entry cmd_assign_entry = {
	"assign", "ITEM USER", "give a checklist item to an operator",
	CMD_STORE, assign_exec
};

const struct cmd_entry cmd_item_entry = {
	"item", "add PHASE TEXT...",
	"add an ad hoc checklist item; prints its id",
	CMD_INCIDENT, item_exec
};
