/*
 * The API clients the collector polls.  Each poll reads everything new
 * since *cursor (ms), hands each page of raw output to page, and moves
 * *cursor only when the whole poll succeeded.
 */
#ifndef WR_CLIENTS_H
#define WR_CLIENTS_H

#include <stdint.h>

#include "core/err.h"
#include "core/provider.h"

struct provider_session;

/* GuardDuty: ListDetectors, ListFindings by updatedAt, GetFindings. */
int	guardduty_poll(struct provider_session *, const char *region,
	    int64_t since, int64_t *cursor, provider_page_fn, void *,
	    struct provider_stats *, struct wr_err *);
/* The region's detector id into buf ("" when GuardDuty is off). */
int	guardduty_detector(struct provider_session *, const char *region,
	    char *buf, size_t len, struct provider_stats *, struct wr_err *);

/*
 * CloudTrail LookupEvents over [cursor - overlap, now], paced to its
 * 2 requests per second; optionally one lookup attribute from the
 * config (watch.cloudtrail.access_key or watch.cloudtrail.user).
 */
int	cloudtrail_poll(struct provider_session *, const char *region,
	    int64_t since, int64_t *cursor, provider_page_fn, void *,
	    struct provider_stats *, struct wr_err *);

/* Cost Explorer GetAnomalies (global: us-east-1). */
int	costexplorer_poll(struct provider_session *, int64_t since,
	    int64_t *cursor, provider_page_fn, void *,
	    struct provider_stats *, struct wr_err *);

/*
 * CloudWatch GetMetricData for AWS/Billing EstimatedCharges (USD, in
 * us-east-1).  The XML reply is handed on as JSON:
 * {"MetricDataResults":[{"Id","Label","Timestamps":[],"Values":[]}]}.
 */
int	cloudwatch_poll(struct provider_session *, int64_t since,
	    int64_t *cursor, provider_page_fn, void *,
	    struct provider_stats *, struct wr_err *);

#endif
