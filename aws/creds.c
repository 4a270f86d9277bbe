/*
 * placeholder
 */
#include "aws/creds.h"

#include <stdlib.h>
#include <string.h>

void
creds_free(struct aws_creds *c)
{
	if (c->secret_key != NULL)
		explicit_bzero(c->secret_key, strlen(c->secret_key));
	if (c->token != NULL)
		explicit_bzero(c->token, strlen(c->token));
	free(c->access_key);
	free(c->secret_key);
	free(c->token);
	memset(c, 0, sizeof *c);
}
