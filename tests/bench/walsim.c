/*
 * An hour of attached consoles in a few seconds, through the real core
 * calls: C consoles (connections) on one incident each poll
 * store_changed() every 100 ms of simulated time, heartbeat every
 * PRESENCE_BEAT_MS, run a passive checkpoint every 30 s, and someone
 * ticks an item once a minute.  Prints the WAL size at the end and the
 * largest seen.  Built and run by tests/bench/latency.sh:
 *	walsim DB CONSOLES SECONDS
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checklist.h"
#include "core/incident.h"
#include "core/presence.h"
#include "core/store.h"

#define SIM_STEP_MS	100
#define SIM_CKPT_MS	30000
#define SIM_TICK_MS	60000
#define SIM_MAX		32

static long long
wal_size(const char *db)
{
	char wal[4096];
	struct stat st;

	snprintf(wal, sizeof wal, "%s-wal", db);
	return (stat(wal, &st) == 0 ? (long long)st.st_size : 0);
}

int
main(int argc, char **argv)
{
	struct store *s[SIM_MAX];
	struct operator op;
	struct check_item it;
	struct wr_err err;
	long long w, maxw = 0, polls = 0, beats = 0;
	int64_t t, end, inc, item;
	int c, n;

	if (argc != 4 || (n = (int)strtol(argv[2], NULL, 10)) < 1 ||
	    n > SIM_MAX)
		return (fprintf(stderr, "usage: walsim DB CONSOLES SECONDS\n"),
		    2);
	end = (int64_t)strtol(argv[3], NULL, 10) * 1000;
	operator_make(&op, "sim", "127.0.0.1");
	for (c = 0; c < n; c++) {
		if (store_open(&s[c], argv[1], 0, &err) == -1)
			return (fprintf(stderr, "%s\n", err.msg), 1);
	}
	memset(&it, 0, sizeof it);
	if (incident_create(s[0], &op, "sim", "sim", 1, &inc, &err) == -1)
		return (fprintf(stderr, "%s\n", err.msg), 1);
	it.incident_id = inc;
	it.text = "simulated item";
	if (checklist_add(s[0], &op, &it, &item, NULL, &err) == -1)
		return (fprintf(stderr, "%s\n", err.msg), 1);
	for (t = 0; t < end; t += SIM_STEP_MS) {
		for (c = 0; c < n; c++) {
			(void)store_changed(s[c]);
			polls++;
			/* Consoles start spread over one beat period. */
			if ((t + c * 300) % PRESENCE_BEAT_MS == 0) {
				if (presence_beat(s[c], &op, inc, 1000 + c,
				    "checklist", "", 1000000 + t, &err) == -1)
					return (fprintf(stderr, "%s\n",
					    err.msg), 1);
				beats++;
			}
			if ((t + c * 3000) % SIM_CKPT_MS == 0)
				(void)store_checkpoint(s[c], NULL);
		}
		if (t % SIM_TICK_MS == 0 && checklist_tick(s[0], &op, item,
		    (int)(t / SIM_TICK_MS) % 2, &err) == -1)
			return (fprintf(stderr, "%s\n", err.msg), 1);
		if ((w = wal_size(argv[1])) > maxw)
			maxw = w;
	}
	printf("walsim: %d consoles, %lld s simulated, %lld polls, "
	    "%lld heartbeats: WAL %lld bytes at the end, %lld at most\n",
	    n, (long long)(end / 1000), polls, beats, wal_size(argv[1]),
	    maxw);
	for (c = 0; c < n; c++)
		store_close(s[c]);
	return (0);
}
