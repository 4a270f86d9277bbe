/*
 * Who is acting: the Unix account of this process, never an environment
 * variable, with the SSH client address beside it (informational).
 * Core functions take a `const struct operator *` so that tests can act
 * as anyone without Unix accounts.
 */
#ifndef WR_OPERATOR_H
#define WR_OPERATOR_H

#define OPERATOR_NAME_LEN 64
#define OPERATOR_ADDR_LEN 64

struct operator {
	char	name[OPERATOR_NAME_LEN];
	char	addr[OPERATOR_ADDR_LEN];	/* "" when not over SSH */
};

/* The process's own operator, computed once. */
const struct operator *operator_self(void);
/* Fill op with name and an empty address (for tests and tools). */
void	operator_make(struct operator *op, const char *name,
	    const char *addr);

#endif
