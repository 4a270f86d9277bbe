/*
 * The rules alone: gunzip and parse each file, read each record with
 * event_read and time rules_eval on it (event_read is timed apart,
 * the parse not at all), file after file as ingest does.  Prints
 * records, hits, and records/s for the rules.
 * Built and run by tests/bench/rules.sh:  rules RULEDIR FILE...
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "core/event.h"
#include "core/rules.h"

static char *
slurp(const char *path, size_t *len)
{
	gzFile gz;
	char *p = NULL, *np;
	size_t cap = 0;
	int n;

	*len = 0;
	if ((gz = gzopen(path, "rb")) == NULL)
		return (NULL);
	for (;;) {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((np = realloc(p, cap + 1)) == NULL)
				break;
			p = np;
		}
		if ((n = gzread(gz, p + *len, (unsigned)(cap - *len))) <= 0)
			break;
		*len += (size_t)n;
	}
	gzclose(gz);
	if (p != NULL)
		p[*len] = '\0';
	return (p);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static long hits;

static void
on_hit(const struct rule_hit *h, void *arg)
{
	(void)h;
	(void)arg;
	hits++;
}

int
main(int argc, char **argv)
{
	struct ruleset *rs;
	struct wr_err err;
	struct ct_event ev;
	const cJSON *r;
	cJSON *doc;
	double t0, t_rules = 0, t_read = 0;
	long n = 0;
	size_t len;
	char *data;
	int i;

	if (argc < 3 || rules_load_dir(argv[1], &rs, &err) == -1) {
		fprintf(stderr, "usage: rules RULEDIR FILE... (%s)\n",
		    argc < 3 ? "" : err.msg);
		return (1);
	}
	for (i = 2; i < argc; i++) {
		if ((data = slurp(argv[i], &len)) == NULL)
			continue;
		doc = cJSON_ParseWithLength(data, len);
		free(data);
		cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(doc,
		    "Records")) {
			t0 = now();
			event_read(r, &ev);
			t_read += now() - t0;
			t0 = now();
			rules_eval(rs, &ev, on_hit, NULL);
			t_rules += now() - t0;
			n++;
		}
		cJSON_Delete(doc);
	}
	printf("rules: %d rules, %ld records, %ld hits\n", rules_count(rs), n,
	    hits);
	printf("rules: event_read %.0f records/s, rules_eval %.0f records/s"
	    " (%.2f us per record)\n", t_read > 0 ? n / t_read : 0,
	    t_rules > 0 ? n / t_rules : 0, n > 0 ? 1e6 * t_rules / n : 0);
	rules_free(rs);
	return (0);
}
