// The seed app's command line (synth, validate, graph, deploy, ...) over this
// example's stacks: the seed's, with the API canary in dev.
#include "example_catalog.hpp"
#include "infra/cli.hpp"

int main(int argc, char** argv) { return infra::run_cli(argc, argv, scheduled_lambda::catalog()); }
