/*
 * Helpers for the rule tests: load the project's rules, walk the
 * CloudTrail records of a parsed file, and collect the hits of one
 * record so a test can ask "did rule X fire, at which P-level?".
 */
#ifndef WR_TU_RULES_H
#define WR_TU_RULES_H

#include <cJSON.h>

#include "core/rules.h"

#define TR_MAX_HITS 64

struct tr_hit {
	char	id[RULE_ID_LEN];
	char	title[RULE_TITLE_LEN];
	char	group[RULE_TITLE_LEN];
	char	principal[RULE_TITLE_LEN];
	char	why[RULE_WHY_LEN];
	int	p_level;
	int	n_window;
};

struct tr_hits {
	int		n;
	struct tr_hit	h[TR_MAX_HITS];
};

/* data/rules, loaded; fails the test when it does not load. */
struct ruleset	*tr_rules(void);
/* Parse a file (NULL when unreadable or not JSON).  Caller deletes. */
cJSON		*tr_parse_file(const char *path);
/* Calls fn for each record: {"Records": [...]}, an array, or one. */
int		 tr_each_record(const cJSON *doc,
		     void (*fn)(const cJSON *, void *), void *arg);
/* Evaluate one record (windows on or off) into hits. */
void		 tr_eval(struct ruleset *, const cJSON *rec, int windows,
		     struct tr_hits *);
/* The hit of rule id, or NULL. */
const struct tr_hit *tr_find(const struct tr_hits *, const char *id);
/* The record whose eventID ends in suffix ("0801"), or NULL. */
const cJSON	*tr_record(const cJSON *doc, const char *suffix);

#endif
