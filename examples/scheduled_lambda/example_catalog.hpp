// The stacks of this example's program: the seed app's (bootstrap, dev,
// prod), with the API canary added to dev, validated against the SDK's aws
// schema plus the EventBridge types this example generates bindings for.
#pragma once

#include "infra/stack_catalog.hpp"

namespace scheduled_lambda {

const infra::StackCatalog& catalog();

}  // namespace scheduled_lambda
