/*
 * Script mode (see ui_script.h): the loop asks for a key each turn and
 * gets the next one from the script; dumps read the screen back from
 * curscr, which holds what the last doupdate() sent.
 */
#include "tui/ui_script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/timeutil.h"
#include "core/util.h"
#include "tui/curses.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define SCRIPT_MAX_KEYS 64

struct ui_script {
	FILE		*in;
	FILE		*dump;
	char		*path;
	int		 lineno;
	int		 keys[SCRIPT_MAX_KEYS];
	int		 nkeys, nextkey;
	int64_t		 wait_until;	/* wait-change deadline, or 0 */
	unsigned long	 wait_from;
};

struct ui_script *
ui_script_open(const char *keys, const char *dump, struct wr_err *err)
{
	struct ui_script *sc = xcalloc(1, sizeof *sc);

	sc->path = xstrdup(keys);
	if ((sc->in = fopen(keys, "r")) == NULL ||
	    (sc->dump = fopen(dump, "w")) == NULL) {
		wr_fail(err, WR_ERR_IO, sc->in == NULL ? keys : dump,
		    "cannot open");
		ui_script_close(sc);
		return (NULL);
	}
	return (sc);
}

void
ui_script_close(struct ui_script *sc)
{
	if (sc == NULL)
		return;
	if (sc->in != NULL)
		fclose(sc->in);
	if (sc->dump != NULL)
		fclose(sc->dump);
	free(sc->path);
	free(sc);
}

/* One screen row from curscr as UTF-8, trailing blanks dropped. */
static void
script_row(FILE *out, int y, int cols)
{
	wchar_t wrow[1024];
	char mb[8], line[4096];
	size_t o = 0, n, i;
	mbstate_t ps;
	int got;

	got = mvwinnwstr(curscr, y, 0, wrow, cols < 1023 ? cols : 1023);
	if (got == ERR)
		got = 0;
	memset(&ps, 0, sizeof ps);
	for (i = 0; i < (size_t)got && wrow[i] != L'\0'; i++) {
		n = wcrtomb(mb, wrow[i], &ps);
		if (n == (size_t)-1 || o + n >= sizeof line)
			break;
		memcpy(line + o, mb, n);
		o += n;
	}
	while (o > 0 && line[o - 1] == ' ')
		o--;
	fprintf(out, "%.*s\n", (int)o, line);
}

static void
script_dump(struct ui_script *sc, struct ui *ui, const char *label)
{
	int y;

	fprintf(sc->dump, "--- %s (%dx%d)\n", *label ? label : "screen",
	    COLS, LINES);
	for (y = 0; y < LINES; y++)
		script_row(sc->dump, y, COLS);
	fflush(sc->dump);
	(void)ui;
}

static void
script_keys(struct ui_script *sc, struct ui *ui, char *args)
{
	char *name, *save = NULL;
	int key;

	sc->nkeys = sc->nextkey = 0;
	for (name = strtok_r(args, " \t", &save); name != NULL;
	    name = strtok_r(NULL, " \t", &save)) {
		if ((key = keys_parse(name)) == -1) {
			ui_error(ui, "%s:%d: unknown key %s", sc->path,
			    sc->lineno, name);
			continue;
		}
		if (sc->nkeys < SCRIPT_MAX_KEYS)
			sc->keys[sc->nkeys++] = key;
	}
}

/* Run one script line; returns a key to deliver now, or ERR. */
static int
script_line(struct ui_script *sc, struct ui *ui, char *line)
{
	char *arg;
	int a, b;

	line[strcspn(line, "\n")] = '\0';
	arg = line + strcspn(line, " \t");
	if (*arg != '\0')
		*arg++ = '\0';
	if (strcmp(line, "key") == 0)
		script_keys(sc, ui, arg);
	else if (strcmp(line, "dump") == 0)
		script_dump(sc, ui, arg);
	else if (strcmp(line, "sleep") == 0)
		usleep((useconds_t)strtol(arg, NULL, 10) * 1000);
	else if (strcmp(line, "run") == 0)
		(void)!system(arg);
	else if (strcmp(line, "wait-change") == 0) {
		a = *arg != '\0' ? (int)strtol(arg, NULL, 10) : 5000;
		sc->wait_until = time_real_ms() + a;
		sc->wait_from = ui->changes;
	} else if (strcmp(line, "resize") == 0 &&
	    sscanf(arg, "%d %d", &a, &b) == 2) {
		resizeterm(b, a);
		return (KEY_RESIZE);
	} else if (line[0] != '#' && line[0] != '\0')
		ui_error(ui, "%s:%d: unknown command %s", sc->path,
		    sc->lineno, line);
	return (ERR);
}

int
ui_script_next(struct ui *ui)
{
	struct ui_script *sc = ui->script;
	char line[1024];

	if (sc->nextkey < sc->nkeys)
		return (sc->keys[sc->nextkey++]);
	if (sc->wait_until != 0) {
		if (ui->changes == sc->wait_from &&
		    time_real_ms() < sc->wait_until) {
			usleep(20 * 1000);
			return (ERR);
		}
		sc->wait_until = 0;
	}
	if (fgets(line, sizeof line, sc->in) == NULL) {
		ui->running = 0;
		return (ERR);
	}
	sc->lineno++;
	return (script_line(sc, ui, line));
}
