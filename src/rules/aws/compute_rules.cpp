// Compute rules: Lambda functions (network placement, secrets in the
// environment, logs, tracing, concurrency) and EC2 instances (IMDSv2,
// public addresses, root volume encryption).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "infra/resource_base.hpp"
#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

namespace {

// The resource a value refers to, when it is a resource of `type`.
const ResourceBase* referenced_resource(const Value& value, std::string_view type) {
    const TerraformElement* target = RuleContext::referenced(value);
    if (target == nullptr || target->element_kind() != ElementKind::Resource) return nullptr;
    const auto* resource = static_cast<const ResourceBase*>(target);
    return resource->terraform_type() == type ? resource : nullptr;
}

const Value* field(const Value::Map& body, std::string_view key) {
    auto it = body.find(key);
    return it == body.end() ? nullptr : &it->second;
}

bool grants_rds_connect(const std::vector<PolicyStatement>& statements) {
    return std::any_of(statements.begin(), statements.end(),
                       [](const PolicyStatement& s) { return s.allows() && s.grants("rds-db:connect"); });
}

// Why the function reaches a database, or empty: DB_HOST in its environment,
// or a policy of its role (inline, attached or an aws_iam_role_policy) that
// grants rds-db:connect.
std::string database_reach(const RuleContext& c) {
    if (const Value* variables = c.get("environment.variables");
        variables != nullptr && variables->kind() == Value::Kind::Map && variables->as_map().count("DB_HOST"))
        return "environment.variables.DB_HOST is set";
    const Value* role_value = c.get("role");
    if (role_value == nullptr) return {};
    const ResourceBase* role = referenced_resource(*role_value, "aws_iam_role");
    if (role == nullptr) return {};
    const std::string because = fmt::format("its role {} grants rds-db:connect", role->address());

    const Value::Map role_body = role->rendered_body();
    if (const Value* inline_policies = field(role_body, "inline_policy")) {
        const Value::List single{*inline_policies};
        const Value::List& items =
            inline_policies->kind() == Value::Kind::List ? inline_policies->as_list() : single;
        for (const auto& block : items)
            if (block.kind() == Value::Kind::Map)
                if (const Value* p = field(block.as_map(), "policy"); p != nullptr && grants_rds_connect(c.policy(*p)))
                    return because;
    }
    auto refers_to_role = [&](const Value::Map& body) {
        const Value* r = field(body, "role");
        return r != nullptr && RuleContext::referenced(*r) == role;
    };
    for (const ResourceBase* policy : c.of_type("aws_iam_role_policy")) {
        const Value::Map body = policy->rendered_body();
        if (!refers_to_role(body)) continue;
        if (const Value* p = field(body, "policy"); p != nullptr && grants_rds_connect(c.policy(*p))) return because;
    }
    for (const ResourceBase* attachment : c.of_type("aws_iam_role_policy_attachment")) {
        const Value::Map body = attachment->rendered_body();
        if (!refers_to_role(body)) continue;
        const Value* arn = field(body, "policy_arn");
        const ResourceBase* managed = arn ? referenced_resource(*arn, "aws_iam_policy") : nullptr;
        if (managed == nullptr) continue;
        const Value::Map managed_body = managed->rendered_body();
        if (const Value* p = field(managed_body, "policy"); p != nullptr && grants_rds_connect(c.policy(*p)))
            return because;
    }
    return {};
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, in any case; names of
// where a secret is (..._ARN, ..._NAME, ..._ID) are not secrets.
bool looks_secret(std::string_view name) {
    const std::string n = upper(name);
    for (std::string_view suffix : {"_ARN", "_NAME", "_ID"})
        if (ends_with(n, suffix)) return false;
    for (std::string_view word : {"PASSWORD", "SECRET", "TOKEN", "API_KEY", "PRIVATE_KEY"})
        if (n.find(word) != std::string::npos) return true;
    return false;
}

// A string value as text comparable across literals and expressions: a
// literal as it is, a template as the text between its quotes, any other
// expression as "${...}".
std::string string_content(const Value& value) {
    std::string t = RuleContext::text(value);
    if (value.is_expr() && t.size() >= 5 && t.compare(0, 3, "${\"") == 0 && ends_with(t, "\"}"))
        return t.substr(3, t.size() - 5);
    return t;
}

bool retention_set(const Value* retention) {
    if (retention == nullptr || retention->is_null()) return false;
    if (retention->kind() == Value::Kind::Number) return retention->as_number().as_double() != 0;
    return true;  // an expression: whatever it is, someone chose it
}

}  // namespace

void add_compute_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LAMBDA-001",
            .pack = "compute",
            .severity = Severity::Error,
            .description = "A function that connects to a database runs outside the VPC, so the database (or its "
                           "proxy) must be reachable from the internet",
            .fix = "Set vpc_config (subnet_ids of private subnets, security_group_ids allowed by the database's "
                   "security group)",
            .equivalents = {"checkov:CKV_AWS_117"},
        },
        {"aws_lambda_function"},
        [](RuleContext& c) {
            const std::string reach = database_reach(c);
            if (reach.empty()) return;
            const Value* vpc = c.get("vpc_config");
            if (vpc == nullptr || vpc->is_null() || (vpc->kind() == Value::Kind::List && vpc->as_list().empty())) {
                c.report(fmt::format("vpc_config is not set, but {}", reach));
                return;
            }
            const Value* subnets = c.get("vpc_config.subnet_ids");
            if (subnets == nullptr || (subnets->kind() == Value::Kind::List && subnets->as_list().empty()))
                c.report(fmt::format("vpc_config.subnet_ids is empty, but {}", reach));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LAMBDA-002",
            .pack = "compute",
            .severity = Severity::Error,
            .description = "A secret is written literally in a function's environment: it ends up in the Terraform "
                           "state, the plan output and the function configuration anyone with read access sees",
            .fix = "Remove the literal from environment.variables: keep the secret in Secrets Manager or SSM and "
                   "pass its ARN or name (or reference a generated value)",
            .equivalents = {"checkov:CKV_AWS_45"},
        },
        {"aws_lambda_function"},
        [](RuleContext& c) {
            const Value* variables = c.get("environment.variables");
            if (variables == nullptr || variables->kind() != Value::Kind::Map) return;
            for (const auto& [name, value] : variables->as_map()) {
                if (!looks_secret(name)) continue;
                // The value itself stays out of the report: it is the secret.
                if (value.kind() == Value::Kind::String && !value.as_string().empty())
                    c.report(fmt::format("environment.variables.{} holds a literal string ({} characters)", name,
                                         value.as_string().size()));
            }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LAMBDA-003",
            .pack = "compute",
            .severity = Severity::Warning,
            .description = "The function has no log group with a retention: Lambda creates /aws/lambda/<name> on "
                           "the first invocation and keeps the logs forever, outside Terraform",
            .fix = "Add an aws_cloudwatch_log_group with name \"/aws/lambda/<function_name>\" and retention_in_days",
            .equivalents = {},
        },
        {"aws_lambda_function"},
        [](RuleContext& c) {
            const Value* function_name = c.get("function_name");
            if (function_name == nullptr || function_name->is_null()) return;
            const std::string expected = "/aws/lambda/" + string_content(*function_name);
            const ResourceBase* found = nullptr;
            for (const ResourceBase* group : c.of_type("aws_cloudwatch_log_group")) {
                if (group->element_kind() != ElementKind::Resource) continue;
                const Value::Map body = group->rendered_body();
                const Value* name = field(body, "name");
                if (name == nullptr) continue;
                const std::string content = string_content(*name);
                const bool matches =
                    content == expected || (name->is_expr() && content.find("/aws/lambda/") != std::string::npos &&
                                            RuleContext::referenced(*name) == &c.resource());
                if (!matches) continue;
                if (retention_set(field(body, "retention_in_days"))) return;
                found = group;
            }
            if (found != nullptr)
                c.report(fmt::format("the log group {} of function_name \"{}\" has no retention_in_days",
                                     found->address(), RuleContext::text(*function_name)));
            else
                c.report(fmt::format("no aws_cloudwatch_log_group named \"{}\" for function_name \"{}\"", expected,
                                     RuleContext::text(*function_name)));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LAMBDA-004",
            .pack = "compute",
            .severity = Severity::Info,
            .description = "X-Ray tracing is off, so slow or failing requests cannot be followed across services",
            .fix = "Set tracing_config { mode = \"Active\" } (the role needs xray:PutTraceSegments and "
                   "xray:PutTelemetryRecords)",
            .equivalents = {"checkov:CKV_AWS_50", "trivy:AVD-AWS-0066"},
        },
        {"aws_lambda_function"},
        [](RuleContext& c) {
            const Value* mode = c.get("tracing_config.mode");
            if (mode == nullptr || mode->is_null())
                c.report("tracing_config.mode is not set (X-Ray tracing is off)");
            else if (mode->kind() == Value::Kind::String && mode->as_string() != "Active")
                c.report(fmt::format("tracing_config.mode is \"{}\", not \"Active\"", mode->as_string()));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-LAMBDA-005",
            .pack = "compute",
            .severity = Severity::Info,
            .description = "The function has no concurrency limit: a burst can exhaust the account's concurrency "
                           "and the connections of what it calls",
            .fix = "Set reserved_concurrent_executions to the most concurrent executions the function should have",
            .equivalents = {"checkov:CKV_AWS_115"},
        },
        {"aws_lambda_function"},
        [](RuleContext& c) {
            const Value* limit = c.get("reserved_concurrent_executions");
            if (limit == nullptr || limit->is_null())
                c.report("reserved_concurrent_executions is not set");
            else if (limit->kind() == Value::Kind::Number && limit->as_number().as_double() < 0)
                c.report(fmt::format("reserved_concurrent_executions is {} (no limit)", RuleContext::text(*limit)));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-EC2-001",
            .pack = "compute",
            .severity = Severity::Error,
            .description = "The instance accepts IMDSv1, whose unauthenticated requests let an SSRF steal the "
                           "instance role's credentials",
            .fix = "Set metadata_options { http_tokens = \"required\" }",
            .equivalents = {"checkov:CKV_AWS_79", "trivy:AVD-AWS-0028"},
        },
        {"aws_instance"},
        [](RuleContext& c) {
            const Value* tokens = c.get("metadata_options.http_tokens");
            if (tokens == nullptr || tokens->is_null())
                c.report("metadata_options.http_tokens is not set (IMDSv1 stays enabled)");
            else if (tokens->kind() == Value::Kind::String && tokens->as_string() != "required")
                c.report(fmt::format("metadata_options.http_tokens is \"{}\", not \"required\"", tokens->as_string()));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-EC2-002",
            .pack = "compute",
            .severity = Severity::Error,
            .description = "The instance gets a public IP address, which makes it reachable from the internet "
                           "whenever a security group or NACL allows it",
            .fix = "Set associate_public_ip_address = false and reach the instance through Session Manager or a "
                   "load balancer",
            .equivalents = {"checkov:CKV_AWS_88"},
        },
        {"aws_instance"},
        [](RuleContext& c) {
            if (c.literal_bool("associate_public_ip_address") == true)
                c.report("associate_public_ip_address is true");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-EC2-003",
            .pack = "compute",
            .severity = Severity::Error,
            .description = "The instance's root volume is not encrypted, so its data and snapshots are readable by "
                           "whoever gets hold of them",
            .fix = "Set root_block_device { encrypted = true } (and kms_key_id for a customer managed key)",
            .equivalents = {"checkov:CKV_AWS_8", "trivy:AVD-AWS-0131", "cdk-nag:AwsSolutions-EC26"},
        },
        {"aws_instance"},
        [](RuleContext& c) {
            const Value* encrypted = c.get("root_block_device.encrypted");
            if (encrypted == nullptr || encrypted->is_null())
                c.report("root_block_device.encrypted is not set (the root volume is not encrypted)");
            else if (encrypted->kind() == Value::Kind::Bool && !encrypted->as_bool())
                c.report("root_block_device.encrypted is false");
        }));
}

}  // namespace infra::rules
