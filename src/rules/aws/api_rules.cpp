// The api pack: API Gateway REST API stages and methods.
#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <string>

#include "infra/resource_base.hpp"
#include "infra/rules/aws_rules.hpp"
#include "infra/value.hpp"

namespace infra::rules {

namespace {

const Value* map_entry(const Value::Map& map, std::string_view key) {
    auto it = map.find(key);
    return it == map.end() || it->second.is_null() ? nullptr : &it->second;
}

// A block written as a map or as a list of maps: its (first) map.
const Value::Map* block_map(const Value* block) {
    if (block == nullptr) return nullptr;
    if (block->kind() == Value::Kind::List) {
        const auto& items = block->as_list();
        if (items.empty()) return nullptr;
        block = &items.front();
    }
    return block->kind() == Value::Kind::Map ? &block->as_map() : nullptr;
}

// A throttling limit that is set: any expression, or a literal number that is
// not negative (API Gateway takes -1 as "not set").
bool limit_is_set(const Value* v) {
    if (v == nullptr) return false;
    if (v->kind() == Value::Kind::Number) {
        const Number& n = v->as_number();
        return (n.is_integer ? static_cast<double>(n.integer) : n.real) >= 0;
    }
    if (v->kind() == Value::Kind::String) return !v->as_string().empty() && v->as_string().front() != '-';
    return v->is_expr();
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace

void add_api_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-APIGW-001",
            .pack = "api",
            .severity = Severity::Warning,
            .description = "The API Gateway stage writes no access log: who called which method, from where and "
                           "with what result is not recorded",
            .fix = "Set access_log_settings with destination_arn (a CloudWatch Logs group) and a format on the "
                   "aws_api_gateway_stage",
            .equivalents = {"checkov:CKV_AWS_76", "trivy:AVD-AWS-0001", "cdk-nag:AwsSolutions-APIG1"},
        },
        {"aws_api_gateway_stage"}, [](RuleContext& c) {
            const Value* v = c.get("access_log_settings.destination_arn");
            if (v == nullptr || v->is_null())
                c.report("access_log_settings.destination_arn is not set: the stage keeps no access log");
            else if (v->kind() == Value::Kind::String && v->as_string().empty())
                c.report("access_log_settings.destination_arn = \"\": the stage keeps no access log");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-APIGW-002",
            .pack = "api",
            .severity = Severity::Warning,
            .description = "The API Gateway stage has no throttling of its own: any caller can spend the whole "
                           "account-level request quota and the backends' capacity",
            .fix = "Add an aws_api_gateway_method_settings for the stage (stage_name and rest_api_id) with "
                   "settings.throttling_rate_limit and settings.throttling_burst_limit",
            .equivalents = {},
        },
        {"aws_api_gateway_stage"}, [](RuleContext& c) {
            const Value* stage_name = c.get("stage_name");
            const Value* rest_api = c.get("rest_api_id");
            const std::string stage_text = stage_name ? RuleContext::text(*stage_name) : std::string();
            const std::string api_text = rest_api ? RuleContext::text(*rest_api) : std::string();
            for (const ResourceBase* settings : c.of_type("aws_api_gateway_method_settings")) {
                const Value::Map body = settings->rendered_body();
                const Value* their_stage = map_entry(body, "stage_name");
                const Value* their_api = map_entry(body, "rest_api_id");
                if (their_stage == nullptr || their_api == nullptr) continue;
                const bool same_stage = RuleContext::referenced(*their_stage) == &c.resource() ||
                                        (!stage_text.empty() && RuleContext::text(*their_stage) == stage_text);
                if (!same_stage || RuleContext::text(*their_api) != api_text) continue;
                const Value::Map* s = block_map(map_entry(body, "settings"));
                if (s != nullptr && limit_is_set(map_entry(*s, "throttling_rate_limit")) &&
                    limit_is_set(map_entry(*s, "throttling_burst_limit")))
                    return;
            }
            c.report(fmt::format("no aws_api_gateway_method_settings for stage_name {} sets "
                                 "settings.throttling_rate_limit and settings.throttling_burst_limit: the stage is "
                                 "not throttled",
                                 stage_name && stage_name->kind() == Value::Kind::String
                                     ? "\"" + stage_text + "\""
                                     : stage_text));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-APIGW-003",
            .pack = "api",
            .severity = Severity::Warning,
            .description = "The API Gateway method is open to anyone: no authorizer and no API key, so any "
                           "caller on the internet reaches the backend",
            .fix = "Set authorization (AWS_IAM, COGNITO_USER_POOLS or CUSTOM with authorizer_id), or "
                   "api_key_required = true with a usage plan",
            .equivalents = {"checkov:CKV_AWS_59", "trivy:AVD-AWS-0004", "cdk-nag:AwsSolutions-APIG4"},
        },
        {"aws_api_gateway_method"}, [](RuleContext& c) {
            const auto authorization = c.literal_string("authorization");
            if (!authorization || !iequals(*authorization, "NONE")) return;
            // CORS preflight requests carry no credentials by design.
            const auto method = c.literal_string("http_method");
            if (method && iequals(*method, "OPTIONS")) return;
            const Value* key = c.get("api_key_required");
            std::string key_text;
            if (key == nullptr || key->is_null())
                key_text = "api_key_required is not set";
            else if ((key->kind() == Value::Kind::Bool && !key->as_bool()) ||
                     (key->kind() == Value::Kind::String && key->as_string() == "false"))
                key_text = "api_key_required = false";
            else
                return;  // true, or an expression that is not known here
            c.report(fmt::format("authorization = \"{}\" and {}: {} is callable by anyone", *authorization, key_text,
                                 method ? *method : std::string("the method")));
        }));
}

}  // namespace infra::rules
