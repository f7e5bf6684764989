// The api pack: API Gateway stages (access logs, throttling) and methods
// (open access), each rule both ways.
#include <string>
#include <vector>

#include "infra/aws/api_gateway_method.hpp"
#include "infra/aws/api_gateway_method_settings.hpp"
#include "infra/aws/api_gateway_rest_api.hpp"
#include "infra/aws/api_gateway_stage.hpp"
#include "infra/construct.hpp"
#include "infra/resource.hpp"
#include "rules_test_support.hpp"

namespace {

using infra::Value;
using infra::aws::ApiGatewayMethodSettingsArgs;
using infra::aws::ApiGatewayStageArgs;

infra::aws::ApiGatewayRestApi& rest_api(infra::Construct& scope, const std::string& id = "api") {
    return scope.add<infra::aws::ApiGatewayRestApi>(id, infra::aws::ApiGatewayRestApiArgs{.name = "app-" + id});
}

// A stage with access logging to a log group.
infra::aws::ApiGatewayStage& stage(infra::Construct& scope, const infra::aws::ApiGatewayRestApi& api,
                                   const std::string& name = "prod", const std::string& id = "stage") {
    return scope.add<infra::aws::ApiGatewayStage>(
        id, ApiGatewayStageArgs{
                .access_log_settings =
                    ApiGatewayStageArgs::AccessLogSettings{
                        .destination_arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/app",
                        .format = "$context.requestId",
                    },
                .deployment_id = "dep-123",
                .rest_api_id = api.id(),
                .stage_name = name,
            });
}

infra::aws::ApiGatewayMethodSettings& throttling(infra::Construct& scope, const infra::aws::ApiGatewayRestApi& api,
                                                 infra::Str stage_name, std::optional<infra::Num> rate = 50,
                                                 std::optional<infra::Num> burst = 100,
                                                 const std::string& id = "method_settings") {
    return scope.add<infra::aws::ApiGatewayMethodSettings>(
        id, ApiGatewayMethodSettingsArgs{
                .method_path = "*/*",
                .rest_api_id = api.id(),
                .settings =
                    ApiGatewayMethodSettingsArgs::Settings{
                        .metrics_enabled = true,
                        .throttling_burst_limit = std::move(burst),
                        .throttling_rate_limit = std::move(rate),
                    },
                .stage_name = std::move(stage_name),
            });
}

infra::aws::ApiGatewayMethod& method(infra::Construct& scope, const infra::aws::ApiGatewayRestApi& api,
                                     const std::string& id, const std::string& http_method,
                                     const std::string& authorization, std::optional<infra::Bool> api_key_required) {
    return scope.add<infra::aws::ApiGatewayMethod>(id, infra::aws::ApiGatewayMethodArgs{
                                                           .api_key_required = std::move(api_key_required),
                                                           .authorization = authorization,
                                                           .http_method = http_method,
                                                           .resource_id = api.root_resource_id(),
                                                           .rest_api_id = api.id(),
                                                       });
}

}  // namespace

TEST_CASE("api rules: metadata of the pack") {
    for (const char* id : {"INFRA-APIGW-001", "INFRA-APIGW-002", "INFRA-APIGW-003"}) {
        const infra::rules::Rule* rule = rules_test::aws_rules().find(id);
        REQUIRE(rule != nullptr);
        CHECK(rule->info().pack == "api");
        CHECK(rule->info().severity == infra::Severity::Warning);
        CHECK_FALSE(rule->info().description.empty());
        CHECK_FALSE(rule->info().fix.empty());
    }
}

// INFRA-APIGW-001

TEST_CASE("INFRA-APIGW-001: a stage without access_log_settings is reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    auto& s = t.stack.add<infra::aws::ApiGatewayStage>(
        "stage", ApiGatewayStageArgs{.deployment_id = "dep-123", .rest_api_id = api.id(), .stage_name = "prod"});
    throttling(t.stack, api, s.stage_name());
    const auto findings = t.findings("INFRA-APIGW-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/stage: access_log_settings.destination_arn is not set"));
}

TEST_CASE("INFRA-APIGW-001: an empty destination_arn set by an override is reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    stage(t.stack, api).add_override("access_log_settings.destination_arn", "");
    CHECK(rules_test::any_contains(t.findings("INFRA-APIGW-001"), "access_log_settings.destination_arn = \"\""));
}

TEST_CASE("INFRA-APIGW-001: a stage with an access log destination is not reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    auto& logs = t.stack.add<infra::Resource>("logs", "aws_cloudwatch_log_group");
    auto& s = stage(t.stack, api);
    s.add_override("access_log_settings.destination_arn", logs.attr("arn"));
    CHECK(t.findings("INFRA-APIGW-001").empty());
}

// INFRA-APIGW-002

TEST_CASE("INFRA-APIGW-002: a stage with no method settings is reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    stage(t.stack, api);
    const auto findings = t.findings("INFRA-APIGW-002");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/stage: no aws_api_gateway_method_settings for stage_name \"prod\""));
    CHECK(rules_test::any_contains(findings, "settings.throttling_rate_limit"));
}

TEST_CASE("INFRA-APIGW-002: method settings without both throttling limits are reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    auto& s = stage(t.stack, api);
    throttling(t.stack, api, s.stage_name(), 50, std::nullopt);
    CHECK(t.fires("INFRA-APIGW-002"));
}

TEST_CASE("INFRA-APIGW-002: a limit of -1 (not set) is reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    auto& s = stage(t.stack, api);
    throttling(t.stack, api, s.stage_name(), -1, 100);
    CHECK(t.fires("INFRA-APIGW-002"));
}

TEST_CASE("INFRA-APIGW-002: method settings of another stage or another API are not taken") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    auto& other_api = rest_api(t.stack, "other_api");
    auto& prod = stage(t.stack, api, "prod", "prod_stage");
    stage(t.stack, api, "test", "test_stage");
    throttling(t.stack, api, prod.stage_name(), 50, 100, "prod_settings");
    // Same stage name text, but another API.
    throttling(t.stack, other_api, "test", 50, 100, "other_settings");
    const auto findings = t.findings("INFRA-APIGW-002");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/test_stage: no aws_api_gateway_method_settings for stage_name \"test\""));
}

TEST_CASE("INFRA-APIGW-002: throttling through a reference to the stage or its name text is not reported") {
    SECTION("a reference to the stage's stage_name") {
        rules_test::TestStack t;
        auto& api = rest_api(t.stack);
        auto& s = stage(t.stack, api);
        throttling(t.stack, api, s.stage_name());
        CHECK(t.findings("INFRA-APIGW-002").empty());
    }
    SECTION("the same stage name text and rest_api_id") {
        rules_test::TestStack t;
        auto& api = rest_api(t.stack);
        stage(t.stack, api, "prod");
        throttling(t.stack, api, "prod");
        CHECK(t.findings("INFRA-APIGW-002").empty());
    }
    SECTION("limits from expressions") {
        rules_test::TestStack t;
        auto& api = rest_api(t.stack);
        auto& s = stage(t.stack, api);
        auto& limits = t.stack.add<infra::Resource>("limits", "terraform_data");
        throttling(t.stack, api, s.stage_name(), infra::Num(limits.attr("output.rate")),
                   infra::Num(limits.attr("output.burst")));
        CHECK(t.findings("INFRA-APIGW-002").empty());
    }
}

// INFRA-APIGW-003

TEST_CASE("INFRA-APIGW-003: a method with authorization NONE and no API key is reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    method(t.stack, api, "get", "GET", "NONE", std::nullopt);
    method(t.stack, api, "post", "POST", "NONE", false);
    const auto findings = t.findings("INFRA-APIGW-003");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/get: authorization = \"NONE\" and api_key_required is not set: GET"));
    CHECK(rules_test::any_contains(findings, "test/post: authorization = \"NONE\" and api_key_required = false: POST"));
}

TEST_CASE("INFRA-APIGW-003: an authorizer, an API key or a CORS preflight is not reported") {
    rules_test::TestStack t;
    auto& api = rest_api(t.stack);
    method(t.stack, api, "iam", "GET", "AWS_IAM", std::nullopt);
    method(t.stack, api, "keyed", "POST", "NONE", true);
    method(t.stack, api, "preflight", "OPTIONS", "NONE", std::nullopt);
    CHECK(t.findings("INFRA-APIGW-003").empty());
}

// Suppressions

TEST_CASE("api rules: a suppression on a parent construct suppresses the finding, with its reason") {
    rules_test::TestStack t;
    auto& public_api = t.stack.add<infra::Construct>("public_api");
    auto& api = rest_api(public_api);
    method(public_api, api, "get", "GET", "NONE", std::nullopt);
    infra::rules::suppress(public_api, "INFRA-APIGW-003", "A public read-only catalogue, throttled at the stage");
    CHECK(t.findings("INFRA-APIGW-003").empty());
    const auto report = t.run();
    bool seen = false;
    for (const auto& f : report.findings)
        if (f.rule_id == "INFRA-APIGW-003") {
            seen = true;
            CHECK(f.suppressed);
            CHECK(f.path == "test/public_api/get");
            CHECK(f.suppressed_at == "test/public_api");
            CHECK(f.suppression_reason == "A public read-only catalogue, throttled at the stage");
        }
    CHECK(seen);
    CHECK(report.unused_suppressions.empty());
}
