#include "ci_tester/ci_tester.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "errors/props_error.hpp"
#include "iam/terraform_state_access.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/error.hpp"

namespace infra::modules {

namespace {

constexpr const char* kReadOnlyAccess = "arn:aws:iam::aws:policy/ReadOnlyAccess";

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

    std::vector<Statement> statements;
    // Explicit although ReadOnlyAccess covers it: this is what a plan of
    // the project's stacks reads, and it stays if the managed policy goes.
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "ec2:Describe*",
                "rds:Describe*",
                "rds:ListTagsForResource",
                "lambda:Get*",
                "lambda:List*",
                "apigateway:GET",
                "logs:Describe*",
                "logs:Get*",
                "logs:FilterLogEvents",
                "logs:ListTagsForResource",
                "logs:ListTagsLogGroup",
                "secretsmanager:DescribeSecret",
                "secretsmanager:GetResourcePolicy",
                "secretsmanager:ListSecrets",
                "ssm:Describe*",
                "ssm:Get*",
                "ssm:List*",
                "iam:Get*",
                "iam:List*",
                "s3:GetBucket*",
                "s3:GetEncryptionConfiguration",
                "s3:ListAllMyBuckets",
                "dynamodb:Describe*",
                "dynamodb:ListTables",
                "dynamodb:ListTagsOfResource",
                "sts:GetCallerIdentity",
            },
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "ReadApplicationServices",
    });
    // Refreshing an aws_secretsmanager_secret_version reads its value, which
    // ReadOnlyAccess leaves out: allowed for this environment's secrets only.
    statements.push_back(Statement{
        .actions = List<Str>{"secretsmanager:GetSecretValue"},
        .effect = "Allow",
        .resources = List<Str>{"arn:aws:secretsmanager:*:*:secret:" + prefix + "-*"},
        .sid = "ReadEnvironmentSecretValues",
    });
    // Session Manager port forwarding to the proxy or cluster, through this
    // environment's bastion only (the Bastion module tags it "<prefix>-bastion").
    statements.push_back(Statement{
        .actions = List<Str>{"ssm:StartSession"},
        .condition = {Statement::Condition{
            .test = "StringEquals", .values = List<Str>{prefix + "-bastion"}, .variable = "ssm:resourceTag/Name"}},
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
    for (auto& statement : terraform_state_statements(props_.state_bucket_arn, props_.lock_table_arn,
                                                      StateAccess::read_and_lock))
        statements.push_back(std::move(statement));
    auto& permissions = add<aws::data::IamPolicyDocument>(
        "inline_policy_document", aws::data::IamPolicyDocumentArgs{.statement = std::move(statements)});
    add<aws::IamRolePolicy>("inline_policy", aws::IamRolePolicyArgs{
                                                 .name = role_name + "-inline",
                                                 .policy = permissions.json(),
                                                 .role = role_->name(),
                                             });
    add<aws::IamRolePolicyAttachment>("read_only_access", aws::IamRolePolicyAttachmentArgs{
                                                              .policy_arn = kReadOnlyAccess,
                                                              .role = role_->name(),
                                                          });
}

void CiTester::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const std::string& prefix = props_.name_prefix;
    if (prefix.empty()) fail("name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"");
    if (!std::all_of(prefix.begin(), prefix.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        }))
        fail(fmt::format("name_prefix \"{}\" may hold only letters, digits and '-'", prefix));
    // IAM role names are at most 64 characters.
    if (const std::string role = role_name_for(prefix); role.size() > 64)
        fail(fmt::format("name_prefix \"{}\" is too long: the role name \"{}\" exceeds 64 characters", prefix, role));
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

}  // namespace infra::modules
