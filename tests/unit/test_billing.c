/*
 * Billing signals to findings: Cost Anomaly Detection (API and alert
 * spellings), EstimatedCharges (GetMetricStatistics, GetMetricData),
 * the P-levels at each threshold, and the thresholds from the config
 * file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/billing.h"
#include "core/config.h"
#include "core/timeutil.h"
#include "core/util.h"
#include "tests/unit/testutil.h"
#include "tests/unit/tu_rules.h"

#define MAXF 8

struct got {
	int	n;
	int	p[MAXF];
	char	ext[MAXF][256];
	char	title[MAXF][512];
	char	type[MAXF][64];
	char	src[MAXF][16];
	char	region[MAXF][64];
	int64_t	first[MAXF];
};

static int
collect(const struct finding *f, void *arg)
{
	struct got *g = arg;

	assert_true(g->n < MAXF);
	g->p[g->n] = f->p_level;
	strlcpy_wr(g->ext[g->n], f->ext_id, sizeof g->ext[0]);
	strlcpy_wr(g->title[g->n], f->title, sizeof g->title[0]);
	strlcpy_wr(g->type[g->n], f->type, sizeof g->type[0]);
	strlcpy_wr(g->src[g->n], f->source, sizeof g->src[0]);
	strlcpy_wr(g->region[g->n], f->region, sizeof g->region[0]);
	g->first[g->n] = f->first_seen;
	g->n++;
	return (0);
}

static const struct billing_thresholds th = { 100, 1000, 10000, 500 };

static int
read_fixture(const char *name, struct got *g)
{
	char *path = xasprintf("tests/fixtures/billing/%s", name);
	cJSON *doc = tr_parse_file(path);
	struct wr_err err;
	int n;

	assert_non_null(doc);
	memset(g, 0, sizeof *g);
	n = billing_read(doc, path, 7, &th, collect, g, &err);
	cJSON_Delete(doc);
	free(path);
	return (n);
}

static void
test_levels(void **state)
{
	(void)state;
	assert_int_equal(billing_level(&th, 50, -1), 4);
	assert_int_equal(billing_level(&th, 100, -1), 3);
	assert_int_equal(billing_level(&th, 999.99, 9000), 3);
	assert_int_equal(billing_level(&th, 1000, -1), 2);
	assert_int_equal(billing_level(&th, 1000, 499), 2);
	assert_int_equal(billing_level(&th, 1000, 500), 1);
	assert_int_equal(billing_level(&th, 10000, -1), 1);
}

static void
test_anomalies(void **state)
{
	struct got g;
	int64_t t;

	(void)state;
	assert_int_equal(read_fixture("get-anomalies.json", &g), 3);
	/* $4200 over, 7000% above expected: major unauthorized use. */
	assert_int_equal(g.p[0], 1);
	assert_string_equal(g.src[0], "billing");
	assert_string_equal(g.type[0], "billing:cost-anomaly");
	assert_string_equal(g.ext[0],
	    "anomaly:00000000-aaaa-4000-8000-000000000001");
	assert_non_null(strstr(g.title[0], "$4200"));
	assert_non_null(strstr(g.title[0], "p3.16xlarge"));
	assert_string_equal(g.region[0], "ap-southeast-3");
	assert_int_equal(time_parse_iso("2026-11-02T00:00:00Z", &t), 0);
	assert_true(g.first[0] == t);
	assert_int_equal(g.p[1], 3);		/* $180 */
	assert_true(g.first[1] == t);		/* a bare date */
	assert_int_equal(g.p[2], 2);		/* $1500, 30% over */
}

static void
test_anomaly_alert(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(read_fixture("anomaly-alert.json", &g), 1);
	assert_int_equal(g.p[0], 1);		/* over critical_usd */
	assert_non_null(strstr(g.title[0], "g5.48xlarge"));
}

static void
test_estimated_charges(void **state)
{
	struct got g;

	(void)state;
	/* Out-of-order points: the rise is 402.10 -> 2210.55. */
	assert_int_equal(read_fixture("estimated-charges-stats.json", &g), 1);
	assert_int_equal(g.p[0], 2);
	assert_string_equal(g.type[0], "billing:estimated-charges");
	assert_non_null(strstr(g.title[0], "$2211"));
	assert_non_null(strstr(g.title[0], "up $1808"));
	assert_string_equal(g.ext[0],
	    "estimated-charges:EstimatedCharges:2026-11");
	assert_int_equal(read_fixture("estimated-charges-data.json", &g), 1);
	assert_int_equal(g.p[0], 3);		/* up $190 */
}

static void
test_not_billing(void **state)
{
	cJSON *doc = cJSON_Parse("{\"Records\": []}");
	struct wr_err err;
	struct got g;
	char buf[256];

	(void)state;
	assert_false(billing_is_signal(doc));
	assert_int_equal(billing_read(doc, "x.json", 1, &th, collect, &g,
	    &err), -1);
	assert_non_null(strstr(wr_err_text(&err, buf, sizeof buf),
	    "x.json: not a billing signal"));
	cJSON_Delete(doc);
}

static void
test_thresholds_from_config(void **state)
{
	char *dir = tu_tmpdir(), *path = xasprintf("%s/config.json", dir);
	const char *cfg = "{\"billing\": {\"major_usd\": 250,"
	    " \"critical_usd\": 2000}}";
	struct billing_thresholds t;
	struct wr_err err;

	(void)state;
	tu_write(path, cfg, strlen(cfg));
	setenv("WARROOM_CONFIG", path, 1);
	config_reset();
	assert_int_equal(config_load(&err), 0);
	billing_thresholds(&t);
	assert_true(t.major_usd == 250);
	assert_true(t.critical_usd == 2000);
	assert_true(t.minor_usd == 100);	/* default kept */
	assert_int_equal(billing_level(&t, 300, -1), 2);
	config_reset();
	unsetenv("WARROOM_CONFIG");
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_anomalies),
		cmocka_unit_test(test_anomaly_alert),
		cmocka_unit_test(test_estimated_charges),
		cmocka_unit_test(test_not_billing),
		cmocka_unit_test(test_thresholds_from_config),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
