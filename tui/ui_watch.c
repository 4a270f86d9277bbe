/*
 * The watch: a few times a second ask the store whether another
 * connection committed (PRAGMA data_version, through store_changed()),
 * and if so re-read the incident and the panes whose WATCH_* mask
 * matches what changed (tui/presence.c turns the new timeline rows into
 * WATCH_* bits, so another console's heartbeat re-reads nothing).
 * Containment actions are looked at on every commit: a child carrying
 * one out moves its state without a timeline row at each step.
 */
#include "tui/ui.h"

#include "core/log.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "tui/presence.h"

int
ui_watch(struct ui *ui)
{
	int64_t now = time_real_ms();
	int mask;

	if (now < ui->next_watch)
		return (0);
	ui->next_watch = now + UI_WATCH_MS;
	/* Short read transactions: no snapshot held between polls. */
	(void)store_end_reads(ui->store);
	ui_presence_tick(ui, now);
	(void)ui_actions_reap(ui);
	if (!store_changed(ui->store))
		return (0);
	ui_actions_poll(ui);
	if ((mask = ui_presence_changes(ui, now)) == 0)
		return (0);
	ui->changes++;
	log_debug("watch: change %#x seen", (unsigned)mask);
	ui_reload(ui, mask);
	return (1);
}
