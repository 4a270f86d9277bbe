/*
 * Windowed thresholds: "N matching events per key within T minutes".
 * Each key keeps only its newest N event times (sorted), so memory per
 * key is bounded by N; keys idle for longer than the window are purged
 * when the table grows large.  Reaching N fires once and starts the
 * count again.
 */
#include <stdlib.h>
#include <string.h>

#include "core/rules_int.h"
#include "core/timeutil.h"
#include "core/util.h"

#define WIN_ID_LEN 72
#define WIN_PURGE_AT 65536

struct wentry {
	char		*key;
	uint64_t	 hash;
	int		 n;
	int		 cap;			/* grows up to count */
	int64_t		*t;			/* ascending */
	uint64_t	*vh;			/* distinct value hashes */
	char		(*ids)[WIN_ID_LEN];
};

static void
entry_free(struct wentry *e)
{
	if (e == NULL)
		return;
	free(e->key);
	free(e->t);
	free(e->vh);
	free(e->ids);
	free(e);
}

static void
table_put(struct wentry **slots, size_t nslots, struct wentry *e)
{
	size_t i = e->hash & (nslots - 1);

	while (slots[i] != NULL)
		i = (i + 1) & (nslots - 1);
	slots[i] = e;
}

/* Rebuild at a new size, dropping keys idle for longer than the span. */
static void
table_rehash(struct rwindow *w, size_t nslots, int purge)
{
	struct wentry **old = w->slots, *e;
	size_t i, nold = w->nslots;

	w->slots = xcalloc(nslots, sizeof *w->slots);
	w->nslots = nslots;
	w->used = 0;
	for (i = 0; i < nold; i++) {
		if ((e = old[i]) == NULL)
			continue;
		if (purge && e->n > 0 &&
		    e->t[e->n - 1] < w->latest_ms - w->span_ms) {
			entry_free(e);
			continue;
		}
		table_put(w->slots, w->nslots, e);
		w->used++;
	}
	free(old);
}

/* The entry of key, or NULL (nothing is added). */
static struct wentry *
table_find(const struct rwindow *w, const char *key)
{
	uint64_t h = hash64(key, strlen(key));
	struct wentry *e;
	size_t i;

	if (w->nslots == 0)
		return (NULL);
	for (i = h & (w->nslots - 1); (e = w->slots[i]) != NULL;
	    i = (i + 1) & (w->nslots - 1))
		if (e->hash == h && strcmp(e->key, key) == 0)
			return (e);
	return (NULL);
}

static struct wentry *
table_get(struct rwindow *w, const char *key)
{
	uint64_t h = hash64(key, strlen(key));
	struct wentry *e;
	size_t i;

	if (w->nslots == 0)
		table_rehash(w, 64, 0);
	for (i = h & (w->nslots - 1); (e = w->slots[i]) != NULL;
	    i = (i + 1) & (w->nslots - 1))
		if (e->hash == h && strcmp(e->key, key) == 0)
			return (e);
	if (w->used + 1 > w->nslots / 2) {
		table_rehash(w, w->used >= WIN_PURGE_AT ? w->nslots :
		    w->nslots * 2, w->used >= WIN_PURGE_AT);
		if (w->used + 1 > w->nslots / 2)
			table_rehash(w, w->nslots * 2, 0);
	}
	e = xcalloc(1, sizeof *e);
	e->key = xstrdup(key);
	e->hash = h;
	table_put(w->slots, w->nslots, e);
	w->used++;
	return (e);
}

/* Room for one more entry; most keys never see more than a few. */
static void
entry_grow(struct wentry *e, int count)
{
	int cap = e->cap == 0 ? 4 : e->cap * 2;

	if (e->n < e->cap || e->cap == count)
		return;
	if (cap > count)
		cap = count;
	e->t = xreallocarray(e->t, (size_t)cap, sizeof *e->t);
	e->vh = xreallocarray(e->vh, (size_t)cap, sizeof *e->vh);
	e->ids = xreallocarray(e->ids, (size_t)cap, sizeof *e->ids);
	e->cap = cap;
}

/* Drop entry i, keeping the order of the others. */
static void
entry_drop(struct wentry *e, int i)
{
	int n = e->n - i - 1;

	memmove(e->t + i, e->t + i + 1, (size_t)n * sizeof *e->t);
	memmove(e->vh + i, e->vh + i + 1, (size_t)n * sizeof *e->vh);
	memmove(e->ids + i, e->ids + i + 1, (size_t)n * WIN_ID_LEN);
	e->n--;
}

/*
 * Insert (t, vh, id) in time order, keeping the newest `count` entries.
 * With a distinct value (vh != 0) an older entry of the same value
 * gives way, so the entries are distinct values at their latest time.
 */
static int
entry_insert(struct wentry *e, int count, int64_t t, uint64_t vh,
    const char *id)
{
	int i, pos;

	for (i = 0; vh != 0 && i < e->n; i++)
		if (e->vh[i] == vh) {
			if (e->t[i] > t)
				return (-1);	/* a newer one is kept */
			entry_drop(e, i);
			break;
		}
	entry_grow(e, count);
	for (pos = e->n; pos > 0 && e->t[pos - 1] > t; pos--)
		;
	if (e->n == count) {
		if (pos == 0)
			return (-1);	/* older than everything kept */
		entry_drop(e, 0);
		pos--;
	}
	for (i = e->n; i > pos; i--) {
		e->t[i] = e->t[i - 1];
		e->vh[i] = e->vh[i - 1];
		memcpy(e->ids[i], e->ids[i - 1], WIN_ID_LEN);
	}
	e->n++;
	e->t[pos] = t;
	e->vh[pos] = vh;
	strlcpy_wr(e->ids[pos], id, WIN_ID_LEN);
	return (pos);
}

int
rules_window_add(struct rwindow *w, const char *key, int64_t t_ms,
    uint64_t vh, const char *event_id, const char **ids, int *nids)
{
	struct wentry *e;
	int64_t newest;
	int i, pos, n;

	if (t_ms == TIME_NONE)
		t_ms = w->latest_ms;
	if (t_ms > w->latest_ms)
		w->latest_ms = t_ms;
	e = table_get(w, key);
	*nids = 0;
	if ((pos = entry_insert(e, w->count, t_ms, vh, event_id)) < 0)
		return (0);
	newest = e->t[e->n - 1];
	n = 0;
	for (i = 0; i < e->n; i++)
		n += e->t[i] >= newest - w->span_ms;
	if (n < w->count)
		return (n);
	for (i = 0; i < e->n; i++)
		if (i != pos && ids != NULL && e->t[i] >= newest - w->span_ms)
			ids[(*nids)++] = e->ids[i];
	/*
	 * Fired: start counting again, so the next hit needs another
	 * `count` events (the finding's count grows instead of one hit per
	 * record).  The ids stay readable until the next insert.
	 */
	e->n = 0;
	return (n);
}

void
rules_mark_add(struct rwindow *w, const char *key, int64_t t_ms,
    const char *event_id)
{
	struct wentry *e;

	if (t_ms == TIME_NONE)
		t_ms = w->latest_ms;
	if (t_ms > w->latest_ms)
		w->latest_ms = t_ms;
	e = table_get(w, key);
	entry_grow(e, 1);
	/* Keep the latest mark: it is the one a follower can still use. */
	if (e->n == 1 && e->t[0] > t_ms)
		return;
	e->n = 1;
	e->t[0] = t_ms;
	e->vh[0] = 0;
	strlcpy_wr(e->ids[0], event_id, WIN_ID_LEN);
}

int
rules_mark_seen(struct rwindow *w, const char *key, int64_t t_ms,
    const char **prior)
{
	struct wentry *e;

	if (t_ms == TIME_NONE)
		t_ms = w->latest_ms;
	if ((e = table_find(w, key)) == NULL || e->n == 0 ||
	    e->t[0] > t_ms || t_ms - e->t[0] > w->span_ms)
		return (0);
	*prior = e->ids[0];
	return (1);
}

void
rules_window_free(struct rwindow *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->nslots; i++)
		entry_free(w->slots[i]);
	free(w->slots);
	rules_tmpl_free(&w->key);
	rules_tmpl_free(&w->distinct);
	free(w);
}
