// The database schema, applied on deploy: a function `<prefix>-migrate`
// that runs modules/database/sql/*.sql in order (recorded in
// schema_migrations, so each runs once) through the RDS Proxy as the master
// user with an IAM token, then sets the API user's password and stores it in
// that user's secret — the secret the proxy logs in to Aurora with — so the
// password never passes through Terraform. An aws_lambda_invocation calls
// it during `terraform apply` whenever the code or a SQL file changes, and a
// failed migration fails the apply. A fresh apply thus gives a working API
// with no manual psql step.
#pragma once

#include <filesystem>
#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "database/database.hpp"
#include "infra/asset.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/aws/lambda_invocation.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct SchemaMigrationProps {
    std::string name_prefix{};
    const Database* database{};  // required: where the schema goes
    List<Str> subnet_ids{};      // private subnets that reach the proxy
    Str security_group_id{};     // a group the proxy admits (the functions' group)
    // What must exist before the function can reach the proxy and the AWS
    // APIs it calls (Network::private_connectivity()): the invocation waits
    // for them instead of racing them and relying on retries.
    std::vector<const TerraformElement*> network_ready{};
    std::filesystem::path source_dir{};  // default: the Lambda sources (migrate.py, db.py, ...)
    std::filesystem::path sql_dir{};     // default: modules/database/sql
    std::vector<std::filesystem::path> dependency_dirs{};  // pg8000 and what it needs
    std::string runtime{"python3.12"};
    // Long enough to wait out a proxy target that is still registering right
    // after the apply that created it (migrate.py retries its connection).
    int timeout_seconds{300};
    int log_retention_days{14};
    bool xray_tracing{false};
};

class SchemaMigration : public Construct {
public:
    SchemaMigration(Scope scope, SchemaMigrationProps props);

    static std::filesystem::path default_sql_dir();

    aws::LambdaFunction& function() const { return *function_; }
    aws::LambdaInvocation& invocation() const { return *invocation_; }
    const Asset& asset() const { return *asset_; }
    // What the last run applied, as JSON (the function's result; no secrets).
    Str result() const { return invocation_->result(); }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    std::string name(const std::string& thing) const { return props_.name_prefix + "-" + thing; }

    SchemaMigrationProps props_;
    Asset* asset_ = nullptr;
    aws::LambdaFunction* function_ = nullptr;
    aws::LambdaInvocation* invocation_ = nullptr;
};

}  // namespace crud_api::modules
