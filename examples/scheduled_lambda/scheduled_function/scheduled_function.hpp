// A Lambda function that EventBridge runs on a schedule: the function, its own
// execution role (allowed to write to its own log group and nothing else), the
// log group with a retention, an EventBridge rule with a schedule expression,
// the rule's target, and the permission that lets EventBridge invoke the
// function for that rule only.
#pragma once

#include <filesystem>
#include <string>

#include "infra/asset.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/aws/lambda_permission.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"
#include "scheduled_lambda/aws_events/cloudwatch_event_rule.hpp"
#include "scheduled_lambda/aws_events/cloudwatch_event_target.hpp"

namespace scheduled_lambda {

struct ScheduledFunctionProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // What the function does, in a few words: "api-canary". The function and
    // the rule are "<name_prefix>-<name>", the role "<name_prefix>-<name>-role".
    std::string name{};
    std::string description{};
    // "rate(5 minutes)" or "cron(0 3 * * ? *)", as EventBridge rules take them.
    std::string schedule_expression{};
    // The function's code folder, zipped reproducibly into the stack's assets.
    std::filesystem::path source_dir{};
    // "<module>.<function>"; <module>.py must be in source_dir.
    std::string handler{};
    std::string runtime{"python3.12"};
    int memory_mb{128};
    int timeout_seconds{30};
    // The function's environment variables; none when empty.
    infra::Map<infra::Str> environment{};
    int log_retention_days{14};
    // false keeps everything but stops the schedule (state DISABLED).
    bool enabled{true};
};

class ScheduledFunction : public infra::Construct {
public:
    // Throws infra::UsageError naming this construct and the prop when a prop
    // is one AWS would reject at apply time.
    ScheduledFunction(infra::Scope scope, ScheduledFunctionProps props);

    infra::aws::LambdaFunction& function() const { return *function_; }
    infra::aws::IamRole& role() const { return *role_; }
    infra::aws::CloudwatchLogGroup& log_group() const { return *log_group_; }
    aws_events::CloudwatchEventRule& rule() const { return *rule_; }
    aws_events::CloudwatchEventTarget& target() const { return *target_; }
    infra::aws::LambdaPermission& invoke_permission() const { return *permission_; }
    const infra::Asset& code() const { return *code_; }
    const ScheduledFunctionProps& props() const { return props_; }

private:
    void validate() const;
    void create_role();
    void create_function();
    void create_schedule();
    std::string function_name() const { return props_.name_prefix + "-" + props_.name; }

    ScheduledFunctionProps props_;
    infra::Asset* code_ = nullptr;
    infra::aws::CloudwatchLogGroup* log_group_ = nullptr;
    infra::aws::IamRole* role_ = nullptr;
    const infra::TerraformElement* log_policy_ = nullptr;
    infra::aws::LambdaFunction* function_ = nullptr;
    aws_events::CloudwatchEventRule* rule_ = nullptr;
    aws_events::CloudwatchEventTarget* target_ = nullptr;
    infra::aws::LambdaPermission* permission_ = nullptr;
};

}  // namespace scheduled_lambda
