#include <fmt/format.h>

#include <set>
#include <string>

#include "github_oidc/github_plan_role.hpp"
#include "infra/error.hpp"
#include "module_test_support.hpp"

namespace {

using crud_api::modules::GithubPlanRole;
using crud_api::modules::GithubPlanRoleProps;
using namespace module_test;
using nlohmann::json;

constexpr const char* kProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

GithubPlanRoleProps base_props() {
    return GithubPlanRoleProps{
        .role_name = "app-github-plan", .repository = "octo/app", .provider_arn = kProvider, .project = "app"};
}

std::set<std::string> all_actions(const json& list) {
    std::set<std::string> out;
    for (const auto& s : list)
        for (const auto& a : s.at("actions")) out.insert(a.get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("github plan role: trusted by pull requests of the repository only") {
    module_test::TestStack t;
    t.stack.add<GithubPlanRole>("plan", base_props());
    const auto doc = t.synth();
    const auto& role = resource(doc, "aws_iam_role", "plan_role");
    CHECK(role.at("name") == "app-github-plan");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.plan_trust_policy.json}");
    const auto& trust = policy_statements(doc, "plan_trust_policy");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({kProvider}));
    json sub, aud;
    for (const auto& c : trust[0].at("condition")) {
        if (c.at("variable") == "token.actions.githubusercontent.com:sub") sub = c;
        if (c.at("variable") == "token.actions.githubusercontent.com:aud") aud = c;
    }
    CHECK(sub.at("values") == json::array({"repo:octo/app:pull_request"}));
    CHECK(aud.at("values") == json::array({"sts.amazonaws.com"}));
}

TEST_CASE("github plan role: reads, never writes, and no secret values") {
    module_test::TestStack t;
    auto props = base_props();
    props.state_bucket_arn = "arn:aws:s3:::app-state";
    props.lock_table_arn = "arn:aws:dynamodb:us-east-1:123456789012:table/app-state-locks";
    t.stack.add<GithubPlanRole>("plan", props);
    const auto doc = t.synth();
    const auto& list = policy_statements(doc, "plan_policy_document");
    for (const auto& action : all_actions(list)) {
        INFO(action);
        const bool no_wildcard = action.find('*') == std::string::npos;
        const bool describe_all = action.find(":Describe*") != std::string::npos;
        CHECK((no_wildcard || describe_all));
        const std::string verb = action.substr(action.find(':') + 1);
        const bool reads = verb.rfind("Get", 0) == 0 || verb.rfind("List", 0) == 0 || verb.rfind("Describe", 0) == 0 ||
                           verb == "GET";
        // The only writes: the state lock.
        if (!reads)
            CHECK((action == "s3:PutObject" || action == "s3:DeleteObject" || action == "dynamodb:PutItem" ||
                   action == "dynamodb:DeleteItem"));
        CHECK(action != "secretsmanager:GetSecretValue");
    }
    const auto* lock_files = statement_with_sid(list, "StateLockFiles");
    REQUIRE(lock_files != nullptr);
    CHECK(lock_files->at("resources") == json::array({"arn:aws:s3:::app-state/*.tflock"}));
    const auto* read_state = statement_with_sid(list, "ReadState");
    REQUIRE(read_state != nullptr);
    CHECK(read_state->at("actions") == json::array({"s3:GetObject"}));
    const auto* iam = statement_with_sid(list, "ReadProjectIam");
    REQUIRE(iam != nullptr);
    CHECK(iam->at("resources") == json::array({"arn:aws:iam::*:role/app-*", "arn:aws:iam::*:instance-profile/app-*",
                                               "arn:aws:iam::*:policy/app-*"}));
    const auto* functions = statement_with_sid(list, "ReadProjectFunctions");
    REQUIRE(functions != nullptr);
    CHECK(functions->at("resources") == json::array({"arn:aws:lambda:*:*:function:app-*"}));
    CHECK(statement_with_sid(list, "StateLockTable") != nullptr);
    CHECK(resource(doc, "aws_iam_role_policy", "plan_policy").at("role") == reference("aws_iam_role", "plan_role", "name"));
}

TEST_CASE("github plan role: bad props are usage errors naming the prop") {
    auto make = [](const GithubPlanRoleProps& p) {
        module_test::TestStack t;
        t.stack.add<GithubPlanRole>("plan", p);
    };
    auto props = base_props();
    props.repository = "octo/*";
    CHECK_THROWS_WITH(make(props), module_test::props_error("test/plan: repository \"octo/*\" is not \"owner/name\" "
                                                            "(letters, digits, '-', '_', '.'; an owner of at most 39 characters, a name of at most 100; no "
                                             "wildcard)"));
    props = base_props();
    props.role_name = std::string(65, 'a');
    CHECK_THROWS_WITH(make(props), module_test::props_error(fmt::format("test/plan: role_name \"{}\" must be 1 to 64 "
                                                                        "letters, digits or \"+=,.@_-\" (IAM role names)",
                                                                        props.role_name)));
    props = base_props();
    props.provider_arn = "";
    CHECK_THROWS_WITH(make(props),
                      module_test::props_error("test/plan: provider_arn is empty; give the account's GitHub OIDC provider"));
    props = base_props();
    props.project = "*";
    CHECK_THROWS_WITH(make(props), module_test::props_error("test/plan: project \"*\" must be a fixed name: it limits "
                                                            "what the role reads"));
}
