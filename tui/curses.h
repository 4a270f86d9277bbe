/*
 * The one place that chooses the curses header.  Only .c files in tui/
 * include it, never a header that core/ or aws/ sees (check-layers).
 * Wide-character functions are always wanted: AWS names are UTF-8.
 */
#ifndef WR_TUI_CURSES_H
#define WR_TUI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>

#endif
