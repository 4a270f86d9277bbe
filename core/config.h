/*
 * The configuration file: /etc/warroom/config.json, overridden key by
 * key by $XDG_CONFIG_HOME/warroom/config.json (~/.config when unset).
 * $WARROOM_CONFIG, when set, names the only file read (tests).
 */
#ifndef WR_CONFIG_H
#define WR_CONFIG_H

#include <cJSON.h>

#include "core/err.h"

/* Load (once; later calls are no-ops).  Missing files are fine. */
int		 config_load(struct wr_err *);
/* Drop what was loaded (tests). */
void		 config_reset(void);
/* The value at a dotted path ("billing.major_usd"), or NULL. */
const cJSON	*config_get(const char *path);
double		 config_number(const char *path, double def);
const char	*config_string(const char *path, const char *def);
int		 config_bool(const char *path, int def);

#endif
