/*
 * Roles to attributes.  The table in theme.h gives each role a colour
 * form and a monochrome form; the colour form only applies when colour
 * pairs are available, so severity never depends on colour alone (the
 * panes also print [P1]..[P4] tags).
 */
#include "tui/theme.h"

#include <stdlib.h>

#include "tui/curses.h"

struct theme_entry {
	short	fg;
	short	bg;
	int	extra;
	int	mono;
};

static const struct theme_entry theme_table[ROLE__COUNT] = {
#define THEME_ROW(n, f, b, x, m) { (f), (b), (x), (m) },
	THEME_ROLES(THEME_ROW)
#undef THEME_ROW
};

static int	theme_attrs[ROLE__COUNT];
static int	theme_in_colour;

static int
theme_want_colour(void)
{
	const char *nc = getenv("NO_COLOR");

	/* no-color.org: only a non-empty value switches colour off. */
	if (nc != NULL && *nc != '\0')
		return (0);
	return (has_colors());
}

static void
theme_mono(void)
{
	int i;

	for (i = 0; i < ROLE__COUNT; i++)
		theme_attrs[i] = theme_table[i].mono;
}

void
theme_init(void)
{
	const struct theme_entry *e;
	short fg, bg;
	int i, pair = 1;

	theme_mono();
	theme_in_colour = 0;
	if (!theme_want_colour() || start_color() == ERR)
		return;
	theme_in_colour = 1;
	/* -1 means the terminal's own colour, when it has that notion. */
	if (use_default_colors() == ERR)
		theme_in_colour = 2;
	for (i = 0; i < ROLE__COUNT; i++) {
		e = &theme_table[i];
		if (e->fg == -1 && e->bg == -1) {
			theme_attrs[i] = e->extra;
			continue;
		}
		if (pair >= COLOR_PAIRS)
			continue;	/* keeps its monochrome form */
		fg = e->fg;
		bg = e->bg;
		if (theme_in_colour == 2) {
			fg = fg == -1 ? COLOR_WHITE : fg;
			bg = bg == -1 ? COLOR_BLACK : bg;
		}
		if (init_pair((short)pair, fg, bg) == ERR)
			continue;
		theme_attrs[i] = (int)COLOR_PAIR(pair) | e->extra;
		pair++;
	}
}

int
theme_colour(void)
{
	return (theme_in_colour != 0);
}

int
theme_attr(enum theme_role r)
{
	if ((int)r < 0 || r >= ROLE__COUNT)
		return (0);
	return (theme_attrs[r]);
}

enum theme_role
theme_level_role(int p_level)
{
	switch (p_level) {
	case 1:
		return (ROLE_P1);
	case 2:
		return (ROLE_P2);
	case 3:
		return (ROLE_P3);
	default:
		return (ROLE_P4);
	}
}
