// A role's inline policy: an aws_iam_policy_document of the statements and
// the aws_iam_role_policy that puts its JSON on the role. Every module with
// a role of its own writes its permissions this way.
#pragma once

#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct InlineRolePolicy {
    // The construct ids of the document and of the policy under the scope:
    // they are the Terraform logical ids, so each module keeps its own.
    ChildId document_id;
    ChildId policy_id;
    // The policy's name on the role.
    Str name;
    // The role, by name (or its id, the same value).
    Str role;
    std::vector<aws::data::IamPolicyDocumentArgs::Statement> statements;
};

aws::IamRolePolicy& inline_role_policy(Construct& scope, InlineRolePolicy policy);

}  // namespace crud_api::modules
