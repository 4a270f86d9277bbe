/*
 * The subcommand dispatcher: global options, the command table, opening
 * the store and resolving the incident for the commands that need them.
 */
#include "tui/cmd.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/incident.h"
#include "core/log.h"
#include "core/store.h"
#include "core/util.h"

#define WARROOM_VERSION "0.1.0"

/* One line per command, alphabetical, so that merges stay easy. */
extern const struct cmd_entry cmd_actions_entry;
extern const struct cmd_entry cmd_approve_entry;
extern const struct cmd_entry cmd_assign_entry;
extern const struct cmd_entry cmd_attach_entry;
extern const struct cmd_entry cmd_checklist_entry;
extern const struct cmd_entry cmd_close_entry;
extern const struct cmd_entry cmd_contain_entry;
extern const struct cmd_entry cmd_demo_entry;
extern const struct cmd_entry cmd_events_entry;
extern const struct cmd_entry cmd_findings_entry;
extern const struct cmd_entry cmd_incidents_entry;
extern const struct cmd_entry cmd_ingest_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_investigate_entry;
extern const struct cmd_entry cmd_item_entry;
extern const struct cmd_entry cmd_note_entry;
extern const struct cmd_entry cmd_notify_entry;
extern const struct cmd_entry cmd_phase_entry;
extern const struct cmd_entry cmd_playbooks_entry;
extern const struct cmd_entry cmd_print_entry;
extern const struct cmd_entry cmd_reopen_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_role_entry;
extern const struct cmd_entry cmd_rules_entry;
extern const struct cmd_entry cmd_tick_entry;
extern const struct cmd_entry cmd_undo_entry;
extern const struct cmd_entry cmd_untick_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_watch_entry;

const struct cmd_entry *const cmd_table[] = {
	&cmd_actions_entry,
	&cmd_approve_entry,
	&cmd_assign_entry,
	&cmd_attach_entry,
	&cmd_checklist_entry,
	&cmd_close_entry,
	&cmd_contain_entry,
	&cmd_demo_entry,
	&cmd_events_entry,
	&cmd_findings_entry,
	&cmd_incidents_entry,
	&cmd_ingest_entry,
	&cmd_init_entry,
	&cmd_investigate_entry,
	&cmd_item_entry,
	&cmd_note_entry,
	&cmd_notify_entry,
	&cmd_phase_entry,
	&cmd_playbooks_entry,
	&cmd_print_entry,
	&cmd_reopen_entry,
	&cmd_report_entry,
	&cmd_role_entry,
	&cmd_rules_entry,
	&cmd_tick_entry,
	&cmd_undo_entry,
	&cmd_untick_entry,
	&cmd_verify_entry,
	&cmd_watch_entry,
	NULL
};

int
cmd_usage(struct cmd_ctx *c, const char *fmt, ...)
{
	const struct cmd_entry *e = cmd_find(c->name);
	va_list ap;

	fprintf(stderr, "warroom %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (e != NULL)
		fprintf(stderr, "usage: warroom %s%s%s%s\n", e->name,
		    (e->flags & CMD_INCIDENT) ? " [--incident ID]" : "",
		    e->args[0] != '\0' ? " " : "", e->args);
	return (CMD_USAGE);
}

int
cmd_fail(struct cmd_ctx *c, const struct wr_err *err)
{
	char text[WR_ERR_MSG_LEN + WR_ERR_WHERE_LEN + 4];

	fprintf(stderr, "warroom %s: %s\n", c->name,
	    wr_err_text(err, text, sizeof text));
	return (err->code == WR_ERR_USAGE ? CMD_USAGE : CMD_FAIL);
}

int
cmd_failf(struct cmd_ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "warroom %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return (CMD_FAIL);
}

const struct cmd_entry *
cmd_find(const char *name)
{
	int i;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return (cmd_table[i]);
	}
	return (NULL);
}

static int
has_data(const char *dir)
{
	char p[PATH_MAX + 64];
	struct stat st;

	snprintf(p, sizeof p, "%s/triage.json", dir);
	return (stat(p, &st) == 0);
}

/*
 * $WARROOM_DATA; else data/ of the source tree when running from
 * build/<kind>/; else ../share/warroom beside the installed binary.
 */
const char *
cmd_data_dir(void)
{
	static char dir[PATH_MAX + 32];
	char exe[PATH_MAX], *slash;
	const char *env = getenv("WARROOM_DATA");
	ssize_t n;

	if (dir[0] != '\0')
		return (dir);
	if (env != NULL && *env != '\0') {
		snprintf(dir, sizeof dir, "%s", env);
		return (dir);
	}
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(dir, sizeof dir, "%s/../../data", exe);
		if (has_data(dir))
			return (dir);
		snprintf(dir, sizeof dir, "%s/../share/warroom", exe);
		if (has_data(dir))
			return (dir);
	}
	snprintf(dir, sizeof dir, "/usr/local/share/warroom");
	return (dir);
}

char *
cmd_data_path(const char *rel)
{
	return (xasprintf("%s/%s", cmd_data_dir(), rel));
}

static void
usage_all(FILE *f)
{
	int i;

	fprintf(f, "usage: warroom [--db PATH] [-v] COMMAND [ARGS]\n\n"
	    "A terminal war-room console for AWS security incidents.\n\n"
	    "Commands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-11s %s\n", cmd_table[i]->name,
		    cmd_table[i]->help);
	fprintf(f, "\nIncident-scoped commands take --incident ID and "
	    "otherwise act on the\nmost recently opened incident that is "
	    "not closed.  Exit: 0 ok, 1 failure,\n2 usage.  "
	    "'warroom COMMAND --help' shows a command's arguments.\n");
}

/* Pull a "--name VALUE" or "--name=VALUE" option out of argv. */
static int
take_option(int *argc, char **argv, const char *name, const char **val)
{
	size_t n = strlen(name);
	int i, j, width;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], name, n) != 0)
			continue;
		if (argv[i][n] == '=') {
			*val = argv[i] + n + 1;
			width = 1;
		} else if (argv[i][n] == '\0' && i + 1 < *argc) {
			*val = argv[i + 1];
			width = 2;
		} else if (argv[i][n] == '\0')
			return (-1);
		else
			continue;
		for (j = i; j + width <= *argc; j++)
			argv[j] = argv[j + width];
		*argc -= width;
		return (1);
	}
	return (0);
}

static int
open_for(struct cmd_ctx *c, const struct cmd_entry *e, char *dbpath,
    size_t len)
{
	struct wr_err err;
	int flags = 0;

	if (c->db_path == NULL)
		c->db_path = store_default_path(dbpath, len);
	if (store_open(&c->store, c->db_path, flags, &err) == -1)
		return (cmd_fail(c, &err));
	if (!(e->flags & CMD_INCIDENT))
		return (CMD_OK);
	if (incident_resolve(c->store, c->incident_arg, &c->incident_id,
	    &err) == -1)
		return (cmd_fail(c, &err));
	return (CMD_OK);
}

static int
parse_globals(int *argc, char **argv, struct cmd_ctx *c)
{
	const char *v = NULL;
	int rc;

	while (*argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "-vv") == 0)
			c->verbose += (int)strlen(argv[1]) - 1;
		else if (strcmp(argv[1], "--version") == 0) {
			printf("warroom %s\n", WARROOM_VERSION);
			exit(0);
		} else if (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0) {
			usage_all(stdout);
			exit(0);
		} else if (strncmp(argv[1], "--db", 4) != 0 &&
		    strncmp(argv[1], "--incident", 10) != 0)
			return (-1);
		if (strncmp(argv[1], "--incident", 10) == 0) {
			if (take_option(argc, argv, "--incident", &v) != 1)
				return (-1);
			c->global_incident = v;
			continue;
		}
		if (strncmp(argv[1], "--db", 4) == 0) {
			if ((rc = take_option(argc, argv, "--db", &v)) != 1)
				return (-1);
			c->db_path = v;
			continue;
		}
		memmove(&argv[1], &argv[2], (size_t)(*argc - 1) *
		    sizeof argv[0]);
		(*argc)--;
	}
	return (0);
}

static int
run(struct cmd_ctx *c, const struct cmd_entry *e)
{
	char dbpath[PATH_MAX];
	struct wr_err err;
	int rc;

	if (config_load(&err) == -1)
		return (cmd_fail(c, &err));
	if ((e->flags & (CMD_STORE | CMD_INCIDENT)) &&
	    (rc = open_for(c, e, dbpath, sizeof dbpath)) != CMD_OK) {
		store_close(c->store);
		return (rc);
	}
	rc = e->exec(c);
	store_close(c->store);
	c->store = NULL;
	return (rc);
}

static int
subcommand_help(const struct cmd_entry *e)
{
	printf("usage: warroom %s%s%s%s\n%s\n", e->name,
	    (e->flags & CMD_INCIDENT) ? " [--incident ID]" : "",
	    e->args[0] != '\0' ? " " : "", e->args, e->help);
	return (CMD_OK);
}

int
cmd_main(int argc, char **argv, const struct wr_provider *aws)
{
	const struct cmd_entry *e;
	struct cmd_ctx c;
	const char *v = NULL;
	char *end;
	int i;

	memset(&c, 0, sizeof c);
	c.op = operator_self();
	c.aws = aws;
	if (parse_globals(&argc, argv, &c) == -1 || argc < 2) {
		usage_all(stderr);
		return (CMD_USAGE);
	}
	if ((e = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "warroom: unknown command '%s'\n", argv[1]);
		usage_all(stderr);
		return (CMD_USAGE);
	}
	c.name = e->name;
	c.argc = argc - 1;
	c.argv = argv + 1;
	for (i = 1; i < c.argc; i++) {
		if (strcmp(c.argv[i], "--help") == 0)
			return (subcommand_help(e));
	}
	if (take_option(&c.argc, c.argv, "--db", &v) == 1)
		c.db_path = v;
	if (take_option(&c.argc, c.argv, "--incident", &v) != 0 ||
	    (v = c.global_incident) != NULL) {
		c.incident_arg = strtoll(v != NULL ? v : "", &end, 10);
		if (v == NULL || *end != '\0' || c.incident_arg <= 0)
			return (cmd_usage(&c, "--incident takes a number"));
	}
	log_init(e->name, c.verbose >= 2 ? LOG_DEBUG : c.verbose ? LOG_INFO :
	    LOG_WARN);
	return (run(&c, e));
}
