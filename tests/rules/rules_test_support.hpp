// Helpers for the rule tests: a stack with the aws provider, the findings
// one rule (or all aws rules) reports on it, suppressed ones too, and a
// search in those findings.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "infra/app.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/rules/aws_rules.hpp"
#include "infra/rules/suppression.hpp"
#include "infra/stack.hpp"

namespace rules_test {

inline const infra::rules::RuleSet& aws_rules() {
    static const infra::rules::RuleSet rules = [] {
        infra::rules::RuleSet r;
        infra::rules::add_aws_rules(r);
        return r;
    }();
    return rules;
}

// An App with one stack "test" (environment "prod" unless told otherwise)
// holding an aws provider.
struct TestStack {
    infra::App app;
    infra::Stack& stack;

    explicit TestStack(std::string environment = "prod") : stack(app.add<infra::Stack>("test")) {
        stack.add<infra::Provider>("aws", infra::ProviderConfig{.name = "aws", .source = "hashicorp/aws"});
        infra::rules::mark_environment(stack, std::move(environment));
    }

    infra::rules::RuleReport run() { return infra::rules::run_rules({&stack}, aws_rules()); }

    // The unsuppressed findings of `rule_id`, as "<path>: <message>".
    std::vector<std::string> findings(const std::string& rule_id) {
        REQUIRE(aws_rules().find(rule_id) != nullptr);
        std::vector<std::string> out;
        for (const auto& f : run().findings)
            if (f.rule_id == rule_id && !f.suppressed) out.push_back(f.path + ": " + f.message);
        return out;
    }
    bool fires(const std::string& rule_id) { return !findings(rule_id).empty(); }
};

// Every finding of `rule_id` in `report`, suppressed ones included (which
// TestStack::findings leaves out): for checks on where and why a finding
// was suppressed.
inline std::vector<infra::rules::Finding> findings_of(const infra::rules::RuleReport& report,
                                                      const std::string& rule_id) {
    std::vector<infra::rules::Finding> out;
    for (const auto& f : report.findings)
        if (f.rule_id == rule_id) out.push_back(f);
    return out;
}

// Whether any of `findings` (as TestStack::findings returns them) contains
// `text`: for checks on one part of a message, such as the name it cites.
inline bool any_contains(const std::vector<std::string>& findings, const std::string& text) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const std::string& finding) { return finding.find(text) != std::string::npos; });
}

}  // namespace rules_test
