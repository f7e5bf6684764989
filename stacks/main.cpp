// The `infra` executable: the CLI (src/cli) given the stacks of this folder.
#include "catalog.hpp"
#include "infra/cli.hpp"

int main(int argc, char** argv) { return infra::run_cli(argc, argv, crud_api::stacks::builtin_catalog()); }
