#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_aws_rules(RuleSet& rules) {
    add_network_rules(rules);
    add_database_rules(rules);
    add_compute_rules(rules);
    add_api_rules(rules);
    add_iam_rules(rules);
    add_iam_escalation_rules(rules);
    add_storage_rules(rules);
    add_logging_rules(rules);
}

}  // namespace infra::rules
