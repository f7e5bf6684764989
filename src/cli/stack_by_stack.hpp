// The loop deploy and destroy share: one terraform step per stack, in
// dependency order (or its reverse), stopping at the first that fails.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra::cli {

enum class StackOrder { DependenciesFirst, DependentsFirst };

// What a step returns when the user declined it: the loop stops with exit
// code 1 and leaves the message to the step.
inline constexpr int kStepDeclined = -1;

// Runs `step` for each stack of `result` that `named` holds (each of them
// when `named` is empty), in `order`. Stops at the first step that returns
// non-zero; a failure is logged as "stack X failed (terraform exited with
// code N); later stacks were not <done>". Returns the exit code.
int run_stack_by_stack(const SynthesisResult& result, const std::vector<std::string>& named, StackOrder order,
                       std::string_view done, const std::function<int(const std::string& stack)>& step);

}  // namespace infra::cli
