#include "iam/terraform_state_access.hpp"

namespace infra::modules {

namespace {

bool is_set(const Str& s) {
    const Value& v = s.value();
    return !v.is_null() && !(v.kind() == Value::Kind::String && v.as_string().empty());
}

}  // namespace

std::vector<aws::data::IamPolicyDocumentArgs::Statement> terraform_state_statements(const Str& bucket_arn,
                                                                                    const Str& lock_table_arn,
                                                                                    StateAccess access) {
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    std::vector<Statement> statements;
    if (is_set(bucket_arn)) {
        statements.push_back(Statement{
            .actions = List<Str>{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"},
            .effect = "Allow",
            .resources = List<Str>{bucket_arn},
            .sid = "StateBucket",
        });
        if (access == StateAccess::read_write) {
            // DeleteObject: S3 native locking removes its .tflock file on unlock.
            statements.push_back(Statement{
                .actions = List<Str>{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"},
                .effect = "Allow",
                .resources = List<Str>{bucket_arn + "/*"},
                .sid = "StateObjects",
            });
        } else {
            statements.push_back(Statement{
                .actions = List<Str>{"s3:GetObject"},
                .effect = "Allow",
                .resources = List<Str>{bucket_arn + "/*"},
                .sid = "ReadState",
            });
            // A plan takes the lock: S3 native locking writes and deletes a
            // "<key>.tflock" object next to the state. The state itself stays
            // read-only.
            statements.push_back(Statement{
                .actions = List<Str>{"s3:PutObject", "s3:DeleteObject"},
                .effect = "Allow",
                .resources = List<Str>{bucket_arn + "/*.tflock"},
                .sid = "StateLockFiles",
            });
        }
    }
    if (is_set(lock_table_arn)) {
        statements.push_back(Statement{
            .actions = List<Str>{"dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"},
            .effect = "Allow",
            .resources = List<Str>{lock_table_arn},
            .sid = "StateLockTable",
        });
    }
    return statements;
}

}  // namespace infra::modules
