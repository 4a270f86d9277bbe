/*
 * The AWS implementation of core/provider.h.  Only tui/main.c includes
 * this header: provider_set(&aws_provider).
 */
#ifndef WR_AWS_PROVIDER_H
#define WR_AWS_PROVIDER_H

#include "core/provider.h"

extern const struct wr_provider aws_provider;

#endif
