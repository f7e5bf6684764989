// The database of the serverless API: an Aurora PostgreSQL Serverless v2
// cluster reached through an RDS Proxy that requires IAM authentication, so
// no client ever holds a database password. The proxy logs in to Aurora with
// the credentials of two Secrets Manager secrets: the master user's (kept by
// RDS itself) and the API user's (written by the migration function).
#pragma once

#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/db_proxy.hpp"
#include "infra/aws/db_proxy_default_target_group.hpp"
#include "infra/aws/db_proxy_target.hpp"
#include "infra/aws/db_subnet_group.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/aws/rds_cluster.hpp"
#include "infra/aws/rds_cluster_instance.hpp"
#include "infra/aws/secretsmanager_secret.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct DatabaseProps {
    // Prefix of every resource name, e.g. "cloud-serverless-rds-dev". RDS
    // identifiers allow only lowercase letters, digits and single hyphens.
    std::string name_prefix{};
    // Private subnets in at least two availability zones (an RDS requirement).
    List<Str> subnet_ids{};
    // Attached to the Aurora cluster; should admit 5432 from the proxy only.
    Str database_security_group_id{};
    // Attached to the proxy; should admit 5432 from the clients.
    Str proxy_security_group_id{};
    std::string database_name{"app"};
    // The master user; its password is generated and kept by RDS in Secrets
    // Manager (manage_master_user_password), never in Terraform.
    std::string master_username{"iam_db_user"};
    // The login role of the API handlers (created by migration 002).
    std::string iam_username{"iam_token_user"};
    // Aurora PostgreSQL "MAJOR.MINOR" that Serverless v2 runs (see
    // aurora_constraints.hpp). A new major is an in-place upgrade RDS
    // refuses unless planned (allow_major_version_upgrade).
    std::string engine_version{"17.5"};
    // "db.serverless": capacity between min_capacity and max_capacity; or a
    // provisioned class such as "db.r6g.large".
    std::string instance_class{"db.serverless"};
    // Aurora capacity units, 0.5 to 256 in steps of 0.5.
    double min_capacity{0.5};
    double max_capacity{2};
    // Serverless v2 instances: the first is the writer, the others readers.
    int instance_count{1};
    int backup_retention_days{7};
    bool deletion_protection{false};
    // When false, destroying the cluster first takes the snapshot
    // "<name_prefix>-aurora-final-<creation time, YYYYMMDDhhmmss>".
    bool skip_final_snapshot{true};
    // Retention of the exported PostgreSQL log group
    // (/aws/rds/cluster/<cluster>/postgresql).
    int log_retention_days{14};
    // Days Secrets Manager keeps the API user's secret after deletion: 0
    // deletes it at once (so a destroyed stack can be recreated with the same
    // name), otherwise 7 to 30.
    int secret_recovery_window_days{7};
};

class Database : public Construct {
public:
    Database(Scope scope, DatabaseProps props);

    Str cluster_endpoint() const;
    // The cluster's reader endpoint (the writer while there is no reader).
    Str reader_endpoint() const;
    Str cluster_identifier() const;
    Str proxy_endpoint() const;
    Str proxy_arn() const;
    // The secret RDS created for the master user (master_user_secret[0].secret_arn).
    Str master_secret_arn() const;
    // The API user's secret; its value is written at deploy time by the
    // migration function, so Terraform never sees the password.
    Str iam_user_secret_arn() const;
    Num port() const { return Num(kPort); }
    const std::string& database_name() const { return props_.database_name; }
    const std::string& master_username() const { return props_.master_username; }
    const std::string& iam_username() const { return props_.iam_username; }
    // The `rds-db:connect` resource of iam_username through the proxy:
    // arn:<partition>:rds-db:<region>:<account>:dbuser:<prx-id>/<iam_username>.
    Str iam_user_connect_arn() const;
    // The same for the master user (e.g. for a migration function).
    Str master_user_connect_arn() const;

    aws::RdsCluster& cluster() const { return *cluster_; }
    const std::vector<aws::RdsClusterInstance*>& instances() const { return instances_; }
    aws::DbProxy& proxy() const { return *proxy_; }
    // Registered once the instances exist: what must be in place before
    // anything connects through the proxy.
    aws::DbProxyTarget& proxy_target() const { return *proxy_target_; }
    aws::SecretsmanagerSecret& iam_user_secret() const { return *iam_user_secret_; }
    aws::IamRole& proxy_role() const { return *proxy_role_; }
    const DatabaseProps& props() const { return props_; }

    static constexpr int kPort = 5432;

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    void create_cluster();
    void create_proxy();
    Str connect_arn_for(const std::string& username) const;
    std::string name(const std::string& thing) const { return props_.name_prefix + "-" + thing; }

    DatabaseProps props_;
    aws::DbSubnetGroup* subnet_group_ = nullptr;
    aws::CloudwatchLogGroup* log_group_ = nullptr;
    aws::RdsCluster* cluster_ = nullptr;
    std::vector<aws::RdsClusterInstance*> instances_;
    aws::SecretsmanagerSecret* iam_user_secret_ = nullptr;
    aws::IamRole* proxy_role_ = nullptr;
    aws::IamRolePolicy* proxy_role_policy_ = nullptr;
    aws::DbProxy* proxy_ = nullptr;
    aws::DbProxyTarget* proxy_target_ = nullptr;
};

}  // namespace crud_api::modules
