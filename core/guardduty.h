/*
 * Reading a GuardDuty finding, in the API's camelCase or the CLI and
 * EventBridge-flattened PascalCase, into a struct finding.
 */
#ifndef WR_GUARDDUTY_H
#define WR_GUARDDUTY_H

#include <cJSON.h>
#include <stdint.h>

#include "core/finding.h"

struct triage;

/* schemaVersion "2.0" with a type, in either case style. */
int	gd_is_finding(const cJSON *);
/* Security Hub ASFF (SchemaVersion "2018-10-08"). */
int	gd_is_asff(const cJSON *);

/* Strings that struct finding points at; lives as long as the tree. */
struct gd_text {
	char	ext_id[160];
	char	resource[512];
	char	principal[256];
	char	title[512];
	int	sample_warning;	/* additionalInfo.value was not JSON */
};

/*
 * Fill f from the finding o.  Returns -1 when it has no id or type
 * (why in the returned string).
 */
int	gd_read(const cJSON *o, int64_t incident, const struct triage *,
	    struct finding *f, struct gd_text *t, const char **why);
/* camelCase path, with a PascalCase fallback per component. */
const cJSON *gd_get(const cJSON *o, const char *path);
const char *gd_str(const cJSON *o, const char *path);

#endif
