// A rule report as people and machines read it: text (one line per
// finding), JSON, and SARIF 2.1.0 for GitHub code scanning.
#pragma once

#include <string>

#include "infra/rules/rule_engine.hpp"

namespace infra::rules {

std::string format_text(const RuleReport& report);
std::string format_json(const RuleReport& report);
// `rules` supplies the rule metadata of the SARIF driver; `tool_version`
// the driver's version.
std::string format_sarif(const RuleReport& report, const RuleSet& rules, const std::string& tool_version);

}  // namespace infra::rules
