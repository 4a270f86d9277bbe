/*
 * warroom's entry point: the one file that wires aws/ into core.
 */
#include "tui/cmd.h"

int
main(int argc, char **argv)
{
	return (cmd_main(argc, argv, NULL));
}
