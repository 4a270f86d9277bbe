/*
 * Triage: the P1..P4 tier of a GuardDuty finding from its numeric
 * severity and its type, as data (data/triage.json).  Bands are
 * half-open: Low [1, 4), Medium [4, 7), High [7, 9), Critical [9, 10].
 */
#ifndef WR_TRIAGE_H
#define WR_TRIAGE_H

#include "core/err.h"

struct triage;

enum sev_band { BAND_INFO, BAND_LOW, BAND_MEDIUM, BAND_HIGH, BAND_CRITICAL };

const char	*sev_band_name(enum sev_band);	/* "Critical" */
/* Band of a severity; *odd set when outside [1, 10]. */
enum sev_band	 sev_band_of(double severity, int *odd);

int	triage_load(const char *path, struct triage **, struct wr_err *);
void	triage_free(struct triage *);
/* P-level for a GuardDuty finding; t may be NULL (built-in defaults). */
int	triage_level(const struct triage *, const char *type,
	    double severity);

#endif
