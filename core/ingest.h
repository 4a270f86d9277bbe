/*
 * Ingest: one path into the store for files (warroom ingest), the
 * collector's API pages (warroom watch) and scenario replays.  Shapes
 * are recognised by content, not by file name; each file is one
 * transaction, so a bad file stores nothing and the others go on.
 */
#ifndef WR_INGEST_H
#define WR_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/operator.h"

struct finding;
struct store;
struct ruleset;
struct triage;

enum ingest_status {
	INGEST_OK,
	INGEST_SKIPPED,
	INGEST_SUSPECT,
	INGEST_FAILED
};

const char *ingest_status_name(enum ingest_status);

#define INGEST_PATH_LEN 1024
#define INGEST_REASON_LEN 256

/* The outcome for one file or buffer. */
struct ingest_file {
	char			path[INGEST_PATH_LEN];
	enum ingest_status	status;
	const char		*kind;	/* "cloudtrail", "guardduty", ... */
	long			records; /* events or findings read */
	long			new;	/* of those, not seen before */
	long			findings; /* findings raised or updated */
	char			reason[INGEST_REASON_LEN];
	char			sha256[65];
};

struct ingest_totals {
	long	files, ok, skipped, suspect, failed, records, new;
};

struct ingest_ctx {
	struct store		*store;
	int64_t			 incident_id;
	const struct operator	*op;
	struct ruleset		*rules;		/* may be NULL */
	const struct triage	*triage;	/* NULL: built-in bands */
	/* Called after each file; may be NULL. */
	void			(*on_file)(const struct ingest_file *, void *);
	void			*arg;
	/*
	 * Called for each new finding inside the file's transaction (the
	 * playbook attacher); may be NULL.  -1 fails the file.
	 */
	int			(*finding_hook)(struct store *,
				    const struct operator *, int64_t incident,
				    const struct finding *, void *,
				    struct wr_err *);
	void			*hook_arg;
	struct ingest_totals	 totals;
	/* Private: rule findings' row ids during one ingest_path. */
	struct ingest_folds	*known;
};

void	ingest_init(struct ingest_ctx *, struct store *, int64_t incident,
	    const struct operator *);

/*
 * Ingest files or directories (recursively, in name order).  Returns 0
 * when no file failed, -1 otherwise (details in on_file results).
 */
int	ingest_path(struct ingest_ctx *, const char *path);

/*
 * Ingest bytes already in memory: plain JSON/NDJSON or gzip.  name is
 * what the results and the audit log call it ("guardduty:GetFindings
 * us-east-1").  Fills out; returns -1 when it failed.
 */
int	ingest_buffer(struct ingest_ctx *, const char *name,
	    const char *data, size_t len, struct ingest_file *out);

#endif
