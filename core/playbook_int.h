/*
 * Between the playbook files: the values bound from an incident's
 * findings (core/playbook_attach.c), shared with the refill of items
 * whose placeholders were unknown when they were made
 * (core/playbook_refill.c).
 */
#ifndef WR_PLAYBOOK_INT_H
#define WR_PLAYBOOK_INT_H

#include <stdint.h>

#include "core/err.h"
#include "core/playbook.h"
#include "core/timeutil.h"

struct store;

#define PB_VAL_LEN 512

/* Owned storage behind a struct pb_params; "" is unknown. */
struct pb_bound {
	char	access_key[PB_VAL_LEN];
	char	user[PB_VAL_LEN];
	char	principal[PB_VAL_LEN];
	char	role[PB_VAL_LEN];
	char	instance_id[PB_VAL_LEN];
	char	bucket[PB_VAL_LEN];
	char	region[PB_VAL_LEN];
	char	account[PB_VAL_LEN];
	char	since[TIME_ISO_LEN];
};

/*
 * Fill the values b lacks from the incident's first finding of (source,
 * type), or its worst finding when source is NULL, its linked events
 * and the events of its access key.  Values already in b stay.
 */
int	pb_bind_more(struct store *, int64_t incident, const char *source,
	    const char *type, struct pb_bound *, struct wr_err *);
/* p points into b. */
void	pb_params_of(const struct pb_bound *, struct pb_params *);

#endif
