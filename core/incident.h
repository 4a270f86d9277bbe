/*
 * The incident model: open/close, phases, P-level, roles.  Every change
 * goes through here so that it is checked (role) and recorded (audit).
 */
#ifndef WR_INCIDENT_H
#define WR_INCIDENT_H

#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;

enum phase {
	PHASE_DETECTION,
	PHASE_CONTAINMENT,
	PHASE_INVESTIGATION,
	PHASE_ERADICATION,
	PHASE_RECOVERY,
	PHASE_POST_INCIDENT,
	PHASE__COUNT
};

enum role {
	ROLE_NONE,
	ROLE_OBSERVER,
	ROLE_SCRIBE,
	ROLE_RESPONDER,
	ROLE_COMMANDER
};

const char	*phase_name(int);		/* "Containment" */
int		 phase_from_name(const char *);	/* -1 when unknown */
const char	*role_name(enum role);		/* "commander" */
int		 role_from_name(const char *);	/* -1 when unknown */

#define INCIDENT_TITLE_LEN 256
#define INCIDENT_TYPE_LEN 64

struct incident {
	int64_t	id;
	char	title[INCIDENT_TITLE_LEN];
	char	type[INCIDENT_TYPE_LEN];
	int	exercise;
	int	closed;
	int	phase;			/* enum phase */
	int	p_level;		/* 1..4 */
	int64_t	created_at;
	char	created_by[OPERATOR_NAME_LEN];
	int64_t	closed_at;		/* TIME_NONE while open */
	int64_t	phase_at;		/* when the current phase began */
	char	phase_by[OPERATOR_NAME_LEN];
};

/* Creates the incident; op becomes its commander.  Prints nothing. */
int	incident_create(struct store *, const struct operator *,
	    const char *title, const char *type, int exercise, int64_t *id,
	    struct wr_err *);
int	incident_get(struct store *, int64_t id, struct incident *,
	    struct wr_err *);
/* The most recently opened incident that is not closed. */
int	incident_current(struct store *, int64_t *id, struct wr_err *);
/* id when nonzero (must exist), else incident_current. */
int	incident_resolve(struct store *, int64_t id, int64_t *out,
	    struct wr_err *);

/* Commander only.  Moving to the same phase is refused. */
int	incident_set_phase(struct store *, const struct operator *,
	    int64_t id, int phase, struct wr_err *);
int	incident_close(struct store *, const struct operator *, int64_t id,
	    struct wr_err *);
int	incident_reopen(struct store *, const struct operator *, int64_t id,
	    struct wr_err *);

/*
 * Recompute the P-level from the worst open real finding (samples never
 * raise it; an exercise follows its findings like a real incident); a
 * change is audited with op.
 * Must be called inside a transaction.
 */
int	incident_update_level(struct store *, const struct operator *,
	    int64_t id, struct wr_err *);

/* Roles. */
enum role incident_role(struct store *, int64_t id, const char *name);
/* Fails with WR_ERR_DENIED and a reason unless op's role >= need. */
int	incident_require(struct store *, int64_t id,
	    const struct operator *, enum role need, const char *what,
	    struct wr_err *);
/* Commander only; giving commander to someone demotes the old one. */
int	incident_set_role(struct store *, const struct operator *,
	    int64_t id, const char *who, enum role, struct wr_err *);

/* A note on the timeline (responder, scribe or commander). */
int	incident_note(struct store *, const struct operator *, int64_t id,
	    const char *text, struct wr_err *);

#endif
