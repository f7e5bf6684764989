// The three Python handlers of the /animals API (GET, POST, DELETE) as Lambda
// functions in the private subnets. They share one code zip and one execution
// role, which may only connect to the database through the proxy as the API
// user (rds-db:connect with an IAM token; no password anywhere).
#pragma once

#include <filesystem>
#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/asset.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/lambda_function.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct ApiFunctionsProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // Private subnets with a route to the proxy.
    List<Str> subnet_ids{};
    // The functions' security group (allowed by the proxy's group on 5432).
    Str security_group_id{};
    // DB_HOST of the handlers: the RDS Proxy endpoint.
    Str proxy_endpoint{};
    // The rds-db:connect resource of database_user through the proxy
    // (Database::iam_user_connect_arn()).
    Str db_connect_arn{};
    std::string database_name{"app"};
    std::string database_user{"iam_token_user"};
    // The handlers' folder; empty means modules/lambda/src of this repository.
    std::filesystem::path source_dir{};
    // Extra folders merged at the root of the zip (vendored packages such as
    // pg8000, installed from source_dir/requirements.txt).
    std::vector<std::filesystem::path> dependency_dirs{};
    std::string runtime{"python3.12"};
    int memory_mb{256};
    // API Gateway gives up on an integration after 29 s; keep this below it.
    int timeout_seconds{10};
    int log_retention_days{14};
    // Active X-Ray tracing of every invocation.
    bool xray_tracing{false};
};

// One function of the API and the HTTP method it serves.
struct ApiFunction {
    std::string http_method;
    aws::LambdaFunction* function;
};

class ApiFunctions : public Construct {
public:
    ApiFunctions(Scope scope, ApiFunctionsProps props);

    // GET, POST, DELETE, in that order.
    const std::vector<ApiFunction>& functions() const { return functions_; }
    aws::LambdaFunction& get() const { return *functions_.at(0).function; }
    aws::LambdaFunction& post() const { return *functions_.at(1).function; }
    aws::LambdaFunction& delete_() const { return *functions_.at(2).function; }
    Str role_arn() const;
    Str role_name() const;

    aws::IamRole& role() const { return *role_; }
    // The code zip all three functions run.
    const Asset& asset() const { return *asset_; }
    // In the order of functions().
    const std::vector<aws::CloudwatchLogGroup*>& log_groups() const { return log_groups_; }
    const ApiFunctionsProps& props() const { return props_; }

    // The folder used when ApiFunctionsProps::source_dir is empty.
    static std::filesystem::path default_source_dir();

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    void create_role();
    void create_function(const std::string& http_method, const std::string& module);
    std::string name(const std::string& thing) const { return props_.name_prefix + "-" + thing; }

    ApiFunctionsProps props_;
    Asset* asset_ = nullptr;
    aws::IamRole* role_ = nullptr;
    std::vector<const TerraformElement*> role_grants_;
    std::vector<ApiFunction> functions_;
    std::vector<aws::CloudwatchLogGroup*> log_groups_;
};

}  // namespace crud_api::modules
