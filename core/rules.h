/*
 * The alert-rule engine over CloudTrail records.  Rules are data
 * (the JSON files of data/rules); a ruleset is loaded once and evaluated
 * on every
 * record during ingest.  Windowed rules keep their state in the ruleset,
 * so one ruleset serves one ingest stream at a time.
 */
#ifndef WR_RULES_H
#define WR_RULES_H

#include <cJSON.h>
#include <stdint.h>

#include "core/err.h"
#include "core/event.h"

struct ruleset;

#define RULE_ID_LEN 96
#define RULE_TITLE_LEN 256
#define RULE_WHY_LEN 256

/* One hit; strings are owned by the engine, valid during the callback. */
struct rule_hit {
	const char	*rule_id;
	const char	*title;		/* "Logging stopped: ir-trail" */
	int		 p_level;	/* 1..4, before escalation */
	const char	*principal;	/* grouping key of who did it */
	const char	*group;		/* what hits fold into one finding */
	const char	*why;		/* one line: why it fired */
	/* For windowed rules, eventIDs of the earlier events in the window. */
	const char	**window_events;
	int		 n_window_events;
};

/* Load every *.json under dir (errors name the file and the key). */
int	rules_load_dir(const char *dir, struct ruleset **, struct wr_err *);
int	rules_load_file(struct ruleset *, const char *path,
	    struct wr_err *);
struct ruleset *rules_new(void);
void	rules_free(struct ruleset *);
int	rules_count(const struct ruleset *);

/* Evaluate one record; fn is called once per hit.  Returns the hits. */
int	rules_eval(struct ruleset *, const struct ct_event *,
	    void (*fn)(const struct rule_hit *, void *), void *arg);
/*
 * The same with options: RULES_NO_WINDOW makes windowed rules fire on
 * every matching record, as the per-event rule tests of other engines
 * (Panther) judge them; RULES_DISABLED runs disabled rules too.
 */
#define RULES_NO_WINDOW	0x1
#define RULES_DISABLED	0x2
int	rules_eval_opts(struct ruleset *, const struct ct_event *, int opts,
	    void (*fn)(const struct rule_hit *, void *), void *arg);

/* What `warroom rules list` shows; pointers live as long as the set. */
struct rule_info {
	const char		*id;
	const char		*file;
	const char		*title;		/* the template */
	const char		*description;
	int			 p_level;
	int			 enabled;
	const char *const	*refs;
	int			 nrefs;
	const char *const	*events;
	int			 nevents;
	int			 window_count;	/* 0: not windowed */
	int			 window_minutes;
};

/* Rule i (0 <= i < rules_count); -1 when out of range. */
int	rules_info(const struct ruleset *, int i, struct rule_info *);
/* Index of the rule with this id, or -1. */
int	rules_find(const struct ruleset *, const char *id);

#endif
