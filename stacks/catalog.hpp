// The stacks the `infra` executable ships.
#pragma once

#include "infra/stack_catalog.hpp"

namespace infra::stacks {

const StackCatalog& builtin_catalog();

}  // namespace infra::stacks
