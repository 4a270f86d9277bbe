/*
 * The breach-notification decision tree: regimes (with source and the
 * date checked), questions with answers that emit outcomes, set flags and
 * lead to further questions, and outcomes (recipient, clock, mode).
 * Loaded from the JSON files in data/notification and evaluated without
 * a store: answers and start times in, questions and obligations out.
 */
#ifndef WR_NOTIFY_TREE_H
#define WR_NOTIFY_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/notify_time.h"

/* Start events, named as in breach-regimes.md. */
enum notify_event {
	NOTIFY_EV_DETECTED,
	NOTIFY_EV_AWARE,
	NOTIFY_EV_DISCOVERED,
	NOTIFY_EV_DETERMINED,
	NOTIFY_EV_MATERIAL,
	NOTIFY_EV_CLASSIFIED_MAJOR,
	NOTIFY_EV_NOTIFIABLE,
	NOTIFY_EV_SUSPECTED,
	NOTIFY_EV_RANSOM_PAID,
	NOTIFY_EV_YEAR_END,
	NOTIFY_EV__COUNT
};
#define NOTIFY_EV_CHAINED (-1)	/* submitted:<outcome> */

const char	*notify_event_name(int);
int		 notify_event_from_name(const char *);	/* -1 unknown */

enum notify_mode {
	NOTIFY_MODE_HARD,		/* a fixed limit */
	NOTIFY_MODE_OUTER_LIMIT,	/* a limit, and "without undue delay" */
	NOTIFY_MODE_UNDUE_DELAY,	/* no number: as soon as possible */
	NOTIFY_MODE_RECORD,		/* document internally only */
	NOTIFY_MODE_CONTRACTUAL,	/* card-brand rules, not law */
	NOTIFY_MODE_ADVISORY,		/* not in force: shown, not required */
	NOTIFY_MODE__COUNT
};
const char	*notify_mode_name(int);

enum notify_status {
	NOTIFY_PENDING,		/* its start event is not recorded yet */
	NOTIFY_RUNNING,
	NOTIFY_DUE_SOON,	/* under 24 h left */
	NOTIFY_OVERDUE,
	NOTIFY_SENT,
	NOTIFY_SENT_LATE,
	NOTIFY_NOT_REQUIRED,	/* dropped by a revision, not in force,
				   or advisory */
	NOTIFY_STATUS__COUNT
};
const char	*notify_status_name(int);

#define NOTIFY_DUE_SOON_MS (24 * 3600 * 1000LL)

struct notify_regime {
	char	*id;		/* "EU-GDPR-33" */
	char	*name;
	char	*jurisdiction;
	char	*source;	/* URLs */
	char	*grade;		/* "P" primary, "S" secondary, "M" memory */
	char	*checked;	/* "2026-12-03" */
	char	*note;		/* may be NULL */
	int	 verified;	/* 0: shown as unverified */
};

/* A clock: amount units after a start event (or after another notice). */
struct notify_clock {
	int			 set;
	int			 amount;
	enum notify_unit	 unit;
	int			 event;		/* or NOTIFY_EV_CHAINED */
	int			 chain;		/* outcome index when chained */
	int			 calendar;	/* index or -1 */
	int			 cutoff;	/* minutes, or -1 */
};

struct notify_outcome {
	char			*id;		/* "o_gdpr_sa" */
	int			 regime;
	char			*recipient;
	enum notify_mode	 mode;
	struct notify_clock	 deadline;
	/* The earlier wins, unless the main start comes after it (DORA). */
	struct notify_clock	 cap;
	int			*requires;	/* flag indexes */
	size_t			 nrequires;
	int64_t			 effective_from;	/* TIME_NONE: always */
	char			*note;
	char			*file;
};

struct notify_choice {
	char	*id;		/* "yes", "covered_entity"; count: "1-499" */
	int	*emit, *next, *sets;
	size_t	 nemit, nnext, nsets;
	int	 min, max;	/* count ranges; max -1 = no upper bound */
	int	 open;		/* the question stays open ("not yet") */
};

enum notify_qkind { NOTIFY_Q_BOOL, NOTIFY_Q_ENUM, NOTIFY_Q_MULTI,
    NOTIFY_Q_COUNT };

struct notify_question {
	char			*id;
	char			*text;
	char			*help;		/* may be NULL */
	enum notify_qkind	 kind;
	struct notify_choice	*ch;
	size_t			 nch;
	char			*file;
};

struct notify_tree {
	struct notify_regime	*reg;
	size_t			 nreg;
	struct notify_outcome	*out;
	size_t			 nout;
	struct notify_question	*q;
	size_t			 nq;
	struct notify_calendar	*cal;
	size_t			 ncal;
	char			**flag;
	size_t			 nflag;
	int			*root;
	size_t			 nroot;
	/* Loading state: the parsed files until notify_tree_finish. */
	void			*docs;
	size_t			 ndocs;
};

struct notify_tree *notify_tree_new(void);
/* Add one file's text; name is used in errors ("eu.json"). */
int	notify_tree_add(struct notify_tree *, const char *name,
	    const char *text, struct wr_err *);
/* Resolve and check every reference; errors name file and key. */
int	notify_tree_finish(struct notify_tree *, struct wr_err *);
/* Every *.json in dir, in name order, then finish. */
int	notify_tree_load_dir(const char *dir, struct notify_tree **,
	    struct wr_err *);
void	notify_tree_free(struct notify_tree *);

int	notify_find_question(const struct notify_tree *, const char *);
int	notify_find_outcome(const struct notify_tree *, const char *);
int	notify_find_regime(const struct notify_tree *, const char *);
const struct notify_calendar *notify_find_calendar(
	    const struct notify_tree *, const char *);

/*
 * Check an answer to question q and write its normal form into norm:
 * bool "yes"/"no", enum one id, multi ids joined by "," in the file's
 * order ("none" for an empty choice), count a whole number.
 */
int	notify_check_answer(const struct notify_tree *, int q,
	    const char *answer, char *norm, size_t len, struct wr_err *);

/* One given answer, in the order they were given. */
struct notify_given {
	const char	*question;
	const char	*answer;	/* normal form */
};

struct notify_input {
	const struct notify_given *given;
	size_t			   ngiven;
	int64_t			   start[NOTIFY_EV__COUNT]; /* TIME_NONE */
	const int64_t		  *sent;	/* per outcome, or NULL */
};

/* A question on the current path, in the order it is reached. */
struct notify_asked {
	int		 question;
	const char	*answer;	/* NULL: still to be answered */
	int		 open;		/* answered, but "not yet" */
};

struct notify_ob {
	int			 outcome;
	enum notify_status	 status;
	int			 current;	/* fired by today's answers */
	int64_t			 deadline;	/* TIME_NONE: none or unknown */
	int			 start_event;	/* the clock that set it */
	int			 start_chain;	/* outcome, when chained */
	int64_t			 start_at;	/* TIME_NONE: not recorded */
	int64_t			 sent_at;
};

struct notify_eval {
	struct notify_asked	*asked;
	size_t			 nasked;
	struct notify_ob	*ob;		/* by deadline, soonest first */
	size_t			 nob;
};

void	notify_input_init(struct notify_input *);
/*
 * Walk the tree with the latest answer to each question, and list as
 * obligations every outcome that today's answers fire, plus those an
 * earlier answer fired (not_required now, unless already sent).
 */
int	notify_evaluate(const struct notify_tree *, const struct notify_input *,
	    int64_t now, struct notify_eval *, struct wr_err *);
void	notify_eval_free(struct notify_eval *);

#endif
