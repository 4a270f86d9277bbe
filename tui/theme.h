/*
 * Semantic roles for everything the console draws, and the schemes that
 * map them to curses attributes: a colour scheme and a monochrome one
 * (NO_COLOR, has_colors() false).  Panes name roles, never attributes.
 */
#ifndef WR_TUI_THEME_H
#define WR_TUI_THEME_H

/* X(name, colour fg, colour bg, colour extra, monochrome attributes) */
#define THEME_ROLES(X)							\
	X(NORMAL, -1, -1, 0, 0)						\
	X(HEADER, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE)		\
	X(TITLE, COLOR_CYAN, -1, A_BOLD, A_BOLD)			\
	X(TITLE_FOCUS, COLOR_BLACK, COLOR_CYAN, A_BOLD,			\
	    A_REVERSE | A_BOLD)						\
	X(SELECTED, COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE)		\
	X(P1, COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE)	\
	X(P2, COLOR_RED, -1, A_BOLD, A_BOLD)				\
	X(P3, COLOR_YELLOW, -1, 0, A_UNDERLINE)				\
	X(P4, COLOR_GREEN, -1, 0, 0)					\
	X(SAMPLE, COLOR_MAGENTA, -1, 0, A_DIM)				\
	X(EXERCISE, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE) \
	X(ESCAPED, COLOR_MAGENTA, -1, A_BOLD, A_UNDERLINE)		\
	X(DONE, COLOR_GREEN, -1, 0, A_DIM)				\
	X(PENDING, -1, -1, 0, 0)					\
	X(PHASE_PAST, COLOR_GREEN, -1, 0, 0)				\
	X(PHASE_NOW, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_REVERSE) \
	X(PHASE_NEXT, -1, -1, A_DIM, A_DIM)				\
	X(DIM, -1, -1, A_DIM, A_DIM)					\
	X(LABEL, COLOR_CYAN, -1, 0, A_BOLD)				\
	X(KEY, COLOR_YELLOW, -1, A_BOLD, A_BOLD)			\
	X(STATUS, -1, -1, 0, 0)						\
	X(ERROR, COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE)	\
	X(NOTICE, COLOR_YELLOW, -1, A_BOLD, A_BOLD)			\
	X(OVERDUE, COLOR_WHITE, COLOR_RED, A_BOLD | A_BLINK,		\
	    A_BOLD | A_REVERSE)						\
	X(OTHER_OPERATOR, COLOR_CYAN, -1, 0, A_UNDERLINE)		\
	X(BORDER, COLOR_BLUE, -1, 0, 0)

enum theme_role {
#define THEME_ENUM(n, f, b, x, m) ROLE_##n,
	THEME_ROLES(THEME_ENUM)
#undef THEME_ENUM
	ROLE__COUNT
};

/*
 * Pick the scheme after curses has started: colour unless NO_COLOR is
 * set and not empty, or the terminal has no colours.  Never calls
 * init_pair() past COLOR_PAIRS; a role without a pair falls back to
 * its monochrome attributes.
 */
void	theme_init(void);
/* 1 when the colour scheme is in use. */
int	theme_colour(void);
/* The attributes (pair included) for a role. */
int	theme_attr(enum theme_role);
/* The role for a P-level 1..4 (ROLE_P4 for anything else). */
enum theme_role theme_level_role(int p_level);

#endif
