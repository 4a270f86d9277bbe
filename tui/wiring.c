/*
 * Loading data/ for ingest.  Errors name the file and the key.
 */
#include "tui/wiring.h"

#include <stdlib.h>
#include <string.h>

#include "core/ingest.h"
#include "core/notify.h"
#include "core/notify_tree.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/playbook.h"
#include "core/rules.h"
#include "core/triage.h"
#include "core/util.h"
#include "tui/cmd.h"

int
wiring_load(struct wiring *w, struct wr_err *err)
{
	char *path;
	int rc;

	memset(w, 0, sizeof *w);
	path = cmd_data_path("triage.json");
	rc = triage_load(path, &w->triage, err);
	free(path);
	if (rc == -1)
		return (-1);
	path = cmd_data_path("rules");
	rc = rules_load_dir(path, &w->rules, err);
	free(path);
	if (rc == 0) {
		path = cmd_data_path("playbooks");
		rc = playbook_load_dir(path, &w->playbooks, err);
		free(path);
	}
	if (rc == -1)
		wiring_free(w);
	return (rc);
}

void
wiring_apply(struct wiring *w, struct ingest_ctx *ic)
{
	ic->triage = w->triage;
	ic->rules = w->rules;
	ic->finding_hook = playbook_finding_hook;
	ic->hook_arg = w->playbooks;
}

/* Has the incident a real (not sample) finding yet? */
static int
has_real_finding(struct store *s, int64_t incident)
{
	static const char q[] =
	    "SELECT 1 FROM findings WHERE incident_id = ? AND (flags & 1) = 0"
	    " LIMIT 1";
	sqlite3_stmt *st;
	int yes;

	if ((st = store_stmt(s, q, NULL)) == NULL)
		return (0);
	sqlite3_bind_int64(st, 1, incident);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return (yes);
}

int
wiring_after(struct wiring *w, struct store *s, const struct operator *op,
    int64_t incident, struct wr_err *err)
{
	if (playbook_derive_all(s, op, incident, err) == -1 ||
	    playbook_refill(s, w->playbooks, op, incident, err) == -1)
		return (-1);
	/* The "detected" clock starts itself with the first real finding. */
	if (has_real_finding(s, incident) && notify_start_auto(s, incident,
	    NOTIFY_EV_DETECTED, time_now_ms(), "first real finding ingested",
	    err) == -1)
		return (-1);
	return (0);
}

void
wiring_free(struct wiring *w)
{
	triage_free(w->triage);
	rules_free(w->rules);
	playbook_set_free(w->playbooks);
	memset(w, 0, sizeof *w);
}
