#include "environment_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <string_view>

#include "infra/error.hpp"
#include "infra/quoted_value.hpp"
#include "local_cloud.hpp"
#include "logs/log_retention.hpp"
#include "database/aurora_constraints.hpp"
#include "naming/region_name.hpp"
#include "network/ipv4_cidr.hpp"
#include "network/subnet_cidrs.hpp"

namespace crud_api::stacks {
using namespace infra;

void EnvironmentSettings::describe(SettingsSchema& schema) {
    schema.bind("project", project, "project name, the first part of every resource name");
    schema.bind("environment", environment, "environment name, the second part of every resource name");
    schema.bind("region", region, "AWS region");
    schema.bind("aws_endpoint", aws_endpoint,
                "local cloud mode: URL of an AWS API emulator (e.g. http://127.0.0.1:4566) for every stack, with test "
                "credentials (empty: AWS)");
    schema.bind("tags", tags,
                "tags for every resource, beside Project, Environment and ManagedBy (the provider's default tags)");
    schema.bind("vpc_cidr", vpc_cidr, "IPv4 CIDR block of the VPC");
    schema.bind("availability_zones", availability_zones, "availability zones to spread subnets over");
    schema.bind("public_subnet_cidrs", public_subnet_cidrs,
                "public subnet blocks, one per zone in the zones' order (empty: derived from vpc_cidr)");
    schema.bind("private_subnet_cidrs", private_subnet_cidrs,
                "private subnet blocks, one per zone in the zones' order (empty: derived from vpc_cidr)");
    schema.bind("single_nat_gateway", single_nat_gateway, "one shared NAT gateway instead of one per zone");
    schema.bind("vpc_endpoints", vpc_endpoints, "interface endpoints for Secrets Manager, SSM and CloudWatch Logs");
    schema.bind("flow_logs", flow_logs, "VPC flow logs to CloudWatch Logs");
    schema.bind("db_engine_version", db_engine_version,
                "Aurora PostgreSQL version (Serverless v2: 14.3+, 15.2+, 16.1+, 17.4+); a new major needs a planned "
                "upgrade");
    schema.bind("db_instance_class", db_instance_class,
                "class of the database instances: db.serverless (scales within the capacities) or a provisioned "
                "one such as db.r6g.large");
    schema.bind("db_name", db_name, "name of the database the API uses");
    schema.bind("iam_database_username", iam_database_username,
                "master user of the database (its password is kept by RDS in Secrets Manager)");
    schema.bind("iam_token_username", iam_token_username,
                "database role the API handlers log in as with IAM tokens through the proxy");
    schema.bind("db_min_capacity", db_min_capacity, "Aurora Serverless v2 minimum capacity (ACUs)");
    schema.bind("db_max_capacity", db_max_capacity, "Aurora Serverless v2 maximum capacity (ACUs)");
    schema.bind("db_instance_count", db_instance_count, "number of db.serverless instances");
    schema.bind("db_backup_retention_days", db_backup_retention_days, "days of automated backups");
    schema.bind("db_deletion_protection", db_deletion_protection, "deletion protection of the database cluster");
    schema.bind("db_final_snapshot", db_final_snapshot,
                "take a snapshot of the database when destroy deletes it (named with the cluster's creation time)");
    schema.bind("secret_recovery_window_days", secret_recovery_window_days,
                "days a deleted secret can be restored: 0 (deleted at once, the stack can be re-created) or 7 to 30");
    schema.bind("log_retention_days", log_retention_days, "retention of the function and API log groups");
    schema.bind("xray_tracing", xray_tracing, "X-Ray tracing of the functions");
    schema.bind("apigateway_account_logging", apigateway_account_logging,
                "bootstrap sets the account's API Gateway CloudWatch Logs role (off: another stack of the account and "
                "region sets it)");
    schema.bind("api_throttling_rate_limit", api_throttling_rate_limit, "API requests per second, steady state");
    schema.bind("api_throttling_burst_limit", api_throttling_burst_limit, "API request burst");
    schema.bind("lambda_runtime", lambda_runtime, "Python runtime of the functions: python3.10 to python3.13");
    schema.bind("lambda_memory_mb", lambda_memory_mb, "memory of each API function in MB (128 to 10240)");
    schema.bind("lambda_timeout_seconds", lambda_timeout_seconds,
                "timeout of each API function in seconds (1 to 29: API Gateway gives up at 29)");
    schema.bind("lambda_dependencies", lambda_dependencies,
                "Python packages for the function zip: pip (install requirements.txt, cached) or a folder");
    schema.bind("bastion_instance_type", bastion_instance_type, "EC2 instance type of the SSM bastion");
    schema.bind("bastion_ami", bastion_ami, "AMI of the bastion: an ami- id or resolve:ssm:<public parameter>");
    schema.bind("github_repository", github_repository, "owner/name of the GitHub repository allowed to deploy");
    schema.bind("github_environments", github_environments,
                "GitHub environments that deploy: each gets a deploy role only jobs in that environment may assume");
    schema.bind("create_github_oidc_provider", create_github_oidc_provider,
                "bootstrap creates the account's GitHub OIDC provider (off: reuse the account's, one per URL)");
    schema.bind("existing_github_oidc_provider_arn", existing_github_oidc_provider_arn,
                "the provider to reuse when create_github_oidc_provider is off (empty: looked up by its URL)");
    schema.bind("github_pull_request_plans", github_pull_request_plans,
                "pull requests may plan with a read-only role (off: no role trusts pull requests)");
    schema.bind("github_deploy_role_policy_arns", github_deploy_role_policy_arns,
                "managed policy ARNs attached to every deploy role (its Denies still hold: no role without the "
                "permissions boundary)");
    schema.bind("ci_tester_principals", ci_tester_principals,
                "ARNs allowed to assume the ci-tester role, always with MFA (empty: the account's users and roles)");
    schema.bind("ci_tester_database_access", ci_tester_database_access,
                "the ci-tester role may log in to this environment's database (through its db-tester role)");
    schema.bind("backend", backend, "state backend of the environment stacks: s3 or local");
    schema.bind("state_bucket", state_bucket, "S3 bucket for Terraform state (empty: <project>-terraform-state)");
    schema.bind("bootstrap_backend", bootstrap_backend,
                "state of the bootstrap stack itself: local (first deploy) or s3 (migrated into the bucket)");
    schema.bind("state_bucket_force_destroy", state_bucket_force_destroy,
                "let destroy delete the state bucket and every state in it (off: the bucket cannot be destroyed)");
    schema.bind("state_lock", state_lock, "state locking: s3 (lock files) or dynamodb (a lock table)");
}

namespace {

void check_capacity(const char* key, double value) {
    if (value < 0.5 || value > 256 || std::fmod(value * 2, 1.0) != 0.0)
        throw UsageError(fmt::format("setting \"{}\": {} is not an Aurora Serverless v2 capacity (0.5 to 256 in "
                                     "steps of 0.5)",
                                     key, value));
}

void check_one_of(const char* key, const std::string& value, std::initializer_list<const char*> allowed) {
    std::string names;
    for (const char* a : allowed) {
        if (value == a) return;
        names += names.empty() ? a : std::string(", ") + a;
    }
    throw UsageError(fmt::format("setting \"{}\": \"{}\" is not one of {}", key, value, names));
}

void check_positive(const char* key, std::int64_t value) {
    if (value < 1) throw UsageError(fmt::format("setting \"{}\": {} must be at least 1", key, value));
}

// The modules take ints: a larger value must be an error here, not wrap
// around into a valid one (4294967310 days would become 14).
void check_range(const char* key, std::int64_t value, std::int64_t low, std::int64_t high, const char* why) {
    if (value < low || value > high)
        throw UsageError(fmt::format("setting \"{}\": {} must be {} to {}{}", key, value, low, high, why));
}

// Every resource name starts with "<project>-<environment>", and the
// strictest names built from it (the S3 state bucket, the Aurora cluster
// identifier) allow lowercase letters, digits and single hyphens, starting
// with a letter. Checked here so the message names the setting, not the
// module that would reject the name.
// Checked by hand rather than with std::regex: compiling a regex costs more
// than the rest of loading the settings, on every run.
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_name_part(std::string_view value) {
    if (value.empty() || !is_lower(value.front()) || value.back() == '-') return false;
    for (std::size_t i = 1; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '-' ? value[i - 1] == '-' : !(is_lower(c) || is_digit(c))) return false;
    }
    return true;
}

// API Gateway's account quota is 10,000 requests per second (raisable):
// a limit far above it is a typo, not a plan.
constexpr std::int64_t kMaxApiRequestsPerSecond = 1'000'000;

void check_name_part(const char* key, const std::string& value) {
    // Every name is built from it, and none AWS takes is longer (S3 bucket
    // names: 63): a longer value is refused here, not echoed whole by each
    // module whose name it breaks.
    constexpr std::size_t kLongestName = 63;
    if (value.size() > kLongestName)
        throw UsageError(fmt::format("setting \"{}\": {} is longer than {} characters, the longest name AWS gives any "
                                     "resource built from it (an S3 bucket)",
                                     key, quoted_value(value), kLongestName));
    if (!is_name_part(value))
        throw UsageError(fmt::format("setting \"{}\": {} must start with a lowercase letter and hold only lowercase "
                                     "letters, digits and single hyphens (it starts every resource name, and S3 and RDS "
                                     "names allow nothing else)",
                                     key, quoted_value(value)));
}

// "http://host[:port]" or "https://...": what the provider's endpoints take.
void check_endpoint_url(const char* key, const std::string& value) {
    if (value.empty()) return;
    const std::string_view v = value;
    const std::size_t host = v.starts_with("http://") ? 7 : v.starts_with("https://") ? 8 : 0;
    const bool clean = std::none_of(v.begin(), v.end(), [](char c) { return c <= ' ' || c == '"' || c == '\\'; });
    if (host == 0 || host == v.size() || v[host] == '/' || !clean)
        throw UsageError(fmt::format("setting \"{}\": \"{}\" is not an http:// or https:// URL such as "
                                     "\"http://127.0.0.1:4566\"",
                                     key, value));
}

// An IAM OIDC provider ARN for GitHub's token issuer, given only to reuse it.
void check_github_oidc_provider_arn(const std::string& arn, bool create) {
    if (arn.empty()) return;
    if (create)
        throw UsageError(fmt::format("setting \"existing_github_oidc_provider_arn\": \"{}\" is given while "
                                     "create_github_oidc_provider is true; set it false to reuse the provider",
                                     arn));
    const std::string suffix = ":oidc-provider/token.actions.githubusercontent.com";
    const auto account = arn.find(":iam::");
    const bool digits = account != std::string::npos && arn.size() == account + 6 + 12 + suffix.size() &&
                        std::all_of(arn.begin() + static_cast<std::ptrdiff_t>(account + 6),
                                    arn.begin() + static_cast<std::ptrdiff_t>(account + 18),
                                    [](char c) { return c >= '0' && c <= '9'; });
    if (arn.rfind("arn:aws", 0) != 0 || !digits || arn.compare(arn.size() - suffix.size(), suffix.size(), suffix) != 0)
        throw UsageError(fmt::format("setting \"existing_github_oidc_provider_arn\": \"{}\" is not the ARN of a "
                                     "GitHub OIDC provider, such as \"arn:aws:iam::123456789012:oidc-provider/"
                                     "token.actions.githubusercontent.com\"",
                                     arn));
}

// A check of a module's that returns the problem in words: the setting's
// error names the key.
void check_problem(const char* key, const std::string& problem) {
    if (!problem.empty()) throw UsageError(fmt::format("setting \"{}\": {}", key, problem));
}

// arn:<partition>:iam::<account or "aws">:policy/<path/>name.
void check_policy_arns(const char* key, const std::vector<std::string>& arns) {
    std::vector<std::string> seen;
    for (const auto& arn : arns) {
        const std::string_view a = arn;
        const auto iam = a.find(":iam::");
        const auto policy = a.find(":policy/");
        bool ok = a.starts_with("arn:aws") && iam != std::string_view::npos && policy != std::string_view::npos &&
                  policy > iam && a.size() > policy + 8 && a.find_first_of(" \"\\*") == std::string_view::npos;
        if (ok) {
            const std::string_view account = a.substr(iam + 6, policy - iam - 6);
            ok = account == "aws" || (account.size() == 12 && std::all_of(account.begin(), account.end(), is_digit));
        }
        if (!ok)
            throw UsageError(fmt::format("setting \"{}\": \"{}\" is not an IAM policy ARN such as "
                                         "\"arn:aws:iam::aws:policy/ReadOnlyAccess\" or "
                                         "\"arn:aws:iam::123456789012:policy/name\"",
                                         key, arn));
        if (std::find(seen.begin(), seen.end(), arn) != seen.end())
            throw UsageError(fmt::format("setting \"{}\": \"{}\" is given twice", key, arn));
        seen.push_back(arn);
    }
}

// What AWS accepts as tags on every service the stacks use: keys 1 to 128
// characters and values up to 256, of letters, digits, spaces and _.:/=+-@;
// no "aws:" prefix (reserved); at most 50 per resource, of which infra and
// the modules set up to five.
void check_tags(const std::map<std::string, std::string>& tags, const std::map<std::string, std::string>& managed) {
    constexpr std::size_t kMaxExtraTags = 45;
    if (tags.size() > kMaxExtraTags)
        throw UsageError(fmt::format("setting \"tags\": {} tags; at most {} (AWS allows 50 per resource, and infra sets "
                                     "up to 5)",
                                     tags.size(), kMaxExtraTags));
    const auto allowed = [](std::string_view text) {
        return std::all_of(text.begin(), text.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u >= 0x80 || std::isalnum(u) || std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
        });
    };
    for (const auto& [key, value] : tags) {
        if (managed.count(key) != 0)
            throw UsageError(fmt::format("setting \"tags\": \"{}\" is set by infra on every resource (from the {} "
                                         "setting); choose another key",
                                         key, key == "ManagedBy" ? "tool" : key == "Project" ? "project" : "environment"));
        if (key.empty() || key.size() > 128 || !allowed(key))
            throw UsageError(fmt::format("setting \"tags\": key \"{}\" must be 1 to 128 letters, digits, spaces or "
                                         "_.:/=+-@",
                                         key));
        if (key.rfind("aws:", 0) == 0)
            throw UsageError(fmt::format("setting \"tags\": key \"{}\" starts with \"aws:\", which AWS reserves", key));
        if (value.size() > 256 || !allowed(value))
            throw UsageError(fmt::format("setting \"tags\": the value of \"{}\" must be at most 256 letters, digits, "
                                         "spaces or _.:/=+-@",
                                         key));
    }
}

}  // namespace

void EnvironmentSettings::load(const SettingsSource& source) {
    SettingsSchema schema;
    describe(schema);
    source.apply(schema);
    // Derived subnets are /(prefix+8): public 0..N-1 and private from 100.
    // With both lists explicit, the VPC may be as small as AWS allows.
    const auto cidr = modules::parse_ipv4_cidr(vpc_cidr);
    const int longest = public_subnet_cidrs.empty() || private_subnet_cidrs.empty() ? 20 : 28;
    const bool ok = cidr && cidr->prefix_length >= 16 && cidr->prefix_length <= longest;
    if (!ok)
        throw UsageError(fmt::format("setting \"vpc_cidr\": \"{}\" is not an IPv4 CIDR with a prefix between /16 "
                                     "and /{} and the host bits zero, such as \"10.0.0.0/16\"",
                                     vpc_cidr, longest));
    check_name_part("project", project);
    check_name_part("environment", environment);
    if (!modules::is_region_name(region))
        throw UsageError(fmt::format("setting \"region\": \"{}\" is not an AWS region name such as \"us-east-1\"", region));
    // The database's subnet group needs subnets in two zones.
    if (availability_zones.size() < 2)
        throw UsageError(fmt::format("setting \"availability_zones\": {} zone{} given; the database needs at least two "
                                     "(e.g. {}a,{}b)",
                                     availability_zones.size(), availability_zones.size() == 1 ? "" : "s", region,
                                     region));
    for (const auto& zone : availability_zones)
        if (zone.size() <= region.size() || zone.compare(0, region.size(), region) != 0)
            throw UsageError(fmt::format("setting \"availability_zones\": \"{}\" is not a zone of region \"{}\" (such as "
                                         "\"{}a\")",
                                         zone, region, region));
    if (const auto problem = modules::subnet_cidrs_problem({.vpc_cidr = vpc_cidr,
                                                            .zone_count = availability_zones.size(),
                                                            .public_cidrs = public_subnet_cidrs,
                                                            .private_cidrs = private_subnet_cidrs}))
        throw UsageError(fmt::format("setting \"{}\": {}", problem->list, problem->what));
    check_tags(tags, managed_tags());
    check_endpoint_url("aws_endpoint", aws_endpoint);
    check_github_oidc_provider_arn(existing_github_oidc_provider_arn, create_github_oidc_provider);
    if (secret_recovery_window_days != 0 && (secret_recovery_window_days < 7 || secret_recovery_window_days > 30))
        throw UsageError(fmt::format("setting \"secret_recovery_window_days\": {} must be 0 or 7 to 30 (what Secrets "
                                     "Manager accepts)",
                                     secret_recovery_window_days));
    check_one_of("backend", backend, {"s3", "local"});
    check_one_of("state_lock", state_lock, {"s3", "dynamodb"});
    check_one_of("bootstrap_backend", bootstrap_backend, {"local", "s3"});
    check_problem("db_engine_version", modules::engine_version_problem(db_engine_version));
    check_problem("db_instance_class", modules::instance_class_problem(db_instance_class));
    check_problem("db_name", modules::database_name_problem(db_name));
    check_problem("iam_database_username", modules::role_name_problem(iam_database_username));
    check_problem("iam_token_username", modules::role_name_problem(iam_token_username));
    if (iam_token_username == iam_database_username)
        throw UsageError(fmt::format("setting \"iam_token_username\": \"{}\" is also iam_database_username; the API "
                                     "role must not be the master user",
                                     iam_token_username));
    check_one_of("lambda_runtime", lambda_runtime, {"python3.10", "python3.11", "python3.12", "python3.13"});
    check_range("lambda_memory_mb", lambda_memory_mb, 128, 10240, " (what Lambda allows)");
    check_range("lambda_timeout_seconds", lambda_timeout_seconds, 1, 29,
                " (API Gateway answers 504 after 29 s, so a longer run serves nobody)");
    check_policy_arns("github_deploy_role_policy_arns", github_deploy_role_policy_arns);
    check_capacity("db_min_capacity", db_min_capacity);
    check_capacity("db_max_capacity", db_max_capacity);
    if (db_min_capacity > db_max_capacity)
        throw UsageError(fmt::format("setting \"db_min_capacity\": {} is above db_max_capacity {}", db_min_capacity,
                                     db_max_capacity));
    check_range("db_instance_count", db_instance_count, 1, 16, " (one writer and at most 15 readers)");
    check_positive("db_backup_retention_days", db_backup_retention_days);
    if (db_backup_retention_days > 35)
        throw UsageError(fmt::format("setting \"db_backup_retention_days\": {} is above the 35 days RDS allows",
                                     db_backup_retention_days));
    if (log_retention_days < 1 || log_retention_days > std::numeric_limits<int>::max() ||
        !modules::is_log_retention_days(static_cast<int>(log_retention_days)))
        throw UsageError(fmt::format("setting \"log_retention_days\": {} is not one CloudWatch Logs accepts ({})",
                                     log_retention_days, modules::log_retention_days_list()));
    check_range("api_throttling_burst_limit", api_throttling_burst_limit, 1, kMaxApiRequestsPerSecond,
                " (far above the account's quota, which AWS can raise)");
    if (!(api_throttling_rate_limit > 0 && api_throttling_rate_limit <= kMaxApiRequestsPerSecond))
        throw UsageError(fmt::format("setting \"api_throttling_rate_limit\": {} must be above 0 and at most {} (far "
                                     "above the account's quota of 10,000 per second, which AWS can raise)",
                                     api_throttling_rate_limit, kMaxApiRequestsPerSecond));
}

S3Backend EnvironmentSettings::s3_backend(std::string key) const {
    S3Backend backend{.bucket = state_bucket_name(), .key = std::move(key), .region = region};
    if (!aws_endpoint.empty()) backend.extra_settings = local_cloud_backend_settings(aws_endpoint);
    if (state_lock == "dynamodb") {
        backend.use_lockfile = false;
        backend.dynamodb_table = state_lock_table_name();
    }
    return backend;
}

EnvironmentSettings dev_settings() { return EnvironmentSettings{}; }

EnvironmentSettings prod_settings() {
    EnvironmentSettings s;
    s.environment = "prod";
    s.vpc_cidr = "10.1.0.0/16";
    s.availability_zones = {"us-east-1a", "us-east-1b", "us-east-1c"};
    s.single_nat_gateway = false;
    s.flow_logs = true;
    s.db_min_capacity = 1;
    s.db_max_capacity = 16;
    s.db_instance_count = 2;
    s.db_backup_retention_days = 14;
    s.db_deletion_protection = true;
    s.db_final_snapshot = true;
    s.ci_tester_database_access = false;
    s.secret_recovery_window_days = 7;
    s.log_retention_days = 90;
    s.xray_tracing = true;
    s.api_throttling_rate_limit = 200;
    s.api_throttling_burst_limit = 400;
    return s;
}

}  // namespace crud_api::stacks
