/*
 * Loading data/ for ingest.  Errors name the file and the key.
 */
#include "tui/wiring.h"

#include <stdlib.h>
#include <string.h>

#include "core/ingest.h"
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
	if (rc == -1)
		wiring_free(w);
	return (rc);
}

void
wiring_apply(struct wiring *w, struct ingest_ctx *ic)
{
	ic->triage = w->triage;
	ic->rules = w->rules;
}

void
wiring_free(struct wiring *w)
{
	triage_free(w->triage);
	rules_free(w->rules);
	memset(w, 0, sizeof *w);
}
