/*
 * Ingest: files and buffers into the store, one transaction per file.
 * A failed file is rolled back whole and then recorded on its own (its
 * run row and audit row), so the record shows every attempt.
 */
#include "core/ingest.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/eventstore.h"
#include "core/finding.h"
#include "core/guardduty.h"
#include "core/gzfile.h"
#include "core/incident.h"
#include "core/insight.h"
#include "core/ingest_int.h"
#include "core/log.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/timeutil.h"

#define INGEST_MAX_FILE ((off_t)1 << 30)

const char *
ingest_status_name(enum ingest_status s)
{
	static const char *names[] = { "ok", "skipped", "suspect", "failed" };

	return ((unsigned)s <= INGEST_FAILED ? names[s] : "?");
}

void
ingest_init(struct ingest_ctx *ic, struct store *s, int64_t incident,
    const struct operator *op)
{
	memset(ic, 0, sizeof *ic);
	ic->store = s;
	ic->incident_id = incident;
	ic->op = op;
}

static int
new_finding(struct ingest_run *r, const struct finding *f, int64_t *id,
    int *is_new, struct wr_err *err)
{
	struct ingest_ctx *ic = r->ic;

	if (finding_upsert(ic->store, f, id, is_new, err) == -1)
		return (-1);
	r->res->findings++;
	/*
	 * A GuardDuty update can raise the finding to a playbook's trigger
	 * level; the hook attaches each playbook at most once.
	 */
	if ((*is_new || strcmp(f->source, "guardduty") == 0) &&
	    ic->finding_hook != NULL)
		return (ic->finding_hook(ic->store, ic->op, ic->incident_id, f,
		    ic->hook_arg, err));
	return (0);
}

struct hit_ctx {
	struct ingest_run	*run;
	const struct ct_event	*ev;
	int64_t			 row;
	int			 failed;
};

static void
on_hit(const struct rule_hit *h, void *arg)
{
	struct hit_ctx *hc = arg;
	struct ingest_run *r = hc->run;
	struct finding f;
	char ext[RULE_ID_LEN + EVENT_KEY_LEN + 2];
	int64_t id = 0;
	int is_new;

	if (hc->failed)
		return;
	snprintf(ext, sizeof ext, "%s|%s", h->rule_id, h->group);
	memset(&f, 0, sizeof f);
	f.incident_id = r->ic->incident_id;
	f.source = "rule";
	f.ext_id = ext;
	f.type = h->rule_id;
	f.title = h->title;
	f.description = h->why;
	f.principal = h->principal;
	f.resource = "";
	f.region = hc->ev->region;
	f.account = hc->ev->recipient_account;
	f.p_level = h->p_level;
	f.first_seen = f.last_seen = hc->ev->time_ms;
	f.updated_at = TIME_NONE;
	f.count = 1;
	if (!ingest_folds_hit(r->folds, &f, &id) && r->ic->known != NULL &&
	    ingest_folds_id(r->ic->known, ext, &id)) {
		/* Found by an earlier file: tallied from now on. */
		ingest_folds_add(r->folds, ext, id);
		(void)ingest_folds_hit(r->folds, &f, &id);
	}
	if (id != 0)
		r->res->findings++;
	else if (new_finding(r, &f, &id, &is_new, r->err) == -1) {
		hc->failed = 1;
		return;
	} else
		ingest_folds_add(r->folds, ext, id);
	if (finding_link_event(r->ic->store, id, hc->row, r->err) == -1)
		hc->failed = 1;
}

/* An Insights record: one finding per burst, linked to its records. */
static int
insight(struct ingest_run *r, const struct ct_event *ev, int64_t row)
{
	struct finding f;
	struct insight_text t;
	int64_t id;
	int is_new;

	if (insight_read(ev, r->ic->incident_id, &f, &t) == -1)
		return (0);
	if (new_finding(r, &f, &id, &is_new, r->err) == -1 ||
	    finding_link_event(r->ic->store, id, row, r->err) == -1)
		return (-1);
	if (t.end && !is_new)
		return (finding_set_title(r->ic->store, id, t.title, r->err));
	return (0);
}

int
ingest_record(struct ingest_run *r, const cJSON *rec, const char *raw,
    size_t len)
{
	struct ct_event ev;
	struct hit_ctx hc;
	int64_t row;
	int is_new;

	if (!event_is_record(rec)) {
		r->other++;
		return (0);
	}
	event_read(rec, &ev);
	if (ev.time_ms == TIME_NONE)
		r->untimed++;
	else if (ev.time_warning)
		r->time_warnings++;
	if (eventstore_put(r->ic->store, r->ic->incident_id, &ev, raw, len,
	    r->run_id, &row, &is_new, r->err) == -1)
		return (-1);
	r->res->records++;
	if (!is_new)
		return (0);
	r->res->new++;
	/* Insights records describe call rates, not calls: no API rules. */
	if (ev.insight)
		return (insight(r, &ev, row));
	if (r->ic->rules == NULL)
		return (0);
	hc.run = r;
	hc.ev = &ev;
	hc.row = row;
	hc.failed = 0;
	rules_eval(r->ic->rules, &ev, on_hit, &hc);
	return (hc.failed ? -1 : 0);
}

int
ingest_finding(struct ingest_run *r, const struct finding *f)
{
	int64_t id;
	int is_new;

	if (new_finding(r, f, &id, &is_new, r->err) == -1)
		return (-1);
	r->res->records++;
	r->res->new += is_new;
	return (0);
}

int
ingest_gd(struct ingest_run *r, const cJSON *o, const char *raw, size_t len)
{
	struct finding f;
	struct gd_text t;
	const char *why = NULL;
	int64_t id;
	int is_new;

	if (gd_read(o, r->ic->incident_id, r->ic->triage, &f, &t, &why) == -1) {
		log_warn("%s: %s", r->res->path, why);
		r->gd_bad++;
		return (0);
	}
	if (t.sample_warning) {
		log_warn("%s: finding %s: additionalInfo.value is not JSON; "
		    "not treated as a sample", r->res->path, f.ext_id);
		r->sample_warnings++;
	}
	f.raw = raw;
	f.raw_len = len;
	if (new_finding(r, &f, &id, &is_new, r->err) == -1)
		return (-1);
	r->res->records++;
	r->res->new += is_new;
	return (0);
}

static int
run_row(struct ingest_run *r, struct wr_err *err)
{
	static const char q[] =
	    "INSERT INTO ingest_runs(incident_id, path, sha256, status, at,"
	    " operator) VALUES (?, ?, ?, 'running', ?, ?)";
	struct store *s = r->ic->store;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, q, err)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, r->ic->incident_id);
	store_bind_text(st, 2, r->res->path);
	store_bind_text(st, 3, r->res->sha256);
	sqlite3_bind_int64(st, 4, time_now_ms());
	store_bind_text(st, 5, r->ic->op->name);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(s, err, "recording the ingest run"));
	r->run_id = sqlite3_last_insert_rowid(store_db(s));
	return (0);
}

static int
run_finish(struct ingest_run *r, struct wr_err *err)
{
	static const char q[] =
	    "UPDATE ingest_runs SET kind = ?, status = ?, reason = ?,"
	    " records = ?, new = ? WHERE id = ?";
	const struct ingest_file *f = r->res;
	struct audit_entry e;
	sqlite3_stmt *st;
	char detail[1024];
	int rc;

	if ((st = store_stmt(r->ic->store, q, err)) == NULL)
		return (-1);
	store_bind_text(st, 1, f->kind);
	store_bind_text(st, 2, ingest_status_name(f->status));
	store_bind_text(st, 3, f->reason);
	sqlite3_bind_int64(st, 4, f->records);
	sqlite3_bind_int64(st, 5, f->new);
	sqlite3_bind_int64(st, 6, r->run_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (store_fail(r->ic->store, err, "finishing the run"));
	snprintf(detail, sizeof detail, "{\"sha256\":\"%s\",\"kind\":\"%s\","
	    "\"records\":%ld,\"new\":%ld,\"findings\":%ld}", f->sha256,
	    f->kind != NULL ? f->kind : "", f->records, f->new, f->findings);
	memset(&e, 0, sizeof e);
	e.incident_id = r->ic->incident_id;
	e.happened_at = e.discovered_at = TIME_NONE;
	e.op = r->ic->op;
	e.action = "ingest";
	e.target = f->path;
	e.after = ingest_status_name(f->status);
	e.before = f->reason[0] != '\0' ? f->reason : NULL;
	e.detail = detail;
	return (audit_append(r->ic->store, &e, err));
}

static void add_reason(struct ingest_file *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_reason(struct ingest_file *f, const char *fmt, ...)
{
	size_t len = strlen(f->reason);
	char piece[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	snprintf(f->reason + len, sizeof f->reason - len, "%s%s",
	    len > 0 ? "; " : "", piece);
}

/* Settle the status from what was read, and say why. */
static void
judge(struct ingest_run *r)
{
	struct ingest_file *f = r->res;

	if (r->digest && f->records == 0) {
		f->status = INGEST_SKIPPED;
		add_reason(f, "CloudTrail digest file");
		return;
	}
	if (!r->recognised && f->status != INGEST_SUSPECT) {
		f->status = INGEST_SKIPPED;
		if (r->asff > 0)
			add_reason(f, "Security Hub (ASFF) findings, %ld of "
			    "them: not GuardDuty or CloudTrail", r->asff);
		else if (r->empty_envelopes > 0)
			add_reason(f, "EventBridge envelope with an empty "
			    "detail (%ld)", r->empty_envelopes);
		else {
			add_reason(f, "not CloudTrail or GuardDuty");
			if (r->other_keys[0] != '\0') {
				size_t n = strlen(f->reason);

				snprintf(f->reason + n, sizeof f->reason - n,
				    " (keys: %s)", r->other_keys);
			}
		}
		return;
	}
	if (r->untimed > 0)
		add_reason(f, "%ld untimed events", r->untimed);
	if (r->time_warnings > 0)
		add_reason(f, "%ld eventTime values not in ISO 8601",
		    r->time_warnings);
	if (r->gd_bad > 0)
		add_reason(f, "%ld findings without id or type skipped",
		    r->gd_bad);
	if (r->other > 0)
		add_reason(f, "%ld objects of other shapes ignored", r->other);
	if (r->nvalues > 1)
		r->kind = r->kind != NULL ? r->kind : "ndjson";
}

struct decoded {
	struct buf	 buf;
	const char	*data;
	size_t		 len;
};

/* Gunzip when the bytes say gzip, whatever the name says. */
static int
decode(struct ingest_file *f, const char *data, size_t len,
    struct decoded *d, struct wr_err *err)
{
	struct gz_info gi;

	buf_init(&d->buf);
	d->data = data;
	d->len = len;
	if (!gz_is_gzip(data, len)) {
		if (str_has_suffix(f->path, ".gz"))
			add_reason(f, "not compressed despite .gz");
		return (0);
	}
	if (gz_decode(data, len, f->path, &d->buf, &gi, err) == -1)
		return (-1);
	d->data = d->buf.data != NULL ? d->buf.data : "";
	d->len = d->buf.len;
	if (d->len == 0)
		add_reason(f, "empty once decompressed");
	if (gi.members > 1) {
		f->status = INGEST_SUSPECT;
		add_reason(f, "multiple gzip members (%d)", gi.members);
	}
	if (gi.trailing > 0) {
		f->status = INGEST_SUSPECT;
		add_reason(f, "trailing data after gzip member (%ld bytes)",
		    (long)gi.trailing);
	}
	return (0);
}

static int
ingest_bytes(struct ingest_run *r, const char *data, size_t len)
{
	struct decoded d;
	struct store *s = r->ic->store;
	int rc;

	if (decode(r->res, data, len, &d, r->err) == -1) {
		buf_free(&d.buf);
		return (-1);
	}
	if (store_begin(s, r->err) == -1) {
		buf_free(&d.buf);
		return (-1);
	}
	rc = run_row(r, r->err);
	r->folds = ingest_folds_new();
	if (rc == 0)
		rc = ingest_document(r, d.data, d.len);
	buf_free(&d.buf);
	if (rc == 0)
		rc = ingest_folds_flush(r->folds, s, r->err);
	if (rc == 0) {
		judge(r);
		r->res->kind = r->kind;
		rc = run_finish(r, r->err);
	}
	if (rc == 0)
		rc = finding_escalate(s, r->ic->incident_id, r->err);
	if (rc == 0)
		rc = incident_update_level(s, r->ic->op, r->ic->incident_id,
		    r->err);
	if (rc == -1)
		store_rollback(s);
	else if ((rc = store_commit(s, r->err)) == 0 &&
	    r->ic->known != NULL && !store_in_tx(s))
		/* Only rows that are now on disk are remembered. */
		ingest_folds_merge(r->ic->known, r->folds);
	ingest_folds_free(r->folds);
	r->folds = NULL;
	return (rc);
}

/* A failed file stores nothing but its own failure. */
static void
record_failure(struct ingest_run *r)
{
	struct wr_err err2;
	struct store *s = r->ic->store;

	r->res->records = r->res->new = r->res->findings = 0;
	if (store_begin(s, &err2) == -1)
		return;
	if (run_row(r, &err2) == -1 || run_finish(r, &err2) == -1) {
		store_rollback(s);
		log_error("cannot record failed ingest of %s: %s",
		    r->res->path, err2.msg);
		return;
	}
	(void)store_commit(s, &err2);
}

static void
tally(struct ingest_ctx *ic, const struct ingest_file *f)
{
	ic->totals.files++;
	ic->totals.records += f->records;
	ic->totals.new += f->new;
	switch (f->status) {
	case INGEST_OK: ic->totals.ok++; break;
	case INGEST_SKIPPED: ic->totals.skipped++; break;
	case INGEST_SUSPECT: ic->totals.suspect++; break;
	case INGEST_FAILED: ic->totals.failed++; break;
	}
	if (ic->on_file != NULL)
		ic->on_file(f, ic->arg);
}

int
ingest_buffer(struct ingest_ctx *ic, const char *name, const char *data,
    size_t len, struct ingest_file *out)
{
	struct ingest_run r;
	struct wr_err err;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	strlcpy_wr(out->path, name, sizeof out->path);
	sha256_hex(data, len, out->sha256);
	r.ic = ic;
	r.res = out;
	r.err = &err;
	wr_err_clear(&err);
	if (len == 0) {
		out->status = INGEST_SKIPPED;
		add_reason(out, "empty file");
		record_failure(&r);
	} else if (ingest_bytes(&r, data, len) == -1) {
		out->status = INGEST_FAILED;
		out->kind = r.kind;
		snprintf(out->reason, sizeof out->reason, "%s", err.msg);
		record_failure(&r);
	}
	tally(ic, out);
	return (out->status == INGEST_FAILED ? -1 : 0);
}

static int
read_file(const char *path, struct buf *b, struct wr_err *err)
{
	struct stat st;
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL)
		return (wr_fail(err, WR_ERR_IO, path, "cannot open: %s",
		    strerror(errno)));
	if (fstat(fileno(f), &st) == 0 && st.st_size > INGEST_MAX_FILE) {
		fclose(f);
		return (wr_fail(err, WR_ERR_IO, path, "file over 1 GB"));
	}
	buf_reserve(b, st.st_size > 0 ? (size_t)st.st_size : 0);
	while ((n = fread(b->data + b->len, 1, b->cap - b->len - 1, f)) > 0) {
		b->len += n;
		b->data[b->len] = '\0';
		buf_reserve(b, 65536);
	}
	if (ferror(f)) {
		fclose(f);
		return (wr_fail(err, WR_ERR_IO, path, "read error"));
	}
	fclose(f);
	return (0);
}

static int
ingest_file(struct ingest_ctx *ic, const char *path)
{
	struct ingest_file out;
	struct wr_err err;
	struct buf b;
	int rc;

	buf_init(&b);
	if (read_file(path, &b, &err) == -1) {
		memset(&out, 0, sizeof out);
		strlcpy_wr(out.path, path, sizeof out.path);
		out.status = INGEST_FAILED;
		snprintf(out.reason, sizeof out.reason, "%s", err.msg);
		tally(ic, &out);
		buf_free(&b);
		return (-1);
	}
	rc = ingest_buffer(ic, path, b.data != NULL ? b.data : "", b.len,
	    &out);
	buf_free(&b);
	return (rc);
}

static int ingest_path_depth(struct ingest_ctx *, const char *, int);

static int
skip_name(const struct dirent *d)
{
	return (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0);
}

static int
ingest_dir(struct ingest_ctx *ic, const char *path, int depth)
{
	struct dirent **names;
	char *child;
	int n, i, rc = 0;

	if ((n = scandir(path, &names, skip_name, alphasort)) == -1) {
		struct ingest_file out;

		memset(&out, 0, sizeof out);
		strlcpy_wr(out.path, path, sizeof out.path);
		out.status = INGEST_FAILED;
		snprintf(out.reason, sizeof out.reason,
		    "cannot read folder: %s", strerror(errno));
		tally(ic, &out);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		child = xasprintf("%s%s%s", path, str_has_suffix(path, "/") ?
		    "" : "/", names[i]->d_name);
		if (depth < 32 && ingest_path_depth(ic, child, depth + 1) == -1)
			rc = -1;
		free(child);
		free(names[i]);
	}
	free(names);
	return (rc);
}

/* What a walk passes by without reading, shown so that nobody misses it. */
static void
skip_entry(struct ingest_ctx *ic, const char *path, const char *why)
{
	struct ingest_file out;

	log_warn("%s: %s", path, why);
	memset(&out, 0, sizeof out);
	strlcpy_wr(out.path, path, sizeof out.path);
	out.status = INGEST_SKIPPED;
	snprintf(out.reason, sizeof out.reason, "%s", why);
	tally(ic, &out);
}

static int
ingest_path_depth(struct ingest_ctx *ic, const char *path, int depth)
{
	struct stat st;
	struct ingest_file out;

	if (stat(path, &st) == -1) {
		memset(&out, 0, sizeof out);
		strlcpy_wr(out.path, path, sizeof out.path);
		out.status = INGEST_FAILED;
		snprintf(out.reason, sizeof out.reason, "%s", strerror(errno));
		tally(ic, &out);
		return (-1);
	}
	if (S_ISDIR(st.st_mode)) {
		struct stat lst;

		/* Inside a walk, a link to a folder may loop: not followed. */
		if (depth > 0 && lstat(path, &lst) == 0 &&
		    S_ISLNK(lst.st_mode)) {
			skip_entry(ic, path,
			    "a link to a folder, not followed");
			return (0);
		}
		return (ingest_dir(ic, path, depth));
	}
	if (!S_ISREG(st.st_mode)) {
		skip_entry(ic, path, "not a regular file");
		return (0);
	}
	return (ingest_file(ic, path));
}

int
ingest_path(struct ingest_ctx *ic, const char *path)
{
	int rc;

	store_bulk(ic->store, 1);
	ic->known = ingest_folds_new();
	rc = ingest_path_depth(ic, path, 0);
	ingest_folds_free(ic->known);
	ic->known = NULL;
	store_bulk(ic->store, 0);
	return (rc);
}
