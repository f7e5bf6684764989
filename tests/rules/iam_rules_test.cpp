// The iam pack: every rule both ways, with the policy written through an
// aws_iam_policy_document data source (typed) and as a literal JSON string.
#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_openid_connect_provider.hpp"
#include "infra/aws/iam_policy.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/construct.hpp"
#include "infra/resource.hpp"
#include "rules_test_support.hpp"

namespace {

using infra::List;
using infra::Str;
using infra::Value;
using Document = infra::aws::data::IamPolicyDocument;
using Statement = infra::aws::data::IamPolicyDocumentArgs::Statement;

const std::string kLambdaTrust =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",)"
    R"("Principal":{"Service":"lambda.amazonaws.com"}}]})";

Document& document(infra::Construct& scope, const std::string& id, std::vector<Statement> statements) {
    return scope.add<Document>(id, infra::aws::data::IamPolicyDocumentArgs{.statement = std::move(statements)});
}

Statement allow(List<Str> actions, List<Str> resources) {
    return Statement{.actions = std::move(actions), .effect = "Allow", .resources = std::move(resources)};
}

infra::aws::IamPolicy& policy(infra::Construct& scope, const std::string& id, Str json) {
    return scope.add<infra::aws::IamPolicy>(id,
                                            infra::aws::IamPolicyArgs{.name = "app-" + id, .policy = std::move(json)});
}

infra::aws::IamRole& role(infra::Construct& scope, const std::string& id, Str trust) {
    return scope.add<infra::aws::IamRole>(id, infra::aws::IamRoleArgs{.assume_role_policy = std::move(trust),
                                                                      .name = "app-" + id});
}

infra::aws::IamRolePolicy& role_policy(infra::Construct& scope, const std::string& id, Str json) {
    auto& r = role(scope, id + "_role", kLambdaTrust);
    return scope.add<infra::aws::IamRolePolicy>(id, infra::aws::IamRolePolicyArgs{
                                                        .name = "app-" + id,
                                                        .policy = std::move(json),
                                                        .role = r.name(),
                                                    });
}

// A JSON policy with one Allow statement.
std::string json_policy(const std::string& action_key, const std::string& actions, const std::string& resources) {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",")" + action_key + R"(":)" + actions +
           R"(,"Resource":)" + resources + "}]}";
}

// A trust policy as JSON.
std::string json_trust(const std::string& action, const std::string& principal, const std::string& condition = "") {
    return R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":")" + action + R"(","Principal":)" +
           principal + (condition.empty() ? "" : R"(,"Condition":)" + condition) + "}]}";
}

const std::string kGithubProviderArn =
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

}  // namespace

TEST_CASE("iam rules: metadata of the pack") {
    for (const char* id : {"INFRA-IAM-001", "INFRA-IAM-002", "INFRA-IAM-003", "INFRA-IAM-004", "INFRA-IAM-005",
                           "INFRA-IAM-006", "INFRA-IAM-007", "INFRA-IAM-008", "INFRA-IAM-009", "INFRA-IAM-010",
                           "INFRA-IAM-011", "INFRA-IAM-012"}) {
        const infra::rules::Rule* rule = rules_test::aws_rules().find(id);
        REQUIRE(rule != nullptr);
        CHECK(rule->info().pack == "iam");
        CHECK(rule->info().severity == infra::Severity::Error);
        CHECK_FALSE(rule->info().description.empty());
        CHECK_FALSE(rule->info().fix.empty());
    }
}

// INFRA-IAM-001

TEST_CASE("INFRA-IAM-001: Action * on Resource * through a policy document is reported") {
    rules_test::TestStack t;
    auto& doc = document(t.stack, "admin_document",
                         {allow(List<Str>{"s3:GetObject"}, List<Str>{"arn:aws:s3:::bucket/*"}),
                          allow(List<Str>{"*"}, List<Str>{"*"})});
    policy(t.stack, "admin", doc.json());
    const auto findings = t.findings("INFRA-IAM-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/admin: policy: statement 2 allows Action \"*\" on Resource \"*\""));
}

TEST_CASE("INFRA-IAM-001: Action * or NotAction on Resource * as literal JSON is reported") {
    rules_test::TestStack t;
    role_policy(t.stack, "star", json_policy("Action", R"("*")", R"("*")"));
    policy(t.stack, "not_action", json_policy("NotAction", R"(["iam:*"])", R"(["*"])"));
    auto& r = role(t.stack, "inline", kLambdaTrust);
    r.set("inline_policy",
          Value::list({Value::map({{"name", "admin"}, {"policy", json_policy("Action", R"(["*"])", R"("*")")}})}));
    const auto findings = t.findings("INFRA-IAM-001");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/star: policy: statement 1 allows Action \"*\" on Resource \"*\""));
    CHECK(rules_test::any_contains(findings,
                       "test/not_action: policy: statement 1 allows NotAction [\"iam:*\"] on Resource \"*\""));
    CHECK(rules_test::any_contains(findings, "test/inline: inline_policy[\"admin\"].policy: statement 1 allows Action \"*\""));
}

TEST_CASE("INFRA-IAM-001: limited actions, limited resources or a Deny are not reported") {
    rules_test::TestStack t;
    auto& doc = document(t.stack, "doc",
                         {allow(List<Str>{"ec2:Describe*"}, List<Str>{"*"}),
                          allow(List<Str>{"*"}, List<Str>{"arn:aws:s3:::bucket/*"})});
    policy(t.stack, "typed", doc.json());
    policy(t.stack, "deny",
           R"({"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]})");
    CHECK(t.findings("INFRA-IAM-001").empty());
}

// INFRA-IAM-002

TEST_CASE("INFRA-IAM-002: iam:PassRole on Resource * is reported, typed and as JSON") {
    rules_test::TestStack t;
    auto& doc = document(t.stack, "doc", {allow(List<Str>{"iam:PassRole", "lambda:CreateFunction"}, List<Str>{"*"})});
    policy(t.stack, "typed", doc.json());
    role_policy(t.stack, "json", json_policy("Action", R"(["iam:*"])", R"("*")"));
    const auto findings = t.findings("INFRA-IAM-002");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/typed: policy: statement 1 allows iam:PassRole on Resource \"*\""));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows iam:PassRole (through \"iam:*\") on Resource"));
}

TEST_CASE("INFRA-IAM-002: iam:PassRole on named roles is not reported") {
    rules_test::TestStack t;
    auto& target = role(t.stack, "function_role", kLambdaTrust);
    auto& doc = document(t.stack, "doc", {allow(List<Str>{"iam:PassRole"}, List<Str>{target.arn()})});
    policy(t.stack, "typed", doc.json());
    policy(t.stack, "json",
           json_policy("Action", R"("iam:PassRole")", R"("arn:aws:iam::123456789012:role/app-function")"));
    CHECK(t.findings("INFRA-IAM-002").empty());
}

// INFRA-IAM-003

TEST_CASE("INFRA-IAM-003: PassRole with role or policy writing on Resource * is reported") {
    rules_test::TestStack t;
    auto& doc = document(t.stack, "doc",
                         {allow(List<Str>{"iam:PassRole"}, List<Str>{"*"}),
                          allow(List<Str>{"iam:CreateRole", "iam:AttachRolePolicy"}, List<Str>{"*"})});
    policy(t.stack, "typed", doc.json());
    role_policy(t.stack, "json", json_policy("Action", R"(["iam:PassRole","iam:Put*"])", R"("*")"));
    const auto findings = t.findings("INFRA-IAM-003");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/typed: policy allows iam:PassRole and iam:CreateRole, iam:AttachRolePolicy on"));
    CHECK(rules_test::any_contains(findings, "test/json: policy allows iam:PassRole and iam:PutRolePolicy on Resource \"*\""));
}

TEST_CASE("INFRA-IAM-003: escalation actions limited to the project's ARNs, or without PassRole, are not reported") {
    rules_test::TestStack t;
    auto& doc = document(t.stack, "doc",
                         {allow(List<Str>{"iam:PassRole", "iam:CreateRole", "iam:PutRolePolicy"},
                                List<Str>{"arn:aws:iam::*:role/app-*"})});
    policy(t.stack, "scoped", doc.json());
    policy(t.stack, "no_pass", json_policy("Action", R"(["iam:CreateRole","iam:CreatePolicy"])", R"("*")"));
    // PassRole on "*" alone is INFRA-IAM-002's, not an escalation.
    policy(t.stack, "split", json_policy("Action", R"(["iam:PassRole"])", R"("*")"));
    CHECK(t.findings("INFRA-IAM-003").empty());
}

// INFRA-IAM-004

TEST_CASE("INFRA-IAM-004: rds-db:connect on a wildcard resource is reported") {
    rules_test::TestStack t;
    auto& proxy = t.stack.add<infra::Resource>("proxy", "aws_db_proxy");
    auto& doc = document(t.stack, "doc",
                         {allow(List<Str>{"rds-db:connect"},
                                List<Str>{"arn:aws:rds-db:eu-west-1:123456789012:dbuser:*/*",
                                          Str(proxy.attr("arn")) + Str("/*")})});
    policy(t.stack, "typed", doc.json());
    policy(t.stack, "json",
           json_policy("Action", R"("rds-db:*")", R"("arn:aws:rds-db:*:123456789012:dbuser:prx-0123/app")"));
    const auto findings = t.findings("INFRA-IAM-004");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/typed: policy: statement 1 allows rds-db:connect on Resource "
                                 "\"arn:aws:rds-db:eu-west-1:123456789012:dbuser:*/*\""));
    CHECK(rules_test::any_contains(findings, "/*\"}\": a wildcard"));  // the literal "/*" after the proxy's ARN
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows rds-db:connect on Resource "
                                 "\"arn:aws:rds-db:*:123456789012:dbuser:prx-0123/app\""));
}

TEST_CASE("INFRA-IAM-004: rds-db:connect on one user, or through an expression, is not reported") {
    rules_test::TestStack t;
    auto& proxy = t.stack.add<infra::Resource>("proxy", "aws_db_proxy");
    auto& doc = document(t.stack, "doc",
                         {allow(List<Str>{"rds-db:connect"},
                                List<Str>{Str(proxy.attr("arn")) + Str("/app_user"), Str(proxy.attr("arn"))})});
    policy(t.stack, "typed", doc.json());
    policy(t.stack, "json",
           json_policy("Action", R"("rds-db:connect")",
                       R"("arn:aws:rds-db:eu-west-1:123456789012:dbuser:prx-0123/app")"));
    CHECK(t.findings("INFRA-IAM-004").empty());
}

// INFRA-IAM-005

TEST_CASE("INFRA-IAM-005: a GitHub OIDC trust with no sub condition is reported (typed, provider reference)") {
    rules_test::TestStack t;
    auto& provider = t.stack.add<infra::aws::IamOpenidConnectProvider>(
        "github", infra::aws::IamOpenidConnectProviderArgs{.client_id_list = List<Str>{"sts.amazonaws.com"},
                                                           .url = "https://token.actions.githubusercontent.com"});
    auto& trust = document(
        t.stack, "trust",
        {Statement{
            .actions = List<Str>{"sts:AssumeRoleWithWebIdentity"},
            .condition = {Statement::Condition{.test = "StringEquals",
                                               .values = List<Str>{"sts.amazonaws.com"},
                                               .variable = "token.actions.githubusercontent.com:aud"}},
            .effect = "Allow",
            .principals = {Statement::Principals{.identifiers = List<Str>{provider.arn()}, .type = "Federated"}},
        }});
    role(t.stack, "deploy", trust.json());
    const auto findings = t.findings("INFRA-IAM-005");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/deploy: assume_role_policy: statement 1 allows "
                                 "sts:AssumeRoleWithWebIdentity from the GitHub OIDC provider with no condition on "
                                 "token.actions.githubusercontent.com:sub"));
}

TEST_CASE("INFRA-IAM-005: a GitHub OIDC trust with a wildcard subject is reported (JSON)") {
    rules_test::TestStack t;
    const std::string principal = R"({"Federated":")" + kGithubProviderArn + R"("})";
    role(t.stack, "any_repo",
         json_trust("sts:AssumeRoleWithWebIdentity", principal,
                    R"({"StringLike":{"token.actions.githubusercontent.com:sub":"repo:*"}})"));
    role(t.stack, "star",
         json_trust("sts:AssumeRoleWithWebIdentity", principal,
                    R"({"StringLike":{"token.actions.githubusercontent.com:sub":["repo:acme/app:*","*"]}})"));
    const auto findings = t.findings("INFRA-IAM-005");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/any_repo: assume_role_policy: statement 1 trusts GitHub Actions with StringLike "
                                 "token.actions.githubusercontent.com:sub = \"repo:*\""));
    CHECK(rules_test::any_contains(findings, "test/star: assume_role_policy: statement 1 trusts GitHub Actions with StringLike "
                                 "token.actions.githubusercontent.com:sub = \"*\""));
}

TEST_CASE("INFRA-IAM-005: a pinned subject, or another identity provider, is not reported") {
    rules_test::TestStack t;
    auto& trust = document(
        t.stack, "trust",
        {Statement{
            .actions = List<Str>{"sts:AssumeRoleWithWebIdentity"},
            .condition = {Statement::Condition{.test = "StringEquals",
                                               .values = List<Str>{"repo:acme/app:ref:refs/heads/main",
                                                                   "repo:acme/app:environment:prod"},
                                               .variable = "token.actions.githubusercontent.com:sub"}},
            .effect = "Allow",
            .principals = {Statement::Principals{.identifiers = List<Str>{kGithubProviderArn}, .type = "Federated"}},
        }});
    role(t.stack, "pinned", trust.json());
    role(t.stack, "cognito",
         json_trust("sts:AssumeRoleWithWebIdentity", R"({"Federated":"cognito-identity.amazonaws.com"})"));
    CHECK(t.findings("INFRA-IAM-005").empty());
}

// INFRA-IAM-006

TEST_CASE("INFRA-IAM-006: trusting a whole account with no condition is reported") {
    rules_test::TestStack t;
    role(t.stack, "root_arn", json_trust("sts:AssumeRole", R"({"AWS":"arn:aws:iam::123456789012:root"})"));
    auto& caller = t.stack.add<infra::Resource>("caller", "terraform_data");
    auto& trust = document(
        t.stack, "trust",
        {Statement{.actions = List<Str>{"sts:AssumeRole"},
                   .effect = "Allow",
                   .principals = {Statement::Principals{
                       .identifiers = List<Str>{"210987654321", Str("arn:aws:iam::") + Str(caller.attr("output")) +
                                                                    Str(":root")},
                       .type = "AWS"}}}});
    role(t.stack, "typed", trust.json());
    const auto findings = t.findings("INFRA-IAM-006");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/root_arn: assume_role_policy: statement 1 allows sts:AssumeRole to AWS "
                                 "principal \"arn:aws:iam::123456789012:root\" (the whole account) with no condition"));
    CHECK(rules_test::any_contains(findings, "test/typed: assume_role_policy: statement 1 allows sts:AssumeRole to AWS principal "
                                 "\"210987654321\""));
    CHECK(rules_test::any_contains(findings, ":root\"}\" (the whole account)"));
}

TEST_CASE("INFRA-IAM-006: a condition, a named principal or a service is not reported") {
    rules_test::TestStack t;
    role(t.stack, "mfa",
         json_trust("sts:AssumeRole", R"({"AWS":"arn:aws:iam::123456789012:root"})",
                    R"({"Bool":{"aws:MultiFactorAuthPresent":"true"}})"));
    role(t.stack, "named", json_trust("sts:AssumeRole", R"({"AWS":"arn:aws:iam::123456789012:role/admin"})"));
    role(t.stack, "service", kLambdaTrust);
    CHECK(t.findings("INFRA-IAM-006").empty());
}

// Suppressions

TEST_CASE("iam rules: a suppression on a parent construct suppresses the finding, with its reason") {
    rules_test::TestStack t;
    auto& break_glass = t.stack.add<infra::Construct>("break_glass");
    role(break_glass, "role", json_trust("sts:AssumeRole", R"({"AWS":"123456789012"})"));
    infra::rules::suppress(break_glass, "INFRA-IAM-006", "Break-glass role of the security account, alarmed on use");
    CHECK(t.findings("INFRA-IAM-006").empty());
    bool seen = false;
    for (const auto& f : t.run().findings)
        if (f.rule_id == "INFRA-IAM-006") {
            seen = true;
            CHECK(f.suppressed);
            CHECK(f.path == "test/break_glass/role");
            CHECK(f.suppressed_at == "test/break_glass");
            CHECK(f.suppression_reason == "Break-glass role of the security account, alarmed on use");
        }
    CHECK(seen);
}

TEST_CASE("iam rules: a suppression on the policy resource covers that resource only") {
    rules_test::TestStack t;
    auto& admin = policy(t.stack, "admin", json_policy("Action", R"("*")", R"("*")"));
    policy(t.stack, "other_admin", json_policy("Action", R"("*")", R"("*")"));
    infra::rules::suppress(admin, "INFRA-IAM-001", "Account bootstrap policy, attached to the break-glass user only");
    const auto findings = t.findings("INFRA-IAM-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/other_admin: "));
}
