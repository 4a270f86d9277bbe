/*
 * Exercise scenarios: data/scenarios/NAME/scenario.json names a story
 * (title, incident type, description) and the files that tell it, in
 * ingest order, plus an optional "replay" list to trickle in during an
 * exercise.  Also the marker that lets `warroom demo` replace a database
 * it made itself, and only such a database.
 */
#ifndef WR_SCENARIO_H
#define WR_SCENARIO_H

#include "core/err.h"

struct store;

struct scenario {
	char	 *dir;		/* the folder holding scenario.json */
	char	 *name;		/* that folder's name: "crypto-mining" */
	char	 *title;
	char	 *type;		/* incident type, a playbook id */
	char	 *description;	/* "" when absent */
	char	**files;	/* full paths, in ingest order */
	int	  nfiles;
	char	**replay;	/* full paths; may be empty */
	int	  nreplay;
};

/*
 * Load and check a manifest: required keys, file names relative to its
 * folder that stay inside it and exist.  Errors name the manifest and
 * the key.  *out is newly allocated; free with scenario_free.
 */
int	scenario_load(const char *path, struct scenario **out,
	    struct wr_err *);
void	scenario_free(struct scenario *);

/*
 * Whether path may be replaced by a new demo database: 1 when nothing
 * is there or it is a database scenario_mark_demo marked, 0 (err says
 * why) when it is anything else, -1 when it cannot be read.
 */
int	scenario_demo_replaceable(const char *path, struct wr_err *);
/* Record in the store's meta table that it is a demo database. */
int	scenario_mark_demo(struct store *, const char *scenario,
	    struct wr_err *);
/* Remove path and its -wal, -shm and -journal files, if present. */
int	scenario_demo_remove(const char *path, struct wr_err *);

#endif
