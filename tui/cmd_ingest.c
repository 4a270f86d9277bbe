/*
 * warroom ingest: files and folders into the incident, a line per file
 * and a total (or one JSON object with --json).
 */
#include "tui/cmd.h"

#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ingest.h"
#include "core/safe.h"
#include "core/triage.h"
#include "core/util.h"
#include "tui/wiring.h"

struct ingest_out {
	int	 json;
	cJSON	*files;
};

static void
print_file(const struct ingest_file *f, void *arg)
{
	struct ingest_out *o = arg;
	cJSON *j;
	char *path, *reason;

	if (o->json) {
		j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "path", f->path);
		cJSON_AddStringToObject(j, "status",
		    ingest_status_name(f->status));
		if (f->kind != NULL)
			cJSON_AddStringToObject(j, "kind", f->kind);
		else
			cJSON_AddNullToObject(j, "kind");
		cJSON_AddNumberToObject(j, "records", (double)f->records);
		cJSON_AddNumberToObject(j, "new", (double)f->new);
		cJSON_AddStringToObject(j, "reason", f->reason);
		cJSON_AddItemToArray(o->files, j);
		return;
	}
	/* A file name can carry terminal escapes: both lines show it safe. */
	path = safe_dup(f->path);
	reason = safe_dup(f->reason);
	printf("%-8s %-17s %7ld records %7ld new  %s%s%s%s\n",
	    ingest_status_name(f->status), f->kind != NULL ? f->kind : "-",
	    f->records, f->new, path, reason[0] ? "  (" : "", reason,
	    reason[0] ? ")" : "");
	if (f->status == INGEST_FAILED) {
		fflush(stdout);
		fprintf(stderr, "warroom ingest: %s: %s\n", path, reason);
	}
	free(reason);
	free(path);
}

static void
print_totals(const struct ingest_totals *t, struct ingest_out *o)
{
	cJSON *root, *tot;
	char *s;

	if (!o->json) {
		printf("total: %ld files: %ld ok, %ld skipped, %ld suspect, "
		    "%ld failed; %ld records, %ld new\n", t->files, t->ok,
		    t->skipped, t->suspect, t->failed, t->records, t->new);
		return;
	}
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "files", o->files);
	tot = cJSON_AddObjectToObject(root, "totals");
	cJSON_AddNumberToObject(tot, "files", (double)t->files);
	cJSON_AddNumberToObject(tot, "ok", (double)t->ok);
	cJSON_AddNumberToObject(tot, "skipped", (double)t->skipped);
	cJSON_AddNumberToObject(tot, "suspect", (double)t->suspect);
	cJSON_AddNumberToObject(tot, "failed", (double)t->failed);
	cJSON_AddNumberToObject(tot, "records", (double)t->records);
	cJSON_AddNumberToObject(tot, "new", (double)t->new);
	s = cJSON_Print(root);
	puts(s);
	free(s);
	cJSON_Delete(root);
}

static int
ingest_exec(struct cmd_ctx *c)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest_out out = { 0, NULL };
	struct ingest_ctx ic;
	struct wiring w;
	struct wr_err err;
	int ch, i, rc = CMD_OK;

	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		if (ch != 'j')
			return (cmd_usage(c, "unknown option"));
		out.json = 1;
	}
	if (optind >= c->argc)
		return (cmd_usage(c, "give at least one file or folder"));
	if (wiring_load(&w, &err) == -1)
		return (cmd_fail(c, &err));
	ingest_init(&ic, c->store, c->incident_id, c->op);
	wiring_apply(&w, &ic);
	ic.on_file = print_file;
	ic.arg = &out;
	if (out.json)
		out.files = cJSON_CreateArray();
	for (i = optind; i < c->argc; i++) {
		if (ingest_path(&ic, c->argv[i]) == -1)
			rc = CMD_FAIL;
	}
	if (wiring_after(&w, c->store, c->op, c->incident_id, &err) == -1) {
		cmd_fail(c, &err);
		rc = CMD_FAIL;
	}
	print_totals(&ic.totals, &out);
	wiring_free(&w);
	return (rc);
}

const struct cmd_entry cmd_ingest_entry = {
	"ingest", "[--json] PATH...",
	"load CloudTrail logs and GuardDuty findings (files or folders)",
	CMD_INCIDENT, ingest_exec
};
