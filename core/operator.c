/*
 * The acting operator.  The name comes from getpwuid(geteuid()); only a
 * test build (WR_TEST_HOOKS) lets WARROOM_TEST_OPERATOR pin it.
 */
#include "core/operator.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

static struct operator	self;
static int		self_done;

static void
ssh_client_addr(char *out, size_t len)
{
	const char *conn, *sp;

	out[0] = '\0';
	if ((conn = getenv("SSH_CONNECTION")) == NULL)
		return;
	/* "client-ip client-port server-ip server-port" */
	sp = strchr(conn, ' ');
	if (sp == NULL || (size_t)(sp - conn) >= len)
		return;
	memcpy(out, conn, (size_t)(sp - conn));
	out[sp - conn] = '\0';
}

const struct operator *
operator_self(void)
{
	struct passwd *pw;

	if (self_done)
		return (&self);
	self_done = 1;
	pw = getpwuid(geteuid());
	if (pw != NULL && pw->pw_name != NULL)
		strlcpy_wr(self.name, pw->pw_name, sizeof self.name);
	else
		snprintf(self.name, sizeof self.name, "uid%ld",
		    (long)geteuid());
#ifdef WR_TEST_HOOKS
	{
		const char *t = getenv("WARROOM_TEST_OPERATOR");

		if (t != NULL && *t != '\0')
			strlcpy_wr(self.name, t, sizeof self.name);
	}
#endif
	ssh_client_addr(self.addr, sizeof self.addr);
	return (&self);
}

void
operator_make(struct operator *op, const char *name, const char *addr)
{
	strlcpy_wr(op->name, name, sizeof op->name);
	strlcpy_wr(op->addr, addr != NULL ? addr : "", sizeof op->addr);
}
