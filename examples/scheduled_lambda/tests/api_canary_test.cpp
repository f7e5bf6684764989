// The seed's dev stack with the API canary, as the example program builds it:
// the canary checks the stack's own API, adds its resources and nothing else,
// and the whole stack passes what `infra synth dev` checks.
#include "api_canary.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "api_gateway/rest_api.hpp"
#include "catalog.hpp"
#include "example_catalog.hpp"
#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/testing.hpp"

namespace {

using infra::testing::reference_to;

// How many resources of each type `stack` of `catalog` synthesizes to, with
// the default settings.
std::map<std::string, std::size_t> resource_counts(const infra::StackCatalog& catalog, const std::string& stack) {
    infra::App app;
    catalog.build(app, stack, infra::SettingsSource{});
    const auto s = infra::testing::SynthesizedStack::of(app, stack, &catalog.schemas());
    std::map<std::string, std::size_t> counts;
    for (const auto& [type, resources] : s.document().at("resource").items()) counts[type] = resources.size();
    return counts;
}

}  // namespace

TEST_CASE("the canary in dev checks dev's own /animals API every five minutes") {
    infra::App app;
    infra::Stack& dev = scheduled_lambda::catalog().build(app, "dev", infra::SettingsSource{});
    const auto& api = dynamic_cast<const crud_api::modules::RestApi&>(*dev.find_child("api"));
    const auto s = infra::testing::SynthesizedStack::of(app, "dev", &scheduled_lambda::catalog().schemas());
    CHECK(s.has_resource("aws_lambda_function",
                         {{"function_name", "cloud-serverless-rds-dev-api-canary"},
                          {"environment", {{"variables", {{"API_URL", reference_to(api.stage())}}}}}}));
    CHECK(s.has_resource("aws_cloudwatch_event_rule", {{"schedule_expression", "rate(5 minutes)"}}));
    CHECK(s.has_resource("aws_cloudwatch_log_group",
                         {{"name", "/aws/lambda/cloud-serverless-rds-dev-api-canary"}, {"retention_in_days", 14}}));
}

TEST_CASE("dev with the canary passes the schema checks and the rules") {
    infra::App app;
    scheduled_lambda::catalog().build(app, "dev", infra::SettingsSource{});
    const auto errors = infra::testing::validation_errors(app, "dev", &scheduled_lambda::catalog().schemas(),
                                                          &scheduled_lambda::catalog().rules());
    for (const auto& e : errors) UNSCOPED_INFO(e);
    CHECK(errors.empty());
}

TEST_CASE("the canary adds its resources to the seed's dev stack and changes nothing else") {
    auto with_canary = resource_counts(scheduled_lambda::catalog(), "dev");
    const auto seed = resource_counts(crud_api::stacks::builtin_catalog(), "dev");
    // Function, log group, role, role policy, rule, target, permission.
    const std::map<std::string, std::size_t> added{
        {"aws_cloudwatch_event_rule", 1}, {"aws_cloudwatch_event_target", 1}, {"aws_cloudwatch_log_group", 1},
        {"aws_iam_role", 1},              {"aws_iam_role_policy", 1},         {"aws_lambda_function", 1},
        {"aws_lambda_permission", 1},
    };
    for (const auto& [type, n] : added) {
        INFO(type);
        REQUIRE(with_canary[type] >= n);
        with_canary[type] -= n;
        if (with_canary[type] == 0) with_canary.erase(type);
    }
    CHECK(with_canary == seed);
}

TEST_CASE("the canary needs the environment's REST API") {
    infra::App app;
    auto& empty = app.add<infra::Stack>("empty");
    CHECK_THROWS_WITH(scheduled_lambda::add_api_canary(empty, crud_api::stacks::dev_settings()),
                      Catch::Contains("no REST API (construct \"api\")"));
}
