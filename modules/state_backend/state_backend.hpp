// The S3 bucket that holds Terraform state for the other stacks: private,
// versioned, encrypted, TLS only, protected from `destroy`; optionally the
// DynamoDB table of the older lock protocol (S3 native lock files need none).
#pragma once

#include "infra/source_location.hpp"
#include <string>

#include "infra/aws/dynamodb_table.hpp"
#include "infra/aws/s3_bucket.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct StateBackendProps {
    // 3 to 63 lowercase letters, digits, '-' and '.', starting and ending
    // with a letter or digit.
    std::string bucket_name{};
    // "s3": S3 native lock files (Terraform >= 1.10), nothing to create.
    // "dynamodb": also a lock table for the DynamoDB lock protocol.
    std::string locking{"s3"};
    // Name of the lock table with "dynamodb" locking; "<bucket_name>-locks"
    // when empty.
    std::string lock_table_name{};
    // Lets `terraform destroy` delete the bucket and every state version in
    // it; off, the bucket has lifecycle.prevent_destroy.
    bool force_destroy{false};
    // A bucket policy that denies every request without TLS. Off only for
    // an AWS emulator that does not evaluate policy conditions (moto server
    // denies every request under a conditional Deny).
    bool deny_insecure_transport{true};
};

class StateBackend : public Construct {
public:
    StateBackend(Scope scope, StateBackendProps props);

    Str bucket_name() const;
    Str bucket_arn() const;
    // For the backend block of the stacks that keep their state here, which
    // cannot hold references.
    const std::string& bucket_name_literal() const { return props_.bucket_name; }
    bool uses_dynamodb_lock() const { return lock_table_ != nullptr; }
    // A reference to the lock table's name, or an empty string with "s3" locking.
    Str lock_table_name() const;
    // The lock table's name for a backend block, or empty with "s3" locking.
    const std::string& lock_table_name_literal() const { return lock_table_name_; }
    // A reference to the lock table's ARN, or an empty string with "s3" locking.
    Str lock_table_arn() const;

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    StateBackendProps props_;
    std::string lock_table_name_;
    aws::S3Bucket* bucket_ = nullptr;
    aws::DynamodbTable* lock_table_ = nullptr;
};

}  // namespace crud_api::modules
