#include "scheduled_function/scheduled_function.hpp"

#include <fmt/format.h>

#include <system_error>

#include "iam/service_trust_policy.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/error.hpp"
#include "logs/log_retention.hpp"
#include "naming/name_text.hpp"
#include "scheduled_function/schedule_expression.hpp"

namespace scheduled_lambda {

namespace aws = infra::aws;
using infra::List;
using infra::Map;
using infra::Str;

ScheduledFunction::ScheduledFunction(infra::Scope scope, ScheduledFunctionProps props)
    : Construct(scope), props_(std::move(props)) {
    validate();
    // Built now, so a missing folder fails at this line rather than at apply.
    code_ = &add<infra::Asset>("code", infra::AssetConfig{
                                           .source = props_.source_dir,
                                           .exclude = {"__pycache__", "tests"},
                                       });
    create_role();
    create_function();
    create_schedule();
}

void ScheduledFunction::validate() const {
    auto fail = [this](const std::string& what) { throw infra::UsageError(fmt::format("{}: {}", path(), what)); };
    const auto& p = props_;
    if (!crud_api::modules::is_name_text(p.name_prefix))
        fail(fmt::format("name_prefix \"{}\" must be letters, digits and '-', e.g. \"cloud-serverless-rds-dev\"",
                         p.name_prefix));
    if (!crud_api::modules::is_name_text(p.name))
        fail(fmt::format("name \"{}\" must be letters, digits and '-', e.g. \"api-canary\"", p.name));
    // Function, rule and role names are at most 64 characters; the role's is
    // the longest.
    if (const std::string role = function_name() + "-role"; role.size() > 64)
        fail(fmt::format("name_prefix and name are too long: the role name \"{}\" exceeds 64 characters", role));
    if (const std::string why = schedule_expression_problem(p.schedule_expression); !why.empty())
        fail(fmt::format("schedule_expression \"{}\": {}", p.schedule_expression, why));
    if (p.memory_mb < 128 || p.memory_mb > 10240) fail(fmt::format("memory_mb {} must be 128 to 10240", p.memory_mb));
    if (p.timeout_seconds < 1 || p.timeout_seconds > 900)
        fail(fmt::format("timeout_seconds {} must be 1 to 900", p.timeout_seconds));
    if (!crud_api::modules::is_log_retention_days(p.log_retention_days))
        fail(fmt::format("log_retention_days {} is not one CloudWatch Logs accepts ({})", p.log_retention_days,
                         crud_api::modules::log_retention_days_list()));
    const std::size_t dot = p.handler.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == p.handler.size())
        fail(fmt::format("handler \"{}\" must be \"<module>.<function>\", e.g. \"api_canary.handler\"", p.handler));
    std::error_code ec;
    if (!std::filesystem::is_directory(p.source_dir, ec))
        fail(fmt::format("source_dir \"{}\" is not a folder", p.source_dir.string()));
    if (p.runtime.rfind("python3.", 0) == 0) {
        const auto module_file = p.source_dir / (p.handler.substr(0, dot) + ".py");
        if (!std::filesystem::is_regular_file(module_file, ec))
            fail(fmt::format("handler \"{}\" needs {}, which does not exist", p.handler, module_file.string()));
    }
}

void ScheduledFunction::create_role() {
    // Created here rather than by Lambda on the first invocation, so that it
    // has a retention and goes away with the stack.
    log_group_ = &add<aws::CloudwatchLogGroup>("logs", aws::CloudwatchLogGroupArgs{
                                                           .name = "/aws/lambda/" + function_name(),
                                                           .retention_in_days = props_.log_retention_days,
                                                           .tags = Map<Str>{{"Name", function_name()}},
                                                       });

    auto& trust = crud_api::modules::service_trust_policy(*this, "role_trust", "lambda.amazonaws.com");
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = fmt::format("Execution role of {}", function_name()),
                                           .name = function_name() + "-role",
                                           .tags = Map<Str>{{"Name", function_name() + "-role"}},
                                       });

    // Only its own log group: the managed AWSLambdaBasicExecutionRole would
    // let it write to every log group of the account.
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    auto& document = add<aws::data::IamPolicyDocument>(
        "log_policy_document", aws::data::IamPolicyDocumentArgs{
                                   .statement = {Statement{
                                       .actions = List<Str>{"logs:CreateLogStream", "logs:PutLogEvents"},
                                       .effect = "Allow",
                                       .resources = List<Str>{log_group_->arn() + ":*"},
                                       .sid = "WriteOwnLogs",
                                   }},
                               });
    log_policy_ = &add<aws::IamRolePolicy>("log_policy", aws::IamRolePolicyArgs{
                                                             .name = function_name() + "-logs",
                                                             .policy = document.json(),
                                                             .role = role_->id(),
                                                         });
}

void ScheduledFunction::create_function() {
    const auto& p = props_;
    const bool has_environment =
        p.environment.value().kind() != infra::Value::Kind::Map || !p.environment.value().as_map().empty();
    function_ = &add<aws::LambdaFunction>(
        "function", aws::LambdaFunctionArgs{
                        .description = p.description.empty() ? std::nullopt : std::optional<Str>(p.description),
                        .environment = has_environment ? std::optional{aws::LambdaFunctionArgs::Environment{
                                                             .variables = p.environment}}
                                                       : std::nullopt,
                        .filename = code_->filename(),
                        .function_name = function_name(),
                        .handler = p.handler,
                        .memory_size = p.memory_mb,
                        .role = role_->arn(),
                        .runtime = p.runtime,
                        .source_code_hash = code_->base64_sha256(),
                        .tags = Map<Str>{{"Name", function_name()}},
                        .timeout = p.timeout_seconds,
                    });
    // The first invocation must find the log group with its retention (or
    // Lambda creates one that keeps logs forever) and the role allowed to
    // write to it.
    function_->depends_on(*log_group_);
    function_->depends_on(*log_policy_);
}

void ScheduledFunction::create_schedule() {
    const auto& p = props_;
    rule_ = &add<aws_events::CloudwatchEventRule>(
        "schedule", aws_events::CloudwatchEventRuleArgs{
                        .description = fmt::format("Runs {} on {}", function_name(), p.schedule_expression),
                        .name = function_name(),
                        .schedule_expression = p.schedule_expression,
                        .state = p.enabled ? "ENABLED" : "DISABLED",
                        .tags = Map<Str>{{"Name", function_name()}},
                    });
    target_ = &add<aws_events::CloudwatchEventTarget>("target", aws_events::CloudwatchEventTargetArgs{
                                                                    .arn = function_->arn(),
                                                                    .rule = rule_->name(),
                                                                    .target_id = "function",
                                                                });
    // Scoped to this rule's ARN: without source_arn, any EventBridge rule, in
    // any account, that targets the function could invoke it.
    permission_ = &add<aws::LambdaPermission>("invoke_permission", aws::LambdaPermissionArgs{
                                                                       .action = "lambda:InvokeFunction",
                                                                       .function_name = function_->function_name(),
                                                                       .principal = "events.amazonaws.com",
                                                                       .source_arn = rule_->arn(),
                                                                       .statement_id = "AllowScheduleRule",
                                                                   });
}

}  // namespace scheduled_lambda
