/*
 * The watch: a few times a second ask the store whether another
 * connection committed (PRAGMA data_version, through store_changed()),
 * and if so re-read the incident and every pane that registered a
 * WATCH_* mask.  store_changed() does not say which table moved, so a
 * hit re-reads all watchers; each re-read is one indexed query.
 */
#include "tui/ui.h"

#include "core/store.h"
#include "core/timeutil.h"

int
ui_watch(struct ui *ui)
{
	int64_t now = time_real_ms();

	if (now < ui->next_watch)
		return (0);
	ui->next_watch = now + UI_WATCH_MS;
	if (!store_changed(ui->store))
		return (0);
	ui->changes++;
	ui_reload(ui, WATCH_ALL);
	return (1);
}
