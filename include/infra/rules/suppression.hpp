// Suppressions, the way cdk-nag does them: on a construct (and so its whole
// subtree), by rule id, with a reason that a reviewer reads in the report.
// A suppression that matches no finding is itself reported as a warning, so
// stale ones do not pile up.
#pragma once

#include <string>
#include <string_view>

namespace infra {
class Construct;
class Stack;
}  // namespace infra

namespace infra::rules {

// Throws infra::UsageError when the reason is empty or the id is not a
// known rule's id pattern ("INFRA-<AREA>-<NNN>").
void suppress(Construct& scope, std::string rule_id, std::string reason);

// The reason `rule_id` is suppressed on `construct` or an ancestor, and the
// path of the construct that holds the suppression; null when not suppressed.
struct SuppressionMatch {
    const Construct* holder;
    const std::string* reason;
};
SuppressionMatch find_suppression(const Construct& construct, std::string_view rule_id);

// The environment a stack deploys ("dev", "prod"): rules that only matter
// outside development (deletion protection, backup retention) read it.
void mark_environment(Stack& stack, std::string environment);
const std::string& environment_of(const Stack& stack);

}  // namespace infra::rules
