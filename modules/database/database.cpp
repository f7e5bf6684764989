#include "database/database.hpp"
#include "database/aurora_constraints.hpp"

#include <fmt/format.h>

#include <cmath>

#include "errors/props_error.hpp"
#include "iam/inline_role_policy.hpp"
#include "iam/service_trust_policy.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "infra/functions.hpp"
#include "logs/log_retention.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

constexpr const char* kEngine = "aurora-postgresql";

// PostgreSQL names RDS accepts for the database and the master user: a letter
// first, then letters, digits and underscores, at most 63.
bool is_empty_literal(const Value& v) {
    return (v.kind() == Value::Kind::String && v.as_string().empty()) ||
           (v.kind() == Value::Kind::List && v.as_list().empty());
}

bool is_half_step(double acu) {
    const double doubled = acu * 2;
    return std::isfinite(doubled) && std::floor(doubled) == doubled;
}

}  // namespace

Database::Database(Scope scope, DatabaseProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    create_cluster();
    create_proxy();
}

void Database::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const auto& p = props_;
    const std::string last_instance = name(fmt::format("aurora-{}", p.instance_count > 0 ? p.instance_count - 1 : 0));
    const NamePrefixRule prefix_rule{.characters = PrefixCharacters::rds_identifier,
                                     .names = {
                                         {"instance identifier", last_instance, 63},
                                         {"proxy name", name("proxy"), 60},
                                         {"role name", name("db-proxy-role"), kIamRoleNameLimit},
                                     }};
    if (const auto problem = name_prefix_problem(p.name_prefix, prefix_rule); !problem.empty())
        fail(problem);
    // Only literals can be checked here; references are resolved by Terraform.
    const Value& subnets = p.subnet_ids;
    if (is_empty_literal(subnets)) fail("subnet_ids is empty; give the private subnets of at least two zones");
    if (subnets.kind() == Value::Kind::List && subnets.as_list().size() == 1)
        fail("subnet_ids has one subnet; a DB subnet group needs subnets in at least two availability zones");
    if (is_empty_literal(p.database_security_group_id)) fail("database_security_group_id is empty");
    if (is_empty_literal(p.proxy_security_group_id)) fail("proxy_security_group_id is empty");
    if (const auto problem = database_name_problem(p.database_name); !problem.empty())
        fail("database_name " + problem);
    if (const auto problem = role_name_problem(p.master_username); !problem.empty())
        fail("master_username " + problem);
    if (const auto problem = role_name_problem(p.iam_username); !problem.empty()) fail("iam_username " + problem);
    if (p.iam_username == p.master_username)
        fail(fmt::format("iam_username and master_username are both \"{}\"; the API user must not be the master user",
                         p.iam_username));
    if (const auto problem = engine_version_problem(p.engine_version); !problem.empty())
        fail("engine_version " + problem);
    if (const auto problem = instance_class_problem(p.instance_class); !problem.empty())
        fail("instance_class " + problem);
    if (!is_half_step(p.min_capacity) || p.min_capacity < 0.5 || p.min_capacity > 256)
        fail(fmt::format("min_capacity {} must be 0.5 to 256 in steps of 0.5", p.min_capacity));
    if (!is_half_step(p.max_capacity) || p.max_capacity < 0.5 || p.max_capacity > 256)
        fail(fmt::format("max_capacity {} must be 0.5 to 256 in steps of 0.5", p.max_capacity));
    if (p.min_capacity > p.max_capacity)
        fail(fmt::format("min_capacity {} is above max_capacity {}", p.min_capacity, p.max_capacity));
    // An Aurora cluster holds one writer and at most 15 readers.
    if (p.instance_count < 1 || p.instance_count > 16)
        fail(fmt::format("instance_count {} must be 1 to 16", p.instance_count));
    if (p.backup_retention_days < 1 || p.backup_retention_days > 35)
        fail(fmt::format("backup_retention_days {} must be 1 to 35", p.backup_retention_days));
    if (!is_log_retention_days(p.log_retention_days))
        fail(fmt::format("log_retention_days {} is not one CloudWatch Logs accepts ({})", p.log_retention_days,
                         log_retention_days_list()));
    if (p.secret_recovery_window_days != 0 &&
        (p.secret_recovery_window_days < 7 || p.secret_recovery_window_days > 30))
        fail(fmt::format("secret_recovery_window_days {} must be 0 or 7 to 30", p.secret_recovery_window_days));
}

void Database::create_cluster() {
    const auto& p = props_;
    subnet_group_ = &add<aws::DbSubnetGroup>(
        "subnet_group", aws::DbSubnetGroupArgs{
                            .description = "Private subnets of " + name("aurora"),
                            .name = name("db-subnets"),
                            .subnet_ids = p.subnet_ids,
                            .tags = Map<Str>{{"Name", name("db-subnets")}},
                        });

    // RDS creates this group on the first export with no expiry; creating it
    // first gives it a retention and lets `terraform destroy` remove it.
    const std::string cluster_name = name("aurora");
    log_group_ = &add<aws::CloudwatchLogGroup>(
        "postgresql_logs", aws::CloudwatchLogGroupArgs{
                               .name = fmt::format("/aws/rds/cluster/{}/postgresql", cluster_name),
                               .retention_in_days = p.log_retention_days,
                               .tags = Map<Str>{{"Name", name("aurora-postgresql-logs")}},
                           });

    // A final snapshot name must be new in the account: a fixed one would
    // make the second destroy of a re-created cluster fail
    // (DBSnapshotAlreadyExists). The cluster's creation time, kept once by
    // terraform_data (later plans ignore the new timestamp()), makes the name
    // of each incarnation unique and stable for its life.
    std::optional<Str> final_snapshot;
    if (!p.skip_final_snapshot) {
        auto& created = add<Resource>("created_at", "terraform_data");
        created.set("input", fn::call("timestamp", {}));
        created.set_lifecycle(Lifecycle{.ignore_changes = {"input"}});
        final_snapshot = Str(name("aurora-final-")) +
                         Str(fn::call("formatdate", {Value("YYYYMMDDhhmmss"), Value(created.attr("output"))}));
    }

    cluster_ = &add<aws::RdsCluster>(
        "cluster",
        aws::RdsClusterArgs{
            .backup_retention_period = p.backup_retention_days,
            .cluster_identifier = cluster_name,
            .copy_tags_to_snapshot = true,
            .database_name = p.database_name,
            .db_subnet_group_name = subnet_group_->name(),
            .deletion_protection = p.deletion_protection,
            .enabled_cloudwatch_logs_exports = List<Str>{"postgresql"},
            .engine = kEngine,
            // "provisioned" is the mode of Serverless v2: capacity comes from
            // db.serverless instances, not from the v1 "serverless" mode.
            .engine_mode = "provisioned",
            .engine_version = p.engine_version,
            .final_snapshot_identifier = final_snapshot,
            .iam_database_authentication_enabled = true,
            // RDS generates the master password and keeps it in Secrets
            // Manager, so it never appears in the configuration or the state.
            .manage_master_user_password = true,
            .master_username = p.master_username,
            .port = kPort,
            .serverlessv2_scaling_configuration =
                aws::RdsClusterArgs::Serverlessv2ScalingConfiguration{.max_capacity = p.max_capacity,
                                                                      .min_capacity = p.min_capacity},
            .skip_final_snapshot = p.skip_final_snapshot,
            .storage_encrypted = true,
            .tags = Map<Str>{{"Name", cluster_name}},
            .vpc_security_group_ids = List<Str>{p.database_security_group_id},
        });
    cluster_->depends_on(*log_group_);

    for (int i = 0; i < p.instance_count; ++i) {
        const std::string instance_name = name(fmt::format("aurora-{}", i));
        instances_.push_back(&add<aws::RdsClusterInstance>(
            fmt::format("instance_{}", i),
            aws::RdsClusterInstanceArgs{
                .cluster_identifier = cluster_->id(),
                .db_subnet_group_name = subnet_group_->name(),
                .engine = cluster_->engine(),
                .engine_version = cluster_->engine_version(),
                .identifier = instance_name,
                .instance_class = p.instance_class,
                .publicly_accessible = false,
                .tags = Map<Str>{{"Name", instance_name}},
            }));
    }
}

void Database::create_proxy() {
    const auto& p = props_;
    // No aws_secretsmanager_secret_version on purpose: the migration function
    // generates this user's password at deploy time and stores it here, so the
    // password is never in the Terraform configuration or state.
    iam_user_secret_ = &add<aws::SecretsmanagerSecret>(
        "iam_user_secret",
        aws::SecretsmanagerSecretArgs{
            .description = fmt::format("Credentials of the {} login that RDS Proxy uses for IAM-authenticated clients",
                                       p.iam_username),
            .name = name("iam-token-user"),
            .recovery_window_in_days = p.secret_recovery_window_days,
            .tags = Map<Str>{{"Name", name("iam-token-user")}},
        });

    auto& trust = service_trust_policy(*this, "proxy_trust", "rds.amazonaws.com");
    proxy_role_ = &add<aws::IamRole>("proxy_role", aws::IamRoleArgs{
                                                       .assume_role_policy = trust.json(),
                                                       .description = "Lets RDS Proxy read the database credentials",
                                                       .name = name("db-proxy-role"),
                                                       .tags = Map<Str>{{"Name", name("db-proxy-role")}},
                                                   });

    // Exactly the two secrets the proxy logs in with. Both are encrypted with
    // the AWS-managed key aws/secretsmanager, whose key policy already lets
    // Secrets Manager decrypt for callers allowed to read the secret, so no
    // kms:Decrypt grant is needed.
    proxy_role_policy_ =
        &inline_role_policy(*this, {.document_id = "proxy_secrets_policy",
                                    .policy_id = "proxy_role_policy",
                                    .name = name("db-proxy-secrets"),
                                    .role = proxy_role_->id(),
                                    .statements = {{
                                        .actions = List<Str>{"secretsmanager:GetSecretValue"},
                                        .effect = "Allow",
                                        .resources = List<Str>{master_secret_arn(), iam_user_secret_->arn()},
                                        .sid = "ReadProxyCredentials",
                                    }}});

    // One login per secret. iam_auth REQUIRED: clients authenticate to the
    // proxy with IAM tokens only; the proxy then logs in to Aurora with the
    // secret's password (SCRAM, PostgreSQL's default since 14).
    std::vector<aws::DbProxyArgs::Auth> auth;
    const std::pair<Str, std::string> secrets[] = {
        {iam_user_secret_->arn(), p.iam_username},
        {master_secret_arn(), p.master_username},
    };
    for (const auto& [arn, user] : secrets)
        auth.push_back(aws::DbProxyArgs::Auth{
            .auth_scheme = "SECRETS",
            .client_password_auth_type = "POSTGRES_SCRAM_SHA_256",
            .description = fmt::format("{} through IAM authentication", user),
            .iam_auth = "REQUIRED",
            .secret_arn = arn,
        });

    proxy_ = &add<aws::DbProxy>("proxy", aws::DbProxyArgs{
                                             .auth = std::move(auth),
                                             .debug_logging = false,
                                             .engine_family = "POSTGRESQL",
                                             .name = name("proxy"),
                                             // IAM tokens are bearer credentials: never in clear.
                                             .require_tls = true,
                                             .role_arn = proxy_role_->arn(),
                                             .tags = Map<Str>{{"Name", name("proxy")}},
                                             .vpc_security_group_ids = List<Str>{p.proxy_security_group_id},
                                             .vpc_subnet_ids = p.subnet_ids,
                                         });
    // The proxy reads the secrets as soon as it exists; the role's policy
    // has no reference from the proxy, so order it explicitly.
    proxy_->depends_on(*proxy_role_policy_);

    auto& target_group = add<aws::DbProxyDefaultTargetGroup>(
        "proxy_target_group",
        aws::DbProxyDefaultTargetGroupArgs{
            .connection_pool_config =
                aws::DbProxyDefaultTargetGroupArgs::ConnectionPoolConfig{
                    // Seconds a client waits for a pooled connection before an error.
                    .connection_borrow_timeout = 120,
                    // Leave headroom of the cluster's max_connections for the
                    // bastion and the migration function connecting directly.
                    .max_connections_percent = 90,
                    .max_idle_connections_percent = 50,
                },
            .db_proxy_name = proxy_->name(),
        });

    auto& target = add<aws::DbProxyTarget>("proxy_target", aws::DbProxyTargetArgs{
                                                               .db_cluster_identifier = cluster_->cluster_identifier(),
                                                               .db_proxy_name = proxy_->name(),
                                                               .target_group_name = target_group.name(),
                                                           });
    // Registering a cluster with no available instance leaves the target
    // unavailable; wait for the instances.
    for (auto* instance : instances_) target.depends_on(*instance);
    proxy_target_ = &target;
}

Str Database::cluster_endpoint() const { return cluster_->endpoint(); }
Str Database::reader_endpoint() const { return cluster_->reader_endpoint(); }
Str Database::cluster_identifier() const { return cluster_->cluster_identifier(); }
Str Database::proxy_endpoint() const { return proxy_->endpoint(); }
Str Database::proxy_arn() const { return proxy_->arn(); }

Str Database::master_secret_arn() const {
    return Str(expr::attr(expr::index(cluster_->master_user_secret(), 0), "secret_arn"));
}

Str Database::iam_user_secret_arn() const { return iam_user_secret_->arn(); }

Str Database::connect_arn_for(const std::string& username) const {
    // arn:aws:rds:<region>:<account>:db-proxy:prx-0123 becomes
    // arn:aws:rds-db:<region>:<account>:dbuser:prx-0123/<username>: the same
    // partition, region, account and proxy id, with no data source (the stack
    // must plan without AWS credentials).
    const Str dbuser = fn::replace(fn::replace(proxy_->arn(), ":rds:", ":rds-db:"), ":db-proxy:", ":dbuser:");
    return dbuser + Str("/" + username);
}

Str Database::iam_user_connect_arn() const { return connect_arn_for(props_.iam_username); }
Str Database::master_user_connect_arn() const { return connect_arn_for(props_.master_username); }

}  // namespace crud_api::modules
