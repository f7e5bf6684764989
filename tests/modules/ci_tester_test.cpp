#include <set>
#include <string>

#include "ci_tester/ci_tester.hpp"
#include "ci_tester/rds_connect_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/resource.hpp"
#include "infra/error.hpp"
#include "module_test_support.hpp"

namespace {

using infra::modules::CiTester;
using infra::modules::CiTesterProps;
using module_test::count_of_type;
using module_test::reference;
using module_test::resource;
using nlohmann::json;

const std::string kAdmin = "arn:aws:iam::123456789012:user/admin";

const json& statements(const json& doc, const std::string& id) {
    return doc.at("data").at("aws_iam_policy_document").at(id).at("statement");
}

const json* statement_with_sid(const json& list, const std::string& sid) {
    for (const auto& s : list)
        if (s.value("sid", "") == sid) return &s;
    return nullptr;
}

}  // namespace

TEST_CASE("ci tester: a role the given principals may assume, read-only plus the managed ReadOnlyAccess") {
    module_test::TestStack t;
    auto& tester = t.stack.add<CiTester>(
        "ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin, "arn:aws:iam::123456789012:role/dev"}});
    const auto doc = t.synth();

    const auto& role = resource(doc, "aws_iam_role", "ci_tester_role");
    CHECK(role.at("name") == "app-dev-ci-tester");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.ci_tester_trust_policy.json}");
    const auto& trust = statements(doc, "ci_tester_trust_policy");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("actions") == json::array({"sts:AssumeRole"}));
    CHECK(trust[0].at("principals")[0].at("type") == "AWS");
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({kAdmin, "arn:aws:iam::123456789012:role/dev"}));
    CHECK_FALSE(trust[0].contains("condition"));

    const auto& attachment = resource(doc, "aws_iam_role_policy_attachment", "ci_tester_read_only_access");
    CHECK(attachment.at("policy_arn") == "arn:aws:iam::aws:policy/ReadOnlyAccess");
    CHECK(attachment.at("role") == reference("aws_iam_role", "ci_tester_role", "name"));

    const auto& inline_policy = resource(doc, "aws_iam_role_policy", "ci_tester_inline_policy");
    CHECK(inline_policy.at("role") == reference("aws_iam_role", "ci_tester_role", "name"));
    CHECK(inline_policy.at("policy") == "${data.aws_iam_policy_document.ci_tester_inline_policy_document.json}");

    // Nothing in the inline policy creates, changes or deletes a resource of
    // the application: every action on "*" reads.
    for (const auto& s : statements(doc, "ci_tester_inline_policy_document")) {
        CHECK(s.at("effect") == "Allow");
        if (s.at("resources") != json::array({"*"})) continue;
        for (const auto& action : s.at("actions")) {
            const auto a = action.get<std::string>();
            const auto verb = a.substr(a.find(':') + 1);
            const bool reads = verb.rfind("Describe", 0) == 0 || verb.rfind("Get", 0) == 0 ||
                               verb.rfind("List", 0) == 0 || verb == "FilterLogEvents" || verb == "GET";
            CHECK(reads);
        }
    }
    CHECK(tester.role_arn().value().as_expr().node().target == tester.find_child("role")->as_element());
    CHECK(tester.role_name().value().as_expr().node().text == "name");
}

TEST_CASE("ci tester: require_mfa adds the MultiFactorAuthPresent condition") {
    module_test::TestStack t;
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin}, .require_mfa = true});
    const auto doc = t.synth();
    const auto& trust = statements(doc, "ci_tester_trust_policy");
    REQUIRE(trust[0].at("condition").size() == 1);
    CHECK(trust[0].at("condition")[0].at("test") == "Bool");
    CHECK(trust[0].at("condition")[0].at("variable") == "aws:MultiFactorAuthPresent");
    CHECK(trust[0].at("condition")[0].at("values") == json::array({"true"}));
}

TEST_CASE("ci tester: the state may be read and locked, never written") {
    module_test::TestStack t;
    auto& bucket = t.stack.add<infra::Resource>("state", "aws_s3_bucket");
    bucket.set("bucket", "app-tf-state");
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin},
                                                     .state_bucket_arn = bucket.str_attr("arn")});
    const auto doc = t.synth();
    const auto& list = statements(doc, "ci_tester_inline_policy_document");
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

TEST_CASE("ci tester: sessions only to this environment's bastion") {
    module_test::TestStack t;
    t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin}});
    const auto doc = t.synth();
    const auto* session = statement_with_sid(statements(doc, "ci_tester_inline_policy_document"), "SessionToBastion");
    REQUIRE(session != nullptr);
    CHECK(session->at("actions") == json::array({"ssm:StartSession"}));
    CHECK(session->at("condition")[0].at("variable") == "ssm:resourceTag/Name");
    CHECK(session->at("condition")[0].at("values") == json::array({"app-dev-bastion"}));
    const auto* secrets = statement_with_sid(statements(doc, "ci_tester_inline_policy_document"), "ReadEnvironmentSecretValues");
    REQUIRE(secrets != nullptr);
    CHECK(secrets->at("resources") == json::array({"arn:aws:secretsmanager:*:*:secret:app-dev-*"}));
}

TEST_CASE("ci tester: rds_connect_policy allows rds-db:connect on exactly one database user") {
    module_test::TestStack t;
    auto& tester = t.stack.add<CiTester>("ci_tester", CiTesterProps{.name_prefix = "app-dev", .principals = {kAdmin}});
    const infra::Str user_arn = "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0abc/iam_token_user";
    auto& policy = infra::modules::rds_connect_policy(t.stack, "rds_connect", "app-dev-rds-connect", user_arn);
    t.stack.add<infra::aws::IamRolePolicyAttachment>(
        "ci_tester_rds_connect", infra::aws::IamRolePolicyAttachmentArgs{.policy_arn = policy.arn(), .role = tester.role_name()});
    const auto doc = t.synth();

    const auto& body = resource(doc, "aws_iam_policy", "rds_connect");
    CHECK(body.at("name") == "app-dev-rds-connect");
    CHECK(body.at("policy") == "${data.aws_iam_policy_document.rds_connect_document.json}");
    CHECK(body.at("tags").at("Name") == "app-dev-rds-connect");
    const auto& list = statements(doc, "rds_connect_document");
    REQUIRE(list.size() == 1);
    CHECK(list[0].at("effect") == "Allow");
    CHECK(list[0].at("actions") == json::array({"rds-db:connect"}));
    CHECK(list[0].at("resources") == json::array({"arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0abc/iam_token_user"}));
    CHECK(resource(doc, "aws_iam_role_policy_attachment", "ci_tester_rds_connect").at("policy_arn") ==
          reference("aws_iam_policy", "rds_connect", "arn"));
    CHECK(count_of_type(doc, "aws_iam_role_policy_attachment") == 2);

    CHECK_THROWS_WITH(infra::modules::rds_connect_policy(t.stack, "bad", "", user_arn),
                      module_test::props_error("test/bad: rds_connect_policy name is empty"));
    CHECK_THROWS_WITH(infra::modules::rds_connect_policy(t.stack, "bad", "n", ""),
                      module_test::props_error("test/bad: rds_connect_policy db_user_arn is empty"));
    CHECK_THROWS_AS(infra::modules::rds_connect_policy(t.stack, "bad", "n", "arn:aws:rds-db:*:*:dbuser:*/*"),
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
                                               "\"cloud-serverless-rds-dev\""));
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
