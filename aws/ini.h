/*
 * The INI dialect of ~/.aws/credentials and ~/.aws/config: [section],
 * key = value, # and ; comments, indented lines nested under a key
 * (kept as "key.sub", e.g. "s3.max_concurrent_requests").
 */
#ifndef WR_INI_H
#define WR_INI_H

#include <stddef.h>

#include "core/err.h"

struct ini_entry {
	char	*section;
	char	*key;
	char	*value;
};

struct ini {
	struct ini_entry	*v;
	size_t			 n;
	char			**sections;
	size_t			 nsections;
};

/* Parse path; a missing file is an empty ini (0), unreadable is -1. */
int		 ini_load(struct ini *, const char *path, struct wr_err *);
/* Parse text (for tests and for files already read). */
void		 ini_parse(struct ini *, const char *text);
void		 ini_free(struct ini *);
/* The value, or NULL; valid while the ini lives. */
const char	*ini_get(const struct ini *, const char *section,
		    const char *key);
int		 ini_has_section(const struct ini *, const char *section);

#endif
