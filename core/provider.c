/*
 * The provider slot: one per process, set by tui/main.c before any
 * command runs.
 */
#include "core/provider.h"

#include <stddef.h>

static const struct wr_provider *provider_now;

void
provider_set(const struct wr_provider *p)
{
	provider_now = p;
}

const struct wr_provider *
provider_get(void)
{
	return (provider_now);
}
