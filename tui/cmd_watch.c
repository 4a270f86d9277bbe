/*
 * warroom watch: the collector.  Polls AWS (through the provider
 * tui/main.c wired in) and writes what it finds through ingest, like
 * `warroom ingest` does for files.  A line per round on stdout; SIGINT
 * or SIGTERM stop it after the current poll.
 */
#include "tui/cmd.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/collector.h"
#include "core/config.h"
#include "core/ingest.h"
#include "core/log.h"
#include "core/provider.h"
#include "core/safe.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tui/wiring.h"

#define WATCH_MAX_REGIONS 32
#define WATCH_MAX_SOURCES 8

static volatile sig_atomic_t watch_stop;

static void
on_signal(int sig)
{
	(void)sig;
	watch_stop = 1;
}

/* What a round's callback needs to derive items from the new data. */
struct watch_round {
	struct cmd_ctx	*c;
	struct wiring	*w;
};

static void
print_round(const struct collector_round *r, void *arg)
{
	struct watch_round *wr = arg;
	char now[TIME_ISO_LEN], *e = safe_dup(r->error);
	struct wr_err err;

	/* What ingest does after a file, the collector does after a round. */
	if (r->new_items > 0 && wiring_after(wr->w, wr->c->store, wr->c->op,
	    wr->c->incident_id, &err) == -1)
		log_warn("after the round: %s", err.msg);
	printf("%s  %ld pages, %ld records, %ld new, %d throttled%s%s\n",
	    time_fmt_iso(time_now_ms(), now, sizeof now), r->pages, r->items,
	    r->new_items, r->throttled, r->errors ? "; error: " : "", e);
	fflush(stdout);
	free(e);
}

/* watch.regions from the config when no --region was given. */
static size_t
config_regions(const char **v, size_t max)
{
	const cJSON *a = config_get("watch.regions"), *e;
	size_t n = 0;

	cJSON_ArrayForEach(e, a)
		if (cJSON_IsString(e) && n < max)
			v[n++] = e->valuestring;
	return (n);
}

struct watch_args {
	const char	*regions[WATCH_MAX_REGIONS + 1];
	size_t		 nregions;
	const char	*sources[WATCH_MAX_SOURCES + 1];
	size_t		 nsources;
	const char	*profile;
	double		 interval;
	const char	*since;
	int		 once;
	int		 status;
};

static int
parse_args(struct cmd_ctx *c, struct watch_args *a)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "region", required_argument, NULL, 'r' },
		{ "source", required_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'i' },
		{ "since", required_argument, NULL, 'S' },
		{ "once", no_argument, NULL, '1' },
		{ "status", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	char *end;
	int ch;

	memset(a, 0, sizeof *a);
	a->interval = config_number("watch.interval", 60);
	a->since = config_string("watch.since", "24h");
	optind = 1;
	while ((ch = getopt_long(c->argc, c->argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			a->profile = optarg;
			break;
		case 'r':
			if (a->nregions == WATCH_MAX_REGIONS)
				return (cmd_usage(c, "too many --region"));
			a->regions[a->nregions++] = optarg;
			break;
		case 's':
			if (a->nsources == WATCH_MAX_SOURCES)
				return (cmd_usage(c, "too many --source"));
			a->sources[a->nsources++] = optarg;
			break;
		case 'i':
			a->interval = strtod(optarg, &end);
			if (*end != '\0' || a->interval < 1)
				return (cmd_usage(c, "--interval takes "
				    "seconds (at least 1)"));
			break;
		case 'S':
			a->since = optarg;
			break;
		case '1':
			a->once = 1;
			break;
		case 'T':
			a->status = 1;
			break;
		default:
			return (cmd_usage(c, "unknown option"));
		}
	}
	if (optind < c->argc)
		return (cmd_usage(c, "unexpected argument '%s'",
		    c->argv[optind]));
	if (a->nregions == 0)
		a->nregions = config_regions(a->regions, WATCH_MAX_REGIONS);
	return (CMD_OK);
}

static void
print_time(const char *label, int64_t t)
{
	char buf[TIME_ISO_LEN];

	printf("%-10s %s\n", label, t == TIME_NONE ? "-" :
	    time_fmt_iso(t, buf, sizeof buf));
}

/* --status: what the console header shows, and the details behind it. */
static int
print_status(struct cmd_ctx *c)
{
	struct collector_status cs;
	struct wr_err err;
	char *safe;

	if (collector_status(c->store, c->incident_id, time_now_ms(), &cs,
	    &err) == -1)
		return (cmd_fail(c, &err));
	printf("%s\n", cs.text);
	printf("%-10s %s\n", "health", collector_health_name(cs.health));
	print_time("since", cs.since);
	printf("%-10s %s\n", "account", cs.account[0] ? cs.account : "-");
	print_time("last poll", cs.last_poll);
	print_time("next poll", cs.next_poll);
	print_time("last ok", cs.last_ok);
	printf("%-10s %ld\n", "throttled", cs.throttled);
	safe = safe_dup(cs.last_error);
	printf("%-10s %s\n", "error", cs.last_error[0] ? safe : "-");
	free(safe);
	return (CMD_OK);
}

static int
watch_exec(struct cmd_ctx *c)
{
	const struct wr_provider *p = c->aws != NULL ? c->aws :
	    provider_get();
	struct collector_opts o;
	struct watch_args a;
	struct ingest_ctx ic;
	struct watch_round wr;
	struct wiring w;
	struct wr_err err;
	int rc;

	if ((rc = parse_args(c, &a)) != CMD_OK)
		return (rc);
	if (a.status)
		return (print_status(c));
	if (p == NULL)
		return (cmd_failf(c, "this warroom was built without AWS"));
	memset(&o, 0, sizeof o);
	if (time_parse_since(a.since, time_now_ms(), &o.since) == -1)
		return (cmd_usage(c, "--since takes ISO 8601 or 24h, 7d..."));
	o.provider.profile = a.profile;
	o.provider.regions = a.nregions > 0 ? a.regions : NULL;
	o.sources = a.nsources > 0 ? a.sources : NULL;
	o.interval_ms = (int64_t)(a.interval * 1000);
	o.once = a.once;
	o.stop = &watch_stop;
	o.on_round = print_round;
	wr.c = c;
	wr.w = &w;
	o.arg = &wr;
	if (wiring_load(&w, &err) == -1)
		return (cmd_fail(c, &err));
	ingest_init(&ic, c->store, c->incident_id, c->op);
	wiring_apply(&w, &ic);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	rc = collector_run(&ic, p, &o, &err);
	wiring_free(&w);
	return (rc == -1 ? cmd_fail(c, &err) : CMD_OK);
}

const struct cmd_entry cmd_watch_entry = {
	"watch",
	"[--profile P] [--region R]... [--source S]... [--interval SECONDS]"
	" [--since 24h] [--once | --status]",
	"poll AWS (GuardDuty, CloudTrail, billing) into the incident",
	CMD_STORE | CMD_INCIDENT,
	watch_exec,
};
