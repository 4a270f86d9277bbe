/*
 * Script mode for tests (compiled in every build, reachable only from
 * a WR_TEST_HOOKS build of `warroom attach`): keys come from a file and
 * screens are dumped as text to another, so that golden screens can be
 * compared without a terminal.  Commands, one per line:
 *
 *	key NAME...		keys as keys_name() writes them
 *	dump [LABEL]		append the screen to the dump file
 *	wait-change [MS]	until the watch sees another process commit
 *	sleep MS
 *	run COMMAND		sh -c COMMAND (a second process writing)
 *	resize COLS LINES
 *	# comment
 *
 * The console quits at the end of the script.
 */
#ifndef WR_TUI_UI_SCRIPT_H
#define WR_TUI_UI_SCRIPT_H

#include "core/err.h"

struct ui;
struct ui_script;

struct ui_script *ui_script_open(const char *keys, const char *dump,
		     struct wr_err *);
void		 ui_script_close(struct ui_script *);
/* The next key, or ERR (-1) for none this turn. */
int		 ui_script_next(struct ui *);

#endif
