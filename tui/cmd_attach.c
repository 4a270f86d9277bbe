/*
 * `warroom attach [--incident ID]`: the console on one incident.  The
 * terminal is checked before curses starts, so a pipe, an empty or dumb
 * TERM or a missing terminfo entry gives a clear message and exit 1.
 * Test builds add a script mode for golden screens:
 *	--script KEYS --dump OUT [--size COLSxLINES]
 */
#include "tui/cmd.h"

#include <errno.h>
#include <langinfo.h>
#include <pthread.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/incident.h"
#include "core/log.h"
#include "core/util.h"
#include "tui/term.h"
#include "tui/ui.h"
#include "tui/ui_script.h"

struct attach_opts {
	const char	*script;
	const char	*dump;
	int		 cols, lines;
};

static int
attach_args(struct cmd_ctx *ctx, struct attach_opts *o)
{
	int i;

	memset(o, 0, sizeof *o);
	o->cols = UI_MIN_COLS;
	o->lines = UI_MIN_LINES;
	for (i = 1; i < ctx->argc; i++) {
#ifdef WR_TEST_HOOKS
		const char *v = i + 1 < ctx->argc ? ctx->argv[i + 1] : NULL;

		if (strcmp(ctx->argv[i], "--script") == 0 && v != NULL) {
			o->script = v;
			i++;
			continue;
		}
		if (strcmp(ctx->argv[i], "--dump") == 0 && v != NULL) {
			o->dump = v;
			i++;
			continue;
		}
		if (strcmp(ctx->argv[i], "--size") == 0 && v != NULL &&
		    sscanf(v, "%dx%d", &o->cols, &o->lines) == 2) {
			i++;
			continue;
		}
#endif
		return (cmd_usage(ctx, "unknown argument %s", ctx->argv[i]));
	}
	if ((o->script == NULL) != (o->dump == NULL))
		return (cmd_usage(ctx, "--script and --dump go together"));
	return (0);
}

/* AWS names are UTF-8: make sure curses decodes it as such. */
static void
attach_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

static int
attach_start(struct attach_opts *o, struct ui_script **sc,
    struct wr_err *err)
{
	if (o->script == NULL)
		return (term_start(err));
	if ((*sc = ui_script_open(o->script, o->dump, err)) == NULL)
		return (-1);
	return (term_start_virtual(o->lines, o->cols, err));
}

#ifdef WR_TEST_HOOKS
static void *
attach_noise_thread(void *arg)
{
	(void)arg;
	errno = EACCES;
	perror("noise from a second thread");
	return (NULL);
}

/*
 * BR-28, test builds only: WARROOM_TEST_NOISE=1 writes to fd 2 the ways
 * libraries, children and threads do, once curses is up;
 * WARROOM_TEST_NOISE=fatal calls fatal() there, =abort abort().
 */
static void
attach_noise(void)
{
	const char *n = getenv("WARROOM_TEST_NOISE");
	pthread_t t;

	if (n == NULL || *n == '\0')
		return;
	if (strcmp(n, "fatal") == 0)
		fatal("test fatal error while the console is up");
	if (strcmp(n, "abort") == 0) {
		fputs("assertion-style message before abort\n", stderr);
		abort();
	}
	(void)!write(STDERR_FILENO, "raw write to fd 2\n", 18);
	fprintf(stderr, "stdio noise \033[31mred\033[0m\n");
	fflush(stderr);
	(void)!system("echo noise from a child process >&2");
	if (pthread_create(&t, NULL, attach_noise_thread, NULL) == 0)
		pthread_join(t, NULL);
}
#else
static void
attach_noise(void)
{
}
#endif

static int
attach_exec(struct cmd_ctx *ctx)
{
	struct attach_opts o;
	struct ui_script *sc = NULL;
	struct incident inc;
	struct wr_err err;
	unsigned warned;

	if (attach_args(ctx, &o) != 0)
		return (CMD_USAGE);
	if (o.script == NULL && term_check(&err) == -1)
		return (cmd_fail(ctx, &err));
	if (incident_get(ctx->store, ctx->incident_id, &inc, &err) == -1)
		return (cmd_fail(ctx, &err));
	attach_locale();
	log_init("attach", log_level_now);
	if (attach_start(&o, &sc, &err) == -1) {
		ui_script_close(sc);
		return (cmd_fail(ctx, &err));
	}
	attach_noise();
	ui_run(ctx->store, ctx->incident_id, ctx->op, sc);
	term_stop();
	ui_script_close(sc);
	warned = log_warnings() + term_stray_lines();
	if (warned > 0 && log_path() != NULL)
		fprintf(stderr, "warroom attach: %u warning%s logged to %s\n",
		    warned, warned == 1 ? "" : "s", log_path());
	return (CMD_OK);
}

const struct cmd_entry cmd_attach_entry = {
	"attach", "", "the curses console on one incident",
	CMD_STORE | CMD_INCIDENT, attach_exec
};
