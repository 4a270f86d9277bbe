/*
 * warroom demo: a fresh database holding one exercise incident built
 * from a bundled scenario (data/scenarios/NAME/scenario.json), its files
 * ingested the way `warroom ingest` would, then the console attached to
 * it.  The database is replaced only when warroom demo made it.
 */
#include "tui/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/safe.h"
#include "core/scenario.h"
#include "core/store.h"
#include "core/util.h"
#include "tui/wiring.h"

#define DEMO_DEFAULT "crypto-mining"

struct demo {
	struct cmd_ctx		*c;
	struct scenario		*sc;
	struct wiring		 w;
	int			 wired;
	int64_t			 incident;
	long			 events, gd_findings;
	int			 by_level[5];
	int			 samples, nfindings;
};

/* One line per file, the name relative to the scenario folder. */
static void
demo_on_file(const struct ingest_file *f, void *arg)
{
	struct demo *d = arg;
	const char *rel = f->path;
	size_t n = strlen(d->sc->dir);
	char *name, *why;

	if (strncmp(rel, d->sc->dir, n) == 0 && rel[n] == '/')
		rel += n + 1;
	name = safe_dup(rel);
	why = safe_dup(f->reason);
	printf("  %-8s %-10s %5ld read %5ld new  %s%s%s\n",
	    ingest_status_name(f->status), f->kind != NULL ? f->kind : "-",
	    f->records, f->new, name, *why != '\0' ? ": " : "", why);
	free(name);
	free(why);
	if (f->kind != NULL && strcmp(f->kind, "guardduty") == 0)
		d->gd_findings += f->records;
	else
		d->events += f->records;
}

/* Replace the old demo database, never anything else. */
static int
demo_fresh_db(struct demo *d, struct wr_err *err)
{
	struct cmd_ctx *c = d->c;

	switch (scenario_demo_replaceable(c->db_path, err)) {
	case 1:
		break;
	case 0:
		fprintf(stderr, "warroom demo: %s: %s\n", err->where,
		    err->msg);
		fprintf(stderr, "warroom demo: give another file with "
		    "--db PATH (make demo uses build/demo.db)\n");
		return (-2);
	default:
		return (-1);
	}
	if (scenario_demo_remove(c->db_path, err) == -1 ||
	    store_open(&c->store, c->db_path, 0, err) == -1)
		return (-1);
	if (store_begin(c->store, err) == -1)
		return (-1);
	if (scenario_mark_demo(c->store, d->sc->name, err) == -1) {
		store_rollback(c->store);
		return (-1);
	}
	return (store_commit(c->store, err));
}

static int
demo_ingest(struct demo *d, struct wr_err *err)
{
	struct ingest_ctx ic;
	int i, failed = 0;

	ingest_init(&ic, d->c->store, d->incident, d->c->op);
	wiring_apply(&d->w, &ic);
	ic.on_file = demo_on_file;
	ic.arg = d;
	for (i = 0; i < d->sc->nfiles; i++) {
		if (ingest_path(&ic, d->sc->files[i]) == -1)
			failed++;
	}
	if (failed > 0)
		return (wr_fail(err, WR_ERR_INVALID, d->sc->name,
		    "%d of the scenario's files failed to ingest", failed));
	/* As after warroom ingest: items derived from the evidence. */
	return (wiring_after(&d->w, d->c->store, d->c->op, d->incident,
	    err));
}

static int
demo_count(const struct finding *f, void *arg)
{
	struct demo *d = arg;

	d->nfindings++;
	if (f->flags & FINDING_F_SAMPLE)
		d->samples++;
	else if (f->p_level >= 1 && f->p_level <= 4)
		d->by_level[f->p_level]++;
	return (0);
}

static int
demo_summary(struct demo *d, struct wr_err *err)
{
	int done[PHASE__COUNT], total[PHASE__COUNT], i, items = 0;
	struct incident inc;

	if (finding_each(d->c->store, d->incident, demo_count, d, err) == -1 ||
	    incident_get(d->c->store, d->incident, &inc, err) == -1)
		return (-1);
	if (checklist_progress(d->c->store, d->incident, done, total,
	    PHASE__COUNT) == 0) {
		for (i = 0; i < PHASE__COUNT; i++)
			items += total[i];
	}
	printf("loaded %ld CloudTrail events and %ld GuardDuty findings "
	    "from %d files\n", d->events, d->gd_findings, d->sc->nfiles);
	printf("findings: %d (P1 %d, P2 %d, P3 %d, P4 %d; %d sample%s)\n",
	    d->nfindings, d->by_level[1], d->by_level[2], d->by_level[3],
	    d->by_level[4], d->samples, d->samples == 1 ? "" : "s");
	printf("checklist: %d items; phase %s; exercise, so the level stays "
	    "P%d\n", items, phase_name(inc.phase), inc.p_level);
	if (d->sc->nreplay > 0)
		printf("replay: %d more files for the exercise to feed in "
		    "later\n", d->sc->nreplay);
	return (0);
}

static int
demo_build(struct demo *d, struct wr_err *err)
{
	char *title;
	int rc;

	if ((rc = demo_fresh_db(d, err)) != 0)
		return (rc);
	/* Triage, rules and playbooks, exactly as warroom ingest has them. */
	if (wiring_load(&d->w, err) == -1)
		return (-1);
	d->wired = 1;
	if (incident_create(d->c->store, d->c->op, d->sc->title, d->sc->type,
	    1, &d->incident, err) == -1)
		return (-1);
	if (d->sc->description[0] != '\0' && incident_note(d->c->store,
	    d->c->op, d->incident, d->sc->description, err) == -1)
		return (-1);
	title = safe_dup(d->sc->title);
	printf("warroom demo: exercise incident %lld \"%s\" in %s\n",
	    (long long)d->incident, title, d->c->db_path);
	free(title);
	if (demo_ingest(d, err) == -1)
		return (-1);
	return (demo_summary(d, err));
}

/* Hand over to `warroom attach` on the new incident. */
static int
demo_attach(struct demo *d)
{
	const struct cmd_entry *a = cmd_find("attach");
	char name[] = "attach", *argv[] = { name, NULL };
	struct cmd_ctx ac;

	if (a == NULL)
		return (cmd_failf(d->c, "this build has no console (attach); "
		    "the demo incident is ready in %s", d->c->db_path));
	ac = *d->c;
	ac.name = a->name;
	ac.argc = 1;
	ac.argv = argv;
	ac.incident_id = d->incident;
	ac.incident_arg = d->incident;
	return (a->exec(&ac));
}

static int
demo_args(struct cmd_ctx *c, const char **name, int *attach)
{
	int i;

	*name = DEMO_DEFAULT;
	*attach = 1;
	for (i = 1; i < c->argc; i++) {
		if (strcmp(c->argv[i], "--no-attach") == 0)
			*attach = 0;
		else if (strcmp(c->argv[i], "--scenario") == 0 &&
		    i + 1 < c->argc)
			*name = c->argv[++i];
		else
			return (cmd_usage(c, "unexpected '%s'", c->argv[i]));
	}
	if (strchr(*name, '/') != NULL || (*name)[0] == '.' ||
	    (*name)[0] == '\0')
		return (cmd_usage(c, "--scenario takes a folder name under "
		    "scenarios/"));
	return (CMD_OK);
}

static int
cmd_demo_exec(struct cmd_ctx *c)
{
	char dbpath[PATH_MAX], *path, *rel;
	struct demo d;
	struct wr_err err;
	const char *name;
	int attach, rc;

	memset(&d, 0, sizeof d);
	d.c = c;
	if ((rc = demo_args(c, &name, &attach)) != CMD_OK)
		return (rc);
	if (c->db_path == NULL)
		c->db_path = store_default_path(dbpath, sizeof dbpath);
	rel = xasprintf("scenarios/%s/scenario.json", name);
	path = cmd_data_path(rel);
	free(rel);
	rc = scenario_load(path, &d.sc, &err);
	free(path);
	if (rc == 0)
		rc = demo_build(&d, &err);
	if (rc == -1)
		rc = cmd_fail(c, &err);
	else if (rc == -2)
		rc = CMD_FAIL;
	else if (attach)
		rc = demo_attach(&d);
	if (d.wired)
		wiring_free(&d.w);
	scenario_free(d.sc);
	return (rc);
}

const struct cmd_entry cmd_demo_entry = {
	"demo", "[--no-attach] [--scenario NAME]",
	"open an exercise incident built from a bundled scenario",
	0, cmd_demo_exec
};
