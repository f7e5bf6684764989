#include "environment_stack.hpp"

#include "api_gateway/rest_api.hpp"
#include "aws_provider.hpp"
#include "bootstrap_stack.hpp"
#include "ci_tester/database_tester_role.hpp"
#include "ci_tester/rds_connect_policy.hpp"
#include "database/database.hpp"
#include "database/schema_migration.hpp"
#include "ec2/bastion.hpp"
#include "iam/permissions_boundary.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/rules/suppression.hpp"
#include "lambda_dependencies.hpp"
#include "lambda/api_functions.hpp"
#include "network/network.hpp"

namespace crud_api::stacks {
using namespace infra;

namespace {

void set_backend(Stack& stack, const EnvironmentSettings& s) {
    if (s.backend == "local") stack.set_backend(LocalBackend{});
    else stack.set_backend(s.s3_backend(EnvironmentSettings::state_key(s.environment)));
}

void output(Stack& stack, const std::string& name, Value value, std::string description) {
    stack.add<Output>(name, OutputConfig{.value = std::move(value), .description = std::move(description)});
}

}  // namespace

Stack& build_environment_stack(App& app, const std::string& name, const EnvironmentSettings& s,
                               const EnvironmentSettings& bootstrap_settings) {
    const BootstrapStack bootstrap = bootstrap_stack(app, bootstrap_settings);
    auto& stack = app.add<Stack>(name);
    rules::mark_environment(stack, s.environment);
    set_backend(stack, s);
    add_aws_provider(stack, s);
    // The deploy role may create no role without the project's boundary.
    stack.add_aspect(modules::bound_every_role(bootstrap.permissions_boundary.arn()));

    auto& network = stack.add<modules::Network>("network", modules::NetworkProps{
                                                               .name_prefix = s.prefix(),
                                                               .vpc_cidr = s.vpc_cidr,
                                                               .availability_zones = s.availability_zones,
                                                               .public_subnet_cidrs = s.public_subnet_cidrs,
                                                               .private_subnet_cidrs = s.private_subnet_cidrs,
                                                               .region = s.region,
                                                               .single_nat_gateway = s.single_nat_gateway,
                                                               .vpc_endpoints = s.vpc_endpoints,
                                                               .flow_logs = s.flow_logs,
                                                               .flow_log_retention_days = static_cast<int>(s.log_retention_days),
                                                           });

    auto& database = stack.add<modules::Database>(
        "database", modules::DatabaseProps{
                        .name_prefix = s.prefix(),
                        .subnet_ids = network.private_subnet_ids(),
                        .database_security_group_id = network.database_security_group_id(),
                        .proxy_security_group_id = network.proxy_security_group_id(),
                        .database_name = s.db_name,
                        .master_username = s.iam_database_username,
                        .iam_username = s.iam_token_username,
                        .engine_version = s.db_engine_version,
                        .instance_class = s.db_instance_class,
                        .min_capacity = s.db_min_capacity,
                        .max_capacity = s.db_max_capacity,
                        .instance_count = static_cast<int>(s.db_instance_count),
                        .backup_retention_days = static_cast<int>(s.db_backup_retention_days),
                        .deletion_protection = s.db_deletion_protection,
                        .skip_final_snapshot = !s.db_final_snapshot,
                        .secret_recovery_window_days = static_cast<int>(s.secret_recovery_window_days),
                    });

    const LambdaDependencies dependencies =
        resolve_lambda_dependencies(s.lambda_dependencies, lambda_requirements(s.lambda_runtime));
    auto& functions = stack.add<modules::ApiFunctions>("lambda", modules::ApiFunctionsProps{
                                                                     .name_prefix = s.prefix(),
                                                                     .subnet_ids = network.private_subnet_ids(),
                                                                     .security_group_id = network.lambda_security_group_id(),
                                                                     .proxy_endpoint = database.proxy_endpoint(),
                                                                     .db_connect_arn = database.iam_user_connect_arn(),
                                                                     .database_name = database.database_name(),
                                                                     .database_user = database.iam_username(),
                                                                     .dependency_dirs = dependencies.dirs,
                                                                     .runtime = s.lambda_runtime,
                                                                     .memory_mb = static_cast<int>(s.lambda_memory_mb),
                                                                     .timeout_seconds = static_cast<int>(s.lambda_timeout_seconds),
                                                                     .log_retention_days = static_cast<int>(s.log_retention_days),
                                                                     .xray_tracing = s.xray_tracing,
                                                                 });

    // Valid to synthesize, but the migration would fail in the middle of the
    // apply: plan and deploy refuse the stack until the packages are there.
    if (!dependencies.warning.empty()) functions.annotations().add_deploy_blocker(dependencies.warning);

    // The schema and the API user's password, applied during the apply.
    stack.add<modules::SchemaMigration>("migration", modules::SchemaMigrationProps{
                                                         .name_prefix = s.prefix(),
                                                         .database = &database,
                                                         .subnet_ids = network.private_subnet_ids(),
                                                         .security_group_id = network.lambda_security_group_id(),
                                                         .network_ready = network.private_connectivity(),
                                                         .dependency_dirs = dependencies.dirs,
                                                         .runtime = s.lambda_runtime,
                                                         .log_retention_days = static_cast<int>(s.log_retention_days),
                                                         .xray_tracing = s.xray_tracing,
                                                     });

    std::vector<modules::ApiRoute> routes;
    for (const auto& f : functions.functions())
        routes.push_back({.http_method = f.http_method,
                          .function_name = f.function->function_name(),
                          .invoke_arn = f.function->invoke_arn()});
    auto& api = stack.add<modules::RestApi>("api", modules::RestApiProps{
                                                       .name_prefix = s.prefix(),
                                                       .routes = std::move(routes),
                                                       .stage_name = s.environment,
                                                       .log_retention_days = static_cast<int>(s.log_retention_days),
                                                       .throttling_rate_limit = s.api_throttling_rate_limit,
                                                       .throttling_burst_limit = static_cast<int>(s.api_throttling_burst_limit),
                                                   });

    rules::suppress(api, "INFRA-APIGW-003",
                    "the /animals API is public by design, as in the original system; put an authorizer in front "
                    "before it serves anything that is not public");

    auto& bastion = stack.add<modules::Bastion>("bastion", modules::BastionProps{
                                                               .name_prefix = s.prefix(),
                                                               .subnet_id = network.private_subnet_id(0),
                                                               .security_group_id = network.bastion_security_group_id(),
                                                               .instance_type = s.bastion_instance_type,
                                                               .ami = s.bastion_ami,
                                                           });

    // rds-db:connect as iam_token_user through the proxy, for the bastion
    // (administration over SSM) and, where the environment grants it, for
    // the ci-tester role through this environment's db-tester role (the
    // seed's "RDS connect attachment").
    auto& connect = modules::rds_connect_policy(stack, "rds_connect", s.prefix() + "-rds-connect",
                                                database.iam_user_connect_arn());
    stack.add<aws::IamRolePolicyAttachment>("bastion_rds_connect",
                                            aws::IamRolePolicyAttachmentArgs{.policy_arn = connect.arn(),
                                                                             .role = bastion.role_name()});
    if (s.ci_tester_database_access) {
        auto& tester = stack.add<modules::DatabaseTesterRole>(
            "db_tester", modules::DatabaseTesterRoleProps{.name_prefix = s.prefix(),
                                                          .tester_role_arn = bootstrap.ci_tester.role_arn(),
                                                          .connect_policy_arn = connect.arn()});
        output(stack, "db_tester_role_arn", tester.role_arn(),
               "role the ci-tester role assumes to log in to the database with an IAM token");
    }

    output(stack, "api_gateway_invoke_url", api.invoke_url(), "base URL of the API: append /animals");
    output(stack, "api_gateway_execution_arn", api.execution_arn(),
           "execution ARN of the REST API, for permissions to invoke it");
    output(stack, "api_gateway_stage_name", api.stage_name(), "stage the API is deployed to");
    output(stack, "ec2_instance_id", bastion.instance_id(), "SSM bastion, the target of port-forwarding sessions");
    output(stack, "ec2_iam_role_arn", bastion.role_arn(), "role of the SSM bastion");
    output(stack, "database_endpoint", database.cluster_endpoint(), "Aurora cluster writer endpoint");
    output(stack, "database_reader_endpoint", database.reader_endpoint(), "Aurora cluster reader endpoint");
    output(stack, "database_proxy_endpoint", database.proxy_endpoint(), "RDS Proxy endpoint the functions use");
    output(stack, "database_master_username", database.master_username(), "Aurora master user");
    output(stack, "database_iam_token_username", database.iam_username(),
           "database user the functions log in as with IAM tokens");
    output(stack, "database_credentials_secret_arn", database.master_secret_arn(),
           "Secrets Manager secret of the master credentials (managed by RDS)");
    if (auto role = bootstrap.github.deploy_roles().find(s.environment); role != bootstrap.github.deploy_roles().end())
        output(stack, "github_actions_role_arn", role->second->role_arn(),
               "role the GitHub environment's deploy jobs assume (from the bootstrap stack)");
    output(stack, "lambda_function_names",
           Value::map({{"get", functions.get().function_name().value()},
                       {"post", functions.post().function_name().value()},
                       {"delete", functions.delete_().function_name().value()}}),
           "the functions by the method they serve: get, post, delete");
    output(stack, "vpc_id", network.vpc_id(), "ID of the VPC");
    output(stack, "private_subnet_ids", network.private_subnet_ids(), "IDs of the private subnets");
    return stack;
}

}  // namespace crud_api::stacks
