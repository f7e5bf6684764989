// The ScheduledFunction module through the SDK's testing helpers: what it
// creates (found by type and partial match), how its parts refer to each
// other (reference_to), that it passes the schema and rule checks `infra
// synth` runs, and the props it refuses.
#include "scheduled_function/scheduled_function.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "example_catalog.hpp"
#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/provider.hpp"
#include "infra/testing.hpp"

namespace {

using infra::testing::reference_to;
using nlohmann::json;
using scheduled_lambda::ScheduledFunction;
using scheduled_lambda::ScheduledFunctionProps;

ScheduledFunctionProps nightly_props() {
    return ScheduledFunctionProps{
        .name_prefix = "shop-dev",
        .name = "nightly-report",
        .schedule_expression = "cron(0 3 * * ? *)",
        .source_dir = SCHEDULED_LAMBDA_CANARY_DIR,
        .handler = "api_canary.handler",
    };
}

// A stack "test" with the aws provider, checked against the example
// program's own schemas and rules (the SDK's aws types plus the generated
// EventBridge ones).
struct ModuleStack {
    infra::App app;
    infra::Stack& stack = app.add<infra::Stack>("test");

    ModuleStack() {
        stack.add<infra::Provider>("aws", infra::ProviderConfig{.name = "aws",
                                                               .source = "hashicorp/aws",
                                                               .version = "~> 5.100",
                                                               .arguments = {{"region", "us-east-1"}}});
    }
    ScheduledFunction& add(ScheduledFunctionProps props = nightly_props()) {
        return stack.add<ScheduledFunction>("nightly", std::move(props));
    }
    infra::testing::SynthesizedStack synth() {
        return infra::testing::SynthesizedStack::of(app, "test", &scheduled_lambda::catalog().schemas());
    }
    std::vector<std::string> errors() {
        return infra::testing::validation_errors(app, "test", &scheduled_lambda::catalog().schemas(),
                                                 &scheduled_lambda::catalog().rules());
    }
};

// The message of the infra::UsageError creating the module with `props`
// throws, or "(no error)".
std::string usage_error(ScheduledFunctionProps props) {
    ModuleStack t;
    try {
        t.add(std::move(props));
    } catch (const infra::UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the rule runs the function on its schedule") {
    ModuleStack t;
    auto& nightly = t.add();
    const auto s = t.synth();
    CHECK(s.count("aws_cloudwatch_event_rule") == 1);
    CHECK(s.has_resource("aws_cloudwatch_event_rule", {{"name", "shop-dev-nightly-report"},
                                                       {"schedule_expression", "cron(0 3 * * ? *)"},
                                                       {"state", "ENABLED"}}));
    CHECK(s.has_resource("aws_cloudwatch_event_target",
                         {{"rule", reference_to(nightly.rule())}, {"arn", reference_to(nightly.function())}}));
}

TEST_CASE("only its own rule may invoke the function") {
    ModuleStack t;
    auto& nightly = t.add();
    const auto s = t.synth();
    CHECK(s.find("aws_lambda_permission", {{"action", "lambda:InvokeFunction"},
                                           {"principal", "events.amazonaws.com"},
                                           {"function_name", reference_to(nightly.function())},
                                           {"source_arn", reference_to(nightly.rule())}}) ==
          std::vector<std::string>{"nightly_invoke_permission"});
    // The rule's ARN itself, not any other attribute of the rule.
    CHECK(s.resource("aws_lambda_permission", "nightly_invoke_permission").at("source_arn") ==
          "${aws_cloudwatch_event_rule.nightly_schedule.arn}");
}

TEST_CASE("the function runs as its own role, which may write only to its own log group") {
    ModuleStack t;
    auto& nightly = t.add();
    const auto s = t.synth();
    CHECK(s.has_resource("aws_lambda_function", {{"function_name", "shop-dev-nightly-report"},
                                                 {"handler", "api_canary.handler"},
                                                 {"runtime", "python3.12"},
                                                 {"filename", nightly.code().path_in_stack()},
                                                 {"role", reference_to(nightly.role())}}));
    CHECK(s.has_resource("aws_iam_role", {{"name", "shop-dev-nightly-report-role"}}));
    CHECK(s.has_resource("aws_cloudwatch_log_group",
                         {{"name", "/aws/lambda/shop-dev-nightly-report"}, {"retention_in_days", 14}}));
    // Trusted by Lambda, allowed to write to that log group and nothing else.
    CHECK(s.find_data("aws_iam_policy_document",
                      {{"statement", {{{"actions", {"sts:AssumeRole"}},
                                       {"principals", {{{"identifiers", {"lambda.amazonaws.com"}}}}}}}}}) ==
          std::vector<std::string>{"nightly_role_trust"});
    const json& logs = s.document().at("data").at("aws_iam_policy_document").at("nightly_log_policy_document");
    REQUIRE(logs.at("statement").size() == 1);
    CHECK(infra::testing::contains(logs, {{"statement", {{{"resources", {reference_to(nightly.log_group())}}}}}}));
    CHECK(s.has_resource("aws_iam_role_policy", {{"role", reference_to(nightly.role())}}));
    // Created before the function, so its first run logs with a retention.
    const json& depends_on = s.resource("aws_lambda_function", "nightly_function").at("depends_on");
    CHECK(infra::testing::contains(depends_on, {"aws_cloudwatch_log_group.nightly_logs", "aws_iam_role_policy.nightly_log_policy"}));
}

TEST_CASE("a disabled schedule keeps the rule, in state DISABLED") {
    ModuleStack t;
    auto props = nightly_props();
    props.enabled = false;
    t.add(props);
    CHECK(t.synth().has_resource("aws_cloudwatch_event_rule", {{"state", "DISABLED"}}));
}

TEST_CASE("environment variables reach the function, and none means no environment block") {
    ModuleStack with;
    auto props = nightly_props();
    props.environment = infra::Map<infra::Str>{{"REPORT_BUCKET", "reports"}};
    with.add(props);
    CHECK(with.synth().has_resource("aws_lambda_function",
                                    {{"environment", {{"variables", {{"REPORT_BUCKET", "reports"}}}}}}));

    ModuleStack without;
    without.add();
    CHECK_FALSE(without.synth().resource("aws_lambda_function", "nightly_function").contains("environment"));
}

TEST_CASE("the module passes the schema checks and the rules, with every type checked") {
    ModuleStack t;
    t.add();
    CHECK(t.errors().empty());
    CHECK(t.synth().unvalidated_types().empty());
}

TEST_CASE("the generated EventBridge types and the SDK's aws types are both checked") {
    ModuleStack t;
    auto& nightly = t.add();
    nightly.rule().add_override("schedule_expresion", "rate(1 day)");
    nightly.function().add_override("runtimee", "python3.12");
    const auto errors = t.errors();
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0] + errors[1], Catch::Contains("unknown argument \"schedule_expresion\"") &&
                                          Catch::Contains("unknown argument \"runtimee\""));
}

TEST_CASE("props AWS would reject are errors naming the construct and the prop") {
    auto with = [](auto change) {
        ScheduledFunctionProps p = nightly_props();
        change(p);
        return usage_error(std::move(p));
    };
    CHECK(usage_error(nightly_props()) == "(no error)");
    CHECK_THAT(with([](auto& p) { p.schedule_expression = "rate(5 minute)"; }),
               Catch::StartsWith("test/nightly: schedule_expression \"rate(5 minute)\": a rate of 5 takes \"minutes\""));
    CHECK_THAT(with([](auto& p) { p.name_prefix = "shop_dev"; }), Catch::Contains("name_prefix \"shop_dev\""));
    CHECK_THAT(with([](auto& p) { p.name = ""; }), Catch::Contains("name \"\" must be"));
    CHECK_THAT(with([](auto& p) { p.name = std::string(60, 'x'); }), Catch::Contains("exceeds 64 characters"));
    CHECK_THAT(with([](auto& p) { p.log_retention_days = 13; }), Catch::Contains("log_retention_days 13"));
    CHECK_THAT(with([](auto& p) { p.memory_mb = 64; }), Catch::Contains("memory_mb 64"));
    CHECK_THAT(with([](auto& p) { p.timeout_seconds = 901; }), Catch::Contains("timeout_seconds 901"));
    CHECK_THAT(with([](auto& p) { p.handler = "handler"; }), Catch::Contains("\"<module>.<function>\""));
    CHECK_THAT(with([](auto& p) { p.handler = "missing.handler"; }), Catch::Contains("missing.py"));
    CHECK_THAT(with([](auto& p) { p.source_dir = "/nonexistent/code"; }),
               Catch::Contains("source_dir \"/nonexistent/code\" is not a folder"));
}
