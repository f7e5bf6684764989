#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_database_rules(RuleSet&) {}

}  // namespace infra::rules
