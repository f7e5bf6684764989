#include "database/schema_migration.hpp"

#include <fmt/format.h>

#include <system_error>

#include "errors/props_error.hpp"
#include "iam/vpc_function_role.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/error.hpp"
#include "lambda/api_functions.hpp"
#include "logs/log_retention.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

std::filesystem::path SchemaMigration::default_sql_dir() {
    return std::filesystem::path(INFRA_MODULES_SOURCE_DIR) / "database" / "sql";
}

SchemaMigration::SchemaMigration(Scope scope, SchemaMigrationProps props) : Construct(scope), props_(std::move(props)) {
    if (props_.source_dir.empty()) props_.source_dir = ApiFunctions::default_source_dir();
    if (props_.sql_dir.empty()) props_.sql_dir = default_sql_dir();
    validate(scope.where());
    const Database& db = *props_.database;
    const std::string function_name = name("migrate");

    // The SQL files sit at the root of the zip, beside migrate.py, which
    // takes the *.sql files of MIGRATIONS_DIR. The zip's hash covers code and
    // SQL alike, so either change runs the migration again.
    std::vector<std::filesystem::path> extra_dirs{props_.sql_dir};
    extra_dirs.insert(extra_dirs.end(), props_.dependency_dirs.begin(), props_.dependency_dirs.end());
    asset_ = &add<Asset>("code", AssetConfig{
                                     .source = props_.source_dir,
                                     .extra_dirs = std::move(extra_dirs),
                                     .exclude = {"__pycache__", "requirements.txt", "tests", "README.md"},
                                 });

    // Its own role: only this function may connect as the master user and
    // write the API user's secret.
    const auto [role, grants] =
        vpc_function_role(*this, {.role_name = name("migrate-role"),
                                  .description = "Execution role of the schema migration function",
                                  .policy_name = name("migrate"),
                                  .statements =
                                      {
                                          {
                                              .actions = List<Str>{"rds-db:connect"},
                                              .effect = "Allow",
                                              .resources = List<Str>{db.master_user_connect_arn()},
                                              .sid = "ConnectAsMasterUser",
                                          },
                                          {
                                              .actions = List<Str>{"secretsmanager:GetSecretValue",
                                                                   "secretsmanager:PutSecretValue"},
                                              .effect = "Allow",
                                              .resources = List<Str>{db.iam_user_secret_arn()},
                                              .sid = "ManageApiUserPassword",
                                          },
                                      },
                                  .xray_tracing = props_.xray_tracing});

    auto& log_group = add<aws::CloudwatchLogGroup>("logs", aws::CloudwatchLogGroupArgs{
                                                               .name = "/aws/lambda/" + function_name,
                                                               .retention_in_days = props_.log_retention_days,
                                                               .tags = Map<Str>{{"Name", function_name}},
                                                           });

    function_ = &add<aws::LambdaFunction>(
        "function",
        aws::LambdaFunctionArgs{
            .description = "Applies the SQL migrations and sets the API user's password",
            // What migrate.py reads: the proxy, as the master user with an
            // IAM token (the proxy requires IAM for every user).
            .environment =
                aws::LambdaFunctionArgs::Environment{
                    .variables =
                        Map<Str>{
                            {"DB_AUTH", "iam"},
                            {"DB_HOST", db.proxy_endpoint()},
                            {"DB_NAME", db.database_name()},
                            {"DB_PORT", std::to_string(Database::kPort)},
                            {"DB_USER", db.master_username()},
                            {"IAM_USERNAME", db.iam_username()},
                            {"IAM_USER_SECRET_ARN", db.iam_user_secret_arn()},
                            {"MIGRATIONS_DIR", "/var/task"},
                        },
                },
            .filename = asset_->filename(),
            .function_name = function_name,
            .handler = "migrate.handler",
            .memory_size = 256,
            .role = role->arn(),
            .runtime = props_.runtime,
            .source_code_hash = asset_->base64_sha256(),
            .tags = Map<Str>{{"Name", function_name}},
            .timeout = props_.timeout_seconds,
            .tracing_config = props_.xray_tracing
                                  ? std::optional{aws::LambdaFunctionArgs::TracingConfig{.mode = "Active"}}
                                  : std::nullopt,
            .vpc_config =
                aws::LambdaFunctionArgs::VpcConfig{
                    .security_group_ids = List<Str>{props_.security_group_id},
                    .subnet_ids = props_.subnet_ids,
                },
        });
    function_->depends_on(log_group);
    for (const auto* grant : grants) function_->depends_on(*grant);

    // Runs during the apply that creates the function and again whenever the
    // zip (code or SQL) changes; not before the proxy has its target.
    invocation_ = &add<aws::LambdaInvocation>(
        "run", aws::LambdaInvocationArgs{
                   .function_name = function_->function_name(),
                   .input = R"({"source":"terraform"})",
                   // The API role is made to exist and hold its grants on every
                   // run (migrate.py), so a renamed role reruns it too.
                   .triggers = Map<Str>{{"code_and_sql", asset_->base64_sha256()}, {"api_role", db.iam_username()}},
               });
    invocation_->depends_on(db.proxy_target());
    for (const TerraformElement* element : props_.network_ready) invocation_->depends_on(*element);
}

void SchemaMigration::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    if (const auto problem = name_prefix_problem(
            props_.name_prefix, {.names = {{"role name", name("migrate-role"), kIamRoleNameLimit}}});
        !problem.empty())
        fail(problem);
    if (props_.database == nullptr) fail("database is not set; pass the Database module the schema belongs to");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(props_.source_dir / "migrate.py", ec))
        fail(fmt::format("source_dir \"{}\" has no migrate.py", props_.source_dir.string()));
    if (!std::filesystem::is_directory(props_.sql_dir, ec))
        fail(fmt::format("sql_dir \"{}\" is not a folder", props_.sql_dir.string()));
    if (props_.timeout_seconds < 1 || props_.timeout_seconds > 900)
        fail(fmt::format("timeout_seconds {} is outside Lambda's 1 to 900", props_.timeout_seconds));
    if (!is_log_retention_days(props_.log_retention_days))
        fail(fmt::format("log_retention_days {} is not one CloudWatch Logs accepts ({})", props_.log_retention_days,
                         log_retention_days_list()));
}

}  // namespace crud_api::modules
