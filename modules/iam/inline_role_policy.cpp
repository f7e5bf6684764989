#include "iam/inline_role_policy.hpp"

namespace crud_api::modules {
using namespace infra;

aws::IamRolePolicy& inline_role_policy(Construct& scope, InlineRolePolicy policy) {
    auto& document = scope.add<aws::data::IamPolicyDocument>(
        std::move(policy.document_id), aws::data::IamPolicyDocumentArgs{.statement = std::move(policy.statements)});
    return scope.add<aws::IamRolePolicy>(std::move(policy.policy_id), aws::IamRolePolicyArgs{
                                                                          .name = policy.name,
                                                                          .policy = document.json(),
                                                                          .role = policy.role,
                                                                      });
}

}  // namespace crud_api::modules
