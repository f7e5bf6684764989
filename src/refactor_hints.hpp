// Refactoring the construct tree changes paths and so logical IDs, which
// Terraform would read as "destroy the old, create the new". When a synth
// drops an address and adds one of the same type, we say so and suggest the
// moved block that keeps the real resource.
#pragma once

#include <string>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra {

std::vector<Diagnostic> moved_hints(const std::string& stack_name, const std::string& previous_json,
                                    const std::string& new_json);

}  // namespace infra
