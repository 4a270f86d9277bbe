/*
 * warroom notify start|answer|sent|status|deadline: the breach-
 * notification decision tree from the command line, with the same core
 * calls the console pane makes.  Times are shown in UTC and in the
 * operator's zone ($TZ, tzdata).
 */
#include "tui/cmd.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/incident.h"
#include "core/notify.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

struct nopts {
	const char	*why, *to, *channel, *ref, *at, *calendar;
	int		 json;
	const char	*pos[4];
	int		 npos;
};

static int
parse_opts(struct cmd_ctx *c, int first, struct nopts *o)
{
	static const char *const names[] = { "--why", "--to", "--channel",
	    "--ref", "--at", "--calendar", NULL };
	const char **slot[] = { &o->why, &o->to, &o->channel, &o->ref,
	    &o->at, &o->calendar };
	int i, k;

	memset(o, 0, sizeof *o);
	for (i = first; i < c->argc; i++) {
		if (strcmp(c->argv[i], "--json") == 0) {
			o->json = 1;
			continue;
		}
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(c->argv[i], names[k]) == 0)
				break;
		if (names[k] != NULL) {
			if (i + 1 >= c->argc)
				return (cmd_usage(c, "%s needs a value",
				    names[k]));
			*slot[k] = c->argv[++i];
		} else if (c->argv[i][0] == '-' && c->argv[i][1] == '-')
			return (cmd_usage(c, "unknown option %s", c->argv[i]));
		else if (o->npos == 4)
			return (cmd_usage(c, "too many arguments"));
		else
			o->pos[o->npos++] = c->argv[i];
	}
	return (CMD_OK);
}

static int
load_tree(struct cmd_ctx *c, struct notify_tree **t)
{
	struct wr_err err;
	char *dir = cmd_data_path("notification");
	int rc;

	rc = notify_tree_load_dir(dir, t, &err);
	free(dir);
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

static int
open_incident(struct cmd_ctx *c)
{
	static char path[PATH_MAX];
	struct wr_err err;

	if (c->db_path == NULL)
		c->db_path = store_default_path(path, sizeof path);
	if (store_open(&c->store, c->db_path, 0, &err) == -1 ||
	    incident_resolve(c->store, c->incident_arg, &c->incident_id,
	    &err) == -1)
		return (cmd_fail(c, &err));
	return (CMD_OK);
}

/* "2026-12-04T09:00:00Z (2026-12-04T10:00:00+01:00 Europe/Berlin)" */
static void
print_time(int64_t ms, const char *zone)
{
	char u[TIME_ISO_LEN], l[64];

	if (ms == TIME_NONE) {
		printf("-");
		return;
	}
	printf("%s (%s %s)", time_fmt_iso(ms, u, sizeof u),
	    notify_fmt_local(zone, ms, l, sizeof l), zone);
}

static int
parse_when(struct cmd_ctx *c, const char *s, int64_t *ms)
{
	char zone[NOTIFY_ZONE_LEN];
	struct wr_err err;

	/* Whole seconds: a recorded time is read back by people. */
	if (strcmp(s, "now") == 0) {
		*ms = time_now_ms() / 1000 * 1000;
		return (CMD_OK);
	}
	notify_operator_zone(zone, sizeof zone);
	if (notify_parse_time(s, zone, ms, &err) == -1)
		return (cmd_fail(c, &err));
	return (CMD_OK);
}

static int
do_start(struct cmd_ctx *c, const struct nopts *o)
{
	char zone[NOTIFY_ZONE_LEN];
	struct wr_err err;
	int64_t at;
	int ev, rc;

	if (o->npos != 2)
		return (cmd_usage(c, "start takes EVENT TIME"));
	if (str_has_prefix(o->pos[0], "submitted:"))
		return (cmd_usage(c, "%s is recorded by 'warroom notify sent'",
		    o->pos[0]));
	if ((ev = notify_event_from_name(o->pos[0])) == -1)
		return (cmd_usage(c, "unknown event '%s' (detected, aware, "
		    "discovered, determined, material, classified_major, "
		    "notifiable, suspected, ransom_paid, year_end)",
		    o->pos[0]));
	if ((rc = parse_when(c, o->pos[1], &at)) != CMD_OK ||
	    (rc = open_incident(c)) != CMD_OK)
		return (rc);
	if (notify_start(c->store, c->op, c->incident_id, ev, at, o->why,
	    &err) == -1)
		return (cmd_fail(c, &err));
	printf("%s: ", notify_event_name(ev));
	print_time(at, notify_display_zone(zone, sizeof zone, NULL));
	printf("\n");
	return (CMD_OK);
}

static int
do_answer(struct cmd_ctx *c, const struct nopts *o)
{
	struct notify_tree *t = NULL;
	struct wr_err err;
	int rc;

	if (o->npos != 2)
		return (cmd_usage(c, "answer takes QUESTION ANSWER"));
	if ((rc = load_tree(c, &t)) != CMD_OK ||
	    (rc = open_incident(c)) != CMD_OK) {
		notify_tree_free(t);
		return (rc);
	}
	rc = notify_answer(c->store, t, c->op, c->incident_id, o->pos[0],
	    o->pos[1], o->why, &err);
	notify_tree_free(t);
	if (rc == -1)
		return (cmd_fail(c, &err));
	printf("%s: %s\n", o->pos[0], o->pos[1]);
	return (CMD_OK);
}

static int
do_sent(struct cmd_ctx *c, const struct nopts *o)
{
	struct notify_tree *t = NULL;
	struct wr_err err;
	int64_t at = TIME_NONE;
	int rc;

	if (o->npos != 1)
		return (cmd_usage(c, "sent takes OBLIGATION --to R --channel C "
		    "--ref REF"));
	if (o->to == NULL || o->channel == NULL || o->ref == NULL)
		return (cmd_usage(c, "give --to, --channel and --ref"));
	if ((o->at != NULL && (rc = parse_when(c, o->at, &at)) != CMD_OK))
		return (rc);
	if ((rc = load_tree(c, &t)) != CMD_OK ||
	    (rc = open_incident(c)) != CMD_OK) {
		notify_tree_free(t);
		return (rc);
	}
	rc = notify_sent(c->store, t, c->op, c->incident_id, o->pos[0],
	    o->to, o->channel, o->ref, at, &err);
	notify_tree_free(t);
	if (rc == -1)
		return (cmd_fail(c, &err));
	printf("%s: sent to %s by %s, ref %s\n", o->pos[0], o->to,
	    o->channel, o->ref);
	return (CMD_OK);
}

static int
json_ob(const struct notify_obligation *ob, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	char buf[TIME_ISO_LEN];

	cJSON_AddStringToObject(o, "id", ob->id);
	cJSON_AddStringToObject(o, "regime", ob->regime);
	cJSON_AddStringToObject(o, "recipient", ob->recipient);
	if (*ob->start != '\0')
		cJSON_AddStringToObject(o, "start_event", ob->start);
	else
		cJSON_AddNullToObject(o, "start_event");
	if (ob->deadline != TIME_NONE)
		cJSON_AddStringToObject(o, "deadline_utc",
		    time_fmt_iso(ob->deadline, buf, sizeof buf));
	else
		cJSON_AddNullToObject(o, "deadline_utc");
	cJSON_AddStringToObject(o, "status", notify_status_name(ob->status));
	cJSON_AddItemToArray(arg, o);
	return (0);
}

struct textctx {
	const char	*zone;
	int64_t		 now;
	int		 n;
};

static int
text_question(const struct notify_question *q, const char *a, int open,
    void *arg)
{
	(void)arg;
	printf("  %-18s %-22s %s\n", q->id, a == NULL ? "(to answer)" :
	    a, q->text);
	if (open)
		printf("  %-18s %-22s (still open: answer again when known)\n",
		    "", "");
	return (0);
}

static int
text_ob(const struct notify_obligation *ob, void *arg)
{
	struct textctx *x = arg;
	char d[32];

	x->n++;
	printf("  %-20s %-12s ", ob->id, notify_status_name(ob->status));
	if (ob->deadline != TIME_NONE) {
		printf("due ");
		print_time(ob->deadline, x->zone);
		if (ob->sent_at == TIME_NONE &&
		    ob->status != NOTIFY_NOT_REQUIRED)
			printf(" %s %s", ob->deadline >= x->now ? "in" :
			    "overdue by", time_fmt_duration(ob->deadline >=
			    x->now ? ob->deadline - x->now : x->now -
			    ob->deadline, d, sizeof d));
	} else if (*ob->start == '\0')
		printf("record only");
	else if (ob->start_at == TIME_NONE)
		printf("pending: record '%s'", ob->start);
	else
		printf("as soon as possible");
	printf("\n      %s%s: %s (%s; from %s)\n", ob->verified ? "" :
	    "[UNVERIFIED] ", ob->regime, ob->recipient, ob->mode,
	    *ob->start ? ob->start : "-");
	if (ob->sent_at != TIME_NONE) {
		printf("      sent ");
		print_time(ob->sent_at, x->zone);
		printf(" to %s by %s, ref %s (%s)\n", ob->sent_to, ob->channel,
		    ob->ref, ob->sent_by);
	}
	return (0);
}

static int
status_text(struct cmd_ctx *c, const struct notify_tree *t,
    struct wr_err *err)
{
	char zone[NOTIFY_ZONE_LEN];
	struct textctx x;
	int bad;

	x.zone = notify_display_zone(zone, sizeof zone, &bad);
	if (bad)
		fprintf(stderr, "warroom %s: TZ names no known zone; local "
		    "times are shown in UTC\n", c->name);
	x.now = time_now_ms();
	x.n = 0;
	printf("Breach notification, incident %lld.  %s\n"
	    "Times in UTC and %s.\n\nQuestions\n",
	    (long long)c->incident_id, NOTIFY_DISCLAIMER, x.zone);
	if (notify_each_question(c->store, t, c->incident_id, text_question,
	    NULL, err) == -1)
		return (-1);
	printf("\nObligations\n");
	if (notify_each_obligation(c->store, t, c->incident_id, x.now,
	    text_ob, &x, err) == -1)
		return (-1);
	if (x.n == 0)
		printf("  (none yet: answer the questions above)\n");
	return (0);
}

static int
do_status(struct cmd_ctx *c, const struct nopts *o)
{
	struct notify_tree *t = NULL;
	struct wr_err err;
	cJSON *arr;
	char *text;
	int rc;

	if (o->npos != 0)
		return (cmd_usage(c, "status takes no arguments"));
	if ((rc = load_tree(c, &t)) != CMD_OK ||
	    (rc = open_incident(c)) != CMD_OK) {
		notify_tree_free(t);
		return (rc);
	}
	if (!o->json) {
		rc = status_text(c, t, &err);
		notify_tree_free(t);
		return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
	}
	arr = cJSON_CreateArray();
	rc = notify_each_obligation(c->store, t, c->incident_id,
	    time_now_ms(), json_ob, arr, &err);
	notify_tree_free(t);
	if (rc == -1) {
		cJSON_Delete(arr);
		return (cmd_fail(c, &err));
	}
	text = cJSON_Print(arr);
	printf("%s\n", text);
	cJSON_free(text);
	cJSON_Delete(arr);
	return (CMD_OK);
}

static int
deadline_args(struct cmd_ctx *c, const struct nopts *o, int *amount,
    int *unit)
{
	char *end;
	long n;

	if (o->npos != 3)
		return (cmd_usage(c, "deadline takes START AMOUNT UNIT"));
	n = strtol(o->pos[1], &end, 10);
	if (*o->pos[1] == '\0' || *end != '\0' || n < 0 || n > 10000)
		return (cmd_usage(c, "'%s' is not an amount (0..10000)",
		    o->pos[1]));
	*amount = (int)n;
	*unit = notify_unit_from_name(o->pos[2]);
	if (*unit == -1 || *unit == NOTIFY_ASAP)
		return (cmd_usage(c, "unit is hours, calendar_days, "
		    "business_days or months, not '%s'", o->pos[2]));
	if (o->calendar != NULL && *unit != NOTIFY_BUSINESS_DAYS)
		return (cmd_usage(c, "--calendar applies to business_days"));
	return (CMD_OK);
}

static void
deadline_print(const struct nopts *o, const char *zone,
    const struct notify_calendar *cal, int64_t dl)
{
	char u[TIME_ISO_LEN], l[64];
	cJSON *j;
	char *text;

	time_fmt_iso(dl, u, sizeof u);
	notify_fmt_local(zone, dl, l, sizeof l);
	if (!o->json) {
		printf("deadline  %s\nlocal     %s (%s)\n", u, l, zone);
		if (cal != NULL)
			printf("calendar  %s: %s, counted in %s\n", cal->id,
			    cal->name, cal->zone);
		return;
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "deadline_utc", u);
	cJSON_AddStringToObject(j, "deadline_local", l);
	cJSON_AddStringToObject(j, "zone", zone);
	text = cJSON_Print(j);
	printf("%s\n", text);
	cJSON_free(text);
	cJSON_Delete(j);
}

static int
do_deadline(struct cmd_ctx *c, const struct nopts *o)
{
	const struct notify_calendar *cal = NULL;
	struct notify_tree *t = NULL;
	char zone[NOTIFY_ZONE_LEN];
	const char *cname;
	struct wr_err err;
	int64_t start, dl;
	int amount = 0, unit = 0, rc;

	notify_operator_zone(zone, sizeof zone);
	if ((rc = deadline_args(c, o, &amount, &unit)) != CMD_OK)
		return (rc);
	if (notify_zone_check(zone, &err) == -1)
		return (cmd_fail(c, &err));
	if ((rc = parse_when(c, o->pos[0], &start)) != CMD_OK)
		return (rc);
	if (unit == NOTIFY_BUSINESS_DAYS) {
		if ((rc = load_tree(c, &t)) != CMD_OK)
			return (rc);
		cname = o->calendar != NULL ? o->calendar : "US-FED";
		if ((cal = notify_find_calendar(t, cname)) == NULL) {
			notify_tree_free(t);
			return (cmd_usage(c, "no calendar '%s' (data/"
			    "notification/calendars.json lists them)", cname));
		}
	}
	rc = notify_add(start, amount, (enum notify_unit)unit, cal, &dl,
	    &err);
	if (rc == 0)
		deadline_print(o, zone, cal, dl);
	notify_tree_free(t);
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

static int
notify_exec(struct cmd_ctx *c)
{
	struct nopts o;
	const char *sub = c->argc > 1 ? c->argv[1] : "";
	int rc;

	if ((rc = parse_opts(c, 2, &o)) != CMD_OK)
		return (rc);
	if (strcmp(sub, "start") == 0)
		return (do_start(c, &o));
	if (strcmp(sub, "answer") == 0)
		return (do_answer(c, &o));
	if (strcmp(sub, "sent") == 0)
		return (do_sent(c, &o));
	if (strcmp(sub, "status") == 0)
		return (do_status(c, &o));
	if (strcmp(sub, "deadline") == 0)
		return (do_deadline(c, &o));
	return (cmd_usage(c, "start, answer, sent, status or deadline"));
}

/* No CMD_STORE: "deadline" needs neither a store nor an incident. */
const struct cmd_entry cmd_notify_entry = {
	"notify",
	"start EVENT TIME [--why T] | answer Q A [--why T] | "
	"sent OBLIGATION --to R --channel C --ref REF [--at TIME] | "
	"status [--json] | "
	"deadline START AMOUNT UNIT [--calendar NAME] [--json]",
	"breach-notification questions, obligations and deadlines",
	0, notify_exec
};
