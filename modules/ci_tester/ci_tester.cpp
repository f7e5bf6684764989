#include "ci_tester/ci_tester.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "errors/props_error.hpp"
#include "iam/inline_role_policy.hpp"
#include "iam/project_iam_resources.hpp"
#include "iam/public_ami_parameters.hpp"
#include "iam/terraform_state_access.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/error.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

bool is_account_id(const std::string& s) {
    return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

CiTester::CiTester(Scope scope, CiTesterProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    const std::string& prefix = props_.name_prefix;
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;

    Statement assume{
        .actions = List<Str>{"sts:AssumeRole"},
        .effect = "Allow",
        .principals = {Statement::Principals{.identifiers = List<Str>(props_.principals), .type = "AWS"}},
    };
    if (props_.require_mfa)
        assume.condition.push_back(Statement::Condition{
            .test = "Bool", .values = List<Str>{"true"}, .variable = "aws:MultiFactorAuthPresent"});
    auto& trust = add<aws::data::IamPolicyDocument>("trust_policy",
                                                    aws::data::IamPolicyDocumentArgs{.statement = {std::move(assume)}});

    const std::string role_name = role_name_for(prefix);
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "Local Terraform plans, troubleshooting and validation",
                                           .max_session_duration = 3600,
                                           .name = role_name,
                                           .tags = Map<Str>{{"Name", role_name}},
                                       });

    const std::string named = prefix + "-*";
    std::vector<Statement> statements;
    // Calls that take no resource ARN, or whose resources AWS names (VPCs,
    // clusters, APIs): descriptions and tags, never data.
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "apigateway:GET",
                "dynamodb:DescribeContinuousBackups",
                "dynamodb:DescribeTable",
                "dynamodb:DescribeTimeToLive",
                "dynamodb:ListTagsOfResource",
                "ec2:Describe*",
                // bootstrap finds the account's GitHub OIDC provider by URL.
                "iam:ListOpenIDConnectProviders",
                "lambda:GetAccountSettings",
                "lambda:ListFunctions",
                "logs:DescribeLogGroups",
                "rds:Describe*",
                "rds:ListTagsForResource",
                "secretsmanager:ListSecrets",
                "ssm:DescribeInstanceInformation",
                "ssm:DescribeSessions",
                "ssm:GetConnectionStatus",
                "sts:GetCallerIdentity",
            },
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "DescribeApplicationResources",
    });
    // The project's own functions, log groups, secrets (their description,
    // not their value) and IAM.
    statements.push_back(Statement{
        .actions = List<Str>{"lambda:Get*", "lambda:List*"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:lambda:*:*:function:" + named},
        .sid = "ReadProjectFunctions",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"logs:Describe*", "logs:FilterLogEvents", "logs:Get*", "logs:ListTagsForResource",
                             "logs:ListTagsLogGroup", "logs:StartQuery"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:logs:*:*:log-group:/aws/*/" + named,
                               "arn:aws:logs:*:*:log-group:/aws/vpc-flow-logs/" + named},
        .sid = "ReadProjectLogs",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:secretsmanager:*:*:secret:" + named},
        .sid = "DescribeProjectSecrets",
    });
    std::vector<Str> iam_resources = project_iam_resource_arns(named);
    iam_resources.emplace_back("arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com");
    statements.push_back(Statement{
        .actions = List<Str>{"iam:Get*", "iam:List*"},
        .effect = "Allow",
        .resources = List<Str>(iam_resources),
        .sid = "ReadProjectIam",
    });
    statements.push_back(read_public_ami_parameters());
    // Session Manager port forwarding to the proxy or cluster, through the
    // project's bastions only (the Bastion module tags them "<prefix>-bastion").
    statements.push_back(Statement{
        .actions = List<Str>{"ssm:StartSession"},
        .condition = {Statement::Condition{
            .test = "StringLike", .values = List<Str>{prefix + "-*-bastion"}, .variable = "ssm:resourceTag/Name"}},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:ec2:*:*:instance/*"},
        .sid = "SessionToBastion",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"ssm:StartSession"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:ssm:*::document/AWS-StartPortForwardingSessionToRemoteHost",
                               "arn:aws:ssm:*::document/AWS-StartPortForwardingSession"},
        .sid = "PortForwardingDocuments",
    });
    statements.push_back(Statement{
        .actions = List<Str>{"ssm:TerminateSession", "ssm:ResumeSession"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:ssm:*:*:session/*"},
        .sid = "ManageOwnSessions",
    });
    // Database logins go through an environment's db-tester role, which
    // exists only where the environment grants it.
    statements.push_back(Statement{
        .actions = List<Str>{"sts:AssumeRole"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:iam::*:role/" + database_tester_pattern(prefix)},
        .sid = "AssumeDatabaseTesterRoles",
    });
    // The tester plans the bootstrap stack too, which manages the bucket.
    std::ranges::move(state_bucket_configuration_statements(props_.state_bucket_arn), std::back_inserter(statements));
    std::ranges::move(
        terraform_state_statements(props_.state_bucket_arn, props_.lock_table_arn, StateAccess::read_and_lock),
        std::back_inserter(statements));
    inline_role_policy(*this, {.document_id = "inline_policy_document",
                               .policy_id = "inline_policy",
                               .name = role_name + "-inline",
                               .role = role_->name(),
                               .statements = std::move(statements)});
}

void CiTester::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    // The project's prefix, not an environment's: one role for them all.
    if (const auto problem = name_prefix_problem(
            props_.name_prefix, {.example = "cloud-serverless-rds",
                                 .names = {{"role name", role_name_for(props_.name_prefix), kIamRoleNameLimit}}});
        !problem.empty())
        fail(problem);
    if (props_.principals.empty()) fail("principals is empty; give the ARNs of the users or roles that may assume the role");
    for (const auto& principal : props_.principals) {
        const Value& v = principal.value();
        if (v.is_expr()) continue;  // a reference: known at apply time only
        if (v.kind() != Value::Kind::String || v.as_string().empty()) fail("principals holds an empty ARN");
        const std::string& text = v.as_string();
        if (text.find('*') != std::string::npos)
            fail(fmt::format("principals holds \"{}\"; a wildcard would let anyone assume the role", text));
        if (text.rfind("arn:", 0) != 0 && !is_account_id(text))
            fail(fmt::format("principals holds \"{}\", neither an ARN nor a 12-digit account id", text));
    }
}

Str CiTester::role_arn() const { return role_->arn(); }
Str CiTester::role_name() const { return role_->name(); }

}  // namespace crud_api::modules
