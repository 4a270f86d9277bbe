/*
 * The local AWS stand-in (tests/standin/standin.py) for unit tests:
 * start it on 127.0.0.1 with a data file, talk to its /_standin/
 * control paths, stop it.  Tests that use it skip when Debian's
 * /usr/bin/python3 with botocore is missing.
 */
#ifndef WR_TU_STANDIN_H
#define WR_TU_STANDIN_H

#include <sys/types.h>

struct tu_standin {
	pid_t	pid;
	int	port;
	char	endpoint[64];		/* "http://127.0.0.1:PORT" */
	char	*dir;
};

/* Start with data (a JSON text, may be NULL) and extra arguments. */
int	 tu_standin_start(struct tu_standin *, const char *data,
	    const char *const *args);
void	 tu_standin_stop(struct tu_standin *);
/* POST json to /_standin/what; fails the test on error. */
void	 tu_standin_ctl(struct tu_standin *, const char *what,
	    const char *json);
/* GET /_standin/log as text; caller frees. */
char	*tu_standin_log(struct tu_standin *);

#endif
