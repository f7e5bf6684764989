#include "ci_tester/database_tester_role.hpp"

#include "errors/props_error.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

DatabaseTesterRole::DatabaseTesterRole(Scope scope, DatabaseTesterRoleProps props) : Construct(scope) {
    if (const auto problem = name_prefix_problem(
            props.name_prefix, {.names = {{"role name", role_name_for(props.name_prefix), kIamRoleNameLimit}}});
        !problem.empty())
        throw_props_error(*this, scope.where(), problem);
    if (is_unset(props.tester_role_arn.value()))
        throw_props_error(*this, scope.where(), "tester_role_arn is empty; give the ci-tester role's ARN");
    if (is_unset(props.connect_policy_arn.value()))
        throw_props_error(*this, scope.where(), "connect_policy_arn is empty; give the rds-db:connect policy");
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    auto& trust = add<aws::data::IamPolicyDocument>(
        "trust_policy", aws::data::IamPolicyDocumentArgs{
                            .statement = {Statement{
                                .actions = List<Str>{"sts:AssumeRole"},
                                .effect = "Allow",
                                .principals = {Statement::Principals{
                                    .identifiers = List<Str>{std::move(props.tester_role_arn)}, .type = "AWS"}},
                            }},
                        });
    const std::string name = role_name_for(props.name_prefix);
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "Database logins of the ci-tester role",
                                           .max_session_duration = 3600,
                                           .name = name,
                                           .tags = Map<Str>{{"Name", name}},
                                       });
    add<aws::IamRolePolicyAttachment>("rds_connect", aws::IamRolePolicyAttachmentArgs{
                                                         .policy_arn = std::move(props.connect_policy_arn),
                                                         .role = role_->name(),
                                                     });
}

Str DatabaseTesterRole::role_arn() const { return role_->arn(); }

}  // namespace crud_api::modules
