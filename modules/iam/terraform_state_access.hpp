// What a role needs on the Terraform state the bootstrap stack keeps: the
// bucket, the state objects, and the lock (S3 lock files or the DynamoDB
// table). Shared by the CI roles so each grants exactly one of two levels,
// on every state in the bucket or on the states of its own environment,
// and, to a role that plans the bootstrap stack itself, the read of the
// bucket's own configuration.
#pragma once

#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

enum class StateAccess {
    // Plans: read the state, take and release the lock, write nothing else.
    read_and_lock,
    // Deploys: read and write the state objects.
    read_write,
};

// Which state objects of the bucket the access is to. With no keys, every
// object of the bucket ("<bucket>/*"); with keys, the access is to those
// keys (and their "<key>.tflock" lock files) and `read_only_keys` are only
// read, e.g. the bootstrap stack's state whose outputs an environment reads.
// A deploy role of dev so never writes prod's state.
struct StateKeys {
    std::vector<std::string> keys{};
    std::vector<std::string> read_only_keys{};
};

// The policy statements for `access` to the state in `bucket_arn` locked
// with `lock_table_arn`; an empty ARN gives no statement for it.
std::vector<aws::data::IamPolicyDocumentArgs::Statement> terraform_state_statements(const Str& bucket_arn,
                                                                                    const Str& lock_table_arn,
                                                                                    StateAccess access,
                                                                                    const StateKeys& scope = {});

// The read of the bucket's configuration (versioning, encryption, lifecycle,
// policy, public access block) that a plan of the stack managing the bucket
// refreshes; no statement for an empty ARN.
std::vector<aws::data::IamPolicyDocumentArgs::Statement> state_bucket_configuration_statements(
    const Str& bucket_arn);

}  // namespace crud_api::modules
