/*
 * The report model, shared by the gatherer (core/report.c,
 * core/report_gather.c) and the format modules (core/report_*.c).
 * Gathered once from the store; every string in it is already in the
 * visible form of core/safe.h, so a renderer only escapes for its format.
 * The report owns every string (pool) and every array.
 */
#ifndef WR_REPORT_INT_H
#define WR_REPORT_INT_H

#include <stdint.h>
#include <stdio.h>

#include "core/incident.h"
#include "core/investigate.h"
#include "core/report.h"
#include "core/timeutil.h"

struct rp_change {		/* a P-level change or a role change */
	int64_t		 at;
	const char	*by;
	const char	*who;	/* role changes: whose role */
	const char	*before;
	const char	*after;
};

struct rp_person {
	const char	*name;
	const char	*role;
	int64_t		 since;
};

struct rp_phase {
	int		 phase;
	int64_t		 at;
	int64_t		 until;	/* next phase, closure or as_of */
	const char	*by;
};

struct rp_finding {
	int		 p_level;
	const char	*source;
	const char	*type;
	const char	*title;
	const char	*principal;
	const char	*resource;
	const char	*region;
	const char	*ext_id;
	const char	*status;
	int64_t		 first_seen;
	int64_t		 last_seen;
	int64_t		 count;
	int		 sample;
};

struct rp_inv_item {
	const char	*kind;		/* "eradicate", "rotate" */
	const char	*what;
	const char	*resource;
	const char	*region;
	const char	*event_name;
	int64_t		 at;
};

struct rp_inv {
	const char		*principal;
	int64_t			 since;
	int64_t			 until;
	int			 nev;
	int			 count[INV__COUNT];
	struct rp_inv_item	*items;
	int			 nitems;
	const char		**sessions;
	int			 nsessions;
};

struct rp_item {
	int64_t		 id;
	int		 phase;
	const char	*text;
	const char	*playbook;
	const char	*resource;
	const char	*assignee;
	int		 done;
	const char	*done_by;
	int64_t		 done_at;
};

struct rp_obligation {
	const char	*id;
	const char	*regime;
	const char	*regime_name;
	const char	*recipient;
	const char	*mode;
	const char	*status;
	const char	*start;
	int64_t		 start_at;
	int64_t		 deadline;
	int		 met;		/* 1 met, 0 missed, -1 not yet/none */
	int64_t		 sent_at;
	const char	*sent_to;
	const char	*channel;
	const char	*ref;
	const char	*sent_by;
};

struct rp_answer {
	const char	*question;
	const char	*text;		/* the question's wording, or "" */
	const char	*answer;
	const char	*previous;	/* "" for a first answer */
	const char	*why;
	const char	*by;
	int64_t		 at;
	int		 current;
};

struct rp_start {
	const char	*event;
	int64_t		 at;
	const char	*why;
	const char	*by;
};

struct rp_note {
	int64_t		 at;
	const char	*by;
	const char	*target;
	const char	*text;
};

struct rp_event {
	int64_t		 time_ms;
	int		 same;		/* same-second group 1, 2...; 0 alone */
	const char	*name;
	const char	*source;
	const char	*actor;
	const char	*source_ip;
	const char	*region;
	const char	*error;
	const char	*event_id;
};

struct rp_audit {
	int64_t		 id;
	int64_t		 recorded;
	int64_t		 happened;
	int64_t		 discovered;
	const char	*actor;
	const char	*addr;
	const char	*action;
	const char	*target;
	const char	*before;
	const char	*after;
};

struct rp_playbook {
	const char	*id;
	const char	*version;
	int64_t		 at;
	const char	*by;
	const char	*reason;
	int		 dropped;
};

struct rp_action {		/* a containment action (core/action.h) */
	int64_t		 id;
	const char	*action;
	const char	*resource;
	const char	*region;
	const char	*state;
	const char	*requested_by;
	int64_t		 requested_at;
	const char	*approved_by;
	int64_t		 approved_at;
	const char	*request_id;	/* the AWS request id, or "" */
	int		 verified;
	int64_t		 verified_at;	/* the "action.verified" row */
	const char	*read_back;	/* what verification read */
	const char	*error;
	const char	*undone_by;	/* the "action.undone" row, or "" */
	int64_t		 undone_at;
	int64_t		 item_id;	/* 0: none */
	const char	*item_text;	/* "" when none or not found */
};

/* Key times; TIME_NONE when the incident never got there. */
enum rp_key {
	RP_FIRST_MALICIOUS,
	RP_DETECTION,
	RP_FIRST_CONTAINMENT,	/* only when before the phase entry */
	RP_CONTAINMENT,
	RP_ERADICATION,
	RP_RECOVERY,
	RP_CLOSURE,
	RP__KEYS
};

enum rp_metric { RP_TTD, RP_TTC, RP_TTR, RP__METRICS };

struct report {
	int64_t			 id;
	const char		*title;
	const char		*type;
	int			 exercise;
	int			 closed;
	int			 phase;
	int			 p_level;
	int64_t			 created_at;
	const char		*created_by;
	int64_t			 as_of;		/* the last audit row */
	char			 zone[64];	/* "UTC (+0000)" */

	int64_t			 key[RP__KEYS];
	int64_t			 metric[RP__METRICS];
	int64_t			 in_phase[PHASE__COUNT];

	struct rp_change	*levels;	int nlevels;
	struct rp_change	*roles;		int nroles;
	struct rp_person	*people;	int npeople;
	struct rp_phase		*phases;	int nphases;
	struct rp_finding	*findings;	int nfindings;
	struct rp_inv		*invs;		int ninvs;
	struct rp_item		*items;		int nitems;
	int			 nopen;
	int			 notify_loaded;
	struct rp_obligation	*obls;		int nobls;
	struct rp_answer	*answers;	int nanswers;
	struct rp_start		*starts;	int nstarts;
	struct rp_note		*notes;		int nnotes;
	struct rp_event		*events;	int nevents;
	struct rp_audit		*audit;		int naudit;
	struct rp_action	*actions;	int nactions;
	struct rp_playbook	*playbooks;	int nplaybooks;

	int			 chain_ok;
	char			 head[65];
	int64_t			 chain_rows;
	int64_t			 chain_bad;

	char			**pool;		/* every string above */
	size_t			 npool, cappool;
};

/* The visible form of s (NULL as ""), owned by r. */
const char	*rp_str(struct report *, const char *s);
/* Grow v (n elements of size sz) by one zeroed element; returns v. */
void		*rp_grow(void *v, int *n, size_t sz);
/* Append a zeroed element to array a of n elements; evaluates to it. */
#define RP_PUSH(a, n) \
	((a) = rp_grow((a), &(n), sizeof *(a)), &(a)[(n) - 1])
/* The lists of report_gather.c, called by report_gather. */
int		 rp_gather_lists(struct report *, struct store *,
		     const struct notify_tree *, struct wr_err *);

/* Names shared by every format. */
const char	*rp_key_name(int);	/* "first_malicious" */
const char	*rp_key_title(int);	/* "First malicious event" */
const char	*rp_key_basis(int);	/* where the time comes from */
/* Whether key k has a row in the text formats (json has every key). */
int		 rp_key_shown(const struct report *, int k);
const char	*rp_metric_name(int);	/* "time_to_detect" */
const char	*rp_metric_title(int);
extern const char rp_order_note[];	/* same-second events */

/* ISO 8601 UTC, or "-" for TIME_NONE. */
const char	*rp_time(int64_t, char buf[TIME_ISO_LEN]);
/* A duration ("3h 05m"), or "-". */
const char	*rp_dur(int64_t, char buf[TIME_ISO_LEN]);

/* An action as the cells of the md and html tables, NULL-terminated. */
#define RP_ACTION_CELLS 12
#define RP_ACTION_MORE	4	/* the last four are long: verified... */
struct rp_action_cells {
	const char	*cell[RP_ACTION_CELLS + 1];
	char		*own[RP_ACTION_CELLS];
	int		 nown;
};
void	rp_action_cells(const struct rp_action *, struct rp_action_cells *);
void	rp_action_cells_free(struct rp_action_cells *);

/* The format modules. */
int	report_md(const struct report *, FILE *);
int	report_txt(const struct report *, FILE *);
int	report_html(const struct report *, FILE *);
int	report_json(const struct report *, FILE *, struct wr_err *);

#endif
