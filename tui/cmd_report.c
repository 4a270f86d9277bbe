/*
 * warroom report: the incident record.
 */
#include "tui/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/notify_tree.h"
#include "core/report.h"

/* The breach-notification section needs the tree; without it, none. */
static struct notify_tree *
report_tree(struct cmd_ctx *c)
{
	struct notify_tree *t = NULL;
	struct wr_err err;
	char *dir = cmd_data_path("notification");
	char text[WR_ERR_MSG_LEN + WR_ERR_WHERE_LEN + 4];

	if (notify_tree_load_dir(dir, &t, &err) == -1)
		fprintf(stderr, "warroom %s: no breach-notification section: "
		    "%s\n", c->name, wr_err_text(&err, text, sizeof text));
	free(dir);
	return (t);
}

static int
report_exec(struct cmd_ctx *c)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "md", *path = NULL;
	struct wr_err err;
	struct notify_tree *tree;
	FILE *out = stdout;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "o:", opts, NULL)) != -1) {
		if (ch == 'f')
			format = optarg;
		else if (ch == 'o')
			path = optarg;
		else
			return (cmd_usage(c, "unknown option"));
	}
	if (optind != c->argc)
		return (cmd_usage(c, "unexpected argument"));
	if (path != NULL && (out = fopen(path, "w")) == NULL)
		return (cmd_failf(c, "%s: %s", path, strerror(errno)));
	tree = report_tree(c);
	report_set_notify_tree(tree);
	rc = report_write(c->store, c->incident_id, format, out, &err);
	report_set_notify_tree(NULL);
	notify_tree_free(tree);
	if (path != NULL && fclose(out) != 0 && rc == 0)
		return (cmd_failf(c, "%s: %s", path, strerror(errno)));
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

const struct cmd_entry cmd_report_entry = {
	"report", "[--format md] [-o FILE]",
	"print the incident record", CMD_INCIDENT, report_exec
};
