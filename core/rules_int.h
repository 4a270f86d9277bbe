/*
 * Internals of the rule engine, shared by core/rules*.c only: the
 * compiled form of a rule (paths split into segments, patterns and
 * templates parsed once at load time) and the window state.
 */
#ifndef WR_RULES_INT_H
#define WR_RULES_INT_H

#include <regex.h>
#include <stdint.h>

#include "core/event.h"
#include "core/rules.h"
#include "core/util.h"

/* Values computed from struct ct_event rather than read from JSON. */
enum rvirt {
	RV_NONE,
	RV_ACTOR,		/* @actor: the readable actor */
	RV_PRINCIPAL,		/* @principal: the grouping key */
	RV_KIND,		/* @actor_kind: root, iam_user, ... */
	RV_SUCCESS,		/* @success: "true" / "false" */
	RV_HUMAN,		/* @human */
	RV_CROSS,		/* @cross_account */
	RV_ACCOUNT,		/* @account: the account the log is for */
	RV_COUNT,		/* @count: events in the window (templates) */
	RV_FIELD		/* a field event_read already holds */
};

/* The record fields struct ct_event carries: read without a walk. */
enum rfield {
	RF_EVENT_ID, RF_EVENT_NAME, RF_EVENT_SOURCE, RF_EVENT_TYPE,
	RF_REGION, RF_SOURCE_IP, RF_USER_AGENT, RF_ERROR_CODE,
	RF_ERROR_MESSAGE, RF_RECIPIENT, RF_UI_TYPE, RF_UI_ARN,
	RF_UI_ACCOUNT, RF_UI_KEY, RF_UI_INVOKED_BY
};

/* A dotted path, split once; "#" as last segment means "how many". */
struct rpath {
	char		**seg;
	int		  nseg;
	int		  count;	/* ends in "#" */
	enum rvirt	  virt;
	enum rfield	  field;	/* with RV_FIELD */
	char		 *text;		/* as written, for messages */
};

enum cop {
	CO_ALL, CO_ANY, CO_NOT,
	CO_EQ, CO_NE, CO_IN, CO_PREFIX, CO_SUFFIX, CO_CONTAINS, CO_GLOB,
	CO_REGEX, CO_EXISTS, CO_GT, CO_GE, CO_LT, CO_LE,
	CO_EQ_PATH, CO_CONTAINS_PATH, CO_SUFFIX_PATH, CO_POLICY
};

/* What a policy document is checked for. */
enum policy_kind {
	POL_PUBLIC,	/* Principal "*" with no restricting condition */
	POL_FOREIGN,	/* a principal from another account */
	POL_OPEN,	/* public or foreign */
	POL_ADMIN	/* Allow Action "*" on Resource "*" */
};

struct cond {
	enum cop	  op;
	struct rpath	  path;
	struct rpath	  path2;	/* the *_path operators */
	char		**vals;		/* eq/ne/in/prefix/... */
	int		  nvals;
	double		  num;
	int		  icase;
	int		  flag;		/* exists: 1/0; policy: kind */
	regex_t		  re;
	int		  has_re;
	struct cond	**kids;
	int		  nkids;
};

/* A template: literal text and {path|filter} pieces. */
struct tpiece {
	char		*lit;		/* NULL for a path piece */
	struct rpath	 path;
	int		 basename;	/* |basename: after the last / or : */
	int		 lower;		/* |lower */
};

struct tmpl {
	struct tpiece	*p;
	int		 n;
};

/* A P-level override: the first whose condition holds applies. */
struct rlevel {
	struct cond	*when;
	int		 p_level;
	struct tmpl	 title;		/* n == 0: keep the rule's title */
	int		 has_title;
};

enum outcome { OUT_SUCCESS, OUT_FAILURE, OUT_ANY };

struct wentry;

struct rwindow {
	int		 count;
	int64_t		 span_ms;
	struct tmpl	 key;
	struct tmpl	 distinct;	/* n == 0: count every event */
	/* Open hash of keys; each keeps its last `count` events. */
	struct wentry	**slots;
	size_t		  nslots;
	size_t		  used;
	int64_t		  latest_ms;
};

/* "after": fire only when one of the prior rules fired on the same key
 * within the span before this record. */
struct rafter {
	char		**names;	/* the prior rules' ids */
	int		  nnames;
	struct tmpl	  key;		/* rendered on this record */
	struct tmpl	  prior_key;	/* rendered on the prior's record */
	struct rwindow	 *marks;	/* key -> when a prior fired */
};

struct rule {
	char		 *id;
	char		 *file;
	char		 *description;
	char		 *title_text;	/* the template as written */
	char		**refs;
	int		  nrefs;
	char		**events;	/* eventName, exact or glob */
	int		  nevents;
	char		**sources;
	int		  nsources;
	int		  p_level;
	enum outcome	  outcome;
	int		  insight;	/* runs on Insights records only */
	int		  enabled;
	struct cond	 *match;
	struct rlevel	 *levels;
	int		  nlevels;
	struct tmpl	  title;
	struct tmpl	  why;
	struct tmpl	  group;	/* n == 0: the principal */
	struct tmpl	  principal;	/* n == 0: the event's principal */
	struct rwindow	 *window;
	struct rafter	 *after;
	/* Rules whose "after" names this one (set by the index). */
	struct rule	**followers;
	int		  nfollowers;
};

struct ruleset {
	struct rule	**rules;
	int		  nrules;
	/* Index: eventName -> rules; rules without an exact name apart. */
	struct ridx	 *idx;
	size_t		  nidx;
	struct rule	**wild;
	int		  nwild;
	struct rule	**insights;
	int		  ninsights;
	int		  indexed;
	/* The earlier eventIDs of a window hit, handed to the callback. */
	const char	**wevents;
	/* Reused for the rendered strings: no allocation per record. */
	struct buf	  bufs[5];
};

struct ridx {
	char		 *name;		/* NULL: empty slot */
	struct rule	**rules;
	int		  n;
};

/* rules_load.c */
void	rules_rule_free(struct rule *);
int	rules_compile(struct ruleset *, const cJSON *, const char *file,
	    const char *where, struct wr_err *);

/* rules_match.c */
int	rules_cond_eval(const struct cond *, const struct ct_event *);
int	rules_success(const struct ct_event *);
/* Render a template into b (reset first); returns b->data. */
const char *rules_render(const struct tmpl *, const struct ct_event *,
	    int count, struct buf *b);
/* The first value at a path as text, into buf; "" when absent. */
const char *rules_path_text(const struct rpath *, const struct ct_event *,
	    char *buf, size_t len);
const cJSON *rules_path_first(const struct rpath *, const cJSON *);
void	rules_path_free(struct rpath *);
void	rules_cond_free(struct cond *);
void	rules_tmpl_free(struct tmpl *);

/* rules_policy.c */
int	rules_policy_check(const cJSON *doc, enum policy_kind,
	    const char *own_account);

/* rules_window.c: record one event; returns the number in the window
 * (including this one).  At the threshold it also fills ids with the
 * earlier ones' eventIDs and starts counting again. */
int	rules_window_add(struct rwindow *, const char *key, int64_t t_ms,
	    uint64_t distinct, const char *event_id, const char **ids,
	    int *nids);
void	rules_window_free(struct rwindow *);
/* Sequences: note that a prior fired for key; was one within the span
 * at or before t?  (*prior gets its eventID.) */
void	rules_mark_add(struct rwindow *, const char *key, int64_t t_ms,
	    const char *event_id);
int	rules_mark_seen(struct rwindow *, const char *key, int64_t t_ms,
	    const char **prior);
/* rules_load.c: every "after" names a loaded rule (after all files). */
int	rules_check_after(struct ruleset *, struct wr_err *);

#endif
