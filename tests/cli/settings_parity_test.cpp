// The settings a team migrating from the original system's terraform.tfvars
// looks for: each changes the synthesized configuration as documented, and a
// value AWS would refuse is a one-line usage error naming the key, with
// nothing written.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::TempDir;
using nlohmann::json;

namespace {

json synth(const TempDir& dir, const std::string& stack, const std::string& settings) {
    const auto r = run_infra("-q synth " + stack + " " + settings, dir.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return json::parse(read_file(dir.path() / "infra.out/stacks" / stack / "main.tf.json"));
}

const json& resource(const json& doc, const std::string& type, const std::string& name) {
    return doc.at("resource").at(type).at(name);
}

// `infra synth dev <settings>` fails with exit code 2 and one error line that
// names `key` and says `message`, and writes no output folder.
void check_refused(const std::string& settings, const std::string& key, const std::string& message) {
    TempDir dir;
    const auto r = run_infra("-q synth dev " + settings, dir.path());
    INFO(settings << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.rfind("error: ", 0) == 0);
    CHECK(r.output.find('\n') == r.output.size() - 1);
    CHECK(r.output.find("setting \"" + key + "\"") != std::string::npos);
    CHECK(r.output.find(message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "infra.out"));
}

// Settings apply to every environment, and every stack is built on each run:
// subnet lists need the same zones and VPC everywhere (prod has three zones
// and 10.1.0.0/16 by default).
const std::string kSameNetwork = "--set availability_zones=us-east-1a,us-east-1b --set vpc_cidr=10.0.0.0/16 ";

}  // namespace

TEST_CASE("settings: explicit subnet blocks replace the derived ones, zone by zone") {
    TempDir dir;
    const json dev = synth(dir, "dev",
                           kSameNetwork + "--set public_subnet_cidrs=10.0.0.0/24,10.0.1.0/24 "
                           "--set private_subnet_cidrs=10.0.128.0/20,10.0.144.0/20");
    CHECK(resource(dev, "aws_subnet", "network_public_subnet_0").at("cidr_block") == "10.0.0.0/24");
    CHECK(resource(dev, "aws_subnet", "network_public_subnet_1").at("cidr_block") == "10.0.1.0/24");
    CHECK(resource(dev, "aws_subnet", "network_private_subnet_0").at("cidr_block") == "10.0.128.0/20");
    CHECK(resource(dev, "aws_subnet", "network_private_subnet_1").at("cidr_block") == "10.0.144.0/20");
    // One list given, the other derived as before.
    const json half = synth(dir, "dev", kSameNetwork + "--set private_subnet_cidrs=10.0.128.0/20,10.0.144.0/20");
    CHECK(resource(half, "aws_subnet", "network_public_subnet_1").at("cidr_block") ==
          "${cidrsubnet(aws_vpc.network_vpc.cidr_block, 8, 1)}");
    // With both lists explicit, a VPC smaller than a /20 is allowed.
    const json small = synth(dir, "dev",
                             kSameNetwork + "--set vpc_cidr=10.0.0.0/24 --set public_subnet_cidrs=10.0.0.0/27,10.0.0.32/27 "
                             "--set private_subnet_cidrs=10.0.0.128/26,10.0.0.192/26");
    CHECK(resource(small, "aws_vpc", "network_vpc").at("cidr_block") == "10.0.0.0/24");
}

TEST_CASE("settings: subnet blocks AWS would refuse are usage errors") {
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.0.0.0/24", "public_subnet_cidrs",
                  "1 block for 2 availability zones; give one per zone");
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.1.0.0/24,10.0.1.0/24", "public_subnet_cidrs",
                  "\"10.1.0.0/24\" is outside the VPC's 10.0.0.0/16");
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.0.0.0/24,10.0.0.128/25", "public_subnet_cidrs",
                  "\"10.0.0.128/25\" overlaps \"10.0.0.0/24\"");
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.0.0.0/24,10.0.1.0/24 --set private_subnet_cidrs=10.0.1.0/24,10.0.2.0/24",
                  "private_subnet_cidrs", "\"10.0.1.0/24\" overlaps \"10.0.1.0/24\" of public_subnet_cidrs");
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.0.0.1/24,10.0.1.0/24", "public_subnet_cidrs",
                  "is not an IPv4 CIDR with the host bits zero");
    check_refused(kSameNetwork + "--set public_subnet_cidrs=10.0.0.0/29,10.0.1.0/24", "public_subnet_cidrs",
                  "\"10.0.0.0/29\" is a /29; AWS subnets are /16 to /28");
    check_refused(kSameNetwork + "--set vpc_cidr=10.0.0.0/24", "vpc_cidr", "between /16 and /20");
}

TEST_CASE("settings: the database's version, class, name and users") {
    TempDir dir;
    const json dev = synth(dir, "dev",
                           "--set db_engine_version=16.6 --set db_instance_class=db.r6g.large --set db_name=zoo "
                           "--set iam_database_username=zoo_admin --set iam_token_username=zoo_api");
    const json& cluster = resource(dev, "aws_rds_cluster", "database_cluster");
    CHECK(cluster.at("engine_version") == "16.6");
    CHECK(cluster.at("database_name") == "zoo");
    CHECK(cluster.at("master_username") == "zoo_admin");
    CHECK(resource(dev, "aws_rds_cluster_instance", "database_instance_0").at("instance_class") == "db.r6g.large");
    // The handlers log in as the API role, to the named database; the
    // migration creates that role and reruns when it changes.
    for (const char* fn : {"lambda_get_animals", "lambda_post_animals", "lambda_delete_animals"}) {
        const json& env = resource(dev, "aws_lambda_function", fn).at("environment").at("variables");
        CHECK(env.at("DB_USER") == "zoo_api");
        CHECK(env.at("DB_NAME") == "zoo");
    }
    const json& migration_env = resource(dev, "aws_lambda_function", "migration_function").at("environment").at("variables");
    CHECK(migration_env.at("IAM_USERNAME") == "zoo_api");
    CHECK(migration_env.at("DB_USER") == "zoo_admin");
    CHECK(resource(dev, "aws_lambda_invocation", "migration_run").at("triggers").at("api_role") == "zoo_api");
    CHECK(dev.at("output").at("database_iam_token_username").at("value") == "zoo_api");
    CHECK(dev.at("output").at("database_master_username").at("value") == "zoo_admin");
    // The IAM permission to connect names the role too.
    const std::string text = dev.dump();
    CHECK(text.find(":dbuser:\\\")}/zoo_api") != std::string::npos);
    CHECK(text.find("\"iam_token_user\"") == std::string::npos);
    CHECK(text.find("/iam_token_user") == std::string::npos);

    // The defaults: the newest Aurora major that Serverless v2 runs.
    const json defaults = synth(dir, "dev", "");
    CHECK(resource(defaults, "aws_rds_cluster", "database_cluster").at("engine_version") == "17.5");
    CHECK(resource(defaults, "aws_rds_cluster_instance", "database_instance_0").at("instance_class") == "db.serverless");
}

TEST_CASE("settings: database values Aurora would refuse are usage errors") {
    check_refused("--set db_engine_version=17", "db_engine_version", "is not an Aurora PostgreSQL version");
    check_refused("--set db_engine_version=15.1", "db_engine_version", "Aurora Serverless v2 runs PostgreSQL 15 from 15.2");
    check_refused("--set db_engine_version=12.9", "db_engine_version", "past its standard support");
    check_refused("--set db_instance_class=r6g.large", "db_instance_class", "is not an RDS instance class");
    check_refused("--set db_name=1zoo", "db_name", "must be 1 to 63 letters, digits or '_'");
    check_refused("--set iam_database_username=rdsadmin", "iam_database_username", "is reserved");
    check_refused("--set iam_token_username=pg_api", "iam_token_username", "is reserved");
    check_refused("--set iam_token_username=api-user", "iam_token_username", "must be 1 to 63 letters");
    check_refused("--set iam_token_username=iam_db_user", "iam_token_username",
                  "is also iam_database_username; the API role must not be the master user");
}

TEST_CASE("settings: the functions' runtime, memory and timeout") {
    TempDir dir;
    const json defaults = synth(dir, "dev", "");
    CHECK(resource(defaults, "aws_lambda_function", "lambda_get_animals").at("runtime") == "python3.13");
    const json dev = synth(dir, "dev",
                           "--set lambda_runtime=python3.12 --set lambda_memory_mb=512 --set lambda_timeout_seconds=20");
    for (const char* fn : {"lambda_get_animals", "lambda_post_animals", "lambda_delete_animals"}) {
        const json& f = resource(dev, "aws_lambda_function", fn);
        CHECK(f.at("runtime") == "python3.12");
        CHECK(f.at("memory_size") == 512);
        CHECK(f.at("timeout") == 20);
    }
    // The migration runs on the same Python, with its own longer timeout.
    const json& migration = resource(dev, "aws_lambda_function", "migration_function");
    CHECK(migration.at("runtime") == "python3.12");
    CHECK(migration.at("timeout") == 300);

    check_refused("--set lambda_runtime=python3.8", "lambda_runtime", "is not one of python3.10");
    check_refused("--set lambda_runtime=nodejs20.x", "lambda_runtime", "is not one of");
    check_refused("--set lambda_memory_mb=64", "lambda_memory_mb", "64 must be 128 to 10240");
    check_refused("--set lambda_timeout_seconds=30", "lambda_timeout_seconds", "30 must be 1 to 29 (API Gateway");
}

TEST_CASE("settings: managed policies on every deploy role, whose Denies still hold") {
    TempDir dir;
    const std::string team = "arn:aws:iam::123456789012:policy/team-extra";
    const json bootstrap =
        synth(dir, "bootstrap", "--set github_deploy_role_policy_arns=arn:aws:iam::aws:policy/ReadOnlyAccess," + team);
    const json& attachments = bootstrap.at("resource").at("aws_iam_role_policy_attachment");
    for (const char* env : {"dev", "prod"}) {
        const std::string prefix = std::string("github_") + env + "_managed_policy_";
        CHECK(attachments.at(prefix + "0").at("policy_arn") == "arn:aws:iam::aws:policy/ReadOnlyAccess");
        CHECK(attachments.at(prefix + "1").at("policy_arn") == team);
        CHECK(attachments.at(prefix + "0").at("role") == std::string("${aws_iam_role.github_") + env + "_role.name}");
    }
    // Whatever a managed policy allows, no role without the boundary and no
    // user: explicit Denies in the deploy policy.
    const json& statements =
        bootstrap.at("data").at("aws_iam_policy_document").at("github_dev_policy_document").at("statement");
    bool unbounded_denied = false;
    bool users_denied = false;
    for (const json& s : statements) {
        if (s.value("sid", "") == "NoUnboundedRoles") {
            unbounded_denied = s.at("effect") == "Deny" && s.at("condition")[0].at("test") == "StringNotEquals" &&
                               s.at("condition")[0].at("variable") == "iam:PermissionsBoundary";
        }
        if (s.value("sid", "") == "NoUsersOrGroups")
            users_denied = s.at("effect") == "Deny" &&
                           std::find(s.at("actions").begin(), s.at("actions").end(), "iam:CreateUser") !=
                               s.at("actions").end();
    }
    CHECK(unbounded_denied);
    CHECK(users_denied);
    // None by default.
    const json plain = synth(dir, "bootstrap", "");
    CHECK_FALSE(plain.at("resource").at("aws_iam_role_policy_attachment").contains("github_dev_managed_policy_0"));

    check_refused("--set github_deploy_role_policy_arns=ReadOnlyAccess", "github_deploy_role_policy_arns",
                  "is not an IAM policy ARN");
    check_refused("--set github_deploy_role_policy_arns=arn:aws:iam::12345:policy/x", "github_deploy_role_policy_arns",
                  "is not an IAM policy ARN");
    check_refused("--set github_deploy_role_policy_arns=" + team + "," + team, "github_deploy_role_policy_arns",
                  "is given twice");
}

TEST_CASE("settings: extra tags join the provider's default tags in every stack") {
    TempDir dir;
    const std::string set = "--set 'tags={\"CostCenter\":\"42\",\"Team\":\"data platform\"}'";
    for (const char* stack : {"bootstrap", "dev"}) {
        const json doc = synth(dir, stack, set);
        CHECK(doc.at("provider").at("aws").at(0).at("default_tags").at("tags") ==
              json({{"CostCenter", "42"},
                    {"Team", "data platform"},
                    {"Project", "cloud-serverless-rds"},
                    {"Environment", "dev"},  // bootstrap is named after the dev settings
                    {"ManagedBy", "infra"}}));
    }
    // The k=v form says the same.
    const json pairs = synth(dir, "dev", "--set tags=CostCenter=42");
    CHECK(pairs.at("provider").at("aws").at(0).at("default_tags").at("tags").at("CostCenter") == "42");

    check_refused("--set tags=Project=other", "tags", "\"Project\" is set by infra on every resource");
    check_refused("--set tags=aws:owner=me", "tags", "starts with \"aws:\", which AWS reserves");
    check_refused("--set 'tags=Team=a;b'", "tags", "the value of \"Team\" must be at most 256");
    check_refused("--set 'tags={\"\":\"x\"}'", "tags", "key \"\" must be 1 to 128");
}
