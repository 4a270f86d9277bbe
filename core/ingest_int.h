/*
 * Between ingest.c (files, transactions, the store) and ingest_shape.c
 * (recognising documents): one run is one file or buffer.
 */
#ifndef WR_INGEST_INT_H
#define WR_INGEST_INT_H

#include <cJSON.h>

#include "core/ingest.h"
#include "core/util.h"

struct ingest_folds;
struct jscan_memo;

struct ingest_run {
	struct ingest_ctx	*ic;
	struct ingest_folds	*folds;		/* rule hits of this file */
	struct ingest_file	*res;
	int64_t			 run_id;
	struct wr_err		*err;
	const char		*doc;		/* the decoded bytes */
	size_t			 doc_len;
	struct jscan_memo	*memo;		/* inner ends in doc */
	const char		*kind;		/* first shape seen */
	int			 nvalues;	/* top-level JSON values */
	int			 recognised;	/* some shape we know */
	int			 digest;
	long			 other;		/* objects of no known shape */
	long			 asff;
	long			 untimed;
	long			 time_warnings;
	long			 gd_bad;
	long			 sample_warnings;
	long			 empty_envelopes;
	char			 other_keys[128];
};

/* Recognise and ingest every JSON value in data; -1 fails the file. */
int	ingest_document(struct ingest_run *, const char *data, size_t len);
/* One CloudTrail record; raw is its bytes as they arrived. */
int	ingest_record(struct ingest_run *, const cJSON *rec, const char *raw,
	    size_t len);
/* A finding read by a shape module (billing): stored and counted. */
int	ingest_finding(struct ingest_run *, const struct finding *);
/* One GuardDuty finding. */
int	ingest_gd(struct ingest_run *, const cJSON *o, const char *raw,
	    size_t len);

/* The per-file tally of rule hits (ingest_fold.c). */
struct ingest_folds *ingest_folds_new(void);
void	ingest_folds_free(struct ingest_folds *);
/* A hit on a finding already met in this file: tallied, *id set, 1. */
int	ingest_folds_hit(struct ingest_folds *, const struct finding *,
	    int64_t *id);
/* Remember the row of a finding just upserted for this file. */
void	ingest_folds_add(struct ingest_folds *, const char *ext, int64_t id);
/* The row id remembered for ext: 1 and *id set, or 0. */
int	ingest_folds_id(struct ingest_folds *, const char *ext, int64_t *id);
/* Remember every row id of from in into (after from's file committed). */
void	ingest_folds_merge(struct ingest_folds *into,
	    struct ingest_folds *from);
/* Write the tallies (finding_fold); the caller's transaction holds. */
int	ingest_folds_flush(struct ingest_folds *, struct store *,
	    struct wr_err *);

#endif
