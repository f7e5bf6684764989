// An environment's db-tester role: what the ci-tester role assumes to log in
// to that environment's database with an IAM token. An environment grants
// database access to testers by having one (the setting
// ci_tester_database_access); the ci-tester role itself, shared by every
// environment, holds no database permission. The deploy role of the
// environment creates it, so it carries the project's permissions boundary.
#pragma once

#include <string>

#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct DatabaseTesterRoleProps {
    // The environment's name prefix, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // The ci-tester role that may assume it.
    Str tester_role_arn{};
    // The policy granting rds-db:connect as one database user.
    Str connect_policy_arn{};
};

class DatabaseTesterRole : public Construct {
public:
    DatabaseTesterRole(Scope scope, DatabaseTesterRoleProps props);

    Str role_arn() const;
    // "<name_prefix>-db-tester": matched by CiTester::database_tester_pattern.
    static std::string role_name_for(const std::string& name_prefix) { return name_prefix + "-db-tester"; }

private:
    aws::IamRole* role_ = nullptr;
};

}  // namespace crud_api::modules
