/*
 * Playbooks: the team's rehearsed answer to one kind of incident, as data
 * (data/playbooks, one JSON file each).  A set is loaded and validated
 * once; a finding whose type matches a trigger attaches the playbook to
 * its incident, which turns each step into a checklist item.  The format
 * is described in data/playbooks/README.md.
 */
#ifndef WR_PLAYBOOK_H
#define WR_PLAYBOOK_H

#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct store;
struct finding;

/*
 * Checklist order within a phase: the n-th attached playbook's steps
 * take ords from n * PLAYBOOK_ORD_BLOCK; evidence-derived items come
 * after every playbook (PLAYBOOK_ORD_EVIDENCE), hand-made ones last.
 */
#define PLAYBOOK_ORD_BLOCK	100
#define PLAYBOOK_ORD_EVIDENCE	100000
#define PLAYBOOK_ORD_ADHOC	200000

/* One step.  query and action are compact JSON text or NULL. */
struct pb_step {
	char	*id;
	int	 phase;		/* enum phase */
	int	 ord;		/* position within its phase */
	char	*text;
	char	*owner;		/* a role name, or NULL */
	char	*verify;	/* or NULL */
	char	*query;
	char	*action;
};

struct playbook {
	char		*id;
	char		*title;
	char		*version;
	char		*description;	/* or NULL */
	char		*file;		/* where it was loaded from */
	char		**gd;		/* GuardDuty type globs */
	int		 ngd;
	char		**rules;	/* rule id globs */
	int		 nrules;
	char		**billing;	/* billing signal globs */
	int		 nbilling;
	int		 trigger_level;	/* 1..4: attach at P1..this */
	struct pb_step	*steps;		/* in file order, phase by phase */
	int		 nsteps;
};

/* A set owns its playbooks and every string in them. */
struct playbook_set {
	struct playbook	*v;
	int		 n;
};

struct playbook_set	*playbook_set_new(void);
void			 playbook_set_free(struct playbook_set *);

/*
 * Load every *.json in dir (name order) into a new set.  A bad file
 * fails the whole load; err names the file and the key ("phases.
 * containment[2].text: expected a string").
 */
int	playbook_load_dir(const char *dir, struct playbook_set **,
	    struct wr_err *);
/* Parse and validate one file into set (duplicate ids are refused). */
int	playbook_load_file(struct playbook_set *, const char *path,
	    struct wr_err *);
/* The same for text already in memory; name is what errors call it. */
int	playbook_load_text(struct playbook_set *, const char *name,
	    const char *text, struct wr_err *);

const struct playbook	*playbook_find(const struct playbook_set *,
			    const char *id);

/*
 * Does a finding of source ("guardduty", "rule", "billing") and type
 * (a GuardDuty type, a rule id, a billing signal) match a trigger?
 */
int	playbook_matches(const struct playbook *, const char *source,
	    const char *type);

/* Values bound into a step's {placeholders}; NULL leaves it as is. */
struct pb_params {
	const char	*access_key;
	const char	*user;
	const char	*principal;	/* user or role ARN */
	const char	*role;
	const char	*instance_id;
	const char	*bucket;
	const char	*region;
	const char	*account;
	const char	*since;		/* ISO 8601 */
	const char	*until;
};

/*
 * Replace each {name} in tmpl with its value in p (unknown or unset
 * names are kept as written).  Returns a newly allocated string.
 */
char	*playbook_bind(const char *tmpl, const struct pb_params *);

/*
 * Attach pb to an incident: record id and version in playbooks_attached
 * (re-attaching a dropped one revives it), add one checklist item per
 * step with the finding's values bound, and write it on the audit log.
 * Attaching an attached playbook does nothing (*added 0).  added may be
 * NULL.  Runs in its own transaction (nested in the caller's, if any).
 */
int	playbook_attach(struct store *, const struct operator *,
	    int64_t incident, const struct playbook *, const char *reason,
	    const struct pb_params *, int *added, struct wr_err *);
/*
 * The commander attaches playbook id by hand (values bound from the
 * incident's worst finding, if any).  *added 0 when already attached.
 */
int	playbook_attach_id(struct store *, const struct playbook_set *,
	    const struct operator *, int64_t incident, const char *id,
	    int *added, struct wr_err *);
/*
 * Drop an attached playbook: marked dropped, its open items removed
 * (ticked ones stay, they are part of the record), on the audit log.
 */
int	playbook_drop(struct store *, const struct operator *,
	    int64_t incident, const char *id, struct wr_err *);

/*
 * Does a finding of this P-level (1..4) reach pb's trigger level?  A
 * signal that also shows up as one step of many other incidents (a root
 * read, an IAM change, a key pair) attaches the playbook for that kind
 * of incident only at the level its triggers.level names.
 */
int	playbook_level_ok(const struct playbook *, int p_level);

/*
 * After ingest has upserted a finding: attach every playbook whose
 * trigger matches (source, type) at p_level (playbook_level_ok) and is
 * not attached yet (a dropped one stays dropped: the commander
 * decided).  Values are bound from the incident's finding of that type.
 * Returns the number attached, or -1.
 */
int	playbook_on_finding(struct store *, const struct playbook_set *,
	    const struct operator *, int64_t incident, const char *source,
	    const char *type, int p_level, struct wr_err *);

/*
 * The ingest finding_hook (core/ingest.h), arg a struct playbook_set:
 * playbook_on_finding for a new real finding (samples attach nothing).
 * Evidence-derived items come after the run: playbook_derive_all.
 */
int	playbook_finding_hook(struct store *, const struct operator *,
	    int64_t incident, const struct finding *, void *arg,
	    struct wr_err *);
/*
 * playbook_derive for every principal named by a real finding of the
 * incident: call after an ingest run, when all its events are stored.
 * Returns the number of new items, or -1.
 */
int	playbook_derive_all(struct store *, const struct operator *,
	    int64_t incident, struct wr_err *);

/*
 * After an ingest run: open items of the attached playbooks made while
 * a placeholder was unknown ("(which user?)") are rendered again from
 * their step with what the incident's matching findings and their
 * events now bind; only the unknown parts change (a bound value stays),
 * in text, verify, query and action, each change on the audit log as
 * item.refill with the text before and after.  Returns the number of
 * items changed, or -1.
 */
int	playbook_refill(struct store *, const struct playbook_set *,
	    const struct operator *, int64_t incident, struct wr_err *);

struct pb_attached {
	const char	*playbook_id;
	const char	*version;
	int64_t		 attached_at;
	const char	*attached_by;
	const char	*reason;
	int		 dropped;
};

/* The incident's attached (and dropped) playbooks, oldest first. */
int	playbook_attached_each(struct store *, int64_t incident,
	    int (*fn)(const struct pb_attached *, void *), void *arg,
	    struct wr_err *);

/*
 * Evidence-derived items for principal (access key, user or role ARN):
 * one eradication item per resource it created, and one recovery item
 * per credential reachable from it (core/investigate_derive.c), in
 * the default window.  Items already there are not added again.
 * Returns the number of new items, or -1.
 */
int	playbook_derive(struct store *, const struct operator *,
	    int64_t incident, const char *principal, struct wr_err *);

#endif
