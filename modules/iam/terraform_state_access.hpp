// What a role needs on the Terraform state the bootstrap stack keeps: the
// bucket, the state objects, and the lock (S3 lock files or the DynamoDB
// table). Shared by the CI roles so each grants exactly one of two levels.
#pragma once

#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/typed_values.hpp"

namespace infra::modules {

enum class StateAccess {
    // Plans: read the state, take and release the lock, write nothing else.
    read_and_lock,
    // Deploys: read and write the state objects.
    read_write,
};

// The policy statements for `access` to the state in `bucket_arn` locked
// with `lock_table_arn`; an empty ARN gives no statement for it.
std::vector<aws::data::IamPolicyDocumentArgs::Statement> terraform_state_statements(const Str& bucket_arn,
                                                                                    const Str& lock_table_arn,
                                                                                    StateAccess access);

}  // namespace infra::modules
