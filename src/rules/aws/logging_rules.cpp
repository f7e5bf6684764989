// Logging rules: log groups that keep their logs forever.
#include <fmt/format.h>

#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

void add_logging_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LOG-001",
            .pack = "logging",
            .severity = Severity::Warning,
            .description = "The log group never expires its logs: storage grows without bound and personal or "
                           "sensitive data is kept longer than any policy allows",
            .fix = "Set retention_in_days to a value CloudWatch Logs accepts (e.g. 30, 90, 365)",
            .equivalents = {"checkov:CKV_AWS_66"},
        },
        {"aws_cloudwatch_log_group"},
        [](RuleContext& c) {
            const Value* retention = c.get("retention_in_days");
            if (retention == nullptr || retention->is_null())
                c.report("retention_in_days is not set (the logs never expire)");
            else if (retention->kind() == Value::Kind::Number && retention->as_number().as_double() == 0)
                c.report("retention_in_days is 0 (the logs never expire)");
        }));
}

}  // namespace infra::rules
