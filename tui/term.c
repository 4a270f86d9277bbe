/*
 * The terminal layer.  curses' initscr() prints its own message and
 * exits on a bad TERM, so everything goes through setupterm() and
 * newterm() with their results checked (BR-26).  While curses owns the
 * screen, fd 2 points at the log file so that no library, child or
 * thread can write over the display (BR-28); a crash or fatal() puts
 * the terminal back before anything is said.
 */
#include "tui/term.h"

#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/log.h"
#include "core/safe.h"
#include "core/util.h"
#include "tui/curses.h"
#include "tui/theme.h"

#include <ncursesw/term.h>	/* last: it defines many short macros */

static const char *const term_fallbacks[] = {
	"tmux-256color", "screen-256color", "xterm-256color", "xterm", NULL
};

static char			term_type[128];
static int			term_in = STDIN_FILENO;	/* the tty */
static int			term_out = STDOUT_FILENO;
static FILE			*term_tty;	/* /dev/tty when opened */
static int			term_fallback;
static int			term_active;
static SCREEN			*term_screen;
static FILE			*term_vout;
static FILE			*term_vin;
static int			term_saved_err = -1;
static struct termios		term_orig;
static int			term_have_orig;
static char			term_reset[256];
static size_t			term_reset_len;
static volatile sig_atomic_t	term_winch;
static volatile sig_atomic_t	term_quit;
static int			term_wake[2] = { -1, -1 };

/* Stray-line counting over the log file (see term_stray_lines). */
static off_t			term_log_seen;
static unsigned			term_stray;
static char			term_head[40];
static size_t			term_head_len;

/* 1 when name has a readable terminfo entry. */
static int
term_has_entry(const char *name)
{
	TERMINAL *saved = cur_term;
	int err = 0;

	if (setupterm(name, term_out, &err) != OK || err != 1) {
		set_curterm(saved);
		return (0);
	}
	del_curterm(cur_term);
	set_curterm(saved);
	return (1);
}

static int
term_pick(const char *want, struct wr_err *err)
{
	char *shown;
	int i;

	if (term_has_entry(want)) {
		strlcpy_wr(term_type, want, sizeof term_type);
		return (0);
	}
	for (i = 0; term_fallbacks[i] != NULL; i++) {
		if (!term_has_entry(term_fallbacks[i]))
			continue;
		strlcpy_wr(term_type, term_fallbacks[i], sizeof term_type);
		term_fallback = 1;
		log_warn("no terminfo entry for TERM, using %s", term_type);
		return (0);
	}
	shown = safe_dup(want);
	wr_fail(err, WR_ERR_TERM, "TERM", "no terminfo entry for \"%s\" "
	    "nor any fallback; try TERM=xterm-256color warroom, or install "
	    "ncurses-term", shown);
	free(shown);
	return (-1);
}

/*
 * stdin and stdout when both are the terminal; otherwise the
 * controlling terminal itself, as less(1) does, so that
 * `warroom demo > listing.txt` still shows the console there and
 * writes no escape codes into the file.  No controlling terminal (ssh
 * without -t, cron, a pipe): no console.
 */
static int
term_find_tty(void)
{
	int fd;

	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return (0);
	if (term_tty != NULL)
		return (0);
	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return (-1);
	if (!isatty(fd) || (term_tty = fdopen(fd, "r+")) == NULL) {
		close(fd);
		return (-1);
	}
	term_in = term_out = fd;
	return (0);
}

int
term_check(struct wr_err *err)
{
	const char *t = getenv("TERM");

	if (term_find_tty() == -1)
		return (wr_fail(err, WR_ERR_TERM, "", "%s", TERM_NEED_TTY));
	if (t == NULL || *t == '\0' || strcmp(t, "dumb") == 0)
		return (wr_fail(err, WR_ERR_TERM, "", "%s", TERM_NEED_TTY));
	return (term_pick(t, err));
}

const char *
term_name(void)
{
	return (term_type);
}

int
term_fell_back(void)
{
	return (term_fallback);
}

/* Append a terminfo capability to the crash-time reset sequence. */
static void
term_reset_add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (term_reset_len + n >= sizeof term_reset)
		return;
	memcpy(term_reset + term_reset_len, s, n);
	term_reset_len += n;
}

/*
 * Signal handlers do nothing that is not async-signal-safe: SIGWINCH
 * only sets a flag (the loop resizes); a crash restores the tty modes,
 * writes the prepared reset sequence and puts stderr back, then lets
 * the signal take its course.
 */
static void
term_on_winch(int sig)
{
	int saved = errno;

	(void)sig;
	term_winch = 1;
	/* Wake the loop even if the signal came just before poll(). */
	if (term_wake[1] != -1)
		(void)!write(term_wake[1], "w", 1);
	errno = saved;
}

static void
term_on_quit(int sig)
{
	int saved = errno;

	(void)sig;
	term_quit = 1;
	if (term_wake[1] != -1)
		(void)!write(term_wake[1], "q", 1);
	errno = saved;
}

static void
term_on_crash(int sig)
{
	static const char msg[] = "warroom: crashed; the log file has "
	    "the details\n";

	if (term_have_orig)
		(void)tcsetattr(term_in, TCSANOW, &term_orig);
	if (term_reset_len > 0 && term_vout == NULL)
		(void)!write(term_out, term_reset, term_reset_len);
	if (term_saved_err != -1)
		(void)dup2(term_saved_err, STDERR_FILENO);
	(void)!write(STDERR_FILENO, msg, sizeof msg - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
term_signals(int on)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE,
	    SIGILL };
	struct sigaction sa;
	size_t i;

	if (on && term_wake[0] == -1 &&
	    pipe2(term_wake, O_NONBLOCK | O_CLOEXEC) == -1)
		term_wake[0] = term_wake[1] = -1;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/*
	 * SA_RESTART so that a burst of SIGWINCH cannot cut curses' writes
	 * short; poll() is never restarted (signal(7)), so the loop still
	 * wakes at once and resizes.
	 */
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on ? term_on_winch : SIG_DFL;
	sigaction(SIGWINCH, &sa, NULL);
	/* Interrupts end the loop, which then restores the terminal. */
	sa.sa_handler = on ? term_on_quit : SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on ? term_on_crash : SIG_DFL;
	sa.sa_flags = on ? SA_RESETHAND : 0;
	for (i = 0; i < sizeof crash / sizeof crash[0]; i++)
		sigaction(crash[i], &sa, NULL);
}

/* fd 2 into the log file while curses is up (BR-28). */
static void
term_stderr_to_log(void)
{
	struct stat st;
	int fd = log_fd();

	if (fd == -1 || term_saved_err != -1)
		return;
	fflush(stderr);
	term_saved_err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (term_saved_err == -1)
		return;
	if (dup2(fd, STDERR_FILENO) == -1) {
		close(term_saved_err);
		term_saved_err = -1;
		return;
	}
	term_log_seen = fstat(fd, &st) == 0 ? st.st_size : 0;
	term_head_len = 0;
}

static void
term_stderr_back(void)
{
	if (term_saved_err == -1)
		return;
	fflush(stderr);
	(void)dup2(term_saved_err, STDERR_FILENO);
	close(term_saved_err);
	term_saved_err = -1;
}

static void
term_fatal_hook(void)
{
	term_stop();
}

/* Settings shared by the real and the virtual terminal. */
static void
term_setup(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	(void)curs_set(0);
	/* ncurses reads $ESCDELAY itself; only its 1 s default is ours. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(TERM_ESCDELAY_MS);
	theme_init();
	term_reset_len = 0;
	term_reset_add("sgr0");
	term_reset_add("cnorm");
	term_reset_add("rmkx");
	term_reset_add("rmcup");
	term_stderr_to_log();
	util_set_fatal_hook(term_fatal_hook);
	term_active = 1;
}

int
term_start(struct wr_err *err)
{
	if (term_active)
		return (0);
	term_have_orig = tcgetattr(term_in, &term_orig) == 0;
	/* Ours before newterm, so ncurses does not install its own. */
	term_signals(1);
	term_screen = newterm(term_type, term_tty != NULL ? term_tty : stdout,
	    term_tty != NULL ? term_tty : stdin);
	if (term_screen == NULL) {
		term_signals(0);
		return (wr_fail(err, WR_ERR_TERM, "TERM", "cannot start "
		    "curses on terminal type %s", term_type));
	}
	set_term(term_screen);
	term_setup();
	return (0);
}

int
term_start_virtual(int rows, int cols, struct wr_err *err)
{
	const char *t = getenv("TERM");

	if (term_active)
		return (0);
	if (t == NULL || !term_has_entry(t))
		t = "xterm-256color";
	strlcpy_wr(term_type, t, sizeof term_type);
	term_vout = fopen("/dev/null", "w");
	term_vin = fopen("/dev/null", "r");
	if (term_vout == NULL || term_vin == NULL)
		return (wr_fail(err, WR_ERR_IO, "/dev/null", "cannot open"));
	term_signals(1);
	term_screen = newterm(term_type, term_vout, term_vin);
	if (term_screen == NULL)
		return (wr_fail(err, WR_ERR_TERM, "TERM", "cannot start "
		    "curses on terminal type %s", term_type));
	set_term(term_screen);
	resizeterm(rows, cols);
	term_setup();
	return (0);
}

void
term_stop(void)
{
	if (!term_active)
		return;
	term_active = 0;
	util_set_fatal_hook(NULL);
	endwin();
	delscreen(term_screen);
	term_screen = NULL;
	term_signals(0);
	term_stderr_back();
	if (term_tty != NULL)
		fclose(term_tty);
	term_tty = NULL;
	term_in = STDIN_FILENO;
	term_out = STDOUT_FILENO;
	if (term_vout != NULL)
		fclose(term_vout);
	if (term_vin != NULL)
		fclose(term_vin);
	term_vout = term_vin = NULL;
}

int
term_input_fd(void)
{
	return (term_in);
}

int
term_wake_fd(void)
{
	return (term_wake[0]);
}

int
term_winched(void)
{
	char drain[64];

	if (term_wake[0] != -1)
		while (read(term_wake[0], drain, sizeof drain) > 0)
			continue;
	if (!term_winch)
		return (0);
	term_winch = 0;
	return (1);
}

int
term_quit_requested(void)
{
	return (term_quit != 0);
}

void
term_resize(void)
{
	struct winsize ws;

	if (term_vout != NULL)
		return;		/* a virtual terminal keeps its size */
	if (ioctl(term_out, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 ||
	    ws.ws_col == 0)
		return;
	resizeterm(ws.ws_row, ws.ws_col);
}

/*
 * Our own log lines start "YYYY-MM-DDTHH:MM:SS.uuuuuuZ <pid> "; any
 * other line in the file came through fd 2 from someone else.
 */
static int
term_line_is_ours(const char *head, size_t n)
{
	char pid[24];
	int plen;

	plen = snprintf(pid, sizeof pid, " %ld ", (long)getpid());
	if (n < 27 + (size_t)plen)
		return (0);
	return (head[4] == '-' && head[10] == 'T' && head[26] == 'Z' &&
	    memcmp(head + 27, pid, (size_t)plen) == 0);
}

/* The log is opened write-only, so it is read back through its path. */
static ssize_t
term_pread(char *buf, size_t len, off_t at)
{
	static int rfd = -1;
	const char *path;

	if (rfd == -1 && (path = log_path()) != NULL)
		rfd = open(path, O_RDONLY | O_CLOEXEC);
	if (rfd == -1)
		return (-1);
	return (pread(rfd, buf, len, at));
}

static void
term_scan(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != '\n') {
			if (term_head_len < sizeof term_head)
				term_head[term_head_len++] = p[i];
			continue;
		}
		if (!term_line_is_ours(term_head, term_head_len))
			term_stray++;
		term_head_len = 0;
	}
}

unsigned
term_stray_lines(void)
{
	struct stat st;
	char chunk[4096];
	ssize_t got;
	int fd = log_fd();

	if (fd == -1 || fstat(fd, &st) == -1 || st.st_size <= term_log_seen)
		return (term_stray);
	while (term_log_seen < st.st_size) {
		got = term_pread(chunk, sizeof chunk, term_log_seen);
		if (got <= 0)
			break;
		term_scan(chunk, (size_t)got);
		term_log_seen += got;
	}
	return (term_stray);
}
