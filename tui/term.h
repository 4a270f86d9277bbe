/*
 * The terminal under the console: checks before curses starts (a tty,
 * a usable TERM, a terminfo entry with fallbacks), curses start and
 * stop, stderr into the log file while curses owns the screen, the
 * SIGWINCH flag, and the fatal hook that restores the terminal first.
 */
#ifndef WR_TUI_TERM_H
#define WR_TUI_TERM_H

#include "core/err.h"

/* Why the console cannot start; the CLI prints it and exits 1. */
#define TERM_NEED_TTY "interactive UI needs a terminal (use ssh -t)"

#define TERM_ESCDELAY_MS 50	/* ours when $ESCDELAY is unset */

/*
 * Decide whether and as what the terminal can be driven: fails with
 * WR_ERR_TERM when there is no terminal (stdin and stdout are not a
 * tty and there is no controlling terminal) or TERM is empty or dumb,
 * and when neither $TERM nor any fallback (tmux-256color,
 * screen-256color, xterm-256color, xterm) has a terminfo entry.
 */
int		 term_check(struct wr_err *);
/* The terminal type chosen by term_check, and whether it fell back. */
const char	*term_name(void);
int		 term_fell_back(void);

/*
 * Start curses on the tty: newterm, cbreak, keypad, the theme, ESC
 * delay, stderr to the log, SIGWINCH and fatal hooks.  term_check must
 * have succeeded.
 */
int		 term_start(struct wr_err *);
/*
 * Test builds: start curses with output to /dev/null at a fixed size,
 * for script mode (keys from a file, screens dumped from curscr).
 */
int		 term_start_virtual(int rows, int cols, struct wr_err *);
/* Leave curses and put stderr back; safe to call twice. */
void		 term_stop(void);
/* The descriptor keys come from (stdin, or /dev/tty). */
int		 term_input_fd(void);
/*
 * A descriptor that becomes readable when a signal arrives (the
 * self-pipe): poll it beside the tty so that a SIGWINCH landing just
 * before poll() still wakes the loop.  -1 when there is none.
 */
int		 term_wake_fd(void);
/* 1 once when a SIGWINCH arrived since the last call (drains the pipe). */
int		 term_winched(void);
/* 1 after SIGINT, SIGTERM or SIGHUP: the loop should end. */
int		 term_quit_requested(void);
/* Read the tty's size and tell curses (after SIGWINCH). */
void		 term_resize(void);
/* Lines on fd 2 from anyone (libraries, children) since curses began. */
unsigned	 term_stray_lines(void);

#endif
