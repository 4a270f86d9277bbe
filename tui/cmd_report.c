/*
 * warroom report: the incident record.
 */
#include "tui/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "core/report.h"

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
	rc = report_write(c->store, c->incident_id, format, out, &err);
	if (path != NULL && fclose(out) != 0 && rc == 0)
		return (cmd_failf(c, "%s: %s", path, strerror(errno)));
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

const struct cmd_entry cmd_report_entry = {
	"report", "[--format md] [-o FILE]",
	"print the incident record", CMD_INCIDENT, report_exec
};
