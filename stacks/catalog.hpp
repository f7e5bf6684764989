// The stacks the `infra` executable ships.
#pragma once

#include "infra/stack_catalog.hpp"

namespace crud_api::stacks {
using namespace infra;

const StackCatalog& builtin_catalog();

}  // namespace crud_api::stacks
