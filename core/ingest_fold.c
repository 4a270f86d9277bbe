/*
 * Rule hits of one file, folded in memory.  A rule finding hit again in
 * the same file would cost a lookup and an update each time; instead
 * its row id is remembered and the hits are tallied (count, lowest
 * level, first and last seen), then written once before the file's
 * transaction ends.  The fold is a sum, a min and a max, so the row
 * ends as the hit-by-hit updates would leave it.  Across the files of
 * one ingest_path the row ids of committed files are kept too, so a
 * finding met again in a later file is not looked up by its key.
 */
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/ingest_int.h"
#include "core/timeutil.h"
#include "core/util.h"

struct fold_slot {
	char	*ext;		/* NULL: empty */
	int64_t	 id;
	int64_t	 count;		/* hits not yet written */
	int	 p_level;
	int64_t	 first;
	int64_t	 last;
};

struct ingest_folds {
	struct fold_slot	*v;
	size_t			 cap;	/* a power of two */
	size_t			 n;
};

struct ingest_folds *
ingest_folds_new(void)
{
	struct ingest_folds *fc = xcalloc(1, sizeof *fc);

	fc->cap = 64;
	fc->v = xcalloc(fc->cap, sizeof *fc->v);
	return (fc);
}

void
ingest_folds_free(struct ingest_folds *fc)
{
	size_t i;

	if (fc == NULL)
		return;
	for (i = 0; i < fc->cap; i++)
		free(fc->v[i].ext);
	free(fc->v);
	free(fc);
}

static struct fold_slot *
slot_of(struct ingest_folds *fc, const char *ext)
{
	size_t i = (size_t)hash64(ext, strlen(ext)) & (fc->cap - 1);

	while (fc->v[i].ext != NULL && strcmp(fc->v[i].ext, ext) != 0)
		i = (i + 1) & (fc->cap - 1);
	return (&fc->v[i]);
}

static void
grow(struct ingest_folds *fc)
{
	struct fold_slot *old = fc->v, *to;
	size_t i, n = fc->cap;

	fc->cap *= 2;
	fc->v = xcalloc(fc->cap, sizeof *fc->v);
	for (i = 0; i < n; i++) {
		if (old[i].ext == NULL)
			continue;
		to = slot_of(fc, old[i].ext);
		*to = old[i];
	}
	free(old);
}

static int64_t
tmin(int64_t a, int64_t b)
{
	if (a == TIME_NONE)
		return (b);
	if (b == TIME_NONE)
		return (a);
	return (a < b ? a : b);
}

static int64_t
tmax(int64_t a, int64_t b)
{
	if (a == TIME_NONE)
		return (b);
	if (b == TIME_NONE)
		return (a);
	return (a > b ? a : b);
}

int
ingest_folds_hit(struct ingest_folds *fc, const struct finding *f,
    int64_t *id)
{
	struct fold_slot *sl = slot_of(fc, f->ext_id);

	if (sl->ext == NULL)
		return (0);
	if (sl->count == 0) {
		sl->p_level = f->p_level;
		sl->first = f->first_seen;
		sl->last = f->last_seen;
	} else {
		sl->p_level = f->p_level < sl->p_level ? f->p_level :
		    sl->p_level;
		sl->first = tmin(sl->first, f->first_seen);
		sl->last = tmax(sl->last, f->last_seen);
	}
	sl->count += f->count > 0 ? f->count : 1;
	*id = sl->id;
	return (1);
}

void
ingest_folds_add(struct ingest_folds *fc, const char *ext, int64_t id)
{
	struct fold_slot *sl;

	if (2 * (fc->n + 1) > fc->cap)
		grow(fc);
	sl = slot_of(fc, ext);
	if (sl->ext != NULL)
		return;
	sl->ext = xstrdup(ext);
	sl->id = id;
	fc->n++;
}

int
ingest_folds_id(struct ingest_folds *fc, const char *ext, int64_t *id)
{
	struct fold_slot *sl = slot_of(fc, ext);

	if (sl->ext == NULL)
		return (0);
	*id = sl->id;
	return (1);
}

void
ingest_folds_merge(struct ingest_folds *into, struct ingest_folds *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++) {
		if (from->v[i].ext != NULL)
			ingest_folds_add(into, from->v[i].ext, from->v[i].id);
	}
}

int
ingest_folds_flush(struct ingest_folds *fc, struct store *s,
    struct wr_err *err)
{
	struct fold_slot *sl;
	struct finding f;
	size_t i;

	for (i = 0; i < fc->cap; i++) {
		sl = &fc->v[i];
		if (sl->ext == NULL || sl->count == 0)
			continue;
		memset(&f, 0, sizeof f);
		f.count = sl->count;
		f.p_level = sl->p_level;
		f.first_seen = sl->first;
		f.last_seen = sl->last;
		if (finding_fold(s, sl->id, &f, err) == -1)
			return (-1);
		sl->count = 0;
	}
	return (0);
}
