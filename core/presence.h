/*
 * Presence: which consoles are attached to an incident right now, as
 * whom, on which pane, and what (if anything) each is editing.  Each
 * console heartbeats; a console that stopped (killed, lost its SSH
 * link) drops out after PRESENCE_DEAD_MS.  Presence is live state, not
 * the record: it writes no audit rows, and observers may heartbeat.
 */
#ifndef WR_PRESENCE_H
#define WR_PRESENCE_H

#include <stdint.h>

#include "core/err.h"
#include "core/incident.h"
#include "core/operator.h"

struct store;

#define PRESENCE_BEAT_MS	3000	/* how often a console heartbeats */
#define PRESENCE_DEAD_MS	10000	/* silent this long: not attached */
#define PRESENCE_PRUNE_MS	60000	/* rows this old are deleted */
#define PRESENCE_PANE_LEN	32
#define PRESENCE_EDIT_LEN	64
#define PRESENCE_HOST_LEN	64

struct presence {
	char		operator[OPERATOR_NAME_LEN];
	char		addr[OPERATOR_ADDR_LEN];
	char		host[PRESENCE_HOST_LEN];
	long		pid;
	char		pane[PRESENCE_PANE_LEN];
	char		editing[PRESENCE_EDIT_LEN];	/* "item:12", "note" */
	enum role	role;
	int64_t		heartbeat;			/* real ms */
};

/*
 * Heartbeat for op's console (pid on this host) on incident: pane and
 * editing ("" for nothing) replace what it said before; now is real
 * time in ms.  Also deletes rows silent for PRESENCE_PRUNE_MS.  Never
 * waits for the write lock: WR_ERR_BUSY when another writer holds it.
 */
int	presence_beat(struct store *, const struct operator *,
	    int64_t incident, long pid, const char *pane,
	    const char *editing, int64_t now, struct wr_err *);

/* The console of pid detaches: its row goes. */
int	presence_leave(struct store *, const struct operator *,
	    int64_t incident, long pid, struct wr_err *);

/*
 * Live consoles on the incident (heartbeat within PRESENCE_DEAD_MS of
 * now), by operator then pid, with each operator's role; at most max.
 * Returns how many were written to out, or -1.
 */
int	presence_list(struct store *, int64_t incident, int64_t now,
	    struct presence *out, int max, struct wr_err *);

/*
 * Who else (not op's console pid) is editing target ("item:12") on a
 * live console: 1 and the name in who, 0 when nobody.
 */
int	presence_editor(struct store *, int64_t incident, const char *target,
	    const struct operator *, long pid, int64_t now, char *who,
	    size_t len);

#endif
