#include <set>
#include <string>

#include "github_oidc/github_oidc.hpp"
#include "infra/resource.hpp"
#include "infra/error.hpp"
#include "module_test_support.hpp"

namespace {

using infra::modules::GithubOidc;
using infra::modules::GithubOidcProps;
using module_test::count_of_type;
using module_test::reference;
using module_test::resource;
using nlohmann::json;

GithubOidcProps base_props() {
    return GithubOidcProps{.name_prefix = "app-dev", .project = "app", .repository = "octo/app"};
}

const json& statements(const json& doc, const std::string& id) {
    return doc.at("data").at("aws_iam_policy_document").at(id).at("statement");
}

const json* statement_with_sid(const json& list, const std::string& sid) {
    for (const auto& s : list)
        if (s.value("sid", "") == sid) return &s;
    return nullptr;
}

const json& condition(const json& statement, const std::string& variable) {
    for (const auto& c : statement.at("condition"))
        if (c.at("variable") == variable) return c;
    throw std::runtime_error("no condition on " + variable);
}

}  // namespace

TEST_CASE("github oidc: the provider trusts GitHub's issuer for the STS audience") {
    module_test::TestStack t;
    auto& oidc = t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();

    REQUIRE(count_of_type(doc, "aws_iam_openid_connect_provider") == 1);
    const auto& provider = resource(doc, "aws_iam_openid_connect_provider", "github_provider");
    CHECK(provider.at("url") == "https://token.actions.githubusercontent.com");
    CHECK(provider.at("client_id_list") == json::array({"sts.amazonaws.com"}));
    CHECK(provider.at("tags").at("Name") == "app-dev-github-oidc");
    CHECK(oidc.provider_arn().value().as_expr().node().target == oidc.find_child("provider")->as_element());
}

TEST_CASE("github oidc: the deploy role trusts exactly the listed branches and environments, never pull requests") {
    module_test::TestStack t;
    auto props = base_props();
    props.branches = {"main", "release/v1"};
    props.environments = {"dev"};
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();

    const auto& role = resource(doc, "aws_iam_role", "github_role");
    CHECK(role.at("name") == "app-dev-github-actions");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.github_trust_policy.json}");

    const auto& trust = statements(doc, "github_trust_policy");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("effect") == "Allow");
    CHECK(trust[0].at("actions") == json::array({"sts:AssumeRoleWithWebIdentity"}));
    CHECK(trust[0].at("principals")[0].at("type") == "Federated");
    CHECK(trust[0].at("principals")[0].at("identifiers") ==
          json::array({reference("aws_iam_openid_connect_provider", "github_provider", "arn")}));
    REQUIRE(trust[0].at("condition").size() == 2);
    const auto& aud = condition(trust[0], "token.actions.githubusercontent.com:aud");
    CHECK(aud.at("test") == "StringEquals");
    CHECK(aud.at("values") == json::array({"sts.amazonaws.com"}));
    const auto& sub = condition(trust[0], "token.actions.githubusercontent.com:sub");
    CHECK(sub.at("test") == "StringLike");
    CHECK(sub.at("values") == json::array({"repo:octo/app:ref:refs/heads/main", "repo:octo/app:ref:refs/heads/release/v1",
                                           "repo:octo/app:environment:dev"}));
    for (const auto& value : sub.at("values")) CHECK(value.get<std::string>().find('*') == std::string::npos);
}

TEST_CASE("github oidc: with the default branch only, the branch subject is trusted") {
    module_test::TestStack t;
    auto& oidc = t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();
    const auto& sub = condition(statements(doc, "github_trust_policy")[0], "token.actions.githubusercontent.com:sub");
    CHECK(sub.at("values") == json::array({"repo:octo/app:ref:refs/heads/main"}));
    CHECK(oidc.subjects() == std::vector<std::string>{"repo:octo/app:ref:refs/heads/main"});
}

TEST_CASE("github oidc: an existing provider is trusted instead of creating a second one") {
    module_test::TestStack t;
    auto props = base_props();
    props.create_provider = false;
    props.existing_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    CHECK(count_of_type(doc, "aws_iam_openid_connect_provider") == 0);
    CHECK(statements(doc, "github_trust_policy")[0].at("principals")[0].at("identifiers") ==
          json::array({"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}));
}

TEST_CASE("github oidc: the deploy policy limits IAM to the project's names and never allows every action") {
    module_test::TestStack t;
    auto& oidc = t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();

    const auto& policy = resource(doc, "aws_iam_role_policy", "github_deploy_policy");
    CHECK(policy.at("role") == reference("aws_iam_role", "github_role", "name"));
    CHECK(policy.at("policy") == "${data.aws_iam_policy_document.github_deploy_policy_document.json}");
    CHECK(oidc.resource_name_pattern() == "app-*");

    const auto& list = statements(doc, "github_deploy_policy_document");
    for (const auto& s : list) {
        if (s.at("effect") == "Deny") continue;
        for (const auto& action : s.at("actions")) {
            const auto a = action.get<std::string>();
            CHECK(a != "*");
            // Every iam action is confined to named resources, never "*".
            if (a.rfind("iam:", 0) == 0) CHECK(s.at("resources") != json::array({"*"}));
        }
    }
    const auto* iam = statement_with_sid(list, "ProjectIamResources");
    REQUIRE(iam != nullptr);
    CHECK(iam->at("resources") == json::array({"arn:aws:iam::*:role/app-*", "arn:aws:iam::*:instance-profile/app-*",
                                               "arn:aws:iam::*:policy/app-*"}));
    const std::set<std::string> iam_actions(iam->at("actions").begin(), iam->at("actions").end());
    for (const char* needed : {"iam:CreateRole", "iam:PutRolePolicy", "iam:CreateInstanceProfile"})
        CHECK(iam_actions.count(needed) == 1);
    // Passing a role is its own statement, to the services the stacks use.
    CHECK(iam_actions.count("iam:PassRole") == 0);
    const auto* pass = statement_with_sid(list, "PassProjectRolesToServices");
    REQUIRE(pass != nullptr);
    CHECK(pass->at("actions") == json::array({"iam:PassRole"}));
    CHECK(pass->at("resources") == json::array({"arn:aws:iam::*:role/app-*"}));
    const auto& passed_to = condition(*pass, "iam:PassedToService");
    CHECK(passed_to.at("test") == "StringEquals");
    CHECK(passed_to.at("values").size() == 5);
    CHECK(passed_to.at("values").dump().find("lambda.amazonaws.com") != std::string::npos);
    const auto* attach = statement_with_sid(list, "ProjectRolePolicyAttachments");
    REQUIRE(attach != nullptr);
    CHECK(attach->at("actions") == json::array({"iam:AttachRolePolicy", "iam:DetachRolePolicy"}));
    CHECK(attach->at("resources") == json::array({"arn:aws:iam::*:role/app-*"}));
    CHECK(condition(*attach, "iam:PolicyARN").at("test") == "ArnLike");

    const auto* services = statement_with_sid(list, "ApplicationServices");
    REQUIRE(services != nullptr);
    const std::set<std::string> service_actions(services->at("actions").begin(), services->at("actions").end());
    for (const char* needed : {"ec2:*", "rds:*", "lambda:*", "apigateway:*", "logs:*", "secretsmanager:*", "ssm:*"})
        CHECK(service_actions.count(needed) == 1);
    // No state statements unless a bucket is given.
    CHECK(statement_with_sid(list, "StateObjects") == nullptr);
    CHECK(statement_with_sid(list, "StateLockTable") == nullptr);
}

// "app-*" matches the deploy role's own name: without an explicit Deny it
// could rewrite its own policy or trust and grant itself anything.
TEST_CASE("github oidc: the deploy role may not change, delete or pass itself or the other CI roles") {
    module_test::TestStack t;
    auto props = base_props();
    props.protected_role_names = {"app-github-plan", "app-dev-ci-tester"};
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    const auto* deny = statement_with_sid(statements(doc, "github_deploy_policy_document"), "NoChangeToCiRoles");
    REQUIRE(deny != nullptr);
    CHECK(deny->at("effect") == "Deny");
    CHECK(deny->at("resources") == json::array({"arn:aws:iam::*:role/app-dev-github-actions",
                                                "arn:aws:iam::*:role/app-github-plan",
                                                "arn:aws:iam::*:role/app-dev-ci-tester"}));
    const std::set<std::string> denied(deny->at("actions").begin(), deny->at("actions").end());
    for (const char* action : {"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                               "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:PassRole",
                               "iam:DeleteRole"})
        CHECK(denied.count(action) == 1);
}

TEST_CASE("github oidc: the resource name pattern falls back to name_prefix, or is given") {
    module_test::TestStack t;
    auto props = base_props();
    props.project = "";
    CHECK(t.stack.add<GithubOidc>("a", props).resource_name_pattern() == "app-dev-*");
    props.resource_name_pattern = "shared-*";
    CHECK(t.stack.add<GithubOidc>("b", props).resource_name_pattern() == "shared-*");
    // Built rather than assigned: GCC 12 warns (-Wrestrict) on assigning a
    // one-character literal to a std::string.
    const GithubOidcProps wildcard{.name_prefix = "app-dev", .repository = "octo/app", .resource_name_pattern = "*"};
    CHECK_THROWS_WITH(t.stack.add<GithubOidc>("c", wildcard),
                      module_test::props_error("test/c: resource_name_pattern \"*\" must start with a fixed name, not "
                                               "a wildcard"));
}

TEST_CASE("github oidc: a state bucket and lock table give read and write of the state only") {
    module_test::TestStack t;
    auto& bucket = t.stack.add<infra::Resource>("state", "aws_s3_bucket");
    bucket.set("bucket", "app-tf-state");
    auto props = base_props();
    props.state_bucket_arn = bucket.str_attr("arn");
    props.lock_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/app-tf-state-locks";
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    const auto& list = statements(doc, "github_deploy_policy_document");
    const std::string arn = reference("aws_s3_bucket", "state", "arn");

    const auto* objects = statement_with_sid(list, "StateObjects");
    REQUIRE(objects != nullptr);
    CHECK(objects->at("resources") == json::array({arn + "/*"}));
    CHECK(objects->at("actions") == json::array({"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}));
    const auto* listing = statement_with_sid(list, "StateBucket");
    REQUIRE(listing != nullptr);
    CHECK(listing->at("resources") == json::array({arn}));
    const auto* table = statement_with_sid(list, "StateLockTable");
    REQUIRE(table != nullptr);
    CHECK(table->at("resources") == json::array({"arn:aws:dynamodb:us-east-1:123456789012:table/app-tf-state-locks"}));
}

TEST_CASE("github oidc: bad props are usage errors naming the module and the prop") {
    module_test::TestStack t;
    auto make = [&](GithubOidcProps props) { t.stack.add<GithubOidc>("github", std::move(props)); };
    auto props = base_props();

    props.repository = "";
    CHECK_THROWS_MATCHES(make(props), infra::UsageError,
                         module_test::props_error_message("test/github: repository is empty; give \"owner/name\""));
    props.repository = "octo/*";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: repository \"octo/*\" is not \"owner/name\" (letters, "
                                               "digits, '-', '_', '.'; no wildcard)"));
    props.repository = "octo";
    CHECK_THROWS_WITH(make(props), Catch::StartsWith("test/github: repository \"octo\" is not \"owner/name\""));
    props = base_props();
    props.branches = {"*"};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: branches holds \"*\"; give a branch name without '*' or "
                                               "'?'"));
    props.branches = {"feature/*"};
    CHECK_THROWS_AS(make(props), infra::UsageError);
    props = base_props();
    props.environments = {"prod?"};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: environments holds \"prod?\"; give an environment name "
                                               "without '*' or '?'"));
    props = base_props();
    props.branches = {};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: branches and environments allow no workflow; give at "
                                               "least one"));
    props = base_props();
    props.protected_role_names = {"app-*"};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: protected_role_names holds \"app-*\"; give a role name "
                                               "without '*' or '?'"));
    props = base_props();
    props.name_prefix = "";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: name_prefix is empty; give e.g. "
                                               "\"cloud-serverless-rds-dev\""));
    props = base_props();
    props.create_provider = false;
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: existing_provider_arn is empty while create_provider is "
                                               "false; give the account's GitHub OIDC provider"));
}
