#include "stack_by_stack.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace infra::cli {

int run_stack_by_stack(const SynthesisResult& result, const std::vector<std::string>& named, StackOrder order,
                       std::string_view done, const std::function<int(const std::string& stack)>& step) {
    // Synthesis lists stacks dependencies first: bootstrap before dev.
    std::vector<const std::string*> stacks;
    for (const auto& artifact : result.stacks)
        if (named.empty() || std::find(named.begin(), named.end(), artifact.name) != named.end())
            stacks.push_back(&artifact.name);
    if (order == StackOrder::DependentsFirst) std::reverse(stacks.begin(), stacks.end());
    for (const std::string* stack : stacks) {
        const int code = step(*stack);
        if (code == kStepDeclined) return 1;
        if (code != 0) {
            spdlog::error("stack {} failed (terraform exited with code {}); later stacks were not {}", *stack, code, done);
            return code;
        }
    }
    return 0;
}

}  // namespace infra::cli
