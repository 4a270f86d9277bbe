/*
 * The console's actions and their key bindings, as data.  One table
 * names every action with its help text and flags; bindings map keys to
 * action ids per pane, falling back to the global map.  The help
 * overlay is generated from these tables.  Action ids sit above
 * KEY_MAX so they never collide with curses key codes.
 */
#ifndef WR_TUI_KEYS_H
#define WR_TUI_KEYS_H

#include <stddef.h>

#define ACTF_WRITES	0x1	/* changes the store (audited) */
#define ACTF_COMMANDER	0x2	/* the incident commander only */

/* X(id, name, flags, help) */
#define KEYS_ACTIONS(X)							\
	X(UP, "up", 0, "move up")					\
	X(DOWN, "down", 0, "move down")					\
	X(PAGE_UP, "page-up", 0, "one page up")				\
	X(PAGE_DOWN, "page-down", 0, "one page down")			\
	X(TOP, "top", 0, "first line")					\
	X(BOTTOM, "bottom", 0, "last line")				\
	X(NEXT_PANE, "next-pane", 0, "next pane")			\
	X(PREV_PANE, "prev-pane", 0, "previous pane")			\
	X(DETAIL, "detail", 0, "details of the selected line")		\
	X(TICK, "tick", ACTF_WRITES, "tick or untick a checklist item")	\
	X(PHASE_NEXT, "phase-next", ACTF_WRITES | ACTF_COMMANDER,	\
	    "move the incident to the next phase")			\
	X(PHASE_BACK, "phase-back", ACTF_WRITES | ACTF_COMMANDER,	\
	    "move the incident back one phase")				\
	X(NOTE, "note", ACTF_WRITES,					\
	    "write a note: on the selected checklist item, else the incident") \
	X(NOTIFY, "notify", 0,						\
	    "breach notification: questions, obligations, deadlines")	\
	X(CONTAIN, "contain", ACTF_WRITES,				\
	    "contain: the actions for the selected finding or step")	\
	X(APPROVE, "approve", ACTF_WRITES | ACTF_COMMANDER,		\
	    "approve the oldest containment request waiting")		\
	X(PICK, "pick", 0, "pick the numbered line")			\
	X(CONFIRM, "confirm", ACTF_WRITES, "go ahead with the action shown") \
	X(HELP, "help", 0, "show this help")				\
	X(BACK, "back", 0, "close the view on top")			\
	X(REDRAW, "redraw", 0, "redraw the whole screen")		\
	X(QUIT, "quit", 0, "leave the console")

#define KEYS_ACTION_BASE 0x1000	/* above any curses KEY_* code */

enum keys_action {
	ACT_NONE = KEYS_ACTION_BASE,
#define KEYS_ENUM(id, n, f, h) ACT_##id,
	KEYS_ACTIONS(KEYS_ENUM)
#undef KEYS_ENUM
	ACT__END
};

struct keys_action_info {
	int		 id;
	const char	*name;
	int		 flags;
	const char	*help;
};

/* A key (curses code or character) bound to an action; {0, 0} ends. */
struct key_binding {
	int	key;
	int	action;
};

extern const struct key_binding keys_global[];

/* Every action, in help order, ended by a NULL name. */
extern const struct keys_action_info keys_actions[];
const struct keys_action_info *keys_action(int id);

/* The action for key: map first (may be NULL), then the global map. */
int	keys_lookup(const struct key_binding *map, int key);
/* "Up", "Tab", "^L", "q"... into buf; returns buf. */
char	*keys_name(int key, char *buf, size_t len);
/* The key for a name as keys_name writes it; -1 when unknown. */
int	keys_parse(const char *name);
/*
 * The keys bound to action in map (not the global map), joined by "/";
 * returns the number found.
 */
int	keys_for(const struct key_binding *map, int action, char *buf,
	    size_t len);

/*
 * The least time a bare ESC waits before it acts, ESCDELAY included:
 * an ESC followed by "[" or "O" within it starts a sequence, so an
 * arrow split by a slow link with ESCDELAY=0 is not read as ESC plus
 * stray text.  A longer ESCDELAY is the user's and wins.
 */
#define KEYS_ESC_GRACE_MS 60

/*
 * The next key from stdscr without waiting, or -1 (ERR), also while a
 * bare ESC is held back (see KEYS_ESC_GRACE_MS).
 */
int	keys_read(void);
/* Milliseconds until a held-back ESC is due, or -1 when none is. */
int	keys_wait_ms(void);
/* How long a lone ESC takes to act: max(ESCDELAY, the grace). */
int	keys_esc_ms(void);

#endif
