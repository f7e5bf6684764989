// The `infra` command line over the generated stack: `infra_scale synth gen
// --set resources=N` and `infra_scale validate gen --set resources=N` run
// the same code paths as the shipped `infra`, on a stack of any size.
#include "generated_catalog.hpp"
#include "infra/cli.hpp"

int main(int argc, char** argv) { return infra::run_cli(argc, argv, infra::bench::generated_catalog()); }
