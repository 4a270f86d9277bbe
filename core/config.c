/*
 * Configuration: the system file, then the user's file merged over it.
 */
#include "core/config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static cJSON	*config_root;
static int	 config_loaded;

static int
read_json(const char *path, cJSON **out, struct wr_err *err)
{
	FILE *f;
	struct buf b;
	char chunk[8192];
	size_t n;
	const char *end = NULL;

	*out = NULL;
	if ((f = fopen(path, "rb")) == NULL)
		return (0);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*out = cJSON_ParseWithLengthOpts(b.data != NULL ? b.data : "", b.len,
	    &end, 0);
	if (*out == NULL || !cJSON_IsObject(*out)) {
		wr_fail(err, WR_ERR_JSON, path,
		    "config file is not a JSON object (near byte %ld)",
		    end != NULL && b.data != NULL ? (long)(end - b.data) : 0L);
		cJSON_Delete(*out);
		*out = NULL;
		buf_free(&b);
		return (-1);
	}
	buf_free(&b);
	return (0);
}

/* Merge src into dst key by key (objects recursively); consumes src. */
static void
merge(cJSON *dst, cJSON *src)
{
	cJSON *item, *next, *have;

	for (item = src->child; item != NULL; item = next) {
		next = item->next;
		have = cJSON_GetObjectItemCaseSensitive(dst, item->string);
		cJSON_DetachItemViaPointer(src, item);
		if (have != NULL && cJSON_IsObject(have) &&
		    cJSON_IsObject(item)) {
			merge(have, item);
			cJSON_Delete(item);
		} else if (have != NULL)
			cJSON_ReplaceItemViaPointer(dst, have, item);
		else
			cJSON_AddItemToObject(dst, item->string, item);
	}
}

static void
user_path(char *buf, size_t len)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	if (x != NULL && *x == '/')
		snprintf(buf, len, "%s/warroom/config.json", x);
	else if (h != NULL && *h == '/')
		snprintf(buf, len, "%s/.config/warroom/config.json", h);
	else
		buf[0] = '\0';
}

int
config_load(struct wr_err *err)
{
	char path[PATH_MAX];
	const char *only = getenv("WARROOM_CONFIG");
	cJSON *sys = NULL, *usr = NULL;

	if (config_loaded)
		return (0);
	config_loaded = 1;
	if (only != NULL && *only != '\0') {
		if (read_json(only, &usr, err) == -1)
			return (-1);
	} else {
		if (read_json("/etc/warroom/config.json", &sys, err) == -1)
			return (-1);
		user_path(path, sizeof path);
		if (path[0] != '\0' && read_json(path, &usr, err) == -1) {
			cJSON_Delete(sys);
			return (-1);
		}
	}
	config_root = sys != NULL ? sys : cJSON_CreateObject();
	if (usr != NULL) {
		merge(config_root, usr);
		cJSON_Delete(usr);
	}
	return (0);
}

void
config_reset(void)
{
	cJSON_Delete(config_root);
	config_root = NULL;
	config_loaded = 0;
}

const cJSON *
config_get(const char *path)
{
	const cJSON *node = config_root;
	char key[128];
	const char *dot;
	size_t n;

	while (node != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof key)
			return (NULL);
		memcpy(key, path, n);
		key[n] = '\0';
		node = cJSON_GetObjectItemCaseSensitive(node, key);
		path += n + (dot != NULL);
	}
	return (node);
}

double
config_number(const char *path, double def)
{
	const cJSON *v = config_get(path);

	return (cJSON_IsNumber(v) ? v->valuedouble : def);
}

const char *
config_string(const char *path, const char *def)
{
	const cJSON *v = config_get(path);

	return (cJSON_IsString(v) ? v->valuestring : def);
}

int
config_bool(const char *path, int def)
{
	const cJSON *v = config_get(path);

	return (cJSON_IsBool(v) ? cJSON_IsTrue(v) : def);
}
