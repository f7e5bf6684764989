#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_logging_rules(RuleSet&) {}

}  // namespace infra::rules
