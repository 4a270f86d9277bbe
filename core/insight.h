/*
 * CloudTrail Insights records (BR-06): a Start and an End record share
 * a sharedEventID and describe one burst of unusual call or error
 * rates.  They never reach the API-call rules; each burst becomes one
 * finding, "ongoing" until its End arrives.
 */
#ifndef WR_INSIGHT_H
#define WR_INSIGHT_H

#include "core/event.h"
#include "core/finding.h"

struct insight_text {
	char	ext_id[128];
	char	type[96];
	char	title[256];
	char	principal[256];
	int	end;		/* this record is the End of its burst */
};

/* Fill f from an Insights record; -1 when it has no sharedEventID. */
int	insight_read(const struct ct_event *, int64_t incident,
	    struct finding *f, struct insight_text *t);

#endif
