#include "api_gateway/rest_api.hpp"
#include "api_gateway/account_logging.hpp"

#include <set>
#include <string>
#include <vector>

#include "infra/aws/lambda_function.hpp"
#include "infra/error.hpp"
#include "infra/output.hpp"
#include "module_test_support.hpp"

using module_test::reference;
using module_test::resource;
using nlohmann::json;

namespace {

// A stack with one minimal Lambda function per method to route to, so the
// tests follow references to them instead of comparing literals.
struct ApiFixture {
    module_test::TestStack t;

    infra::aws::LambdaFunction& function(const std::string& id) {
        return t.stack.add<infra::aws::LambdaFunction>(
            id, infra::aws::LambdaFunctionArgs{.function_name = id, .role = "arn:aws:iam::123456789012:role/r"});
    }
    std::vector<crud_api::modules::ApiRoute> routes(const std::vector<std::string>& methods) {
        std::vector<crud_api::modules::ApiRoute> out;
        for (const auto& method : methods) {
            auto& fn = function("fn_" + method);
            out.push_back(crud_api::modules::ApiRoute{
                .http_method = method, .function_name = fn.function_name(), .invoke_arn = fn.invoke_arn()});
        }
        return out;
    }
    crud_api::modules::RestApiProps props() {
        return crud_api::modules::RestApiProps{.name_prefix = "csr-dev", .routes = routes({"GET", "POST", "DELETE"})};
    }
    crud_api::modules::RestApi& add(crud_api::modules::RestApiProps p) {
        return t.stack.add<crud_api::modules::RestApi>("api", std::move(p));
    }
    crud_api::modules::RestApi& add() { return add(props()); }
};

std::string usage_error(crud_api::modules::RestApiProps props) {
    return module_test::usage_error<crud_api::modules::RestApi>("api", std::move(props));
}

crud_api::modules::ApiRoute route(const std::string& method) {
    return crud_api::modules::ApiRoute{.http_method = method,
                                    .function_name = "fn",
                                    .invoke_arn = "arn:aws:apigateway:us-east-1:lambda:path/fn/invocations"};
}

const std::vector<std::string> kMethods{"GET", "POST", "DELETE"};

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

TEST_CASE("api_gateway: a regional REST API with one resource under the root") {
    ApiFixture f;
    f.add();
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_api_gateway_rest_api") == 1);
    const auto& api = resource(doc, "aws_api_gateway_rest_api", "api_api");
    CHECK(api.at("name") == "csr-dev-api");
    CHECK(api.at("endpoint_configuration").at("types") == json::array({"REGIONAL"}));
    CHECK(api.at("tags").at("Name") == "csr-dev-api");

    REQUIRE(module_test::count_of_type(doc, "aws_api_gateway_resource") == 1);
    const auto& res = resource(doc, "aws_api_gateway_resource", "api_resource");
    CHECK(res.at("path_part") == "animals");
    CHECK(res.at("parent_id") == reference("aws_api_gateway_rest_api", "api_api", "root_resource_id"));
    CHECK(res.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
}

TEST_CASE("api_gateway: each route is a public method with an AWS_PROXY integration to its function") {
    ApiFixture f;
    f.add();
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_api_gateway_method") == 3);
    REQUIRE(module_test::count_of_type(doc, "aws_api_gateway_integration") == 3);
    for (const auto& method : kMethods) {
        INFO(method);
        const std::string id = "api_" + lower(method);
        const auto& m = resource(doc, "aws_api_gateway_method", id + "_method");
        CHECK(m.at("http_method") == method);
        CHECK(m.at("authorization") == "NONE");
        CHECK(m.at("resource_id") == reference("aws_api_gateway_resource", "api_resource", "id"));
        CHECK(m.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));

        const auto& i = resource(doc, "aws_api_gateway_integration", id + "_integration");
        CHECK(i.at("type") == "AWS_PROXY");
        CHECK(i.at("integration_http_method") == "POST");
        CHECK(i.at("http_method") == reference("aws_api_gateway_method", id + "_method", "http_method"));
        CHECK(i.at("resource_id") == reference("aws_api_gateway_resource", "api_resource", "id"));
        CHECK(i.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
        CHECK(i.at("uri") == reference("aws_lambda_function", "fn_" + method, "invoke_arn"));
    }
}

TEST_CASE("api_gateway: each Lambda permission lets only its method of the resource on this API invoke") {
    ApiFixture f;
    auto p = f.props();
    p.path_part = "pets";
    f.add(p);
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_lambda_permission") == 3);
    std::set<std::string> statement_ids;
    for (const auto& method : kMethods) {
        INFO(method);
        const auto& perm = resource(doc, "aws_lambda_permission", "api_" + lower(method) + "_permission");
        CHECK(perm.at("action") == "lambda:InvokeFunction");
        CHECK(perm.at("principal") == "apigateway.amazonaws.com");
        CHECK(perm.at("function_name") == reference("aws_lambda_function", "fn_" + method, "function_name"));
        CHECK(perm.at("source_arn") ==
              reference("aws_api_gateway_rest_api", "api_api", "execution_arn") + "/*/" + method + "/pets");
        statement_ids.insert(perm.at("statement_id").get<std::string>());
    }
    // Unique, so two routes to the same function do not collide.
    CHECK(statement_ids.size() == 3);
}

TEST_CASE("api_gateway: the deployment is redone when the resource, a method or an integration changes") {
    ApiFixture f;
    f.add();
    const auto doc = f.t.synth();
    const auto& deployment = resource(doc, "aws_api_gateway_deployment", "api_deployment");
    CHECK(deployment.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
    CHECK(deployment.at("lifecycle").at("create_before_destroy") == true);
    const std::string trigger = deployment.at("triggers").at("redeployment");
    CHECK(trigger.rfind("${sha1(jsonencode([", 0) == 0);
    CHECK(trigger.find("aws_api_gateway_resource.api_resource.id") != std::string::npos);
    std::size_t covered = 0;
    for (const auto& type : {"aws_api_gateway_method", "aws_api_gateway_integration"})
        for (const auto& [id, body] : doc.at("resource").at(type).items()) {
            INFO(id);
            CHECK(trigger.find(std::string(type) + "." + id + ".id") != std::string::npos);
            ++covered;
        }
    CHECK(covered == 6);
    // An integration re-pointed in place (same id) also needs a new deployment.
    for (const auto& method : kMethods)
        CHECK(trigger.find("aws_api_gateway_integration.api_" + lower(method) + "_integration.uri") !=
              std::string::npos);
}

TEST_CASE("api_gateway: the stage serves the deployment and writes JSON access logs to its log group") {
    ApiFixture f;
    auto p = f.props();
    p.stage_name = "prod";
    p.log_retention_days = 90;
    f.add(p);
    const auto doc = f.t.synth();
    const auto& stage = resource(doc, "aws_api_gateway_stage", "api_stage");
    CHECK(stage.at("stage_name") == "prod");
    CHECK(stage.at("deployment_id") == reference("aws_api_gateway_deployment", "api_deployment", "id"));
    CHECK(stage.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
    CHECK(stage.at("xray_tracing_enabled") == false);
    CHECK(stage.at("tags").contains("Name"));

    REQUIRE(module_test::count_of_type(doc, "aws_cloudwatch_log_group") == 1);
    const auto& logs = resource(doc, "aws_cloudwatch_log_group", "api_access_logs");
    CHECK(logs.at("name") == "/aws/apigateway/csr-dev-api");
    CHECK(logs.at("retention_in_days") == 90);
    const auto& access = stage.at("access_log_settings");
    CHECK(access.at("destination_arn") == reference("aws_cloudwatch_log_group", "api_access_logs", "arn"));
    const json format = json::parse(access.at("format").get<std::string>());
    for (const char* field :
         {"requestId", "ip", "requestTime", "httpMethod", "resourcePath", "status", "protocol", "responseLength"}) {
        INFO(field);
        REQUIRE(format.contains(field));
        CHECK(format.at(field).get<std::string>().rfind("$context.", 0) == 0);
    }
    CHECK(format.at("ip") == "$context.identity.sourceIp");
}

TEST_CASE("api_gateway: method settings throttle and measure every method of the stage") {
    ApiFixture f;
    auto p = f.props();
    p.throttling_rate_limit = 12.5;
    p.throttling_burst_limit = 25;
    f.add(p);
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_api_gateway_method_settings") == 1);
    const auto& settings = resource(doc, "aws_api_gateway_method_settings", "api_method_settings");
    CHECK(settings.at("method_path") == "*/*");
    CHECK(settings.at("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
    CHECK(settings.at("stage_name") == reference("aws_api_gateway_stage", "api_stage", "stage_name"));
    CHECK(settings.at("settings") ==
          json({{"metrics_enabled", true}, {"throttling_rate_limit", 12.5}, {"throttling_burst_limit", 25}}));
}

// aws_api_gateway_account is one per account and region: a REST API that
// set it would overwrite, and on destroy break, every other stack's logging.
TEST_CASE("api_gateway: the REST API leaves the account's logging role to the account-level stack") {
    ApiFixture f;
    f.add(f.props());
    const auto doc = f.t.synth();
    CHECK(module_test::count_of_type(doc, "aws_api_gateway_account") == 0);
    CHECK(module_test::count_of_type(doc, "aws_iam_role") == 0);
    CHECK_FALSE(resource(doc, "aws_api_gateway_stage", "api_stage").contains("depends_on"));
}

TEST_CASE("api_gateway: account logging sets the account's CloudWatch role, once") {
    module_test::TestStack t;
    auto& logging = t.stack.add<crud_api::modules::ApiGatewayAccountLogging>(
        "logging", crud_api::modules::ApiGatewayAccountLoggingProps{.role_name = "csr-apigateway-logs"});
    const auto doc = t.synth();
    CHECK(module_test::count_of_type(doc, "aws_api_gateway_account") == 1);
    const auto& role = resource(doc, "aws_iam_role", "logging_role");
    CHECK(role.at("name") == "csr-apigateway-logs");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.logging_trust_policy.json}");
    const auto& trust = doc.at("data").at("aws_iam_policy_document").at("logging_trust_policy").at("statement");
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({"apigateway.amazonaws.com"}));
    const auto& attachment = resource(doc, "aws_iam_role_policy_attachment", "logging_policy");
    CHECK(attachment.at("policy_arn") ==
          "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs");
    CHECK(attachment.at("role") == reference("aws_iam_role", "logging_role", "name"));
    const auto& account = resource(doc, "aws_api_gateway_account", "logging_account");
    CHECK(account.at("cloudwatch_role_arn") == reference("aws_iam_role", "logging_role", "arn"));
    // API Gateway checks the role can write logs when it is set.
    CHECK(account.at("depends_on") == json::array({"aws_iam_role_policy_attachment.logging_policy"}));
    CHECK(logging.role_arn().value().as_expr().node().text == "arn");
}

TEST_CASE("api_gateway: account logging refuses a role name IAM would") {
    for (const std::string& name : {std::string(), std::string(65, 'a'), std::string("csr/logs")}) {
        module_test::TestStack t;
        CHECK_THROWS_WITH(t.stack.add<crud_api::modules::ApiGatewayAccountLogging>(
                              "logging", crud_api::modules::ApiGatewayAccountLoggingProps{.role_name = name}),
                          module_test::props_error("test/logging: role_name \"" + name +
                                                   "\" must be 1 to 64 letters, digits or \"+=,.@_-\" (IAM role names)"));
    }
}

TEST_CASE("api_gateway: routes may be a subset of the methods") {
    ApiFixture f;
    auto p = f.props();
    p.routes = f.routes({"PUT"});
    f.add(p);
    const auto doc = f.t.synth();
    CHECK(module_test::count_of_type(doc, "aws_api_gateway_method") == 1);
    CHECK(resource(doc, "aws_api_gateway_method", "api_put_method").at("http_method") == "PUT");
    CHECK(resource(doc, "aws_lambda_permission", "api_put_permission").at("source_arn") ==
          reference("aws_api_gateway_rest_api", "api_api", "execution_arn") + "/*/PUT/animals");
}

TEST_CASE("api_gateway: accessors reference the stage and the API") {
    ApiFixture f;
    auto& api = f.add();
    auto output = [&](const std::string& id, infra::Value v) {
        f.t.stack.add<infra::Output>(id, infra::OutputConfig{.value = std::move(v)});
    };
    output("invoke_url", api.invoke_url());
    output("resource_url", api.resource_url());
    output("rest_api_id", api.rest_api_id());
    output("execution_arn", api.execution_arn());
    output("stage_name", api.stage_name());
    const auto doc = f.t.synth();
    auto value = [&](const std::string& id) { return doc.at("output").at(id).at("value"); };
    CHECK(value("invoke_url") == reference("aws_api_gateway_stage", "api_stage", "invoke_url"));
    CHECK(value("resource_url") == reference("aws_api_gateway_stage", "api_stage", "invoke_url") + "/animals");
    CHECK(value("rest_api_id") == reference("aws_api_gateway_rest_api", "api_api", "id"));
    CHECK(value("execution_arn") == reference("aws_api_gateway_rest_api", "api_api", "execution_arn"));
    CHECK(value("stage_name") == reference("aws_api_gateway_stage", "api_stage", "stage_name"));
}

TEST_CASE("api_gateway: bad props are usage errors naming the module and the prop") {
    crud_api::modules::RestApiProps p{.name_prefix = "csr-dev", .routes = {route("GET"), route("POST")}};
    std::string expected;
    SECTION("empty name_prefix") {
        p.name_prefix = "";
        expected = "test/api: name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"";
    }
    SECTION("name_prefix with a bad character") {
        p.name_prefix = "csr/dev";
        expected = "test/api: name_prefix \"csr/dev\" may hold only letters, digits and '-'";
    }
    SECTION("no routes") {
        p.routes.clear();
        expected = "test/api: routes is empty; give at least one method and its function";
    }
    SECTION("unsupported method") {
        p.routes.push_back(route("HEAD"));
        expected = "test/api: routes has method \"HEAD\"; expected GET, POST, PUT, PATCH or DELETE";
    }
    SECTION("lowercase method") {
        p.routes = {route("get")};
        expected = "test/api: routes has method \"get\"; expected GET, POST, PUT, PATCH or DELETE";
    }
    SECTION("duplicate method") {
        p.routes.push_back(route("GET"));
        expected = "test/api: routes has method GET twice";
    }
    SECTION("route without a function name") {
        p.routes[1].function_name = "";
        expected = "test/api: route POST has no function_name";
    }
    SECTION("route without an invoke ARN") {
        p.routes[0].invoke_arn = "";
        expected = "test/api: route GET has no invoke_arn";
    }
    SECTION("path_part with a slash") {
        p.path_part = "v1/animals";
        expected = "test/api: path_part \"v1/animals\" must be one path segment of letters, digits, '.', '_' or '-'";
    }
    SECTION("empty stage name") {
        p.stage_name = "";
        expected = "test/api: stage_name \"\" must be 1 to 128 letters, digits, '_' or '-'";
    }
    SECTION("log retention not accepted by CloudWatch") {
        p.log_retention_days = 15;
        expected = "test/api: log_retention_days 15 is not one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, "
                   "120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)";
    }
    SECTION("zero rate limit") {
        p.throttling_rate_limit = 0;
        expected = "test/api: throttling_rate_limit 0 must be above 0 requests per second";
    }
    SECTION("zero burst limit") {
        p.throttling_burst_limit = 0;
        expected = "test/api: throttling_burst_limit 0 must be at least 1";
    }
    CHECK(usage_error(p) == expected);
}

TEST_CASE("api_gateway: a long name_prefix is fine: the API names no IAM role") {
    crud_api::modules::RestApiProps p{.name_prefix = std::string(50, 'a'), .routes = {route("GET")}};
    CHECK(usage_error(p) == "(no error)");
}
