// The `infra` command line, as a library: a program that defines its own
// stacks gets the same CLI by handing its catalog to run_cli.
//
//   int main(int argc, char** argv) { return infra::run_cli(argc, argv, my_stacks()); }
#pragma once

#include "infra/stack_catalog.hpp"

namespace infra {

// Exit codes, as documented in `infra --help` and the README.
enum ExitCode : int {
    kExitOk = 0,
    kExitSynthesisError = 1,  // synthesis or validation failed
    kExitUsageError = 2,      // bad command line, unknown stack, bad settings
};

int run_cli(int argc, char** argv, const StackCatalog& catalog);

}  // namespace infra
