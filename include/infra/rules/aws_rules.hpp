// The rules this project ships for the aws provider, by pack: network,
// database, compute (Lambda, EC2), api, iam, storage, logging. Each pack
// lives in its own file under src/rules/aws/, except iam, which has two: the
// policies' own wildcards and trusts (add_iam_rules), and the grants that let
// a principal raise its permissions or deploy unprotected
// (add_iam_escalation_rules).
#pragma once

#include "infra/rules/rule_engine.hpp"

namespace infra::rules {

void add_aws_rules(RuleSet& rules);

void add_network_rules(RuleSet& rules);
void add_database_rules(RuleSet& rules);
void add_compute_rules(RuleSet& rules);
void add_api_rules(RuleSet& rules);
void add_iam_rules(RuleSet& rules);
void add_iam_escalation_rules(RuleSet& rules);
void add_storage_rules(RuleSet& rules);
void add_logging_rules(RuleSet& rules);

}  // namespace infra::rules
