// The `infra` executable: the CLI with the stacks shipped in stacks/.
#include "catalog.hpp"
#include "infra/cli.hpp"

int main(int argc, char** argv) { return infra::run_cli(argc, argv, infra::stacks::builtin_catalog()); }
