/*
 * cJSON member readers for the notification data files; see
 * notify_json.h.  Errors are WR_ERR_SCHEMA with the key path in where.
 */
#include "core/notify_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"

char *
njson_where(char *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w, WR_ERR_WHERE_LEN, fmt, ap);
	va_end(ap);
	return (w);
}

static int
bad(struct wr_err *err, const char *where, const char *key,
    const char *what)
{
	char w[WR_ERR_WHERE_LEN];

	njson_where(w, "%s.%s", where, key);
	return (wr_fail(err, WR_ERR_SCHEMA, w, "%s", what));
}

int
njson_opt_str(const cJSON *o, const char *key, const char *where,
    const char **out, struct wr_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (v == NULL)
		return (0);
	if (!cJSON_IsString(v) || v->valuestring == NULL)
		return (bad(err, where, key, "must be a string"));
	*out = v->valuestring;
	return (0);
}

int
njson_str(const cJSON *o, const char *key, const char *where,
    const char **out, struct wr_err *err)
{
	if (njson_opt_str(o, key, where, out, err) == -1)
		return (-1);
	if (*out == NULL || **out == '\0')
		return (bad(err, where, key, "missing or empty"));
	return (0);
}

int
njson_int(const cJSON *o, const char *key, const char *where,
    int required, int dflt, int *out, struct wr_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	double d;

	*out = dflt;
	if (v == NULL)
		return (required ? bad(err, where, key, "missing") : 0);
	if (!cJSON_IsNumber(v))
		return (bad(err, where, key, "must be a number"));
	d = v->valuedouble;
	if (d != floor(d) || d < -1000000 || d > 1000000)
		return (bad(err, where, key, "must be a whole number"));
	*out = (int)d;
	return (0);
}

int
njson_arr(const cJSON *o, const char *key, const char *where,
    const cJSON **out, struct wr_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (v == NULL)
		return (0);
	if (!cJSON_IsArray(v))
		return (bad(err, where, key, "must be an array"));
	*out = v;
	return (0);
}

int
njson_known(const cJSON *o, const char *const *keys, const char *where,
    struct wr_err *err)
{
	const cJSON *v;
	size_t i;

	if (!cJSON_IsObject(o))
		return (wr_fail(err, WR_ERR_SCHEMA, where,
		    "must be an object"));
	cJSON_ArrayForEach(v, o) {
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], v->string) == 0)
				break;
		if (keys[i] == NULL)
			return (bad(err, where, v->string, "unknown key"));
	}
	return (0);
}

int
njson_read_file(const char *path, char **out, struct wr_err *err)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return (wr_fail(err, WR_ERR_IO, path, "cannot open"));
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return (wr_fail(err, WR_ERR_IO, path, "read failed"));
	}
	fclose(f);
	buf_addc(&b, '\0');
	*out = buf_steal(&b);
	return (0);
}
