/*
 * Between ingest.c (files, transactions, the store) and ingest_shape.c
 * (recognising documents): one run is one file or buffer.
 */
#ifndef WR_INGEST_INT_H
#define WR_INGEST_INT_H

#include <cJSON.h>

#include "core/ingest.h"
#include "core/util.h"

struct ingest_run {
	struct ingest_ctx	*ic;
	struct ingest_file	*res;
	int64_t			 run_id;
	struct wr_err		*err;
	const char		*doc;		/* the decoded bytes */
	size_t			 doc_len;
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

#endif
