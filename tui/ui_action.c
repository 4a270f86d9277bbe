/*
 * Containment actions as the console sees them.  The store is the one
 * truth: each poll re-reads the incident's actions and says on the
 * status line what moved (requested, approved, running, done and
 * verified, failed with its error; an undo requested, under way, done
 * or refused), whoever moved it, so every attached screen follows the
 * same action.  An approved action is carried out by `warroom contain
 * --run ID`, started here as a detached child with no terminal and no
 * inherited descriptors, and reaped without waiting.
 */
#include "tui/ui.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/action.h"
#include "core/log.h"
#include "core/store.h"
#include "core/util.h"

#define UI_ACTIONS_MAX	256
#define UI_CHILDREN_MAX	16

struct ui_seen {
	int64_t		id;
	char		state[16];	/* longest: "undo-requested" */
	int		verified;
	uint64_t	error;		/* hash64 of the error text */
};

struct ui_actions {
	struct ui_seen	 seen[UI_ACTIONS_MAX];
	int		 n;
	int		 primed;
	pid_t		 child[UI_CHILDREN_MAX];
	int64_t		 child_action[UI_CHILDREN_MAX];
};

struct poll_ctx {
	struct ui	*ui;
	int		 quiet;	/* the first look: learn, say nothing */
};

void
ui_actions_open(struct ui *ui)
{
	ui->actions = xcalloc(1, sizeof *ui->actions);
	ui_actions_poll(ui);
}

void
ui_actions_close(struct ui *ui)
{
	/* Children carry on alone: the store records how they end. */
	free(ui->actions);
	ui->actions = NULL;
}

static struct ui_seen *
seen_of(struct ui_actions *a, int64_t id)
{
	int i;

	for (i = 0; i < a->n; i++)
		if (a->seen[i].id == id)
			return (&a->seen[i]);
	if (a->n == UI_ACTIONS_MAX)
		return (NULL);
	memset(&a->seen[a->n], 0, sizeof a->seen[a->n]);
	a->seen[a->n].id = id;
	return (&a->seen[a->n++]);
}

/* The row says an undo was refused: back as it was, error kept. */
static int
undo_refused(const struct action_row *r, const struct ui_seen *was,
    uint64_t error)
{
	if (strncmp(r->error, ACTION_UNDO_FAILED,
	    strlen(ACTION_UNDO_FAILED)) != 0 ||
	    (strcmp(r->state, "done") != 0 && strcmp(r->state, "failed") != 0))
		return (0);
	/* Seen on its way, or only its new error (it went by quickly). */
	return (strncmp(was->state, "undo", 4) == 0 || was->error != error);
}

/* One action's news on the status line. */
static void
say(struct ui *ui, const struct action_row *r, int refused)
{
	long long id = (long long)r->id;

	/* Short first: the error names the resource, 80 columns end. */
	if (refused)
		ui_error(ui, "action %lld %s: undo failed, still in place: %s",
		    id, r->action, r->error + strlen(ACTION_UNDO_FAILED));
	else if (strcmp(r->state, "requested") == 0)
		ui_notice(ui, "action %lld %s %s requested by %s: it waits for "
		    "the commander (warroom approve %lld)", id, r->action,
		    r->resource, r->requested_by, id);
	else if (strcmp(r->state, "approved") == 0)
		ui_notice(ui, "action %lld %s %s approved by %s", id,
		    r->action, r->resource, r->approved_by);
	else if (strcmp(r->state, "running") == 0)
		ui_notice(ui, "action %lld %s %s: calling AWS...", id,
		    r->action, r->resource);
	else if (strcmp(r->state, "done") == 0 && r->verified)
		ui_notice(ui, "action %lld %s %s: done and verified (request "
		    "id %s)", id, r->action, r->resource, r->request_id);
	else if (strcmp(r->state, "done") == 0)
		ui_notice(ui, "action %lld %s %s: called (request id %s), "
		    "verifying...", id, r->action, r->resource, r->request_id);
	else if (strcmp(r->state, "failed") == 0)
		ui_error(ui, "action %lld %s %s failed: %s", id, r->action,
		    r->resource, r->error);
	else if (strcmp(r->state, "undo-requested") == 0)
		ui_notice(ui, "action %lld %s %s: undo requested; it is "
		    "reversed where AWS credentials are (warroom watch)", id,
		    r->action, r->resource);
	else if (strcmp(r->state, "undoing") == 0)
		ui_notice(ui, "action %lld %s %s: undoing, calling AWS...", id,
		    r->action, r->resource);
	else if (strcmp(r->state, "undone") == 0)
		ui_notice(ui, "action %lld %s %s: undone", id, r->action,
		    r->resource);
	else
		ui_notice(ui, "action %lld %s %s: %s", id, r->action,
		    r->resource, r->state);
}

static int
poll_one(const struct action_row *r, void *arg)
{
	struct poll_ctx *c = arg;
	struct ui_seen *s = seen_of(c->ui->actions, r->id);
	uint64_t error = hash64(r->error, strlen(r->error));
	int refused;

	if (s == NULL || (strcmp(s->state, r->state) == 0 &&
	    s->verified == r->verified && s->error == error))
		return (0);
	refused = undo_refused(r, s, error);
	snprintf(s->state, sizeof s->state, "%s", r->state);
	s->verified = r->verified;
	s->error = error;
	c->ui->dirty |= UI_DIRTY_HEADER;
	if (!c->quiet)
		say(c->ui, r, refused);
	return (0);
}

void
ui_actions_field(struct ui *ui, struct ui_line *l)
{
	struct ui_actions *a = ui->actions;
	int i, waiting = 0, going = 0;

	for (i = 0; a != NULL && i < a->n; i++) {
		waiting += strcmp(a->seen[i].state, "requested") == 0;
		going += strcmp(a->seen[i].state, "approved") == 0 ||
		    strcmp(a->seen[i].state, "running") == 0 ||
		    strcmp(a->seen[i].state, "undo-requested") == 0 ||
		    strcmp(a->seen[i].state, "undoing") == 0;
	}
	if (waiting == 0 && going == 0)
		return;
	uiline_add(l, ROLE_LABEL, "actions ");
	if (waiting > 0)
		uiline_addf(l, ROLE_NOTICE, "%d to approve", waiting);
	if (going > 0)
		uiline_addf(l, ROLE_NORMAL, "%s%d under way", waiting > 0 ?
		    ", " : "", going);
}

void
ui_actions_poll(struct ui *ui)
{
	struct poll_ctx c;
	struct wr_err err;

	if (ui->actions == NULL)
		return;
	c.ui = ui;
	c.quiet = !ui->actions->primed;
	if (action_each(ui->store, ui->incident_id, poll_one, &c, &err) == -1)
		log_warn("actions: %s", err.msg);
	ui->actions->primed = 1;
}

/* A child ended and its action is still approved: nobody here ran it. */
static void
reaped(struct ui *ui, int64_t id, int status)
{
	struct action_row r;
	struct wr_err err;

	int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;

	ui_actions_poll(ui);
	if (action_get(ui->store, id, &r, &err) == -1)
		return;
	if (code == 127)
		ui_error(ui, "action %lld: cannot start warroom contain --run; "
		    "warroom watch carries it out", (long long)id);
	else if (strcmp(r.state, "approved") == 0)
		ui_notice(ui, "action %lld approved; no AWS credentials here, "
		    "so warroom watch carries it out", (long long)id);
	else if (code != 0 && strcmp(r.state, "failed") != 0)
		ui_error(ui, "action %lld: warroom contain --run ended %s %d",
		    (long long)id, code == -1 ? "by signal" : "with status",
		    code == -1 ? WTERMSIG(status) : code);
	action_row_free(&r);
}

int
ui_actions_reap(struct ui *ui)
{
	struct ui_actions *a = ui->actions;
	int i, status, any = 0;

	for (i = 0; a != NULL && i < UI_CHILDREN_MAX; i++) {
		if (a->child[i] <= 0 ||
		    waitpid(a->child[i], &status, WNOHANG) != a->child[i])
			continue;
		log_info("action %lld: child %ld ended, status %d",
		    (long long)a->child_action[i], (long)a->child[i], status);
		a->child[i] = 0;
		reaped(ui, a->child_action[i], status);
		any = 1;
	}
	return (any);
}

/*
 * In the child: no terminal (stdio on /dev/null, a session of its
 * own so ^C in the console does not reach it) and nothing inherited
 * but the environment, then exec at once.  No store call happens here:
 * the new process opens its own connection.
 */
static void
child_exec(const char *db, const char *inc, const char *id)
{
	long fd, max = sysconf(_SC_OPEN_MAX);
	int null = open("/dev/null", O_RDWR);

	if (null != -1) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
	}
	for (fd = STDERR_FILENO + 1; fd < (max > 0 && max < 65536 ? max :
	    4096); fd++)
		close((int)fd);
	setsid();
	execl("/proc/self/exe", "warroom", "--db", db, "--incident", inc,
	    "contain", "--run", id, (char *)NULL);
	_exit(127);
}

int
ui_actions_spawn(struct ui *ui, int64_t id)
{
	struct ui_actions *a = ui->actions;
	char inc[32], aid[32], db[4096];
	pid_t pid;
	int i;

	if (a == NULL)
		return (-1);
	for (i = 0; i < UI_CHILDREN_MAX && a->child[i] > 0; i++)
		;
	if (i == UI_CHILDREN_MAX) {
		ui_error(ui, "too many actions running; warroom watch carries "
		    "action %lld out", (long long)id);
		return (-1);
	}
	snprintf(inc, sizeof inc, "%lld", (long long)ui->incident_id);
	snprintf(aid, sizeof aid, "%lld", (long long)id);
	snprintf(db, sizeof db, "%s", store_path(ui->store));
	if ((pid = fork()) == -1) {
		ui_error(ui, "cannot start action %lld: %s", (long long)id,
		    strerror(errno));
		return (-1);
	}
	if (pid == 0)
		child_exec(db, inc, aid);
	a->child[i] = pid;
	a->child_action[i] = id;
	log_info("action %lld: child %ld started", (long long)id, (long)pid);
	return (0);
}
