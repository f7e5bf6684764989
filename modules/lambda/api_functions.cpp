#include "lambda/api_functions.hpp"

#include <fmt/format.h>

#include <system_error>

#include "errors/props_error.hpp"
#include "iam/vpc_function_role.hpp"
#include "infra/error.hpp"
#include "logs/log_retention.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

// ENI management for functions in a VPC, plus writing their CloudWatch logs.

// The handlers, by HTTP method: the Python module (file) and its entry point.
struct Handler {
    const char* http_method;
    const char* module;
};
constexpr Handler kHandlers[] = {
    {"GET", "get_animals"},
    {"POST", "post_animals"},
    {"DELETE", "delete_animals"},
};
constexpr const char* kHandlerFunction = "handler";

bool is_empty_literal(const Value& v) {
    return (v.kind() == Value::Kind::String && v.as_string().empty()) ||
           (v.kind() == Value::Kind::List && v.as_list().empty());
}

// "get_animals" -> "get-animals", the AWS name of the function.
std::string dashed(std::string s) {
    for (char& c : s)
        if (c == '_') c = '-';
    return s;
}

}  // namespace

std::filesystem::path ApiFunctions::default_source_dir() { return std::filesystem::path(INFRA_MODULES_SOURCE_DIR) / "lambda" / "src"; }

ApiFunctions::ApiFunctions(Scope scope, ApiFunctionsProps props) : Construct(scope), props_(std::move(props)) {
    if (props_.source_dir.empty()) props_.source_dir = default_source_dir();
    validate(scope.where());

    asset_ = &add<Asset>("code", AssetConfig{
                                     .source = props_.source_dir,
                                     .extra_dirs = props_.dependency_dirs,
                                     // Build and test leftovers; requirements.txt is
                                     // what dependency_dirs were installed from.
                                     .exclude = {"__pycache__", "requirements.txt", "tests"},
                                 });
    create_role();
    for (const auto& h : kHandlers) create_function(h.http_method, h.module);
}

void ApiFunctions::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const auto& p = props_;
    if (const auto problem =
            name_prefix_problem(p.name_prefix, {.names = {
                                                    {"function name", name("delete-animals"), 64},
                                                    {"role name", name("lambda-role"), kIamRoleNameLimit},
                                                }});
        !problem.empty())
        fail(problem);
    if (is_empty_literal(p.subnet_ids)) fail("subnet_ids is empty; the functions must run in the private subnets");
    if (is_empty_literal(p.security_group_id)) fail("security_group_id is empty");
    if (is_empty_literal(p.proxy_endpoint)) fail("proxy_endpoint is empty; give Database::proxy_endpoint()");
    if (is_empty_literal(p.db_connect_arn)) fail("db_connect_arn is empty; give Database::iam_user_connect_arn()");
    if (p.database_name.empty()) fail("database_name is empty");
    if (p.database_user.empty()) fail("database_user is empty");
    if (p.runtime.rfind("python3.", 0) != 0)
        fail(fmt::format("runtime \"{}\" is not a Python 3 runtime such as \"python3.12\": the handlers are Python",
                         p.runtime));
    if (p.memory_mb < 128 || p.memory_mb > 10240)
        fail(fmt::format("memory_mb {} must be 128 to 10240", p.memory_mb));
    if (p.timeout_seconds < 1 || p.timeout_seconds > 900)
        fail(fmt::format("timeout_seconds {} must be 1 to 900", p.timeout_seconds));
    if (!is_log_retention_days(p.log_retention_days))
        fail(fmt::format("log_retention_days {} is not one CloudWatch Logs accepts ({})", p.log_retention_days,
                         log_retention_days_list()));
    std::error_code ec;
    if (!std::filesystem::is_directory(p.source_dir, ec))
        fail(fmt::format("source_dir \"{}\" is not a folder", p.source_dir.string()));
    for (const auto& h : kHandlers) {
        const auto file = p.source_dir / (std::string(h.module) + ".py");
        if (!std::filesystem::is_regular_file(file, ec))
            fail(fmt::format("source_dir \"{}\" has no {}.py (the {} handler)", p.source_dir.string(), h.module,
                             h.http_method));
    }
    for (const auto& dir : p.dependency_dirs)
        if (!std::filesystem::is_directory(dir, ec))
            fail(fmt::format("dependency_dirs holds \"{}\", which is not a folder", dir.string()));
}

void ApiFunctions::create_role() {
    auto [role, grants] = vpc_function_role(*this, {.role_name = name("lambda-role"),
                                                    .description = "Execution role of the /animals API functions",
                                                    .policy_name = name("lambda-db-connect"),
                                                    .statements = {{
                                                        .actions = List<Str>{"rds-db:connect"},
                                                        .effect = "Allow",
                                                        .resources = List<Str>{props_.db_connect_arn},
                                                        .sid = "ConnectAsApiUser",
                                                    }},
                                                    .xray_tracing = props_.xray_tracing});
    role_ = role;
    role_grants_ = std::move(grants);
}

void ApiFunctions::create_function(const std::string& http_method, const std::string& module) {
    const auto& p = props_;
    const std::string function_name = name(dashed(module));

    // Created here rather than by Lambda on the first invocation, so that it
    // has a retention and is removed with the stack.
    auto& log_group = add<aws::CloudwatchLogGroup>(
        module + "_logs", aws::CloudwatchLogGroupArgs{
                              .name = "/aws/lambda/" + function_name,
                              .retention_in_days = p.log_retention_days,
                              .tags = Map<Str>{{"Name", function_name}},
                          });

    auto& function = add<aws::LambdaFunction>(
        module,
        aws::LambdaFunctionArgs{
            .description = fmt::format("{} /animals", http_method),
            // What db.py reads. AWS_REGION comes from Lambda itself, and no
            // password is set: DB_AUTH=iam makes the handler sign a token.
            .environment =
                aws::LambdaFunctionArgs::Environment{
                    .variables =
                        Map<Str>{
                            {"DB_AUTH", "iam"},
                            {"DB_HOST", p.proxy_endpoint},
                            {"DB_NAME", p.database_name},
                            {"DB_PORT", "5432"},
                            {"DB_USER", p.database_user},
                        },
                },
            .filename = asset_->filename(),
            .function_name = function_name,
            .handler = module + "." + kHandlerFunction,
            .memory_size = p.memory_mb,
            .role = role_->arn(),
            .runtime = p.runtime,
            .source_code_hash = asset_->base64_sha256(),
            .tags = Map<Str>{{"Name", function_name}},
            .timeout = p.timeout_seconds,
            .tracing_config = p.xray_tracing ? std::optional{aws::LambdaFunctionArgs::TracingConfig{.mode = "Active"}}
                                             : std::nullopt,
            .vpc_config =
                aws::LambdaFunctionArgs::VpcConfig{
                    .security_group_ids = List<Str>{p.security_group_id},
                    .subnet_ids = p.subnet_ids,
                },
        });
    // The log group must exist before the first invocation would create it
    // without retention; the role must hold its permissions before Lambda
    // creates the VPC interfaces and the handler connects.
    function.depends_on(log_group);
    for (const auto* grant : role_grants_) function.depends_on(*grant);

    functions_.push_back(ApiFunction{http_method, &function});
    log_groups_.push_back(&log_group);
}

Str ApiFunctions::role_arn() const { return role_->arn(); }
Str ApiFunctions::role_name() const { return role_->name(); }

}  // namespace crud_api::modules
