/*
 * Billing findings from a billing signal: Cost Anomaly Detection
 * anomalies (GetAnomalies output, PascalCase, or the camelCase form of
 * its SNS/EventBridge alerts) and the CloudWatch EstimatedCharges series
 * (GetMetricStatistics or GetMetricData output).  Thresholds come from
 * the config file (billing.*); the P-level follows them.
 */
#ifndef WR_BILLING_H
#define WR_BILLING_H

#include <cJSON.h>
#include <stdint.h>

#include "core/err.h"
#include "core/finding.h"

/* US dollars; see data/rules/README.md for the levels they set. */
struct billing_thresholds {
	double	minor_usd;	/* below: P4 (recorded only) */
	double	major_usd;	/* at or above: P2 */
	double	critical_usd;	/* at or above: P1 */
	double	unauth_pct;	/* above major and this % over expected: P1 */
};

#define BILLING_TEXT_LEN 512

/* The strings a billing finding points at; valid during the callback. */
struct billing_text {
	char	ext_id[256];
	char	type[64];
	char	title[BILLING_TEXT_LEN];
	char	description[BILLING_TEXT_LEN];
	char	principal[64];
	char	resource[256];
	char	region[64];
	char	account[32];
};

/* billing.minor_usd, billing.major_usd, billing.critical_usd and
 * billing.unauthorized_percent from the config (defaults otherwise). */
void	billing_thresholds(struct billing_thresholds *);
/* Is this document a billing signal billing_read understands? */
int	billing_is_signal(const cJSON *);
/*
 * One finding (source "billing") per anomaly or charges series in doc,
 * handed to fn; returns how many, or -1 with err naming `where` when
 * the document is not a billing signal or fn fails.
 */
int	billing_read(const cJSON *doc, const char *where, int64_t incident,
	    const struct billing_thresholds *,
	    int (*fn)(const struct finding *, void *), void *arg,
	    struct wr_err *);
/* The P-level for an amount over expected (pct < 0: unknown). */
int	billing_level(const struct billing_thresholds *, double impact_usd,
	    double pct);

#endif
