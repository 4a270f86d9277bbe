/*
 * The console: a frame (header, panes, status line), one loop, and the
 * interface every pane implements.
 *
 * Adding a pane (breach notification, presence, investigation, ...):
 *
 *  1. Write tui/pane_NAME.c defining `const struct pane_ops
 *     NAME_pane_ops` and declare it at the bottom of this file.
 *  2. Base panes: add it to ui_base_panes[] in tui/ui_layout.c with a
 *     slot (UI_SLOT_TOP, UI_SLOT_LEFT, UI_SLOT_RIGHT); panes sharing a
 *     slot split it from top to bottom.  Overlays (full body, stacked,
 *     closed by ACT_BACK) are opened with ui_overlay_open().
 *  3. The ops:
 *     open(ui, arg)   allocate private state; arg is what
 *                     ui_overlay_open was given (NULL for base panes).
 *     refresh(st, ui) re-read the store; return the number of lines,
 *                     or -1 after ui_error().  Called at start, when
 *                     the watch sees another process commit (if the
 *                     pane's `watch` mask is not 0), and after our own
 *                     writes (UI_R_RELOAD).
 *     draw_line(st, ui, n, line)
 *                     render line n into `line` as runs tagged with
 *                     theme roles (uiline_*).  AWS strings go through
 *                     uiline_safe(), never uiline_add().  The frame
 *                     clips, pads and highlights the selection; a pane
 *                     never touches curses and never draws another pane.
 *     selectable(st, n) optional: 0 for headings the cursor skips.
 *     handle(st, ui, action, sel)
 *                     an action (tui/keys.h) with the selected line;
 *                     return UI_R_* bits, or UI_R_PASS to let the frame
 *                     (and then the global map) have it.
 *     line_key(st, n) optional: a row id, so that the selection follows
 *                     its row across refreshes.
 *     done(st)        free the state.
 *     keys            optional per-pane bindings tried before the
 *                     global ones (tui/keys.h); the help lists them.
 *  4. Header fields: ui_header_fields[] in tui/ui_draw.c lists small
 *     functions that each append runs to the second header line (the
 *     clock and operator today; who is attached and the nearest
 *     notification deadline later).
 */
#ifndef WR_TUI_UI_H
#define WR_TUI_UI_H

#include <stddef.h>
#include <stdint.h>

#include "core/incident.h"
#include "core/operator.h"
#include "tui/keys.h"
#include "tui/theme.h"

struct store;
struct ui;
struct ui_script;
struct ui_actions;
struct action_offers;

#define UI_MIN_COLS	80	/* the console is designed for 80x24 */
#define UI_MIN_LINES	24
#define UI_HEADER_LINES	2
#define UI_WATCH_MS	100	/* store_changed() poll interval */
#define UI_STATUS_MS	8000	/* how long a status message stays */

/* What needs drawing before the next doupdate. */
#define UI_DIRTY_HEADER	0x1
#define UI_DIRTY_STATUS	0x2
#define UI_DIRTY_PANES	0x4
#define UI_DIRTY_LAYOUT	0x8	/* windows recomputed: everything */
#define UI_DIRTY_ALL	0xf

/* What a pane wants re-read when the watch fires. */
#define WATCH_INCIDENT	0x1
#define WATCH_FINDINGS	0x2
#define WATCH_CHECKLIST	0x4
#define WATCH_EVENTS	0x8
#define WATCH_ALL	0xf

/* Reactions from handle(). */
#define UI_R_NONE	0x0
#define UI_R_DRAW	0x1	/* redraw this pane */
#define UI_R_RELOAD	0x2	/* we wrote: re-read every pane */
#define UI_R_CLOSE	0x4	/* close this overlay */
#define UI_R_QUIT	0x8
#define UI_R_REFRESH	0x10	/* re-read this pane (its lines changed) */
#define UI_R_PASS	0x100	/* not mine */

/* A line being built: text runs, each with a role. */
#define UI_LINE_TEXT	1024
#define UI_LINE_RUNS	48

struct ui_run {
	int	role;		/* enum theme_role */
	size_t	off;
	size_t	len;
};

struct ui_line {
	char		text[UI_LINE_TEXT];
	size_t		len;
	struct ui_run	runs[UI_LINE_RUNS];
	int		nruns;
	int		role;	/* background role for the whole line */
	size_t		cols;	/* display width so far */
};

void	uiline_init(struct ui_line *);
/* Our own text (labels, tags): shown as given. */
void	uiline_add(struct ui_line *, int role, const char *);
void	uiline_addf(struct ui_line *, int role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Untrusted text: escaped runs get ROLE_ESCAPED.  NULL adds nothing. */
void	uiline_safe(struct ui_line *, int role, const char *, size_t);
void	uiline_safes(struct ui_line *, int role, const char *);
/* Spaces up to column col (no-op when already past it). */
void	uiline_pad(struct ui_line *, size_t col);
/* Cut the line to at most cols columns. */
void	uiline_clip(struct ui_line *, size_t cols);
/* The line as plain text (tests, dumps); returns buf. */
char	*uiline_text(const struct ui_line *, char *buf, size_t len);

struct pane_ops {
	const char	*name;		/* "findings": keymaps, help */
	const char	*title;		/* shown above the pane */
	int		 watch;		/* WATCH_* */
	void		*(*open)(struct ui *, const void *arg);
	int		 (*refresh)(void *, struct ui *);
	void		 (*draw_line)(void *, struct ui *, int,
			     struct ui_line *);
	int		 (*selectable)(void *, int);
	int		 (*handle)(void *, struct ui *, int action, int sel);
	void		 (*done)(void *);
	const struct key_binding *keys;
	/*
	 * Optional: a stable key for line n (a row id), so the selection
	 * stays on the same row when a refresh inserts rows above it.
	 */
	int64_t		 (*line_key)(void *, int);
	/* Optional: a count or progress shown after the title. */
	void		 (*title_extra)(void *, struct ui *, char *, size_t);
	/* Optional: each second; nonzero to redraw (live countdowns). */
	int		 (*tick)(void *, struct ui *);
	/*
	 * An overlay drawn as a box over the panes, as tall as its lines
	 * (a menu, a confirmation), rather than over the whole body.
	 */
	int		 modal;
};

enum ui_slot { UI_SLOT_TOP, UI_SLOT_LEFT, UI_SLOT_RIGHT, UI_SLOT_OVERLAY };

struct pane {
	const struct pane_ops	*ops;
	void			*st;
	enum ui_slot		 slot;
	void			*win;		/* WINDOW *, opaque here */
	int			 y, x, h, w;
	int			 nlines;
	int			 top;
	int			 sel;		/* -1: nothing selectable */
	int			 dirty;
};

#define UI_MAX_PANES	8
#define UI_MAX_OVERLAYS	4

struct ui {
	struct store		*store;
	int64_t			 incident_id;
	const struct operator	*op;
	struct incident		 inc;		/* re-read with the panes */

	struct pane		 panes[UI_MAX_PANES];
	int			 npanes;
	int			 focus;
	struct pane		 overlays[UI_MAX_OVERLAYS];
	int			 noverlays;

	int			 dirty;		/* UI_DIRTY_* */
	int			 running;
	int			 too_small;
	int			 lines, cols;
	void			*header_win;	/* WINDOW * */
	void			*status_win;

	char			 status[256];
	int			 status_error;
	int64_t			 status_until;

	int64_t			 next_watch;	/* real ms */
	int64_t			 shown_second;	/* clock in the header */
	unsigned		 shown_warnings;
	unsigned long		 changes;	/* watch hits, for scripts */

	/* A note being typed on the status line (tui/ui_prompt.c). */
	int			 prompt_on;
	int64_t			 prompt_item;	/* 0: a note on the incident */
	size_t			 prompt_len;
	char			 prompt[512];
	/* A question instead of a note: fn gets the text, NULL on Esc. */
	int			 (*prompt_fn)(struct ui *, const char *,
				     void *);
	void			*prompt_arg;
	char			 prompt_label[160];
	int			 prompt_onekey;	/* y answers, any key cancels */

	int			 last_key;	/* the key being handled */
	struct ui_actions	*actions;	/* tui/ui_action.c */

	struct ui_script	*script;	/* test builds: keys file */
	struct ui_presence	*presence;	/* tui/presence.c */
};

/* Run the console on an incident until quit; curses already started. */
int	ui_run(struct store *, int64_t incident_id, const struct operator *,
	    struct ui_script *script);

/* The note entry: open on pane p (its selected item, if a checklist). */
void	ui_prompt_open(struct ui *, struct pane *);
/*
 * A question on the status line: label, then what is typed; Enter
 * gives fn the text, Esc gives it NULL.  fn returns UI_R_* bits for
 * the view on top.
 */
void	ui_prompt_ask(struct ui *, const char *label,
	    int (*fn)(struct ui *, const char *, void *), void *arg);
/* A yes/no question: y gives fn "y", any other key NULL. */
void	ui_prompt_confirm(struct ui *, const char *label,
	    int (*fn)(struct ui *, const char *, void *), void *arg);
/* Feed a key to the open entry; UI_R_* bits for the view on top. */
int	ui_prompt_key(struct ui *, int key);
/* The entry as a status line. */
void	ui_prompt_draw(struct ui *, struct ui_line *);

/* Messages on the status line. */
void	ui_error(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	ui_notice(struct ui *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Push an overlay pane over the body (detail, help). */
int	ui_overlay_open(struct ui *, const struct pane_ops *,
	    const void *arg);
/* Re-read every pane (after our own write or a watch hit). */
void	ui_reload(struct ui *, int watch);

/* tui/ui_layout.c: the windows from LINES and COLS, in one place. */
void	ui_layout_open(struct ui *);
void	ui_layout(struct ui *);
void	ui_layout_close(struct ui *);
void	ui_place_overlay(struct ui *, struct pane *);

/* tui/ui_draw.c: the one repaint per loop turn. */
void	ui_draw(struct ui *);
/* Mark every window for repainting; 1 when some pane is dirty. */
void	ui_mark_all(struct ui *);
int	ui_any_pane_dirty(const struct ui *);
/* Move the selection of a pane, skipping unselectable lines. */
void	ui_move(struct ui *, struct pane *, int delta);
void	ui_move_to(struct ui *, struct pane *, int line, int dir);

/* tui/ui_watch.c: poll the store; 1 when something was re-read. */
int	ui_watch(struct ui *);

/*
 * tui/ui_action.c: containment actions seen from the console.  Each
 * change of an action's state (another console's too) is said on the
 * status line; an approved action is carried out by a child process
 * (warroom contain --run ID), so the screen never waits for AWS.
 */
void	ui_actions_open(struct ui *);
void	ui_actions_close(struct ui *);
/* Re-read the actions; report what moved since the last look. */
void	ui_actions_poll(struct ui *);
/* Reap children that ended; 1 when one did. */
int	ui_actions_reap(struct ui *);
/* Start `warroom contain --run id` in the background. */
int	ui_actions_spawn(struct ui *, int64_t id);
/* Header field: actions waiting for approval, and under way. */
void	ui_actions_field(struct ui *, struct ui_line *);
/* Width of a modal box on this screen. */
int	ui_modal_width(const struct ui *);

/* Panes. */
extern const struct pane_ops findings_pane_ops;
extern const struct pane_ops phases_pane_ops;
extern const struct pane_ops checklist_pane_ops;
extern const struct pane_ops detail_pane_ops;
extern const struct pane_ops event_pane_ops;
extern const struct pane_ops help_pane_ops;
extern const struct pane_ops notify_pane_ops;
extern const struct pane_ops contain_pane_ops;

/* Header field (tui/pane_notify.c): the nearest notification deadline. */
void	notify_header_field(struct ui *, struct ui_line *);

/*
 * The contain box on a finding: its offers (tui/pane_contain.c), or a
 * notice saying why there are none.
 */
void	ui_contain_finding(struct ui *, int64_t finding_id);

/* The argument of the contain overlay (tui/pane_contain.c). */
struct ui_contain_arg {
	const struct action_offers	*offers;	/* n >= 1 */
	int64_t				 item_id;	/* a step: it ticks */
	int				 step;	/* 1: from a checklist step */
	const char			*region;	/* or NULL */
	int64_t				 approve_id;	/* approving it */
	const char			*asked_by;
};

/* The commander's A: the oldest request waiting, in the contain box. */
void	ui_contain_approve(struct ui *);

/* The argument of detail/event overlays. */
struct ui_detail_arg {
	int64_t	finding_id;	/* 0 when showing an event */
	int64_t	event_row;
};

#endif
