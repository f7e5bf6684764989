// Runs rules over stacks and gathers findings: each with the rule's id,
// severity, description and fix, the construct path and Terraform address,
// and whether (and why) it is suppressed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "infra/annotations.hpp"
#include "infra/rules/rule.hpp"

namespace infra {
class App;
class Stack;
}  // namespace infra

namespace infra::rules {

struct Finding {
    std::string rule_id{};
    Severity severity = Severity::Error;
    std::string stack{};
    std::string path{};     // construct path: dev/database/cluster
    std::string address{};  // aws_rds_cluster.database_cluster
    std::string message{};
    std::string fix{};
    std::vector<std::string> equivalents{};
    bool suppressed = false;
    std::string suppression_reason{};
    std::string suppressed_at{};  // path of the construct holding the suppression
};

struct RuleReport {
    std::vector<Finding> findings;  // sorted by stack, path, rule id
    // Suppressions that matched nothing: "<path>: <rule id>", reported as warnings.
    std::vector<std::string> unused_suppressions;

    std::size_t count(Severity severity, bool include_suppressed = false) const;
    bool has_errors() const { return count(Severity::Error) > 0; }
};

class RuleSet {
public:
    void add(std::unique_ptr<Rule> rule);  // throws infra::Error on a duplicate id
    const std::vector<std::unique_ptr<Rule>>& rules() const { return rules_; }
    const Rule* find(std::string_view id) const;
    std::vector<std::string> packs() const;

private:
    std::vector<std::unique_ptr<Rule>> rules_;
};

// Runs the rules of `packs` (all when empty; an unknown pack name is an
// infra::UsageError listing the known ones) over the stacks.
RuleReport run_rules(const std::vector<Stack*>& stacks, const RuleSet& rules,
                     const std::vector<std::string>& packs = {});

}  // namespace infra::rules
