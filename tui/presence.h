/*
 * The console's side of presence and live refresh: heartbeats, the
 * "who is here" header field, the change classes that decide which
 * panes are re-read, and the periodic passive WAL checkpoint.
 */
#ifndef WR_TUI_PRESENCE_H
#define WR_TUI_PRESENCE_H

#include <stdint.h>

struct ui;
struct ui_line;

#define UI_CHECKPOINT_MS	30000	/* passive WAL checkpoint */

void	ui_presence_open(struct ui *);
/* Leave the presence table and free the state. */
void	ui_presence_close(struct ui *);
/* Every watch poll: heartbeat when due or when the pane changed. */
void	ui_presence_tick(struct ui *, int64_t now);
/* After store_changed(): the WATCH_* bits to re-read (0: none). */
int	ui_presence_changes(struct ui *, int64_t now);
/* Header field: who is attached, role, pane, what they edit. */
void	ui_presence_field(struct ui *, struct ui_line *);
/* What this console is editing ("item:12"), "" for nothing. */
void	ui_presence_editing(struct ui *, const char *target);
/* Who else edits target, or NULL (valid until the next call). */
const char *ui_presence_editor(struct ui *, const char *target);

#endif
