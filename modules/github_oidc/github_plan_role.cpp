#include "github_oidc/github_plan_role.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "errors/props_error.hpp"
#include "github_oidc/github_trust_policy.hpp"
#include "iam/inline_role_policy.hpp"
#include "iam/project_iam_resources.hpp"
#include "iam/public_ami_parameters.hpp"
#include "iam/terraform_state_access.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "naming/iam_role_name.hpp"

namespace crud_api::modules {
using namespace infra;

GithubPlanRole::GithubPlanRole(Scope scope, GithubPlanRoleProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    const std::string& project = props_.project;
    auto& trust = github_trust_policy(*this, "trust_policy", props_.provider_arn,
                                      {"repo:" + props_.repository + ":pull_request"});

    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    std::vector<Statement> statements;
    // What a plan refreshes: describe and list calls, which take no resource
    // ARN (ec2, rds, API Gateway reads, log groups) or are limited to the
    // project's names where they do. No secret value, no function code
    // outside the project.
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "apigateway:GET",
                "ec2:Describe*",
                "logs:DescribeLogGroups",
                "logs:ListTagsForResource",
                "logs:ListTagsLogGroup",
                "rds:Describe*",
                "rds:ListTagsForResource",
                "secretsmanager:DescribeSecret",
                "secretsmanager:GetResourcePolicy",
            },
        .effect = "Allow",
        .resources = List<Str>{"*"},
        .sid = "DescribeApplicationResources",
    });
    statements.push_back(Statement{
        .actions =
            List<Str>{
                "lambda:GetFunction",
                "lambda:GetFunctionCodeSigningConfig",
                "lambda:GetFunctionConfiguration",
                "lambda:GetPolicy",
                "lambda:ListTags",
                "lambda:ListVersionsByFunction",
            },
        .effect = "Allow",
        .resources = List<Str>{Str("arn:aws:lambda:*:*:function:" + project + "-*")},
        .sid = "ReadProjectFunctions",
    });
    const std::vector<std::string> iam_reads = project_iam_read_actions();
    statements.push_back(Statement{
        .actions = List<Str>(std::vector<Str>(iam_reads.begin(), iam_reads.end())),
        .effect = "Allow",
        .resources = List<Str>(project_iam_resource_arns(project + "-*")),
        .sid = "ReadProjectIam",
    });
    statements.push_back(read_public_ami_parameters());
    std::ranges::move(
        terraform_state_statements(props_.state_bucket_arn, props_.lock_table_arn, StateAccess::read_and_lock),
        std::back_inserter(statements));

    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "Plans of pull requests of " + props_.repository + " (read only)",
                                           .max_session_duration = 3600,
                                           .name = props_.role_name,
                                           .tags = Map<Str>{{"Name", props_.role_name}},
                                       });
    inline_role_policy(*this, {.document_id = "policy_document",
                               .policy_id = "policy",
                               .name = props_.role_name + "-read",
                               .role = role_->name(),
                               .statements = std::move(statements)});
}

void GithubPlanRole::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    if (const auto problem = iam_role_name_problem("role_name", props_.role_name); !problem.empty()) fail(problem);
    if (const std::string problem = repository_problem(props_.repository); !problem.empty()) fail(problem);
    if (is_unset(props_.provider_arn.value())) fail("provider_arn is empty; give the account's GitHub OIDC provider");
    if (props_.project.empty() || props_.project.find_first_of("*?") != std::string::npos)
        fail(fmt::format("project \"{}\" must be a fixed name: it limits what the role reads", props_.project));
}

Str GithubPlanRole::role_arn() const { return role_->arn(); }
Str GithubPlanRole::role_name() const { return role_->name(); }

}  // namespace crud_api::modules
