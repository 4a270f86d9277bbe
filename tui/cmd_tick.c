/*
 * warroom tick ITEM: mark a checklist item done.
 */
#include "tui/cmd.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checklist.h"

static int
tick_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	char *end;
	long long item;

	if (c->argc != 2)
		return (cmd_usage(c, "give the item's number"));
	item = strtoll(c->argv[1], &end, 10);
	if (*end != '\0' || item <= 0)
		return (cmd_usage(c, "'%s' is not an item number", c->argv[1]));
	if (checklist_tick(c->store, c->op, item, 1, &err) == -1)
		return (cmd_fail(c, &err));
	printf("item %lld done\n", item);
	return (CMD_OK);
}

const struct cmd_entry cmd_tick_entry = {
	"tick", "ITEM", "mark a checklist item done", CMD_STORE, tick_exec
};
