// The policy pieces of modules/iam/ that several modules share: each is
// checked once here, the modules' own tests check where they use them.
#include <string>
#include <vector>

#include "iam/inline_role_policy.hpp"
#include "iam/project_iam_resources.hpp"
#include "iam/terraform_state_access.hpp"
#include "iam/vpc_function_role.hpp"
#include "iam/xray_write_traces.hpp"
#include "module_test_support.hpp"

using module_test::resource;
using nlohmann::json;

namespace {

json statement_json(infra::aws::data::IamPolicyDocumentArgs::Statement statement) {
    module_test::TestStack t;
    t.stack.add<infra::aws::data::IamPolicyDocument>(
        "document", infra::aws::data::IamPolicyDocumentArgs{.statement = {std::move(statement)}});
    return t.synth().at("data").at("aws_iam_policy_document").at("document").at("statement").at(0);
}

}  // namespace

TEST_CASE("iam: an inline role policy is a policy document and the role policy that holds its JSON") {
    module_test::TestStack t;
    auto& policy = crud_api::modules::inline_role_policy(t.stack, {.document_id = "permissions_document",
                                                                .policy_id = "permissions",
                                                                .name = "app-dev-permissions",
                                                                .role = "app-dev-role",
                                                                .statements = {crud_api::modules::write_xray_traces()}});
    const auto doc = t.synth();
    const auto& body = resource(doc, "aws_iam_role_policy", "permissions");
    CHECK(body.at("name") == "app-dev-permissions");
    CHECK(body.at("role") == "app-dev-role");
    CHECK(body.at("policy") == "${data.aws_iam_policy_document.permissions_document.json}");
    CHECK(doc.at("data").at("aws_iam_policy_document").at("permissions_document").at("statement").size() == 1);
    CHECK(policy.construct_id() == "permissions");
}

TEST_CASE("iam: traces are written to X-Ray on \"*\", the only resource its write actions take") {
    const auto statement = statement_json(crud_api::modules::write_xray_traces());
    CHECK(statement.at("sid") == "WriteTraces");
    CHECK(statement.at("effect") == "Allow");
    CHECK(statement.at("actions") == json::array({"xray:PutTelemetryRecords", "xray:PutTraceSegments"}));
    CHECK(statement.at("resources") == json::array({"*"}));
}

TEST_CASE("iam: the state bucket's configuration is read on the bucket only, and not without a bucket") {
    CHECK(crud_api::modules::state_bucket_configuration_statements(infra::Str()).empty());
    CHECK(crud_api::modules::state_bucket_configuration_statements(infra::Str("")).empty());
    auto statements = crud_api::modules::state_bucket_configuration_statements(infra::Str("arn:aws:s3:::app-tfstate"));
    REQUIRE(statements.size() == 1);
    const auto statement = statement_json(std::move(statements[0]));
    CHECK(statement.at("sid") == "ReadStateBucketConfiguration");
    CHECK(statement.at("actions") ==
          json::array({"s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration"}));
    CHECK(statement.at("resources") == json::array({"arn:aws:s3:::app-tfstate"}));
}

TEST_CASE("iam: the project's IAM resources are its roles, instance profiles and policies, read without writes") {
    const auto arns = crud_api::modules::project_iam_resource_arns("app-dev-*");
    REQUIRE(arns.size() == 3);
    CHECK(arns[0].value().as_string() == "arn:aws:iam::*:role/app-dev-*");
    CHECK(arns[1].value().as_string() == "arn:aws:iam::*:instance-profile/app-dev-*");
    CHECK(arns[2].value().as_string() == "arn:aws:iam::*:policy/app-dev-*");
    const auto reads = crud_api::modules::project_iam_read_actions();
    CHECK(std::is_sorted(reads.begin(), reads.end()));
    for (const auto& action : reads) {
        INFO(action);
        CHECK((action.starts_with("iam:Get") || action.starts_with("iam:List")));
    }
}

TEST_CASE("iam: a VPC function's role has Lambda's trust, VPC access and its own statements, X-Ray's when traced") {
    module_test::TestStack t;
    const auto [role, grants] = crud_api::modules::vpc_function_role(
        t.stack, {.role_name = "app-dev-fn-role",
                  .description = "Execution role of fn",
                  .policy_name = "app-dev-fn",
                  .statements = {{.actions = infra::List<infra::Str>{"rds-db:connect"},
                                  .effect = "Allow",
                                  .sid = "Connect"}},
                  .xray_tracing = true});
    CHECK(role->construct_id() == "role");
    REQUIRE(grants.size() == 2);
    const auto doc = t.synth();
    CHECK(resource(doc, "aws_iam_role", "role").at("name") == "app-dev-fn-role");
    CHECK(resource(doc, "aws_iam_role_policy_attachment", "vpc_access").at("policy_arn") ==
          "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    CHECK(resource(doc, "aws_iam_role_policy", "role_policy").at("name") == "app-dev-fn");
    const auto& statements = doc.at("data").at("aws_iam_policy_document").at("role_policy_document").at("statement");
    REQUIRE(statements.size() == 2);
    CHECK(statements[0].at("sid") == "Connect");
    CHECK(statements[1].at("sid") == "WriteTraces");
    const auto& trust = doc.at("data").at("aws_iam_policy_document").at("role_trust").at("statement")[0];
    CHECK(trust.at("principals")[0].at("identifiers") == json::array({"lambda.amazonaws.com"}));
}
