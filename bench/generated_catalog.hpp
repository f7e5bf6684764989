// A catalog with one stack, "gen": the generated stack of
// generated_stack.hpp, its size the setting `resources` (`--set
// resources=100000`), so the real command line (synth, validate, ...) runs
// on a stack of any size.
#pragma once

#include "infra/stack_catalog.hpp"

namespace infra::bench {

const infra::StackCatalog& generated_catalog();

}  // namespace infra::bench
