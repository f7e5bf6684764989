#include <set>
#include <string>

#include "ci_tester/ci_tester.hpp"
#include "ci_tester/database_tester_role.hpp"
#include "ci_tester/rds_connect_policy.hpp"
#include "infra/rules/policy_statement.hpp"
#include "infra/resource.hpp"
#include "infra/error.hpp"
#include "module_test_support.hpp"

namespace {

using crud_api::modules::CiTester;
using crud_api::modules::CiTesterProps;
using crud_api::modules::DatabaseTesterRole;
using crud_api::modules::DatabaseTesterRoleProps;
using namespace module_test;
using nlohmann::json;

const std::string kAdmin = "arn:aws:iam::123456789012:user/admin";

}  // namespace

TEST_CASE("ci tester: a role the given principals may assume with MFA, with an explicit read list") {
    module_test::TestStack t;
    auto& tester = t.stack.add<CiTester>(
        "ci_tester", CiTesterProps{.name_prefix = "app", .principals = {kAdmin, "arn:aws:iam::123456789012:role/dev"}});
    const auto doc = t.synth();

    const auto& role = resource(doc, "aws_iam_role", "ci_tester_role");
    CHECK(role.at("name") == "app-ci-tester");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.ci_tester_trust_policy.json}");
    const auto& trust = policy_statements(doc, "ci_tester_trust_policy");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("actions") == json::array({"sts:AssumeRole"}));
    CHECK(trust[0].at("principals")[0].at("type") == "AWS");
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({kAdmin, "arn:aws:iam::123456789012:role/dev"}));
    // Named principals too: MFA is on by default.
    REQUIRE(trust[0].at("condition").size() == 1);
    CHECK(trust[0].at("condition")[0].at("variable") == "aws:MultiFactorAuthPresent");

    // No managed policy: ReadOnlyAccess would read every bucket's objects and
    // every SSM parameter of the account.
    CHECK(count_of_type(doc, "aws_iam_role_policy_attachment") == 0);
    const auto& inline_policy = resource(doc, "aws_iam_role_policy", "ci_tester_inline_policy");
    CHECK(inline_policy.at("role") == reference("aws_iam_role", "ci_tester_role", "name"));
    CHECK(inline_policy.at("policy") == "${data.aws_iam_policy_document.ci_tester_inline_policy_document.json}");

    // Nothing creates, changes or deletes a resource of the application:
    // every action on "*" reads; no secret value, no S3 object outside the
    // state, no SSM parameter of the account.
    for (const auto& s : policy_statements(doc, "ci_tester_inline_policy_document")) {
        CHECK(s.at("effect") == "Allow");
        for (const auto& action : s.at("actions")) {
            const auto a = action.get<std::string>();
            CHECK(a != "secretsmanager:GetSecretValue");
            CHECK(a != "ssm:Get*");
            if (s.at("resources") != json::array({"*"})) continue;
            const auto verb = a.substr(a.find(':') + 1);
            const bool reads = verb.rfind("Describe", 0) == 0 || verb.rfind("Get", 0) == 0 ||
                               verb.rfind("List", 0) == 0 || verb == "GET";
            INFO(a);
            CHECK(reads);
            CHECK(a.rfind("s3:", 0) != 0);
        }
    }
    const auto* tester_roles = statement_with_sid(policy_statements(doc, "ci_tester_inline_policy_document"),
                                                  "AssumeDatabaseTesterRoles");
    REQUIRE(tester_roles != nullptr);
    CHECK(tester_roles->at("resources") == json::array({"arn:aws:iam::*:role/app-*-db-tester"}));
    CHECK(tester.role_arn().value().as_expr().node().target == tester.find_child("role")->as_element());
    CHECK(tester.role_name().value().as_expr().node().text == "name");
}

TEST_CASE("ci tester: require_mfa false drops the MultiFactorAuthPresent condition") {
    module_test::TestStack t;
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app", .principals = {kAdmin}, .require_mfa = false});
    const auto doc = t.synth();
    CHECK_FALSE(policy_statements(doc, "ci_tester_trust_policy")[0].contains("condition"));
}

TEST_CASE("ci tester: the state may be read and locked, never written") {
    module_test::TestStack t;
    auto& bucket = t.stack.add<infra::Resource>("state", "aws_s3_bucket");
    bucket.set("bucket", "app-tf-state");
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin},
                                                     .state_bucket_arn = bucket.str_attr("arn")});
    const auto doc = t.synth();
    const auto& list = policy_statements(doc, "ci_tester_inline_policy_document");
    const std::string arn = reference("aws_s3_bucket", "state", "arn");

    const auto* read = statement_with_sid(list, "ReadState");
    REQUIRE(read != nullptr);
    CHECK(read->at("actions") == json::array({"s3:GetObject"}));
    CHECK(read->at("resources") == json::array({arn + "/*"}));
    const auto* locks = statement_with_sid(list, "StateLockFiles");
    REQUIRE(locks != nullptr);
    CHECK(locks->at("actions") == json::array({"s3:PutObject", "s3:DeleteObject"}));
    CHECK(locks->at("resources") == json::array({arn + "/*.tflock"}));
    // PutObject appears nowhere else.
    for (const auto& s : list)
        if (s.value("sid", "") != "StateLockFiles")
            for (const auto& action : s.at("actions")) CHECK(action != "s3:PutObject");
}

TEST_CASE("ci tester: sessions only to the project's bastions") {
    module_test::TestStack t;
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app", .principals = {kAdmin}});
    const auto doc = t.synth();
    const auto* session = statement_with_sid(policy_statements(doc, "ci_tester_inline_policy_document"), "SessionToBastion");
    REQUIRE(session != nullptr);
    CHECK(session->at("actions") == json::array({"ssm:StartSession"}));
    CHECK(session->at("condition")[0].at("variable") == "ssm:resourceTag/Name");
    CHECK(session->at("condition")[0].at("values") == json::array({"app-*-bastion"}));
}

TEST_CASE("ci tester: an environment's db-tester role, assumed by the ci-tester role, connects as one database user") {
    module_test::TestStack t;
    auto& tester = t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app", .principals = {kAdmin}});
    const infra::Str user_arn = "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0abc/iam_token_user";
    auto& policy = crud_api::modules::rds_connect_policy(t.stack, "rds_connect", "app-dev-rds-connect", user_arn);
    t.stack.add<DatabaseTesterRole>("db_tester", DatabaseTesterRoleProps{.name_prefix = "app-dev",
                                                                        .tester_role_arn = tester.role_arn(),
                                                                        .connect_policy_arn = policy.arn()});
    const auto doc = t.synth();

    const auto& role = resource(doc, "aws_iam_role", "db_tester_role");
    CHECK(role.at("name") == "app-dev-db-tester");
    // The name the ci-tester role may assume.
    CHECK(infra::rules::iam_pattern_matches("app-*-db-tester", role.at("name").get<std::string>()));
    const auto& trust = policy_statements(doc, "db_tester_trust_policy");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("actions") == json::array({"sts:AssumeRole"}));
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({reference("aws_iam_role", "ci_tester_role", "arn")}));

    const auto& body = resource(doc, "aws_iam_policy", "rds_connect");
    CHECK(body.at("name") == "app-dev-rds-connect");
    CHECK(body.at("policy") == "${data.aws_iam_policy_document.rds_connect_document.json}");
    CHECK(body.at("tags").at("Name") == "app-dev-rds-connect");
    const auto& list = policy_statements(doc, "rds_connect_document");
    REQUIRE(list.size() == 1);
    CHECK(list[0].at("effect") == "Allow");
    CHECK(list[0].at("actions") == json::array({"rds-db:connect"}));
    CHECK(list[0].at("resources") == json::array({"arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0abc/iam_token_user"}));
    const auto& attachment = resource(doc, "aws_iam_role_policy_attachment", "db_tester_rds_connect");
    CHECK(attachment.at("policy_arn") == reference("aws_iam_policy", "rds_connect", "arn"));
    CHECK(attachment.at("role") == reference("aws_iam_role", "db_tester_role", "name"));
    CHECK(count_of_type(doc, "aws_iam_role_policy_attachment") == 1);

    CHECK_THROWS_WITH(crud_api::modules::rds_connect_policy(t.stack, "bad", "", user_arn),
                      module_test::props_error("test/bad: rds_connect_policy name is empty"));
    CHECK_THROWS_WITH(crud_api::modules::rds_connect_policy(t.stack, "bad", "n", ""),
                      module_test::props_error("test/bad: rds_connect_policy db_user_arn is empty"));
    CHECK_THROWS_AS(crud_api::modules::rds_connect_policy(t.stack, "bad", "n", "arn:aws:rds-db:*:*:dbuser:*/*"),
                    infra::UsageError);
}

TEST_CASE("ci tester: bad props are usage errors naming the module and the prop") {
    module_test::TestStack t;
    auto make = [&](CiTesterProps props) { t.stack.add<CiTester>("ci_tester", std::move(props)); };
    CHECK_THROWS_MATCHES(make({.name_prefix = "app-dev"}), infra::UsageError,
                         module_test::props_error_message("test/ci_tester: principals is empty; give the ARNs of the "
                                                          "users or roles that may assume the role"));
    CHECK_THROWS_WITH(make({.name_prefix = "", .principals = {kAdmin}}),
                      module_test::props_error("test/ci_tester: name_prefix is empty; give e.g. "
                                               "\"cloud-serverless-rds\""));
    CHECK_THROWS_WITH(make({.name_prefix = "app-dev", .principals = {"*"}}),
                      module_test::props_error("test/ci_tester: principals holds \"*\"; a wildcard would let anyone "
                                               "assume the role"));
    CHECK_THROWS_WITH(make({.name_prefix = "app-dev", .principals = {""}}),
                      module_test::props_error("test/ci_tester: principals holds an empty ARN"));
    CHECK_THROWS_WITH(make({.name_prefix = "app-dev", .principals = {"admin"}}),
                      module_test::props_error("test/ci_tester: principals holds \"admin\", neither an ARN nor a "
                                               "12-digit account id"));
    CHECK_NOTHROW(make({.name_prefix = "app-dev", .principals = {"123456789012"}}));
}
