// The schedule expressions an EventBridge rule accepts. The provider schema
// only says "string", so a malformed one would otherwise surface at
// `terraform apply` as an AWS ValidationException.
#pragma once

#include <string>

namespace scheduled_lambda {

// Why `expression` is not a schedule EventBridge rules accept, or "" when it
// is one: "rate(<n> <unit>)" with unit minute, hour or day (singular for 1,
// plural otherwise), or "cron(<six fields>)".
std::string schedule_expression_problem(const std::string& expression);

}  // namespace scheduled_lambda
