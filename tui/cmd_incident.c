/*
 * Incident-level subcommands: init, incidents, phase, close, reopen,
 * role, note, verify.
 */
#include "tui/cmd.h"

#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/incident.h"
#include "core/playbook.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

/*
 * An incident's type names the kind of incident, and each playbook in
 * data/playbooks is the answer to one kind: so the types are the ids of
 * the loaded playbooks.  A typo is refused with the list to pick from.
 */
static int
init_check_type(struct cmd_ctx *c, const char *type)
{
	struct playbook_set	*set;
	struct wr_err		 err;
	char			*dir = cmd_data_path("playbooks");
	int			 i, rc;

	rc = playbook_load_dir(dir, &set, &err);
	free(dir);
	if (rc == -1)
		return (cmd_fail(c, &err));
	if (playbook_find(set, type) != NULL) {
		playbook_set_free(set);
		return (CMD_OK);
	}
	fprintf(stderr, "warroom %s: unknown incident type '%s'; the types "
	    "are the ids of the playbooks in %s/playbooks:\n", c->name, type,
	    cmd_data_dir());
	for (i = 0; i < set->n; i++)
		fprintf(stderr, "  %-32s %s\n", set->v[i].id,
		    set->v[i].title);
	playbook_set_free(set);
	return (CMD_USAGE);
}

struct init_args {
	const char	*title;
	const char	*type;
	int		 exercise;
};

static int
init_parse(struct cmd_ctx *c, struct init_args *a)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'y' },
		{ "exercise", no_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	memset(a, 0, sizeof *a);
	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': a->title = optarg; break;
		case 'y': a->type = optarg; break;
		case 'x': a->exercise = 1; break;
		default: return (cmd_usage(c, "unknown option"));
		}
	}
	if (a->title == NULL || a->type == NULL || optind != c->argc)
		return (cmd_usage(c, "--title and --type are required"));
	return (CMD_OK);
}

/*
 * The type is checked before the store is opened, so a refused init
 * leaves no new, empty database behind.
 */
static int
init_exec(struct cmd_ctx *c)
{
	char dbpath[PATH_MAX];
	struct init_args a;
	struct wr_err err;
	int64_t id;
	int rc;

	if ((rc = init_parse(c, &a)) != CMD_OK ||
	    (rc = init_check_type(c, a.type)) != CMD_OK)
		return (rc);
	if (c->db_path == NULL)
		c->db_path = store_default_path(dbpath, sizeof dbpath);
	if (store_open(&c->store, c->db_path, 0, &err) == -1)
		return (cmd_fail(c, &err));
	if (incident_create(c->store, c->op, a.title, a.type, a.exercise, &id,
	    &err) == -1)
		return (cmd_fail(c, &err));
	printf("%lld\n", (long long)id);
	return (CMD_OK);
}

const struct cmd_entry cmd_init_entry = {
	"init", "--title T --type TYPE [--exercise]",
	"open a new incident (prints its id); --exercise marks a drill",
	0, init_exec
};

static int
list_exec(struct cmd_ctx *c)
{
	static const char q[] =
	    "SELECT id FROM incidents ORDER BY created_at, id";
	sqlite3_stmt *st;
	struct incident inc;
	struct wr_err err;
	char t[TIME_ISO_LEN];
	int64_t id;

	if (c->argc != 1)
		return (cmd_usage(c, "unexpected argument '%s'", c->argv[1]));
	if ((st = store_stmt(c->store, q, &err)) == NULL)
		return (cmd_fail(c, &err));
	while (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (incident_get(c->store, id, &inc, &err) == -1)
			continue;
		printf("%-4lld %-6s %s %-13s %s %s%s\n", (long long)id,
		    inc.closed ? "closed" : "open", time_fmt_iso(inc.created_at,
		    t, sizeof t), phase_name(inc.phase), inc.type, inc.title,
		    inc.exercise ? " [EXERCISE]" : "");
	}
	sqlite3_reset(st);
	return (CMD_OK);
}

const struct cmd_entry cmd_incidents_entry = {
	"incidents", "", "list the incidents in the database",
	CMD_STORE, list_exec
};

static int
phase_exec(struct cmd_ctx *c)
{
	struct incident inc;
	struct wr_err err;
	const char *arg;
	int phase;

	if (c->argc != 2)
		return (cmd_usage(c, "give next, back or a phase name"));
	arg = c->argv[1];
	if (incident_get(c->store, c->incident_id, &inc, &err) == -1)
		return (cmd_fail(c, &err));
	if (strcmp(arg, "next") == 0)
		phase = inc.phase + 1;
	else if (strcmp(arg, "back") == 0)
		phase = inc.phase - 1;
	else if ((phase = phase_from_name(arg)) == -1)
		return (cmd_usage(c, "unknown phase '%s'", arg));
	if (phase < 0)
		return (cmd_failf(c, "already in %s, the first phase",
		    phase_name(inc.phase)));
	if (phase >= PHASE__COUNT)
		return (cmd_failf(c, "already in %s, the last phase",
		    phase_name(inc.phase)));
	if (incident_set_phase(c->store, c->op, c->incident_id, phase,
	    &err) == -1)
		return (cmd_fail(c, &err));
	printf("%s -> %s\n", phase_name(inc.phase), phase_name(phase));
	return (CMD_OK);
}

const struct cmd_entry cmd_phase_entry = {
	"phase", "next|back|NAME",
	"move the incident to the next, previous or named phase (commander)",
	CMD_INCIDENT, phase_exec
};

static int
close_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	int closing = strcmp(c->name, "close") == 0;

	if (c->argc != 1)
		return (cmd_usage(c, "no arguments expected"));
	if ((closing ? incident_close : incident_reopen)(c->store, c->op,
	    c->incident_id, &err) == -1)
		return (cmd_fail(c, &err));
	printf("incident %lld %s\n", (long long)c->incident_id,
	    closing ? "closed" : "reopened");
	return (CMD_OK);
}

const struct cmd_entry cmd_close_entry = {
	"close", "", "close the incident (commander)", CMD_INCIDENT, close_exec
};

static int
reopen_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	int64_t id = c->incident_arg;

	if (id == 0)
		return (cmd_usage(c, "--incident ID is required"));
	if (incident_reopen(c->store, c->op, id, &err) == -1)
		return (cmd_fail(c, &err));
	printf("incident %lld reopened\n", (long long)id);
	return (CMD_OK);
}

const struct cmd_entry cmd_reopen_entry = {
	"reopen", "--incident ID", "reopen a closed incident (commander)",
	CMD_STORE, reopen_exec
};

static int
role_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	int r;

	if (c->argc != 3)
		return (cmd_usage(c, "give a user and a role"));
	if ((r = role_from_name(c->argv[2])) == -1)
		return (cmd_usage(c, "role is commander, responder, scribe or "
		    "observer"));
	/*
	 * Command handed to a mistyped name would leave the incident with
	 * no commander anyone can log in as: only to a real account.
	 */
	if (r == ROLE_COMMANDER && getpwnam(c->argv[1]) == NULL)
		return (cmd_failf(c, "no account '%s' on this host: command "
		    "goes to the Unix account of an operator (getent passwd)",
		    c->argv[1]));
	if (incident_set_role(c->store, c->op, c->incident_id, c->argv[1], r,
	    &err) == -1)
		return (cmd_fail(c, &err));
	printf("%s is now %s\n", c->argv[1], role_name(r));
	return (CMD_OK);
}

const struct cmd_entry cmd_role_entry = {
	"role", "USER commander|responder|scribe|observer",
	"give an operator a role; handing over command demotes the old "
	"commander", CMD_INCIDENT, role_exec
};

static int
note_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	struct buf text;
	int i;

	if (c->argc < 2)
		return (cmd_usage(c, "give the note's text"));
	buf_init(&text);
	for (i = 1; i < c->argc; i++) {
		if (i > 1)
			buf_addc(&text, ' ');
		buf_adds(&text, c->argv[i]);
	}
	i = incident_note(c->store, c->op, c->incident_id, text.data, &err);
	buf_free(&text);
	return (i == -1 ? cmd_fail(c, &err) : CMD_OK);
}

const struct cmd_entry cmd_note_entry = {
	"note", "TEXT...", "add a note to the incident's timeline",
	CMD_INCIDENT, note_exec
};

static int
verify_exec(struct cmd_ctx *c)
{
	struct wr_err err;
	char head[65];
	int64_t n, bad;

	if (c->argc != 1)
		return (cmd_usage(c, "unexpected argument '%s'", c->argv[1]));
	if (audit_verify(c->store, c->incident_id, head, &n, &bad,
	    &err) == -1) {
		if (bad != 0) {
			printf("BROKEN at row %lld: %s\n", (long long)bad,
			    err.msg);
			return (CMD_FAIL);
		}
		return (cmd_fail(c, &err));
	}
	if (!audit_guarded(c->store)) {
		printf("BROKEN: the audit log's append-only triggers are gone, "
		    "so its newest rows may have been removed; the %lld rows "
		    "left chain to head %s (compare it with a copy kept "
		    "elsewhere)\n", (long long)n, head);
		return (CMD_FAIL);
	}
	printf("intact: %lld rows, head %s\n", (long long)n, head);
	return (CMD_OK);
}

const struct cmd_entry cmd_verify_entry = {
	"verify", "", "check the incident's audit-log hash chain",
	CMD_INCIDENT, verify_exec
};
