/*
 * The subcommand table.  Every action the console offers is also a
 * subcommand, and both call the same core functions.  Each cmd_*.c file
 * defines one or more `const struct cmd_entry` and tui/cmd.c lists them.
 */
#ifndef WR_CMD_H
#define WR_CMD_H

#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;
struct wr_provider;

#define CMD_STORE	0x1	/* open the store before exec */
#define CMD_INCIDENT	0x2	/* resolve --incident ID (or the newest
				   open incident) into ctx->incident_id */
#define CMD_READONLY	0x4	/* a read-only store is enough */

struct cmd_ctx {
	const char		*name;		/* "ingest" */
	int			 argc;		/* argv[0] is the name */
	char			**argv;		/* --incident removed */
	const char		*db_path;
	int			 verbose;
	struct store		*store;		/* with CMD_STORE */
	int64_t			 incident_id;	/* with CMD_INCIDENT */
	int64_t			 incident_arg;	/* --incident, or 0 */
	const char		*global_incident; /* given before the command */
	const struct operator	*op;
	const struct wr_provider *aws;		/* NULL: no AWS wired */
};

struct cmd_entry {
	const char	*name;
	const char	*args;		/* "[--json] PATH..." */
	const char	*help;		/* one line */
	int		 flags;
	int		 (*exec)(struct cmd_ctx *);
};

/* Exit codes. */
#define CMD_OK		0
#define CMD_FAIL	1
#define CMD_USAGE	2

/* "warroom NAME: msg" on stderr; returns CMD_USAGE / CMD_FAIL. */
int	cmd_usage(struct cmd_ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	cmd_fail(struct cmd_ctx *, const struct wr_err *);
int	cmd_failf(struct cmd_ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

const struct cmd_entry	*cmd_find(const char *name);
/* Every entry, NULL-terminated. */
extern const struct cmd_entry *const cmd_table[];
/* The data folder (playbooks, rules, ...): see cmd.c. */
const char	*cmd_data_dir(void);
/* cmd_data_dir() + "/" + rel, newly allocated. */
char		*cmd_data_path(const char *rel);

int	cmd_main(int argc, char **argv, const struct wr_provider *aws);

#endif
