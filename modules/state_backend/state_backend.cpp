#include "state_backend/state_backend.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "errors/props_error.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/s3_bucket_policy.hpp"
#include "infra/aws/s3_bucket_public_access_block.hpp"
#include "infra/aws/s3_bucket_server_side_encryption_configuration.hpp"
#include "infra/aws/s3_bucket_versioning.hpp"
#include "infra/error.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "192.168.5.4": S3 refuses bucket names formatted as an IPv4 address.
bool looks_like_ip_address(const std::string& name) {
    return std::count(name.begin(), name.end(), '.') == 3 &&
           std::all_of(name.begin(), name.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

}  // namespace

StateBackend::StateBackend(Scope scope, StateBackendProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    const std::string& name = props_.bucket_name;

    auto& bucket = add<aws::S3Bucket>("bucket", aws::S3BucketArgs{
                                                    .bucket = name,
                                                    .force_destroy = props_.force_destroy,
                                                    .tags = Map<Str>{{"Name", name}},
                                                });
    // Losing the bucket loses the state of every stack kept in it.
    if (!props_.force_destroy) bucket.set_lifecycle(Lifecycle{.prevent_destroy = true});
    bucket_ = &bucket;

    auto& public_access = add<aws::S3BucketPublicAccessBlock>("public_access_block",
                                                              aws::S3BucketPublicAccessBlockArgs{
                                                                  .block_public_acls = true,
                                                                  .block_public_policy = true,
                                                                  .bucket = bucket.id(),
                                                                  .ignore_public_acls = true,
                                                                  .restrict_public_buckets = true,
                                                              });
    // Every write keeps the previous state as a version: a bad apply or a
    // corrupted state can be rolled back.
    add<aws::S3BucketVersioning>("versioning", aws::S3BucketVersioningArgs{
                                                   .bucket = bucket.id(),
                                                   .versioning_configuration =
                                                       aws::S3BucketVersioningArgs::VersioningConfiguration{
                                                           .status = "Enabled"},
                                               });
    using Rule = aws::S3BucketServerSideEncryptionConfigurationArgs::Rule;
    add<aws::S3BucketServerSideEncryptionConfiguration>(
        "encryption", aws::S3BucketServerSideEncryptionConfigurationArgs{
                          .bucket = bucket.id(),
                          .rule = {Rule{.apply_server_side_encryption_by_default =
                                            Rule::ApplyServerSideEncryptionByDefault{.sse_algorithm = "AES256"}}},
                      });

    // State holds secrets (generated passwords, connection strings): refuse
    // any request that is not over TLS.
    if (props_.deny_insecure_transport) {
        using Statement = aws::data::IamPolicyDocumentArgs::Statement;
        auto& tls_only = add<aws::data::IamPolicyDocument>(
            "tls_only_policy_document",
            aws::data::IamPolicyDocumentArgs{
                .statement = {Statement{
                    .actions = List<Str>{"s3:*"},
                    .condition = {Statement::Condition{
                        .test = "Bool", .values = List<Str>{"false"}, .variable = "aws:SecureTransport"}},
                    .effect = "Deny",
                    .principals = {Statement::Principals{.identifiers = List<Str>{"*"}, .type = "*"}},
                    .resources = List<Str>{bucket.arn(), bucket.arn() + "/*"},
                    .sid = "DenyInsecureTransport",
                }},
            });
        auto& policy = add<aws::S3BucketPolicy>("bucket_policy", aws::S3BucketPolicyArgs{
                                                                     .bucket = bucket.id(),
                                                                     .policy = tls_only.json(),
                                                                 });
        // S3 rejects concurrent changes to a bucket's policy and its public
        // access block ("OperationAborted"); order them.
        policy.depends_on(public_access);
    }

    if (props_.locking == "dynamodb") {
        lock_table_name_ = props_.lock_table_name.empty() ? name + "-locks" : props_.lock_table_name;
        lock_table_ = &add<aws::DynamodbTable>(
            "lock_table", aws::DynamodbTableArgs{
                              .attribute = {aws::DynamodbTableArgs::Attribute{.name = "LockID", .type = "S"}},
                              // A few requests per plan: on-demand costs nothing idle.
                              .billing_mode = "PAY_PER_REQUEST",
                              .hash_key = "LockID",
                              .name = lock_table_name_,
                              .point_in_time_recovery = aws::DynamodbTableArgs::PointInTimeRecovery{.enabled = true},
                              .server_side_encryption = aws::DynamodbTableArgs::ServerSideEncryption{.enabled = true},
                              .tags = Map<Str>{{"Name", lock_table_name_}},
                          });
        if (!props_.force_destroy) lock_table_->set_lifecycle(Lifecycle{.prevent_destroy = true});
    }
}

void StateBackend::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const std::string& name = props_.bucket_name;
    if (name.size() < 3 || name.size() > 63)
        fail(fmt::format("bucket_name \"{}\" must be 3 to 63 characters long, not {}", name, name.size()));
    if (!std::all_of(name.begin(), name.end(), [](char c) { return is_lower_or_digit(c) || c == '-' || c == '.'; }))
        fail(fmt::format("bucket_name \"{}\" may hold only lowercase letters, digits, '-' and '.'", name));
    if (!is_lower_or_digit(name.front()) || !is_lower_or_digit(name.back()))
        fail(fmt::format("bucket_name \"{}\" must start and end with a lowercase letter or digit", name));
    if (name.find("..") != std::string::npos) fail(fmt::format("bucket_name \"{}\" has two adjacent periods", name));
    if (looks_like_ip_address(name)) fail(fmt::format("bucket_name \"{}\" is formatted as an IP address", name));
    if (props_.locking != "s3" && props_.locking != "dynamodb")
        fail(fmt::format("locking \"{}\" is neither \"s3\" nor \"dynamodb\"", props_.locking));
    if (props_.locking == "dynamodb" && !props_.lock_table_name.empty()) {
        const std::string& table = props_.lock_table_name;
        const bool valid_chars = std::all_of(table.begin(), table.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                   c == '.';
        });
        if (table.size() < 3 || table.size() > 255 || !valid_chars)
            fail(fmt::format("lock_table_name \"{}\" must be 3 to 255 letters, digits, '_', '-' or '.'", table));
    }
}

Str StateBackend::bucket_name() const { return bucket_->bucket(); }
Str StateBackend::bucket_arn() const { return bucket_->arn(); }
Str StateBackend::lock_table_name() const { return lock_table_ ? lock_table_->name() : Str(); }
Str StateBackend::lock_table_arn() const { return lock_table_ ? lock_table_->arn() : Str(); }

}  // namespace crud_api::modules
