/*
 * The floor under warroom ingest: gunzip each file and parse it with
 * cJSON, store nothing.  Prints the number of CloudTrail records read.
 * Built and run by tests/bench/ingest.sh:  parse FILE...
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *
slurp(const char *path, size_t *len)
{
	gzFile gz;
	char *p = NULL, *np;
	size_t cap = 0;
	int n;

	*len = 0;
	if ((gz = gzopen(path, "rb")) == NULL)
		return (NULL);
	for (;;) {
		if (cap - *len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((np = realloc(p, cap + 1)) == NULL)
				break;
			p = np;
		}
		if ((n = gzread(gz, p + *len, (unsigned)(cap - *len))) <= 0)
			break;
		*len += (size_t)n;
	}
	gzclose(gz);
	if (p != NULL)
		p[*len] = '\0';
	return (p);
}

int
main(int argc, char **argv)
{
	long total = 0;
	size_t len;
	cJSON *doc;
	char *text;
	int i;

	for (i = 1; i < argc; i++) {
		if ((text = slurp(argv[i], &len)) == NULL) {
			fprintf(stderr, "parse: %s: cannot read\n", argv[i]);
			return (1);
		}
		doc = cJSON_ParseWithLength(text, len);
		free(text);
		if (doc == NULL) {
			fprintf(stderr, "parse: %s: not JSON\n", argv[i]);
			return (1);
		}
		total += cJSON_GetArraySize(cJSON_GetObjectItem(doc,
		    "Records"));
		cJSON_Delete(doc);
	}
	printf("%ld\n", total);
	return (0);
}
