// The iam pack, second part (INFRA-IAM-007 to 012): each rule fires on a
// fixture and stays quiet on its fixed version, with policies written
// through an aws_iam_policy_document data source and as literal JSON. The
// rules on aws_iam_role read the role's policies from inline_policy blocks,
// aws_iam_role_policy resources and attached aws_iam_policy resources.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_policy.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/construct.hpp"
#include "infra/resource.hpp"
#include "rules_test_support.hpp"

namespace {

using infra::List;
using infra::Str;
using infra::Value;
using nlohmann::json;
using Document = infra::aws::data::IamPolicyDocument;
using Statement = infra::aws::data::IamPolicyDocumentArgs::Statement;
using Condition = Statement::Condition;

// A JSON policy document of `statements`.
std::string json_document(const std::vector<json>& statements) {
    return json{{"Version", "2012-10-17"}, {"Statement", statements}}.dump();
}

const std::string kServiceTrust = json_document(
    {{{"Effect", "Allow"}, {"Action", "sts:AssumeRole"}, {"Principal", {{"Service", "lambda.amazonaws.com"}}}}});
const std::string kGithubProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const std::string kSub = "token.actions.githubusercontent.com:sub";

json json_statement(const std::string& effect, const json& actions, const json& resources,
                    const json& condition = nullptr) {
    json s{{"Effect", effect}, {"Action", actions}, {"Resource", resources}};
    if (!condition.is_null()) s["Condition"] = condition;
    return s;
}

Document& typed_document(infra::Construct& scope, const std::string& id, std::vector<Statement> statements) {
    return scope.add<Document>(id, infra::aws::data::IamPolicyDocumentArgs{.statement = std::move(statements)});
}

infra::aws::IamRole& named_role(infra::Construct& scope, const std::string& id, const std::string& name,
                                Str trust = kServiceTrust) {
    return scope.add<infra::aws::IamRole>(
        id, infra::aws::IamRoleArgs{.assume_role_policy = std::move(trust), .name = name});
}

void grant_inline(infra::Construct& scope, const std::string& id, infra::aws::IamRole& role, Str policy) {
    scope.add<infra::aws::IamRolePolicy>(id, infra::aws::IamRolePolicyArgs{
                                                 .name = id,
                                                 .policy = std::move(policy),
                                                 .role = role.name(),
                                             });
}

infra::aws::IamPolicy& attach(infra::Construct& scope, const std::string& id, infra::aws::IamRole& role, Str policy) {
    auto& managed = scope.add<infra::aws::IamPolicy>(
        id, infra::aws::IamPolicyArgs{.name = "app-" + id, .policy = std::move(policy)});
    scope.add<infra::aws::IamRolePolicyAttachment>(
        id + "_attachment", infra::aws::IamRolePolicyAttachmentArgs{.policy_arn = managed.arn(), .role = role.name()});
    return managed;
}

// A trust policy letting GitHub Actions workflows with these subjects assume
// the role (typed, as the github_oidc module writes it).
Document& github_trust(infra::Construct& scope, const std::string& id, List<Str> subjects,
                       const std::string& test = "StringLike") {
    return typed_document(
        scope, id,
        {Statement{
            .actions = List<Str>{"sts:AssumeRoleWithWebIdentity"},
            .condition = {Condition{.test = "StringEquals",
                                    .values = List<Str>{"sts.amazonaws.com"},
                                    .variable = "token.actions.githubusercontent.com:aud"},
                          Condition{.test = test, .values = std::move(subjects), .variable = kSub}},
            .effect = "Allow",
            .principals = {Statement::Principals{.identifiers = List<Str>{kGithubProvider}, .type = "Federated"}},
        }});
}

// The same as JSON.
std::string github_trust_json(const json& subjects) {
    return json_document({{{"Effect", "Allow"},
                           {"Action", "sts:AssumeRoleWithWebIdentity"},
                           {"Principal", {{"Federated", kGithubProvider}}},
                           {"Condition", {{"StringLike", {{kSub, subjects}}}}}}});
}

}  // namespace

// INFRA-IAM-007

TEST_CASE("INFRA-IAM-007: a role allowed to write its own policies or trust is reported (typed role policy)") {
    rules_test::TestStack t;
    auto& deploy = named_role(t.stack, "deploy", "app-deploy");
    auto& doc = typed_document(t.stack, "deploy_document",
                               {Statement{.actions = List<Str>{"iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy",
                                                               "iam:GetRole"},
                                          .effect = "Allow",
                                          .resources = List<Str>{"arn:aws:iam::*:role/app-*"}}});
    grant_inline(t.stack, "deploy_policy", deploy, doc.json());
    const auto findings = t.findings("INFRA-IAM-007");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/deploy: aws_iam_role_policy.deploy_policy.policy: statement 1 allows "
                                 "iam:PutRolePolicy, iam:UpdateAssumeRolePolicy on Resource "
                                 "\"arn:aws:iam::*:role/app-*\", which matches this role (\"app-deploy\")"));
}

TEST_CASE("INFRA-IAM-007: inline JSON on the role's ARN, a reference to the role, and a policy version write are "
          "reported") {
    rules_test::TestStack t;
    auto& literal = named_role(t.stack, "literal", "app-literal");
    literal.set("inline_policy",
                Value::list({Value::map(
                    {{"name", "self"},
                     {"policy", json_document({json_statement("Allow", "iam:*",
                                                              "arn:aws:iam::123456789012:role/app-literal")})}})}));
    // No literal name: only "*" or a reference to the role itself can match it.
    auto& prefixed = t.stack.add<infra::aws::IamRole>(
        "prefixed", infra::aws::IamRoleArgs{.assume_role_policy = kServiceTrust, .name_prefix = "app-"});
    auto& doc = typed_document(t.stack, "prefixed_document",
                               {Statement{.actions = List<Str>{"iam:AttachRolePolicy"},
                                          .effect = "Allow",
                                          .resources = List<Str>{prefixed.arn()}}});
    grant_inline(t.stack, "prefixed_policy", prefixed, doc.json());
    auto& versioned = named_role(t.stack, "versioned", "app-versioned");
    attach(t.stack, "versioned_policy", versioned,
           json_document({json_statement("Allow", json::array({"iam:CreatePolicyVersion", "s3:GetObject"}), "*")}));

    const auto findings = t.findings("INFRA-IAM-007");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/literal: inline_policy[\"self\"].policy: statement 1 allows iam:PutRolePolicy "
                                 "(through \"iam:*\"), iam:AttachRolePolicy (through \"iam:*\")"));
    CHECK(rules_test::any_contains(findings,
                       "on Resource \"arn:aws:iam::123456789012:role/app-literal\", which matches this role"));
    CHECK(rules_test::any_contains(findings, "test/prefixed: aws_iam_role_policy.prefixed_policy.policy: statement 1 allows "
                                 "iam:AttachRolePolicy on Resource \"${aws_iam_role.prefixed.arn}\""));
    CHECK(rules_test::any_contains(findings, "test/versioned: aws_iam_policy.versioned_policy.policy: statement 1 allows "
                                 "iam:CreatePolicyVersion on Resource \"*\", which matches "
                                 "aws_iam_policy.versioned_policy, attached to this role"));
}

TEST_CASE("INFRA-IAM-007: a partition or account from an expression still matches the role; a role name from an "
          "expression does not") {
    rules_test::TestStack t;
    auto& account = t.stack.add<infra::Resource>("account", "terraform_data");
    auto& other = named_role(t.stack, "other", "app-other");
    auto& deploy = named_role(t.stack, "deploy", "app-deploy");
    auto& doc = typed_document(
        t.stack, "deploy_document",
        {Statement{.actions = List<Str>{"iam:DeleteRolePermissionsBoundary"},
                   .effect = "Allow",
                   .resources = List<Str>{Str("arn:aws:iam::*:role/") + other.name(),
                                          Str("arn:") + Str(account.attr("output.partition")) + Str(":iam::") +
                                              Str(account.attr("output.id")) + Str(":role/app-*")}}});
    grant_inline(t.stack, "deploy_policy", deploy, doc.json());
    const auto findings = t.findings("INFRA-IAM-007");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/deploy: aws_iam_role_policy.deploy_policy.policy: statement 1 allows "
                                 "iam:DeleteRolePermissionsBoundary on Resource \"${\"arn:${"));
    CHECK(rules_test::any_contains(findings, ":role/app-*\"}\", which matches this role (\"app-deploy\")"));
}

TEST_CASE("INFRA-IAM-007: the role's own ARN under a Deny, other roles' ARNs, or a name the pattern misses are "
          "not reported") {
    rules_test::TestStack t;
    // The fixed version of the first case: a Deny in another policy of the
    // role takes the writes on its own ARN away again.
    auto& deploy = named_role(t.stack, "deploy", "app-deploy");
    auto& doc = typed_document(t.stack, "deploy_document",
                               {Statement{.actions = List<Str>{"iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"},
                                          .effect = "Allow",
                                          .resources = List<Str>{"arn:aws:iam::*:role/app-*"}}});
    grant_inline(t.stack, "deploy_policy", deploy, doc.json());
    attach(t.stack, "deploy_guard", deploy,
           json_document({json_statement("Deny", json::array({"iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy"}),
                                         "arn:aws:iam::*:role/app-deploy")}));
    // Writes on the functions' roles only.
    auto& ci = named_role(t.stack, "ci", "ci-runner");
    grant_inline(t.stack, "ci_policy", ci,
                 json_document({json_statement("Allow", "iam:*", "arn:aws:iam::*:role/app-functions-*")}));
    // A pattern cannot match a role whose name is not known.
    auto& prefixed = t.stack.add<infra::aws::IamRole>(
        "prefixed", infra::aws::IamRoleArgs{.assume_role_policy = kServiceTrust, .name_prefix = "app-"});
    grant_inline(t.stack, "prefixed_policy", prefixed,
                 json_document({json_statement("Allow", "iam:PutRolePolicy", "arn:aws:iam::*:role/app-*")}));
    CHECK(t.findings("INFRA-IAM-007").empty());
}

TEST_CASE("INFRA-IAM-007: a conditional Deny does not take the write away") {
    rules_test::TestStack t;
    auto& deploy = named_role(t.stack, "deploy", "app-deploy");
    grant_inline(t.stack, "deploy_policy", deploy,
                 json_document({json_statement("Allow", "iam:PutRolePolicy", "arn:aws:iam::*:role/app-*"),
                                json_statement("Deny", "iam:PutRolePolicy", "arn:aws:iam::*:role/app-deploy",
                                               {{"Bool", {{"aws:ViaAWSService", "true"}}}})}));
    const auto findings = t.findings("INFRA-IAM-007");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "statement 1 allows iam:PutRolePolicy on Resource \"arn:aws:iam::*:role/app-*\""));
}

// INFRA-IAM-008

TEST_CASE("INFRA-IAM-008: role creation or policy writes without a permissions boundary are reported") {
    rules_test::TestStack t;
    auto& doc = typed_document(t.stack, "doc",
                               {Statement{.actions = List<Str>{"iam:CreateRole", "iam:PutRolePolicy", "iam:GetRole"},
                                          .effect = "Allow",
                                          .resources = List<Str>{"arn:aws:iam::*:role/app-*"}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    t.stack.add<infra::aws::IamPolicy>(
        "json", infra::aws::IamPolicyArgs{.name = "app-json",
                                          .policy = json_document({json_statement("Allow", "iam:*Role*", "*")})});
    const auto findings = t.findings("INFRA-IAM-008");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/typed: policy: statement 1 allows iam:CreateRole, iam:PutRolePolicy with no "
                                 "iam:PermissionsBoundary condition"));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows iam:CreateRole (through \"iam:*Role*\"), "
                                 "iam:PutRolePolicy (through \"iam:*Role*\"), iam:AttachRolePolicy (through "
                                 "\"iam:*Role*\"), iam:PutRolePermissionsBoundary (through \"iam:*Role*\") with no"));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows iam:DeleteRolePermissionsBoundary (through "
                                 "\"iam:*Role*\"): the holder can remove the permissions boundary"));
}

TEST_CASE("INFRA-IAM-008: a required permissions boundary, by condition or by Deny, is not reported") {
    rules_test::TestStack t;
    const std::string boundary = "arn:aws:iam::123456789012:policy/app-boundary";
    auto& doc = typed_document(
        t.stack, "doc",
        {Statement{.actions = List<Str>{"iam:CreateRole", "iam:PutRolePolicy"},
                   .condition = {Condition{
                       .test = "StringEquals", .values = List<Str>{boundary}, .variable = "iam:PermissionsBoundary"}},
                   .effect = "Allow",
                   .resources = List<Str>{"arn:aws:iam::*:role/app-*"}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    t.stack.add<infra::aws::IamPolicy>(
        "json", infra::aws::IamPolicyArgs{
                    .name = "app-json",
                    .policy = json_document(
                        {json_statement("Allow", json::array({"iam:CreateRole", "iam:AttachRolePolicy"}), "*",
                                        {{"StringEquals", {{"IAM:PermissionsBoundary", boundary}}}})})});
    // AWS's other way: deny the action unless the request names the boundary.
    t.stack.add<infra::aws::IamPolicy>(
        "deny", infra::aws::IamPolicyArgs{
                    .name = "app-deny",
                    .policy = json_document(
                        {json_statement("Allow", "iam:CreateRole", "arn:aws:iam::*:role/app-*"),
                         json_statement("Deny", "iam:CreateRole", "*",
                                        {{"StringNotEquals", {{"iam:PermissionsBoundary", boundary}}}})})});
    // Action "*" is INFRA-IAM-001's.
    t.stack.add<infra::aws::IamPolicy>(
        "admin",
        infra::aws::IamPolicyArgs{.name = "app-admin", .policy = json_document({json_statement("Allow", "*", "*")})});
    CHECK(t.findings("INFRA-IAM-008").empty());
}

// INFRA-IAM-009

TEST_CASE("INFRA-IAM-009: iam:PassRole without iam:PassedToService is reported") {
    rules_test::TestStack t;
    auto& function_role = named_role(t.stack, "function_role", "app-function");
    auto& doc = typed_document(t.stack, "doc",
                               {Statement{.actions = List<Str>{"iam:PassRole"},
                                          .effect = "Allow",
                                          .resources = List<Str>{function_role.arn()}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    auto& deployer = named_role(t.stack, "deployer", "app-deployer");
    grant_inline(t.stack, "json", deployer, json_document({json_statement("Allow", "iam:Pass*", "*")}));
    const auto findings = t.findings("INFRA-IAM-009");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/typed: policy: statement 1 allows iam:PassRole on Resource "
                                 "[\"${aws_iam_role.function_role.arn}\"] with no iam:PassedToService condition"));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows iam:PassRole (through \"iam:Pass*\") on "
                                 "Resource [\"*\"] with no iam:PassedToService condition"));
}

TEST_CASE("INFRA-IAM-009: iam:PassRole limited to a service, or through Action \"*\" only, is not reported") {
    rules_test::TestStack t;
    auto& function_role = named_role(t.stack, "function_role", "app-function");
    auto& doc = typed_document(
        t.stack, "doc",
        {Statement{.actions = List<Str>{"iam:PassRole"},
                   .condition = {Condition{.test = "StringEquals",
                                           .values = List<Str>{"lambda.amazonaws.com"},
                                           .variable = "iam:PassedToService"}},
                   .effect = "Allow",
                   .resources = List<Str>{function_role.arn()}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    auto& deployer = named_role(t.stack, "deployer", "app-deployer");
    grant_inline(t.stack, "json", deployer,
                 json_document({json_statement("Allow", "iam:Pass*", "*",
                                               {{"StringEquals", {{"iam:PassedToService", "ec2.amazonaws.com"}}}}),
                                json_statement("Allow", "*", "arn:aws:s3:::app-bucket/*")}));
    CHECK(t.findings("INFRA-IAM-009").empty());
}

// INFRA-IAM-010

TEST_CASE("INFRA-IAM-010: a write role trusted for pull requests or a wildcard subject is reported") {
    rules_test::TestStack t;
    auto& trust = github_trust(t.stack, "plan_trust", List<Str>{"repo:acme/app:pull_request"});
    auto& plan = named_role(t.stack, "plan", "app-plan", trust.json());
    auto& doc = typed_document(t.stack, "plan_document",
                               {Statement{.actions = List<Str>{"ec2:Describe*", "ec2:*"},
                                          .effect = "Allow",
                                          .resources = List<Str>{"*"}}});
    grant_inline(t.stack, "plan_policy", plan, doc.json());
    auto& any_branch = named_role(t.stack, "any_branch", "app-any-branch", github_trust_json("repo:acme/app:*"));
    any_branch.set("inline_policy",
                   Value::list({Value::map(
                       {{"name", "deploy"},
                        {"policy", json_document({json_statement("Allow", "lambda:UpdateFunctionCode",
                                                                 "arn:aws:lambda:*:*:function:app-*")})}})}));
    const auto findings = t.findings("INFRA-IAM-010");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/plan: assume_role_policy: statement 1 trusts GitHub Actions with StringLike "
                                 "token.actions.githubusercontent.com:sub = \"repo:acme/app:pull_request\" (the "
                                 "workflow of any pull request), and the role can write "
                                 "(aws_iam_role_policy.plan_policy.policy: statement 1 allows \"ec2:*\")"));
    CHECK(rules_test::any_contains(findings, "test/any_branch: assume_role_policy: statement 1 trusts GitHub Actions with "
                                 "StringLike token.actions.githubusercontent.com:sub = \"repo:acme/app:*\" (a "
                                 "wildcard admits"));
    CHECK(rules_test::any_contains(findings,
                       "(inline_policy[\"deploy\"].policy: statement 1 allows \"lambda:UpdateFunctionCode\")"));
}

namespace {

// A plan role as pull requests should get it: reads, and the Terraform lock
// (a .tflock object next to the state, or an item of the lock table).
infra::aws::IamRole& plan_role(rules_test::TestStack& t, const std::string& lock_table_hash_key,
                               const std::string& lock_object_suffix) {
    auto& bucket = t.stack.add<infra::Resource>("state", "aws_s3_bucket");
    auto& table = t.stack.add<infra::Resource>("lock", "aws_dynamodb_table");
    table.set("hash_key", lock_table_hash_key);
    auto& trust = github_trust(t.stack, "plan_trust", List<Str>{"repo:acme/app:pull_request"});
    auto& plan = named_role(t.stack, "plan", "app-plan", trust.json());
    auto& doc = typed_document(
        t.stack, "plan_document",
        {Statement{.actions = List<Str>{"ec2:Describe*", "apigateway:GET", "sts:GetCallerIdentity", "logs:Filter*"},
                   .effect = "Allow",
                   .resources = List<Str>{"*"}},
         Statement{.actions = List<Str>{"s3:GetObject", "s3:ListBucket"},
                   .effect = "Allow",
                   .resources = List<Str>{Str(bucket.attr("arn")), Str(bucket.attr("arn")) + Str("/*")}},
         Statement{.actions = List<Str>{"s3:PutObject", "s3:DeleteObject"},
                   .effect = "Allow",
                   .resources = List<Str>{Str(bucket.attr("arn")) + Str(lock_object_suffix)}},
         Statement{.actions = List<Str>{"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                                        "dynamodb:DeleteItem"},
                   .effect = "Allow",
                   .resources = List<Str>{Str(table.attr("arn"))}}});
    grant_inline(t.stack, "plan_policy", plan, doc.json());
    return plan;
}

}  // namespace

TEST_CASE("INFRA-IAM-010: a pull-request plan role with only reads and Terraform lock writes is not reported") {
    rules_test::TestStack t;
    plan_role(t, "LockID", "/*.tflock");
    // A write role trusted by a pinned branch only.
    auto& trust = github_trust(t.stack, "deploy_trust", List<Str>{"repo:acme/app:ref:refs/heads/main"}, "StringEquals");
    auto& deploy = named_role(t.stack, "deploy", "app-deploy", trust.json());
    grant_inline(t.stack, "deploy_policy", deploy, json_document({json_statement("Allow", "lambda:*", "*")}));
    CHECK(t.findings("INFRA-IAM-010").empty());
}

TEST_CASE("INFRA-IAM-010: state writes beyond the lock count as writes") {
    SECTION("objects other than .tflock files") {
        rules_test::TestStack t;
        plan_role(t, "LockID", "/*");
        const auto findings = t.findings("INFRA-IAM-010");
        REQUIRE(findings.size() == 1);
        CHECK(rules_test::any_contains(findings, "statement 3 allows \"s3:PutObject\""));
    }
    SECTION("a table that does not hold Terraform locks") {
        rules_test::TestStack t;
        plan_role(t, "id", "/*.tflock");
        const auto findings = t.findings("INFRA-IAM-010");
        REQUIRE(findings.size() == 1);
        CHECK(rules_test::any_contains(findings, "statement 4 allows \"dynamodb:PutItem\""));
    }
}

// INFRA-IAM-011

TEST_CASE("INFRA-IAM-011: a whole-service wildcard on every resource with no condition is reported") {
    rules_test::TestStack t;
    auto& doc = typed_document(t.stack, "doc",
                               {Statement{.actions = List<Str>{"ec2:*", "s3:GetObject"},
                                          .effect = "Allow",
                                          .resources = List<Str>{"*"}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    auto& deployer = named_role(t.stack, "deployer", "app-deployer");
    grant_inline(t.stack, "json", deployer,
                 json_document({json_statement("Allow", json::array({"logs:*", "rds:*"}), json::array({"*"}))}));
    const auto findings = t.findings("INFRA-IAM-011");
    REQUIRE(findings.size() == 3);
    CHECK(rules_test::any_contains(findings, "test/typed: policy: statement 1 allows \"ec2:*\" on Resource \"*\" with no "
                                 "condition: every action of ec2 on every resource"));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows \"logs:*\" on Resource \"*\""));
    CHECK(rules_test::any_contains(findings, "test/json: policy: statement 1 allows \"rds:*\" on Resource \"*\""));
}

TEST_CASE("INFRA-IAM-011: a condition, limited resources, a narrower wildcard or Action \"*\" are not reported") {
    rules_test::TestStack t;
    auto& doc = typed_document(
        t.stack, "doc",
        {Statement{.actions = List<Str>{"ec2:*"},
                   .condition = {Condition{.test = "StringEquals",
                                           .values = List<Str>{"eu-west-1"},
                                           .variable = "aws:RequestedRegion"}},
                   .effect = "Allow",
                   .resources = List<Str>{"*"}}});
    t.stack.add<infra::aws::IamPolicy>("typed", infra::aws::IamPolicyArgs{.name = "app-typed", .policy = doc.json()});
    t.stack.add<infra::aws::IamPolicy>(
        "json", infra::aws::IamPolicyArgs{
                    .name = "app-json",
                    .policy = json_document({json_statement("Allow", "lambda:*", "arn:aws:lambda:*:*:function:app-*"),
                                             json_statement("Allow", "ec2:Describe*", "*"),
                                             json_statement("Allow", "*", "*")})});
    CHECK(t.findings("INFRA-IAM-011").empty());
}

// INFRA-IAM-012

TEST_CASE("INFRA-IAM-012: one write role trusted by several environments, or an environment and a branch, is "
          "reported") {
    rules_test::TestStack t;
    auto& trust = github_trust(t.stack, "trust",
                               List<Str>{"repo:acme/app:environment:dev", "repo:acme/app:environment:prod"},
                               "StringEquals");
    auto& shared = named_role(t.stack, "shared", "app-deploy", trust.json());
    grant_inline(t.stack, "shared_policy", shared, json_document({json_statement("Allow", "lambda:*", "*")}));
    auto& mixed = named_role(
        t.stack, "mixed", "app-mixed",
        github_trust_json(json::array({"repo:acme/app:environment:prod", "repo:acme/app:ref:refs/heads/main"})));
    grant_inline(t.stack, "mixed_policy", mixed,
                 json_document({json_statement("Allow", "lambda:UpdateFunctionCode", "*")}));
    const auto findings = t.findings("INFRA-IAM-012");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/shared: assume_role_policy: statement 1 trusts GitHub Actions for "
                                 "environments [\"dev\", \"prod\"], and the role can write "
                                 "(aws_iam_role_policy.shared_policy.policy: statement 1 allows \"lambda:*\")"));
    CHECK(rules_test::any_contains(findings, "test/mixed: assume_role_policy: statement 1 trusts GitHub Actions for environments "
                                 "[\"prod\"] and for refs [\"refs/heads/main\"]"));
}

TEST_CASE("INFRA-IAM-012: one role per environment, or a read-only role for several, is not reported") {
    rules_test::TestStack t;
    for (const std::string env : {"dev", "prod"}) {
        auto& trust = github_trust(t.stack, env + "_trust", List<Str>{"repo:acme/app:environment:" + env},
                                   "StringEquals");
        auto& role = named_role(t.stack, env, "app-deploy-" + env, trust.json());
        grant_inline(t.stack, env + "_policy", role, json_document({json_statement("Allow", "lambda:*", "*")}));
    }
    auto& reader = named_role(
        t.stack, "reader", "app-reader",
        github_trust_json(json::array({"repo:acme/app:environment:dev", "repo:acme/app:environment:prod"})));
    grant_inline(t.stack, "reader_policy", reader,
                 json_document({json_statement("Allow", json::array({"lambda:Get*", "lambda:List*"}), "*")}));
    CHECK(t.findings("INFRA-IAM-012").empty());
}
