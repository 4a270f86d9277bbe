/*
 * What changed in an incident since a console last looked.  PRAGMA
 * data_version (store_changed) only says that some connection
 * committed; this says what, so a console re-reads and redraws only the
 * panes whose data moved.  Heartbeats of other consoles (presence)
 * change data_version every few seconds and change nothing here.
 */
#ifndef WR_CHANGES_H
#define WR_CHANGES_H

#include <stdint.h>

#include "core/err.h"

struct store;

#define CHANGE_INCIDENT		0x01	/* phase, level, close, roles */
#define CHANGE_FINDINGS		0x02
#define CHANGE_CHECKLIST	0x04
#define CHANGE_EVENTS		0x08
#define CHANGE_TIMELINE		0x10	/* audit rows, notes */
#define CHANGE_ALL		0x1f

struct change_mark {
	int	primed;
	int64_t	audit_id;	/* last audit row seen */
	char	finger[128];	/* checklist, findings and incident rows */
};

/* The CHANGE_* bits an audit action touches (CHANGE_ALL if unknown). */
int	changes_of_action(const char *action);

/*
 * The CHANGE_* bits for what was committed in the incident since mark,
 * which moves on; CHANGE_ALL the first time.  Short reads only.
 */
int	changes_since(struct store *, int64_t incident, struct change_mark *,
	    int *mask, struct wr_err *);

#endif
