/*
 * warroom report: the incident record in txt, md, html or json.
 * warroom print: the txt record to the default printer through lp, or
 * a plain "no printer" (exit 1) where lpstat -d names none.
 */
#include "tui/cmd.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/notify_tree.h"
#include "core/report.h"
#include "core/store.h"
#include "core/util.h"

/* The notification rules, or NULL (the record then says so). */
static struct notify_tree *
load_tree(void)
{
	struct notify_tree *t = NULL;
	struct wr_err err;
	char *dir = cmd_data_path("notification");

	if (notify_tree_load_dir(dir, &t, &err) == -1) {
		fprintf(stderr, "warroom: notification rules not loaded: %s\n",
		    err.msg);
		t = NULL;
	}
	free(dir);
	return (t);
}

static int
render(struct cmd_ctx *c, const char *format, FILE *out)
{
	struct notify_tree *t = load_tree();
	struct wr_err err;
	int rc;

	rc = report_write(c->store, c->incident_id, t, format, out, &err);
	notify_tree_free(t);
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

/*
 * 1 when path is the database or its -wal or -shm: opening it for the
 * record would truncate the incident itself.
 */
static int
is_store_file(struct cmd_ctx *c, const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm" };
	struct stat a, b;
	char *f;
	size_t i;
	int same = 0;

	if (stat(path, &a) == -1)
		return (0);
	for (i = 0; i < sizeof sfx / sizeof sfx[0] && !same; i++) {
		f = xasprintf("%s%s", store_path(c->store), sfx[i]);
		same = stat(f, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino;
		free(f);
	}
	return (same);
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
	FILE *out = stdout;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "f:o:", opts, NULL)) != -1) {
		if (ch == 'f')
			format = optarg;
		else if (ch == 'o')
			path = optarg;
		else
			return (cmd_usage(c, "unknown option"));
	}
	if (optind != c->argc)
		return (cmd_usage(c, "unexpected argument"));
	if (!report_format_ok(format))
		return (cmd_usage(c, "unknown format '%s' (txt, md, html, "
		    "json)", format));
	if (path != NULL && is_store_file(c, path))
		return (cmd_usage(c, "%s is the incident's database; give "
		    "another file for the record", path));
	if (path != NULL && (out = fopen(path, "w")) == NULL)
		return (cmd_failf(c, "%s: %s", path, strerror(errno)));
	rc = render(c, format, out);
	if (path != NULL && fclose(out) != 0 && rc == CMD_OK)
		return (cmd_failf(c, "%s: %s", path, strerror(errno)));
	return (rc);
}

/* The default destination from `lpstat -d`, or 0 when there is none. */
static int
default_printer(char *name, size_t len)
{
	char line[512], *p, *end;
	FILE *f = popen("lpstat -d 2>/dev/null", "r");
	int found = 0;

	if (f == NULL)
		return (0);
	while (fgets(line, sizeof line, f) != NULL) {
		/* "system default destination: NAME" */
		if ((p = strstr(line, "destination: ")) == NULL)
			continue;
		p += strlen("destination: ");
		for (end = p; *end != '\0' && !isspace((unsigned char)*end);
		    end++)
			;
		if (end > p && (size_t)(end - p) < len) {
			memcpy(name, p, (size_t)(end - p));
			name[end - p] = '\0';
			found = 1;
		}
	}
	pclose(f);
	return (found);
}

/* lp -d NAME -t TITLE, reading the record from f. */
static int
run_lp(struct cmd_ctx *c, const char *printer, FILE *f)
{
	char title[64];
	pid_t pid;
	int status;

	snprintf(title, sizeof title, "warroom incident %lld",
	    (long long)c->incident_id);
	fflush(stdout);
	if ((pid = fork()) == -1)
		return (cmd_failf(c, "fork: %s", strerror(errno)));
	if (pid == 0) {
		dup2(fileno(f), STDIN_FILENO);
		execlp("lp", "lp", "-d", printer, "-t", title, (char *)NULL);
		fprintf(stderr, "warroom print: lp: %s\n", strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		return (cmd_failf(c, "lp: %s", strerror(errno)));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return (cmd_failf(c, "lp failed (exit %d); nothing was printed",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1));
	printf("sent the record of incident %lld to printer %s\n",
	    (long long)c->incident_id, printer);
	return (CMD_OK);
}

static int
print_exec(struct cmd_ctx *c)
{
	char printer[256];
	FILE *f;
	int rc;

	if (c->argc != 1)
		return (cmd_usage(c, "unexpected argument"));
	if (!default_printer(printer, sizeof printer))
		return (cmd_failf(c, "no default printer (lpstat -d names "
		    "none); nothing was printed.  Save the record with "
		    "'warroom report --format txt -o FILE' instead"));
	if ((f = tmpfile()) == NULL)
		return (cmd_failf(c, "temporary file: %s", strerror(errno)));
	if ((rc = render(c, "txt", f)) == CMD_OK) {
		rewind(f);
		rc = run_lp(c, printer, f);
	}
	fclose(f);
	return (rc);
}

const struct cmd_entry cmd_print_entry = {
	"print", "",
	"send the txt record to the default printer (lp)", CMD_INCIDENT,
	print_exec
};

const struct cmd_entry cmd_report_entry = {
	"report", "[--format txt|md|html|json] [-o FILE]",
	"write the incident record (md by default)", CMD_INCIDENT, report_exec
};
