#include <set>
#include <string>

#include "github_oidc/github_oidc.hpp"
#include "infra/error.hpp"
#include "infra/resource.hpp"
#include "module_test_support.hpp"

namespace {

using crud_api::modules::GithubOidc;
using crud_api::modules::GithubOidcProps;
using namespace module_test;
using nlohmann::json;

const char* const kBoundary = "arn:aws:iam::123456789012:policy/app-permissions-boundary";

GithubOidcProps base_props() {
    return GithubOidcProps{.project = "app",
                           .repository = "octo/app",
                           .environments = {{.name = "dev", .state_key = "dev/terraform.tfstate"},
                                            {.name = "prod", .state_key = "prod/terraform.tfstate"}},
                           .regions = {"us-east-1"},
                           .shared_state_keys = {"bootstrap/terraform.tfstate"},
                           .protected_role_names = {"app-github-plan", "app-ci-tester"},
                           .permissions_boundary_arn = kBoundary};
}

const json& condition(const json& statement, const std::string& variable) {
    for (const auto& c : statement.at("condition"))
        if (c.at("variable") == variable) return c;
    throw std::runtime_error("no condition on " + variable);
}

std::set<std::string> actions_of(const json& statement) {
    return {statement.at("actions").begin(), statement.at("actions").end()};
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
    CHECK(provider.at("tags").at("Name") == "app-github-oidc");
    CHECK(oidc.provider_arn().value().as_expr().node().target == oidc.find_child("provider")->as_element());
}

TEST_CASE("github oidc: one deploy role per environment, each trusted only by jobs in its GitHub environment") {
    module_test::TestStack t;
    auto& oidc = t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();

    REQUIRE(count_of_type(doc, "aws_iam_role") == 2);
    REQUIRE(oidc.deploy_roles().size() == 2);
    for (const std::string env : {"dev", "prod"}) {
        const auto& role = resource(doc, "aws_iam_role", "github_" + env + "_role");
        CHECK(role.at("name") == "app-" + env + "-github-actions");
        CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.github_" + env + "_trust_policy.json}");
        const auto& trust = policy_statements(doc, "github_" + env + "_trust_policy");
        REQUIRE(trust.size() == 1);
        CHECK(trust[0].at("actions") == json::array({"sts:AssumeRoleWithWebIdentity"}));
        CHECK(trust[0].at("principals")[0].at("type") == "Federated");
        CHECK(trust[0].at("principals")[0].at("identifiers") ==
              json::array({reference("aws_iam_openid_connect_provider", "github_provider", "arn")}));
        CHECK(condition(trust[0], "token.actions.githubusercontent.com:aud").at("values") ==
              json::array({"sts.amazonaws.com"}));
        // Exactly its environment: no branch, no pull request, no wildcard.
        CHECK(condition(trust[0], "token.actions.githubusercontent.com:sub").at("values") ==
              json::array({"repo:octo/app:environment:" + env}));
        CHECK(oidc.deploy_role(env).subject() == "repo:octo/app:environment:" + env);
    }
    CHECK_THROWS_WITH(oidc.deploy_role("staging"),
                      "test/github: no deploy role for environment \"staging\"; add it to github_environments");
}

TEST_CASE("github oidc: an existing provider is trusted instead of creating a second one") {
    module_test::TestStack t;
    auto props = base_props();
    props.create_provider = false;
    props.existing_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    CHECK(count_of_type(doc, "aws_iam_openid_connect_provider") == 0);
    CHECK(policy_statements(doc, "github_dev_trust_policy")[0].at("principals")[0].at("identifiers") ==
          json::array({"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}));
}

TEST_CASE("github oidc: without an ARN, the account's existing provider is looked up by its URL") {
    module_test::TestStack t;
    auto props = base_props();
    props.create_provider = false;
    auto& oidc = t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    CHECK(count_of_type(doc, "aws_iam_openid_connect_provider") == 0);
    CHECK(doc.at("data").at("aws_iam_openid_connect_provider").at("github_existing_provider").at("url") ==
          "https://token.actions.githubusercontent.com");
    CHECK(policy_statements(doc, "github_prod_trust_policy")[0].at("principals")[0].at("identifiers") ==
          json::array({"${data.aws_iam_openid_connect_provider.github_existing_provider.arn}"}));
    CHECK(oidc.provider_arn().value().is_expr());
}

TEST_CASE("github oidc: a deploy role's names are its environment's, its services conditioned or named") {
    module_test::TestStack t;
    t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();
    const auto& list = policy_statements(doc, "github_prod_policy_document");

    const auto& policy = resource(doc, "aws_iam_role_policy", "github_prod_policy");
    CHECK(policy.at("role") == reference("aws_iam_role", "github_prod_role", "name"));
    for (const auto& s : list) {
        if (s.at("effect") == "Deny") continue;
        const bool on_any = s.at("resources") == json::array({"*"});
        for (const auto& action : s.at("actions")) {
            const auto a = action.get<std::string>();
            CHECK(a != "*");
            // A whole service on every resource only with a condition.
            if (on_any && a.size() > 2 && a.substr(a.size() - 2) == ":*") CHECK(s.contains("condition"));
            // IAM is confined to named resources.
            if (a.rfind("iam:", 0) == 0) CHECK_FALSE(on_any);
        }
    }
    for (const char* sid : {"NetworkAndInstances", "Database"}) {
        const auto* regional = statement_with_sid(list, sid);
        REQUIRE(regional != nullptr);
        CHECK(condition(*regional, "aws:RequestedRegion").at("values") == json::array({"us-east-1"}));
        // The kinds of resource the stacks hold, not the whole service.
        for (const auto& action : regional->at("actions")) {
            const auto a = action.get<std::string>();
            CHECK(a.substr(a.find(':')) != ":*");
        }
    }
    CHECK(statement_with_sid(list, "RestApis")->at("resources") ==
          json::array({"arn:aws:apigateway:us-east-1::/restapis", "arn:aws:apigateway:us-east-1::/restapis/*",
                       "arn:aws:apigateway:us-east-1::/tags/*"}));
    CHECK(statement_with_sid(list, "EnvironmentFunctions")->at("resources") ==
          json::array({"arn:aws:lambda:*:*:function:app-prod-*"}));
    CHECK(statement_with_sid(list, "EnvironmentSecrets")->at("resources") ==
          json::array({"arn:aws:secretsmanager:*:*:secret:app-prod-*"}));
    CHECK(statement_with_sid(list, "EnvironmentLogGroups")->at("resources") ==
          json::array({"arn:aws:logs:*:*:log-group:/aws/*/app-prod-*",
                       "arn:aws:logs:*:*:log-group:/aws/vpc-flow-logs/app-prod*"}));
    CHECK(statement_with_sid(list, "EnvironmentIamResources")->at("resources") ==
          json::array({"arn:aws:iam::*:role/app-prod-*", "arn:aws:iam::*:instance-profile/app-prod-*",
                       "arn:aws:iam::*:policy/app-prod-*"}));
    // No ssm:* (SendCommand to every instance), no secret of other environments.
    for (const auto& s : list)
        for (const auto& action : s.at("actions")) CHECK(action != "ssm:*");
}

TEST_CASE("github oidc: roles are created and their policies written only with the permissions boundary") {
    module_test::TestStack t;
    t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();
    const auto& list = policy_statements(doc, "github_dev_policy_document");

    std::set<std::string> escalating{"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                     "iam:PutRolePermissionsBoundary"};
    for (const auto& s : list) {
        if (s.at("effect") != "Allow") continue;
        for (const auto& action : s.at("actions"))
            if (escalating.count(action.get<std::string>()) == 1) {
                INFO(s.dump());
                const auto& bound = condition(s, "iam:PermissionsBoundary");
                CHECK(bound.at("test") == "StringEquals");
                CHECK(bound.at("values") == json::array({kBoundary}));
            }
    }
    const auto* attach = statement_with_sid(list, "BoundedRolePolicyAttachments");
    REQUIRE(attach != nullptr);
    CHECK(condition(*attach, "iam:PolicyARN").at("test") == "ArnLike");
    CHECK(condition(*attach, "iam:PolicyARN").at("values").dump().find("ReadOnlyAccess") == std::string::npos);

    const auto* pass = statement_with_sid(list, "PassEnvironmentRolesToServices");
    REQUIRE(pass != nullptr);
    CHECK(pass->at("actions") == json::array({"iam:PassRole"}));
    CHECK(pass->at("resources") == json::array({"arn:aws:iam::*:role/app-dev-*"}));
    CHECK(condition(*pass, "iam:PassedToService").at("values").size() == 4);

    const auto* no_removal = statement_with_sid(list, "NoBoundaryRemoval");
    REQUIRE(no_removal != nullptr);
    CHECK(no_removal->at("effect") == "Deny");
    CHECK(no_removal->at("actions") == json::array({"iam:DeleteRolePermissionsBoundary"}));
    const auto* boundary = statement_with_sid(list, "NoChangeToBoundary");
    REQUIRE(boundary != nullptr);
    CHECK(boundary->at("effect") == "Deny");
    CHECK(boundary->at("resources") == json::array({kBoundary}));
    CHECK(actions_of(*boundary).count("iam:CreatePolicyVersion") == 1);
}

// "app-dev-*" does not match the other CI roles, but a role attached a
// broader policy later would: the Deny holds whatever else is allowed.
TEST_CASE("github oidc: a deploy role may not change or pass itself, the other deploy roles or the CI roles") {
    module_test::TestStack t;
    t.stack.add<GithubOidc>("github", base_props());
    const auto doc = t.synth();
    const auto* deny = statement_with_sid(policy_statements(doc, "github_dev_policy_document"), "NoChangeToCiRoles");
    REQUIRE(deny != nullptr);
    CHECK(deny->at("effect") == "Deny");
    CHECK(deny->at("resources") == json::array({"arn:aws:iam::*:role/app-dev-github-actions",
                                                "arn:aws:iam::*:role/app-github-plan",
                                                "arn:aws:iam::*:role/app-ci-tester",
                                                "arn:aws:iam::*:role/app-prod-github-actions"}));
    const auto denied = actions_of(*deny);
    for (const char* action : {"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy",
                               "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:PassRole",
                               "iam:DeleteRole"})
        CHECK(denied.count(action) == 1);
}

TEST_CASE("github oidc: a deploy role writes its environment's state and reads the shared state only") {
    module_test::TestStack t;
    auto& bucket = t.stack.add<infra::Resource>("state", "aws_s3_bucket");
    bucket.set("bucket", "app-tf-state");
    auto props = base_props();
    props.state_bucket_arn = bucket.str_attr("arn");
    props.lock_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/app-tf-state-locks";
    t.stack.add<GithubOidc>("github", props);
    const auto doc = t.synth();
    const auto& list = policy_statements(doc, "github_dev_policy_document");
    const std::string arn = reference("aws_s3_bucket", "state", "arn");

    const auto* objects = statement_with_sid(list, "StateObjects");
    REQUIRE(objects != nullptr);
    CHECK(objects->at("resources") ==
          json::array({arn + "/dev/terraform.tfstate", arn + "/dev/terraform.tfstate.tflock"}));
    CHECK(objects->at("actions") == json::array({"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}));
    const auto* shared = statement_with_sid(list, "ReadSharedState");
    REQUIRE(shared != nullptr);
    CHECK(shared->at("actions") == json::array({"s3:GetObject"}));
    CHECK(shared->at("resources").dump().find("/bootstrap/terraform.tfstate") != std::string::npos);
    CHECK(statement_with_sid(list, "StateBucket")->at("resources") == json::array({arn}));
    CHECK(statement_with_sid(list, "StateLockTable")->at("resources") ==
          json::array({"arn:aws:dynamodb:us-east-1:123456789012:table/app-tf-state-locks"}));
    // prod's state is not reachable from dev's role.
    CHECK(doc.at("data").at("aws_iam_policy_document").at("github_dev_policy_document").dump().find("prod/") ==
          std::string::npos);
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
                                               "digits, '-', '_', '.'; an owner of at most 39 characters, a name of at most 100; no wildcard)"));
    props.repository = "octo";
    CHECK_THROWS_WITH(make(props), Catch::StartsWith("test/github: repository \"octo\" is not \"owner/name\""));
    props = base_props();
    props.environments = {{.name = "prod?", .state_key = "prod/terraform.tfstate"}};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: environments holds \"prod?\"; give a name of letters, "
                                               "digits and '-'"));
    props.environments = {{.name = "dev", .state_key = "a"}, {.name = "dev", .state_key = "b"}};
    CHECK_THROWS_WITH(make(props), module_test::props_error("test/github: environments holds \"dev\" twice"));
    props.environments = {};
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: environments is empty; give the GitHub environments that "
                                               "deploy, e.g. dev and prod"));
    props = base_props();
    props.environments = {{.name = std::string(50, 'e'), .state_key = "k"}};
    CHECK_THROWS_WITH(make(props), Catch::Contains("exceeds 64 characters"));
    props = base_props();
    props.protected_role_names = {"app-*"};
    CHECK_THROWS_WITH(make(props), Catch::Contains("protected_role_names holds \"app-*\"; give a role name without"));
    props = base_props();
    props.permissions_boundary_arn = "";
    CHECK_THROWS_WITH(make(props), Catch::Contains("permissions_boundary_arn is empty"));
    props = base_props();
    props.existing_provider_arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/github: existing_provider_arn is given while create_provider is "
                                               "true; set create_provider false to reuse it"));
}
