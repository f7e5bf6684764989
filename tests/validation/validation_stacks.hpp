// Stacks for the command-line and terraform cross-check tests of schema
// validation: every aws type of schemas/aws.types built from its typed
// binding, configurations that must be rejected (stack names reject_*) and
// tricky ones that must be accepted (accept_*), by our validator and by
// `terraform validate` alike.
#pragma once

#include "infra/app.hpp"
#include "infra/stack_catalog.hpp"

namespace validation_stacks {

// The aws provider block, pinned to the version of the embedded schema.
void add_aws_provider(infra::Stack& stack);

infra::Stack& every_type_stack(infra::App& app, const infra::SettingsSource& settings);

// The reject_* and accept_* stacks, and `other_provider` (a type of a
// provider without a registered schema).
void add_crosscheck_cases(infra::StackCatalog& catalog);

}  // namespace validation_stacks
