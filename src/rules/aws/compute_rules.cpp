#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_compute_rules(RuleSet&) {}

}  // namespace infra::rules
