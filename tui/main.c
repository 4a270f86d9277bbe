/*
 * warroom's entry point: the one file that wires aws/ into core.
 */
#include "tui/cmd.h"

#include "aws/provider.h"
#include "core/provider.h"

int
main(int argc, char **argv)
{
	provider_set(&aws_provider);
	return (cmd_main(argc, argv, &aws_provider));
}
