#include "iam/terraform_state_access.hpp"

#include "errors/props_error.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

// "<bucket>/<key><suffix>" for each key, or "<bucket>/*<suffix>" without keys.
std::vector<Str> objects(const Str& bucket_arn, const std::vector<std::string>& keys, const std::string& suffix) {
    std::vector<Str> out;
    if (keys.empty()) out.push_back(bucket_arn + Str("/*" + suffix));
    for (const auto& key : keys) out.push_back(bucket_arn + Str("/" + key + suffix));
    return out;
}

}  // namespace

std::vector<aws::data::IamPolicyDocumentArgs::Statement> terraform_state_statements(const Str& bucket_arn,
                                                                                    const Str& lock_table_arn,
                                                                                    StateAccess access,
                                                                                    const StateKeys& scope) {
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    std::vector<Statement> statements;
    if (!is_unset(bucket_arn.value())) {
        statements.push_back(Statement{
            .actions = List<Str>{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"},
            .effect = "Allow",
            .resources = List<Str>{bucket_arn},
            .sid = "StateBucket",
        });
        if (!scope.read_only_keys.empty() && !scope.keys.empty())
            statements.push_back(Statement{
                .actions = List<Str>{"s3:GetObject"},
                .effect = "Allow",
                .resources = List<Str>(objects(bucket_arn, scope.read_only_keys, "")),
                .sid = "ReadSharedState",
            });
        if (access == StateAccess::read_write) {
            // DeleteObject: S3 native locking removes its .tflock file on unlock.
            std::vector<Str> written = objects(bucket_arn, scope.keys, "");
            if (!scope.keys.empty())
                for (auto& lock_file : objects(bucket_arn, scope.keys, ".tflock")) written.push_back(std::move(lock_file));
            statements.push_back(Statement{
                .actions = List<Str>{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
                .effect = "Allow",
                .resources = List<Str>(std::move(written)),
                .sid = "StateObjects",
            });
        } else {
            statements.push_back(Statement{
                .actions = List<Str>{"s3:GetObject"},
                .effect = "Allow",
                .resources = List<Str>(objects(bucket_arn, scope.keys, "")),
                .sid = "ReadState",
            });
            // A plan takes the lock: S3 native locking writes and deletes a
            // "<key>.tflock" object next to the state. The state itself stays
            // read-only.
            statements.push_back(Statement{
                .actions = List<Str>{"s3:PutObject", "s3:DeleteObject"},
                .effect = "Allow",
                .resources = List<Str>(objects(bucket_arn, scope.keys, ".tflock")),
                .sid = "StateLockFiles",
            });
        }
    }
    if (!is_unset(lock_table_arn.value())) {
        statements.push_back(Statement{
            .actions = List<Str>{"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"},
            .effect = "Allow",
            .resources = List<Str>{lock_table_arn},
            .sid = "StateLockTable",
        });
    }
    return statements;
}

std::vector<aws::data::IamPolicyDocumentArgs::Statement> state_bucket_configuration_statements(
    const Str& bucket_arn) {
    if (is_unset(bucket_arn.value())) return {};
    return {{
        .actions = List<Str>{"s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration"},
        .effect = "Allow",
        .resources = List<Str>{bucket_arn},
        .sid = "ReadStateBucketConfiguration",
    }};
}

}  // namespace crud_api::modules
