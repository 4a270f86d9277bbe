/*
 * Starting and steering the AWS stand-in from cmocka tests; see
 * tu_standin.h.
 */
#include "tests/unit/tu_standin.h"

#include <sys/wait.h>

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "tests/unit/testutil.h"

#define PYTHON "/usr/bin/python3"

int
tu_standin_start(struct tu_standin *s, const char *data,
    const char *const *args)
{
	char *pf, *df, *port, *argv[24];
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i, n = 0;

	memset(s, 0, sizeof *s);
	if (access(PYTHON, X_OK) == -1 || system(PYTHON
	    " -c 'import botocore' 2>/dev/null") != 0) {
		printf("skipped: no %s with botocore\n", PYTHON);
		return (-1);
	}
	s->dir = tu_tmpdir();
	pf = xasprintf("%s/port", s->dir);
	df = xasprintf("%s/data.json", s->dir);
	tu_write(df, data != NULL ? data : "{}", strlen(data != NULL ?
	    data : "{}"));
	argv[n++] = xstrdup(PYTHON);
	argv[n++] = xstrdup("tests/standin/standin.py");
	argv[n++] = xstrdup("--data");
	argv[n++] = df;
	argv[n++] = xstrdup("--port-file");
	argv[n++] = xstrdup(pf);
	for (i = 0; args != NULL && args[i] != NULL && n < 22; i++)
		argv[n++] = xstrdup(args[i]);
	argv[n] = NULL;
	if ((s->pid = fork()) == 0) {
		execv(PYTHON, argv);
		_exit(127);
	}
	for (i = 0; i < n; i++)
		free(argv[i]);
	for (i = 0; i < 200 && (port = tu_read(pf, NULL)) == NULL; i++)
		nanosleep(&ts, NULL);
	free(pf);
	if (port == NULL)
		fail_msg("the stand-in did not start");
	s->port = (int)strtol(port, NULL, 10);
	free(port);
	snprintf(s->endpoint, sizeof s->endpoint, "http://127.0.0.1:%d",
	    s->port);
	return (0);
}

void
tu_standin_stop(struct tu_standin *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	s->pid = 0;
	free(s->dir);
	s->dir = NULL;
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	buf_add(arg, p, size * n);
	return (size * n);
}

static char *
request(struct tu_standin *s, const char *what, const char *json)
{
	CURL *h = curl_easy_init();
	struct buf b;
	char *url;
	long status = 0;

	buf_init(&b);
	buf_adds(&b, "");
	url = xasprintf("%s/_standin/%s", s->endpoint, what);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	if (json != NULL)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
	if (curl_easy_perform(h) != CURLE_OK)
		fail_msg("stand-in control %s failed", what);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200)
		fail_msg("stand-in control %s: HTTP %ld", what, status);
	curl_easy_cleanup(h);
	free(url);
	return (buf_steal(&b));
}

void
tu_standin_ctl(struct tu_standin *s, const char *what, const char *json)
{
	free(request(s, what, json));
}

char *
tu_standin_log(struct tu_standin *s)
{
	return (request(s, "log", NULL));
}
