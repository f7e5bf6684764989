// The generic `infra` command (src/cli/launcher.cpp). An app's own program
// is a main() that calls infra::run_cli with its stacks (stacks/main.cpp).
#include "launcher.hpp"

int main(int argc, char** argv) { return infra::cli::run_infra_command(argc, argv); }
