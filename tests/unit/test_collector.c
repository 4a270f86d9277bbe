/*
 * core/collector with a fake provider: pages reach the store through
 * ingest, cursors survive a restart and are handed back, errors make
 * the collector failing (since the first one) without stopping it, a
 * late poll makes it lagging, billing anomalies become findings.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/collector.h"
#include "core/finding.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/util.h"

#define T0 "2026-12-03T10:00:00Z"

/* What the fake provider does and saw. */
static struct {
	int		 fail_open;
	int		 fail_poll;	/* WR_ERR_* or 0 */
	int		 opens;
	int64_t		 cursor_seen[4];
	const char	*page;		/* guardduty page to hand out */
	int64_t		 new_cursor;
} fake;

static const char *const fake_regions[] = { "us-east-1", NULL };
static const char *const fake_sources[] = { "guardduty", "costexplorer",
    NULL };

static int
f_open(const struct provider_opts *o, struct provider_session **s,
    struct wr_err *err)
{
	(void)o;
	fake.opens++;
	*s = NULL;
	if (fake.fail_open)
		return (wr_fail(err, WR_ERR_CREDS, "default",
		    "no AWS credentials"));
	*s = (struct provider_session *)&fake;
	return (0);
}

static const char *const *
f_regions(struct provider_session *s)
{
	(void)s;
	return (fake_regions);
}

static int
f_identity(struct provider_session *s, char *account, size_t alen,
    char *arn, size_t arnlen, struct wr_err *err)
{
	(void)s;
	(void)err;
	snprintf(account, alen, "111122223333");
	snprintf(arn, arnlen, "arn:aws:iam::111122223333:user/t");
	return (0);
}

static const char anomalies[] = "{\"Anomalies\":[{\"AnomalyId\":\"a-1\","
    "\"AnomalyStartDate\":\"2026-12-02\",\"RootCauses\":[{\"Service\":"
    "\"Amazon EC2\"}],\"Impact\":{\"MaxImpact\":900,\"TotalImpact\":2400}}"
    "]}";

static int
f_poll(struct provider_session *s, const char *source, const char *region,
    int64_t since, int64_t *cursor, provider_page_fn page, void *arg,
    struct provider_stats *st, struct wr_err *err)
{
	int i = strcmp(source, "guardduty") == 0 ? 0 : 1;

	(void)s;
	(void)region;
	(void)since;
	fake.cursor_seen[i] = *cursor;
	if (fake.fail_poll)
		return (wr_fail(err, fake.fail_poll, "guardduty ListFindings",
		    "Could not connect to server"));
	st->throttled++;
	if (i == 0 && page(arg, source, "guardduty:GetFindings us-east-1",
	    fake.page, strlen(fake.page), err) == -1)
		return (-1);
	if (i == 1 && page(arg, source, "ce:GetAnomalies", anomalies,
	    strlen(anomalies), err) == -1)
		return (-1);
	*cursor = fake.new_cursor + i;
	return (0);
}

static void
f_close(struct provider_session *s)
{
	(void)s;
}

static const struct wr_provider fake_provider = { "fake", fake_sources,
    f_open, f_regions, f_identity, f_poll, f_close, NULL, NULL, NULL };

static const char gd_page[] = "{\"findings\":["
    "{\"schemaVersion\":\"2.0\",\"id\":\"fa\",\"type\":\"Recon:IAMUser/"
    "MaliciousIPCaller\",\"severity\":5,\"updatedAt\":"
    "\"2026-12-03T09:00:00.000Z\",\"createdAt\":\"2026-12-03T09:00:00Z\","
    "\"title\":\"A\",\"region\":\"us-east-1\",\"accountId\":\"1\"},"
    "{\"schemaVersion\":\"2.0\",\"id\":\"fb\",\"type\":\"Recon:IAMUser/"
    "MaliciousIPCaller\",\"severity\":8,\"updatedAt\":"
    "\"2026-12-03T09:01:00.000Z\",\"createdAt\":\"2026-12-03T09:01:00Z\","
    "\"title\":\"B\",\"region\":\"us-east-1\",\"accountId\":\"1\"}]}";

struct world {
	struct store		*s;
	int64_t			 incident;
	struct ingest_ctx	 ic;
};

static void
world(struct world *w)
{
	struct wr_err err;

	w->s = tu_store();
	if (incident_create(w->s, tu_op("alice"), "t", "compromised-iam-key",
	    0, &w->incident, &err) == -1)
		fail_msg("incident_create: %s", err.msg);
	ingest_init(&w->ic, w->s, w->incident, tu_op("alice"));
	memset(&fake, 0, sizeof fake);
	fake.page = gd_page;
	fake.new_cursor = 1796288460000;
}

static int
run_once(struct world *w, const char *now, struct wr_err *err)
{
	struct collector_opts o;

	setenv("WARROOM_TEST_NOW", now, 1);
	memset(&o, 0, sizeof o);
	o.interval_ms = 60000;
	o.once = 1;
	return (collector_run(&w->ic, &fake_provider, &o, err));
}

static int
count(const struct finding *f, void *arg)
{
	int *n = arg;

	if (strcmp(f->source, "billing") == 0) {
		assert_int_equal(f->p_level, 2);
		assert_non_null(strstr(f->title, "$2400.00"));
	}
	(*n)++;
	return (0);
}

static enum collector_health
health(struct world *w, const char *now, int64_t *since, char *text,
    size_t len)
{
	struct collector_status cs;
	struct wr_err err;
	int64_t t;

	assert_int_equal(time_parse_iso(now, &t), 0);
	if (collector_status(w->s, w->incident, t, &cs, &err) == -1)
		fail_msg("collector_status: %s", err.msg);
	*since = cs.since;
	snprintf(text, len, "%s", cs.text);
	return (cs.health);
}

static int64_t
ms(const char *iso)
{
	int64_t t;

	assert_int_equal(time_parse_iso(iso, &t), 0);
	return (t);
}

static void
test_pages_and_cursors(void **state)
{
	struct world w;
	struct wr_err err;
	char text[COLLECTOR_TEXT_LEN];
	int64_t since;
	int n = 0;

	(void)state;
	world(&w);
	assert_int_equal(health(&w, T0, &since, text, sizeof text),
	    COLLECTOR_ABSENT);
	assert_string_equal(text, "collector: not running");
	if (run_once(&w, T0, &err) == -1)
		fail_msg("collector_run: %s", err.msg);
	assert_int_equal(finding_each(w.s, w.incident, count, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(health(&w, T0, &since, text, sizeof text),
	    COLLECTOR_HEALTHY);
	assert_true(since == ms(T0));
	assert_non_null(strstr(text, "account 111122223333"));
	assert_int_equal(fake.cursor_seen[0], 0);

	/* A restart: the cursors come back; nothing is stored twice. */
	fake.opens = 0;
	if (run_once(&w, "2026-12-03T10:01:00Z", &err) == -1)
		fail_msg("collector_run: %s", err.msg);
	assert_int_equal(fake.opens, 1);
	assert_true(fake.cursor_seen[0] == fake.new_cursor);
	assert_true(fake.cursor_seen[1] == fake.new_cursor + 1);
	n = 0;
	assert_int_equal(finding_each(w.s, w.incident, count, &n, &err), 0);
	assert_int_equal(n, 3);
	/* Still healthy since the first good round. */
	assert_int_equal(health(&w, "2026-12-03T10:01:00Z", &since, text,
	    sizeof text), COLLECTOR_HEALTHY);
	assert_true(since == ms(T0));
	store_close(w.s);
}

static void
test_failing_then_recovering(void **state)
{
	struct world w;
	struct wr_err err;
	char text[COLLECTOR_TEXT_LEN];
	int64_t since;

	(void)state;
	world(&w);
	assert_int_equal(run_once(&w, T0, &err), 0);
	fake.fail_poll = WR_ERR_HTTP;
	assert_int_equal(run_once(&w, "2026-12-03T10:01:00Z", &err), -1);
	assert_int_equal(err.code, WR_ERR_HTTP);
	assert_non_null(strstr(err.msg, "Could not connect"));
	assert_int_equal(health(&w, "2026-12-03T10:01:30Z", &since, text,
	    sizeof text), COLLECTOR_FAILING);
	assert_true(since == ms("2026-12-03T10:01:00Z"));
	assert_non_null(strstr(text, "failing since"));
	assert_non_null(strstr(text, "Could not connect"));
	/* Failing again: still failing since the first error. */
	assert_int_equal(run_once(&w, "2026-12-03T10:02:00Z", &err), -1);
	assert_int_equal(health(&w, "2026-12-03T10:02:00Z", &since, text,
	    sizeof text), COLLECTOR_FAILING);
	assert_true(since == ms("2026-12-03T10:01:00Z"));
	/* The cursor did not move while failing. */
	assert_true(fake.cursor_seen[0] == fake.new_cursor);
	fake.fail_poll = 0;
	assert_int_equal(run_once(&w, "2026-12-03T10:03:00Z", &err), 0);
	assert_int_equal(health(&w, "2026-12-03T10:03:10Z", &since, text,
	    sizeof text), COLLECTOR_HEALTHY);
	assert_true(since == ms("2026-12-03T10:03:00Z"));

	/* No poll for a long while: lagging since the missed poll. */
	assert_int_equal(health(&w, "2026-12-03T10:10:00Z", &since, text,
	    sizeof text), COLLECTOR_LAGGING);
	assert_true(since == ms("2026-12-03T10:04:00Z"));
	store_close(w.s);
}

static void
test_no_credentials(void **state)
{
	struct world w;
	struct wr_err err;
	char text[COLLECTOR_TEXT_LEN];
	int64_t since;

	(void)state;
	world(&w);
	fake.fail_open = 1;
	assert_int_equal(run_once(&w, T0, &err), -1);
	assert_int_equal(err.code, WR_ERR_CREDS);
	assert_int_equal(health(&w, T0, &since, text, sizeof text),
	    COLLECTOR_FAILING);
	assert_non_null(strstr(text, "no AWS credentials"));
	store_close(w.s);
	unsetenv("WARROOM_TEST_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_and_cursors),
		cmocka_unit_test(test_failing_then_recovering),
		cmocka_unit_test(test_no_credentials),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
