// The settings of one environment of the serverless CRUD API. Environments
// differ only here: dev_settings() and prod_settings() are the built-in
// defaults, and every field can be overridden with --config or --set (see
// infra/settings.hpp). The bootstrap stack reads the same settings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "infra/backend.hpp"
#include "infra/settings.hpp"

namespace crud_api::stacks {
using namespace infra;

struct EnvironmentSettings {
    std::string project = "cloud-serverless-rds";
    std::string environment = "dev";
    std::string region = "us-east-1";
    // Local cloud mode: the URL of an AWS API emulator (moto server,
    // LocalStack) that every stack's aws provider, S3 backend and remote
    // state reads talk to instead of AWS, with test credentials. Empty: AWS.
    std::string aws_endpoint;

    // Tags every resource gets beside Project, Environment and ManagedBy
    // (the aws provider's default_tags), e.g. a cost centre.
    std::map<std::string, std::string> tags;

    // Network.
    std::string vpc_cidr = "10.0.0.0/16";
    std::vector<std::string> availability_zones{"us-east-1a", "us-east-1b"};
    // Explicit subnet blocks, one per zone (empty: derived from vpc_cidr).
    std::vector<std::string> public_subnet_cidrs;
    std::vector<std::string> private_subnet_cidrs;
    bool single_nat_gateway = true;
    bool vpc_endpoints = false;
    bool flow_logs = false;

    // Database. PostgreSQL 17 is the newest major that Aurora Serverless v2
    // runs (from 17.4) and the one with the longest standard support ahead;
    // 17.5 is the version the original system pins.
    std::string db_engine_version = "17.5";
    // db.serverless (Serverless v2 capacity) or a provisioned class.
    std::string db_instance_class = "db.serverless";
    std::string db_name = "app";
    // The master user (RDS keeps its password) and the API handlers' login
    // role; the original system's names.
    std::string iam_database_username = "iam_db_user";
    std::string iam_token_username = "iam_token_user";
    double db_min_capacity = 0.5;
    double db_max_capacity = 2;
    std::int64_t db_instance_count = 1;
    std::int64_t db_backup_retention_days = 7;
    bool db_deletion_protection = false;
    // A snapshot of the cluster before `destroy` deletes it (apart from
    // deletion protection, so turning protection off to tear an environment
    // down keeps the data).
    bool db_final_snapshot = false;
    // Days Secrets Manager keeps a deleted secret of the stack (0: deleted at
    // once, so an environment that is torn down can be deployed again).
    std::int64_t secret_recovery_window_days = 0;

    // Functions and API.
    std::int64_t log_retention_days = 14;
    bool xray_tracing = false;
    // The bootstrap stack sets the account's API Gateway logging role (one
    // per account and region); off when another stack of the account does.
    bool apigateway_account_logging = true;
    double api_throttling_rate_limit = 50;
    std::int64_t api_throttling_burst_limit = 100;

    // The API handlers (and the migration function's runtime).
    std::string lambda_runtime = "python3.13";
    std::int64_t lambda_memory_mb = 256;
    std::int64_t lambda_timeout_seconds = 10;

    // Third-party Python packages for the function zip: "", "pip" or a
    // folder (see lambda_dependencies.hpp).
    std::string lambda_dependencies;

    // Bastion.
    std::string bastion_instance_type = "t3.micro";
    std::string bastion_ami = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    // Continuous integration.
    std::string github_repository = "example-org/cloud-serverless-rds";
    // One deploy role per GitHub environment, trusted only by jobs that run
    // in it (token subject repo:<repository>:environment:<env>): the shipped
    // workflow deploys dev from main in "dev" and prod in "prod". Each name
    // is also an environment stack whose state the role writes.
    std::vector<std::string> github_environments{"dev", "prod"};
    // The account's GitHub OIDC provider: created by bootstrap, or (an
    // account holds one per URL, and one that already runs GitHub Actions
    // has it) reused: the given ARN, or when empty looked up by its URL.
    bool create_github_oidc_provider = true;
    std::string existing_github_oidc_provider_arn;
    // Pull requests plan with a read-only role (token subject
    // repo:<repository>:pull_request); off: no role trusts pull requests.
    bool github_pull_request_plans = true;
    // Managed policies attached to every deploy role, beyond what the stacks
    // need; the roles' explicit Denies (no role without the boundary, no
    // change to the CI roles) still hold.
    std::vector<std::string> github_deploy_role_policy_arns;
    std::vector<std::string> ci_tester_principals;
    // The environment has a db-tester role the ci-tester role may assume to
    // log in to its database (dev: yes, prod: no).
    bool ci_tester_database_access = true;

    // State. "s3" keeps the environment's state in the bootstrap stack's
    // bucket; "local" keeps it in the stack folder (to try the app without
    // a bucket).
    std::string backend = "s3";
    std::string state_bucket;      // empty: "<project>-terraform-state"
    std::string state_lock = "s3"; // "s3" (lock files) or "dynamodb"
    // Lets `infra destroy bootstrap` delete the state bucket with every state
    // version in it; off, the bucket has lifecycle.prevent_destroy.
    bool state_bucket_force_destroy = false;
    // Where the bootstrap stack keeps its own state: "local" for its first
    // deploy (the bucket does not exist yet), then "s3" (key
    // bootstrap/terraform.tfstate) once migrated, so CI can read it too.
    std::string bootstrap_backend = "local";

    // The tags infra sets on every resource: Project, Environment, ManagedBy.
    std::map<std::string, std::string> managed_tags() const {
        return {{"Environment", environment}, {"ManagedBy", "infra"}, {"Project", project}};
    }
    // "<project>-<environment>": the prefix of every name.
    std::string prefix() const { return project + "-" + environment; }
    std::string state_bucket_name() const { return state_bucket.empty() ? project + "-terraform-state" : state_bucket; }
    // The DynamoDB lock table when state_lock = "dynamodb": the bootstrap
    // stack creates it, every S3 backend names it.
    std::string state_lock_table_name() const { return state_bucket_name() + "-locks"; }
    // The S3 backend for the state at `key` in the state bucket, locked as
    // state_lock says.
    S3Backend s3_backend(std::string key) const;
    // The key of stack `stack_name`'s state in the bucket: what its backend
    // names and what the CI roles' state permissions name.
    static std::string state_key(const std::string& stack_name) { return stack_name + "/terraform.tfstate"; }

    void describe(SettingsSchema& schema);
    // Applies `source` and checks the values that the type alone cannot
    // (CIDR shape, backend name, capacities); throws infra::UsageError
    // naming the key.
    void load(const SettingsSource& source);
};

EnvironmentSettings dev_settings();
// Production: deletion protection, longer backups and log retention, a NAT
// gateway per zone, flow logs, more capacity and a second instance.
EnvironmentSettings prod_settings();

}  // namespace crud_api::stacks
