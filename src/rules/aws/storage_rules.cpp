#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_storage_rules(RuleSet&) {}

}  // namespace infra::rules
