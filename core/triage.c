/*
 * GuardDuty severity bands and the P-level table of data/triage.json.
 */
#include "core/triage.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define TRIAGE_MAX_TYPES 64

struct triage {
	int	 level[5];		/* by enum sev_band */
	int	 high_attacker;
	char	*attacker[TRIAGE_MAX_TYPES];
	int	 nattacker;
};

static const char *band_names[] = {
	"Info", "Low", "Medium", "High", "Critical"
};

static const char *default_attackers[] = {
	"UnauthorizedAccess:*CredentialExfiltration*", "CryptoCurrency:*",
	"Backdoor:*", "Trojan:*", "Exfiltration:*", "Impact:*",
	"CredentialAccess:*", "AttackSequence:*", NULL
};

const char *
sev_band_name(enum sev_band b)
{
	return ((unsigned)b <= BAND_CRITICAL ? band_names[b] : "?");
}

enum sev_band
sev_band_of(double v, int *odd)
{
	*odd = v < 1.0 || v > 10.0;
	if (v < 1.0)
		return (BAND_INFO);
	if (v < 4.0)
		return (BAND_LOW);
	if (v < 7.0)
		return (BAND_MEDIUM);
	if (v < 9.0)
		return (BAND_HIGH);
	return (BAND_CRITICAL);
}

static int
read_level(const cJSON *levels, const char *key, int *out, const char *path,
    struct wr_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(levels, key);

	if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > 4 ||
	    v->valuedouble != (int)v->valuedouble)
		return (wr_fail(err, WR_ERR_SCHEMA, path,
		    "levels.%s must be a whole number 1..4", key));
	*out = (int)v->valuedouble;
	return (0);
}

static int
parse(struct triage *t, const cJSON *root, const char *path,
    struct wr_err *err)
{
	const cJSON *levels, *types, *v;
	int b;

	levels = cJSON_GetObjectItemCaseSensitive(root, "levels");
	types = cJSON_GetObjectItemCaseSensitive(root, "attacker_types");
	if (!cJSON_IsObject(levels))
		return (wr_fail(err, WR_ERR_SCHEMA, path,
		    "levels: missing or not an object"));
	if (!cJSON_IsArray(types))
		return (wr_fail(err, WR_ERR_SCHEMA, path,
		    "attacker_types: missing or not an array"));
	for (b = BAND_INFO; b <= BAND_CRITICAL; b++) {
		if (read_level(levels, band_names[b], &t->level[b], path,
		    err) == -1)
			return (-1);
	}
	if (read_level(levels, "HighAttacker", &t->high_attacker, path,
	    err) == -1)
		return (-1);
	cJSON_ArrayForEach(v, types) {
		if (!cJSON_IsString(v) || t->nattacker == TRIAGE_MAX_TYPES)
			return (wr_fail(err, WR_ERR_SCHEMA, path,
			    "attacker_types[%d]: not a string (or too many)",
			    t->nattacker));
		t->attacker[t->nattacker++] = xstrdup(v->valuestring);
	}
	return (0);
}

int
triage_load(const char *path, struct triage **out, struct wr_err *err)
{
	struct triage *t;
	cJSON *root;
	FILE *f;
	struct buf b;
	char chunk[4096];
	size_t n;

	*out = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return (wr_fail(err, WR_ERR_IO, path, "cannot open triage "
		    "table"));
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	root = cJSON_ParseWithLength(b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	if (root == NULL)
		return (wr_fail(err, WR_ERR_JSON, path, "not valid JSON"));
	t = xcalloc(1, sizeof *t);
	if (parse(t, root, path, err) == -1) {
		cJSON_Delete(root);
		triage_free(t);
		return (-1);
	}
	cJSON_Delete(root);
	*out = t;
	return (0);
}

void
triage_free(struct triage *t)
{
	int i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nattacker; i++)
		free(t->attacker[i]);
	free(t);
}

static int
is_attacker(const struct triage *t, const char *type)
{
	int i;

	if (t == NULL) {
		for (i = 0; default_attackers[i] != NULL; i++) {
			if (str_glob(default_attackers[i], type))
				return (1);
		}
		return (0);
	}
	for (i = 0; i < t->nattacker; i++) {
		if (str_glob(t->attacker[i], type))
			return (1);
	}
	return (0);
}

int
triage_level(const struct triage *t, const char *type, double severity)
{
	static const int defaults[] = { 4, 3, 2, 2, 1 };
	enum sev_band b;
	int odd;

	b = sev_band_of(severity, &odd);
	if (b == BAND_HIGH && is_attacker(t, type))
		return (t != NULL ? t->high_attacker : 1);
	return (t != NULL ? t->level[b] : defaults[b]);
}
