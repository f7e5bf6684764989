// The ci-tester role: what a developer assumes from their own user or role,
// with MFA, for local `terraform plan`, troubleshooting and validation. It
// reads what a plan of the project's stacks refreshes (an explicit list: no
// other bucket's objects, no SSM parameter of the account, no secret value)
// and writes nothing except Terraform's lock. It may open Session Manager
// port forwarding through the project's bastions, and log in to a database
// only by assuming the db-tester role of an environment that grants it
// (DatabaseTesterRole).
#pragma once

#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct CiTesterProps {
    // The project's name prefix, e.g. "cloud-serverless-rds": the role is
    // "<name_prefix>-ci-tester" and reads the resources named
    // "<name_prefix>-*" of every environment.
    std::string name_prefix{};
    // ARNs of the users or roles (or 12-digit account ids) that may assume
    // the role; at least one.
    std::vector<Str> principals{};
    // Only sessions authenticated with MFA may assume the role.
    bool require_mfa{true};
    // The Terraform state bucket: the role may read the state and take and
    // release its lock (S3 lock files), not write the state.
    Str state_bucket_arn{};
    // The DynamoDB lock table, when the backend uses one.
    Str lock_table_arn{};
};

class CiTester : public Construct {
public:
    CiTester(Scope scope, CiTesterProps props);

    Str role_arn() const;
    Str role_name() const;
    // The name the role gets for `name_prefix`, known before it is created.
    static std::string role_name_for(const std::string& name_prefix) { return name_prefix + "-ci-tester"; }
    // The db-tester roles of the environments the role may assume
    // (DatabaseTesterRole::role_name_for gives names that match).
    static std::string database_tester_pattern(const std::string& name_prefix) {
        return name_prefix + "-*-db-tester";
    }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    CiTesterProps props_;
    aws::IamRole* role_ = nullptr;
};

}  // namespace crud_api::modules
