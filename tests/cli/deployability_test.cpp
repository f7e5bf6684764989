// What makes the synthesized stacks deployable, not just valid: each case is
// a fault that passed every check before `terraform apply` and failed on a
// real apply (or on the second deploy, or on a destroy), checked here on the
// synthesized JSON and, for the refusal to deploy, against a fake terraform
// that records its calls. The apply itself is tested against an AWS emulator
// by tests/e2e/app_lifecycle.sh.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::run_infra_with_env;
using infra_test::TempDir;
using infra_test::write_file;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Synthesizes every stack with `settings` (e.g. "--set x=1") and returns the
// document of `stack`.
json synth(const TempDir& dir, const std::string& stack, const std::string& settings = "") {
    const auto r = run_infra("-q synth " + settings, dir.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return json::parse(read_file(dir.path() / "infra.out/stacks" / stack / "main.tf.json"));
}

std::size_t count_of_type(const json& doc, const std::string& type) {
    return doc.contains("resource") && doc.at("resource").contains(type) ? doc.at("resource").at(type).size() : 0;
}

std::size_t error_lines(const std::string& output) {
    std::size_t n = 0;
    for (std::size_t at = output.find("error:"); at != std::string::npos; at = output.find("error:", at + 1))
        if (at == 0 || output[at - 1] == '\n') ++n;
    return n;
}

// `infra <args>` with the fake terraform; returns the run and the terraform
// commands it was asked for ("init", "plan", ...), in order.
std::pair<infra_test::RunResult, std::vector<std::string>> with_fake_terraform(const TempDir& dir,
                                                                               const std::string& args) {
    const fs::path log = dir.path() / "terraform-calls.log";
    const std::string env = "FAKE_TF_LOG='" + log.string() + "' INFRA_TERRAFORM='" FAKE_TERRAFORM "' ";
    auto r = run_infra_with_env(env, args + " < /dev/null", dir.path());
    std::vector<std::string> commands;
    if (fs::exists(log)) {
        const std::string calls = read_file(log);
        std::size_t start = 0;
        while (start < calls.size()) {
            const std::size_t end = calls.find('\n', start);
            const std::string line = calls.substr(start, end - start);
            const std::string arguments = line.substr(line.find('|') + 1);
            commands.push_back(arguments.substr(0, arguments.find(' ')));
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return {r, commands};
}

bool ran_beyond_version(const std::vector<std::string>& commands) {
    return std::any_of(commands.begin(), commands.end(), [](const std::string& c) { return c != "version"; });
}

}  // namespace

// Fault 1: `ami = "resolve:ssm:..."` with a root_block_device fails at apply
// (the provider calls DescribeImages with the raw string).
TEST_CASE("deployable: the bastion's AMI is read from SSM by a data source, not passed as resolve:ssm") {
    TempDir dir;
    const json dev = synth(dir, "dev");
    const auto& instance = dev.at("resource").at("aws_instance").at("bastion_instance");
    CHECK(instance.at("ami") == "${data.aws_ssm_parameter.bastion_ami_parameter.insecure_value}");
    CHECK(instance.at("lifecycle").at("ignore_changes") == json::array({"ami"}));
    CHECK(dev.at("data").at("aws_ssm_parameter").at("bastion_ami_parameter").at("name") ==
          "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64");

    const json fixed = synth(dir, "dev", "--set bastion_ami=ami-0123456789abcdef0");
    CHECK(fixed.at("resource").at("aws_instance").at("bastion_instance").at("ami") == "ami-0123456789abcdef0");
    CHECK_FALSE(fixed.at("data").contains("aws_ssm_parameter"));
}

// Fault 2: a zip without pg8000 makes the migration fail in the middle of
// the apply. synth warns; plan and deploy refuse before terraform starts.
TEST_CASE("deployable: plan and deploy refuse a function zip without its packages, before terraform runs") {
    TempDir dir;
    const auto synth_run = run_infra("synth dev", dir.path());
    CHECK(synth_run.exit_code == 0);
    CHECK(synth_run.output.find("cannot import pg8000") != std::string::npos);

    for (const std::string command : {"deploy dev --auto-approve", "deploy --auto-approve", "plan dev"}) {
        INFO(command);
        TempDir work;
        const auto [r, commands] = with_fake_terraform(work, command);
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK(error_lines(r.output) == 1);
        CHECK(r.output.find("lambda_dependencies") != std::string::npos);
        CHECK(r.output.find("refusing to deploy stack dev") != std::string::npos);
        CHECK_FALSE(ran_beyond_version(commands));
        CHECK_FALSE(fs::exists(work.path() / "infra.out/stacks/dev/main.tf.json"));
    }

    SECTION("a folder without the package is refused too, naming the package") {
        TempDir work;
        fs::create_directories(work.path() / "deps/other");
        const auto [r, commands] = with_fake_terraform(work, "deploy dev --auto-approve --set lambda_dependencies=deps");
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("lambda_dependencies folder \"deps\" does not hold pg8000") != std::string::npos);
        CHECK_FALSE(ran_beyond_version(commands));
    }
    SECTION("with the package, terraform is run") {
        TempDir work;
        write_file(work.path() / "deps/pg8000/__init__.py", "# vendored\n");
        const auto [r, commands] = with_fake_terraform(work, "deploy dev --auto-approve --set lambda_dependencies=deps");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(std::find(commands.begin(), commands.end(), "apply") != commands.end());
    }
    SECTION("pip's metadata folder counts as the package") {
        TempDir work;
        fs::create_directories(work.path() / "deps/pg8000-1.31.2.dist-info");
        const auto [r, commands] = with_fake_terraform(work, "plan dev --set lambda_dependencies=deps");
        CHECK(r.exit_code == 0);
    }
    SECTION("destroy is not refused: it deploys no function") {
        TempDir work;
        const auto [r, commands] = with_fake_terraform(work, "destroy dev --auto-approve");
        INFO(r.output);
        CHECK(r.exit_code == 0);
        CHECK(std::find(commands.begin(), commands.end(), "destroy") != commands.end());
    }
}

// Fault 3: destroy then deploy again fails while the secret is scheduled for
// deletion; a second destroy of a re-created cluster collides on the final
// snapshot's name.
TEST_CASE("deployable: dev deletes its secret at once, prod keeps a recovery window") {
    TempDir dir;
    const json dev = synth(dir, "dev");
    CHECK(dev.at("resource").at("aws_secretsmanager_secret").at("database_iam_user_secret").at(
              "recovery_window_in_days") == 0);
    const json prod = synth(dir, "prod");
    CHECK(prod.at("resource").at("aws_secretsmanager_secret").at("database_iam_user_secret").at(
              "recovery_window_in_days") == 7);
    const json longer = synth(dir, "prod", "--set secret_recovery_window_days=30");
    CHECK(longer.at("resource").at("aws_secretsmanager_secret").at("database_iam_user_secret").at(
              "recovery_window_in_days") == 30);
    for (const char* bad : {"3", "31", "-1"}) {
        const auto r = run_infra(std::string("synth --set secret_recovery_window_days=") + bad, dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("setting \"secret_recovery_window_days\"") != std::string::npos);
    }
}

TEST_CASE("deployable: the final snapshot of each incarnation of a cluster has its own name") {
    TempDir dir;
    const json prod = synth(dir, "prod");
    const auto& cluster = prod.at("resource").at("aws_rds_cluster").at("database_cluster");
    CHECK(cluster.at("skip_final_snapshot") == false);
    CHECK(cluster.at("final_snapshot_identifier") ==
          "cloud-serverless-rds-prod-aurora-final-${formatdate(\"YYYYMMDDhhmmss\", "
          "terraform_data.database_created_at.output)}");
    CHECK(count_of_type(prod, "terraform_data") == 1);
    // dev takes none unless asked; deletion protection no longer decides it.
    const json dev = synth(dir, "dev");
    CHECK(dev.at("resource").at("aws_rds_cluster").at("database_cluster").at("skip_final_snapshot") == true);
    const json dev_snapshot = synth(dir, "dev", "--set db_final_snapshot=true");
    CHECK(dev_snapshot.at("resource").at("aws_rds_cluster").at("database_cluster").at("skip_final_snapshot") == false);
    const json protected_dev = synth(dir, "dev", "--set db_deletion_protection=true");
    const auto& cluster_of_dev = protected_dev.at("resource").at("aws_rds_cluster").at("database_cluster");
    CHECK(cluster_of_dev.at("deletion_protection") == true);
    CHECK(cluster_of_dev.at("skip_final_snapshot") == true);
}

TEST_CASE("deployable: state_bucket_force_destroy lets destroy delete the state bucket") {
    TempDir dir;
    const json defaults = synth(dir, "bootstrap");
    const auto& kept = defaults.at("resource").at("aws_s3_bucket").at("state_bucket");
    CHECK(kept.at("lifecycle").at("prevent_destroy") == true);
    CHECK(kept.at("force_destroy") == false);
    const json doc = synth(dir, "bootstrap", "--set state_bucket_force_destroy=true");
    const auto& bucket = doc.at("resource").at("aws_s3_bucket").at("state_bucket");
    CHECK_FALSE(bucket.contains("lifecycle"));
    CHECK(bucket.at("force_destroy") == true);
}

// Fault 4: aws_api_gateway_account is one per account and region.
TEST_CASE("deployable: the account's API Gateway logging role is set once, by bootstrap") {
    TempDir dir;
    CHECK(count_of_type(synth(dir, "bootstrap"), "aws_api_gateway_account") == 1);
    CHECK(count_of_type(synth(dir, "dev"), "aws_api_gateway_account") == 0);
    CHECK(count_of_type(synth(dir, "prod"), "aws_api_gateway_account") == 0);
    CHECK(count_of_type(synth(dir, "bootstrap", "--set apigateway_account_logging=false"), "aws_api_gateway_account") ==
          0);
}

// Fault 6: with a DynamoDB lock table, every CI role may take the lock.
TEST_CASE("deployable: with state_lock=dynamodb the deploy, plan and ci-tester roles may use the lock table") {
    TempDir dir;
    const json bootstrap = synth(dir, "bootstrap", "--set state_lock=dynamodb");
    const std::string table_arn = "${aws_dynamodb_table.state_lock_table.arn}";
    const auto& documents = bootstrap.at("data").at("aws_iam_policy_document");
    for (const char* document : {"github_dev_policy_document", "github_prod_policy_document",
                                 "github_plan_policy_document", "ci_tester_inline_policy_document"}) {
        INFO(document);
        std::set<std::string> actions;
        for (const auto& statement : documents.at(document).at("statement"))
            if (statement.at("resources").dump().find(table_arn) != std::string::npos)
                for (const auto& action : statement.at("actions")) actions.insert(action.get<std::string>());
        CHECK(actions.count("dynamodb:GetItem") == 1);
        CHECK(actions.count("dynamodb:PutItem") == 1);
        CHECK(actions.count("dynamodb:DeleteItem") == 1);
    }
}

// Fault 7: use_lockfile needs terraform >= 1.10; an older one fails at init
// with an unrelated error.
TEST_CASE("deployable: required_version follows what the stack's backend needs") {
    TempDir dir;
    CHECK(synth(dir, "dev").at("terraform").at("required_version") == ">= 1.10");
    CHECK(synth(dir, "bootstrap").at("terraform").at("required_version") == ">= 1.6");
    CHECK(synth(dir, "bootstrap", "--set bootstrap_backend=s3").at("terraform").at("required_version") == ">= 1.10");
    CHECK(synth(dir, "dev", "--set state_lock=dynamodb").at("terraform").at("required_version") == ">= 1.6");
    CHECK(synth(dir, "dev", "--set backend=local").at("terraform").at("required_version") == ">= 1.6");
}

// Fault 8: the migration ran as soon as the proxy had its target, racing the
// routes and security group rules it needs.
TEST_CASE("deployable: the migration runs after the network paths to the proxy and AWS APIs exist") {
    TempDir dir;
    for (const char* stack : {"dev", "prod"}) {
        INFO(stack);
        const json doc = synth(dir, stack);
        const auto& depends_on = doc.at("resource").at("aws_lambda_invocation").at("migration_run").at("depends_on");
        std::set<std::string> waits_for;
        for (const auto& d : depends_on) waits_for.insert(d.get<std::string>());
        CHECK(waits_for.count("aws_db_proxy_target.database_proxy_target") == 1);
        for (const char* type : {"aws_route", "aws_route_table_association", "aws_nat_gateway",
                                 "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"})
            for (const auto& [name, body] : doc.at("resource").at(type).items()) {
                (void)body;
                if (name.rfind("network_", 0) != 0) continue;
                CHECK(waits_for.count(std::string(type) + "." + name) == 1);
            }
    }
}

TEST_CASE("deployable: local cloud mode points every stack at the emulator, and nothing else changes without it") {
    TempDir plain, local;
    const std::string endpoint = "http://127.0.0.1:4566";
    for (const char* stack : {"bootstrap", "dev", "prod"}) {
        INFO(stack);
        const json aws_doc = synth(plain, stack);
        const json doc = synth(local, stack, "--set aws_endpoint=" + endpoint);
        const auto& provider = doc.at("provider").at("aws").at(0);
        CHECK(provider.at("access_key") == "test");
        CHECK(provider.at("secret_key") == "test");
        CHECK(provider.at("s3_use_path_style") == true);
        CHECK_FALSE(provider.contains("insecure"));
        const auto& endpoints = provider.at("endpoints").at(0);
        for (const char* service : {"apigateway", "ec2", "iam", "lambda", "logs", "rds", "s3", "secretsmanager", "ssm",
                                    "sts", "dynamodb"})
            CHECK(endpoints.at(service) == endpoint);
        // Without the setting, no trace of it.
        const auto& real = aws_doc.at("provider").at("aws").at(0);
        for (const char* key : {"access_key", "secret_key", "endpoints", "s3_use_path_style", "insecure"})
            CHECK_FALSE(real.contains(key));
    }
    // The S3 backend of dev and its read of bootstrap's outputs.
    const json dev = synth(local, "dev", "--set aws_endpoint=" + endpoint + " --set bootstrap_backend=s3");
    for (const json& config : {dev.at("terraform").at("backend").at("s3"),
                               dev.at("data").at("terraform_remote_state").at("bootstrap").at("config")}) {
        CHECK(config.at("endpoints").at("s3") == endpoint);
        CHECK(config.at("endpoints").at("sts") == endpoint);
        CHECK(config.at("use_path_style") == true);
        CHECK(config.at("skip_credentials_validation") == true);
        CHECK(config.at("access_key") == "test");
    }
    const json plain_dev = synth(plain, "dev");
    CHECK_FALSE(plain_dev.at("terraform").at("backend").at("s3").contains("endpoints"));
    // An emulator's own certificate is not verified.
    const json https = synth(local, "bootstrap", "--set aws_endpoint=https://localhost:4566");
    CHECK(https.at("provider").at("aws").at(0).at("insecure") == true);

    for (const char* bad : {"localhost:4566", "ftp://x", "http://", "http:// x"}) {
        INFO(bad);
        const auto r = run_infra(std::string("synth --set 'aws_endpoint=") + bad + "'", plain.path());
        CHECK(r.exit_code == 2);
        CHECK(error_lines(r.output) == 1);
        CHECK(r.output.find("setting \"aws_endpoint\"") != std::string::npos);
    }
}

// Fault 10: an account that runs GitHub Actions already has the provider
// (one per URL): creating a second fails the bootstrap apply.
TEST_CASE("deployable: the account's GitHub OIDC provider is reused by ARN or looked up by URL") {
    TempDir dir;
    const json created = synth(dir, "bootstrap");
    CHECK(count_of_type(created, "aws_iam_openid_connect_provider") == 1);
    CHECK(created.at("output").at("github_oidc_provider_arn").at("value") ==
          "${aws_iam_openid_connect_provider.github_provider.arn}");

    const json looked_up = synth(dir, "bootstrap", "--set create_github_oidc_provider=false");
    CHECK(count_of_type(looked_up, "aws_iam_openid_connect_provider") == 0);
    CHECK(looked_up.at("data").at("aws_iam_openid_connect_provider").at("github_existing_provider").at("url") ==
          "https://token.actions.githubusercontent.com");
    CHECK(looked_up.at("output").at("github_oidc_provider_arn").at("value") ==
          "${data.aws_iam_openid_connect_provider.github_existing_provider.arn}");

    const std::string arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const json given =
        synth(dir, "bootstrap", "--set create_github_oidc_provider=false --set existing_github_oidc_provider_arn=" + arn);
    CHECK(count_of_type(given, "aws_iam_openid_connect_provider") == 0);
    CHECK_FALSE((given.contains("data") && given.at("data").contains("aws_iam_openid_connect_provider")));
    for (const char* trust : {"github_dev_trust_policy", "github_prod_trust_policy", "github_plan_trust_policy"})
        CHECK(given.at("data").at("aws_iam_policy_document").at(trust).at("statement")[0].at("principals")[0].at(
                  "identifiers") == json::array({arn}));

    for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
             {"--set existing_github_oidc_provider_arn=" + arn,
              "is given while create_github_oidc_provider is true; set it false to reuse the provider"},
             {"--set create_github_oidc_provider=false --set existing_github_oidc_provider_arn=arn:aws:iam::1234:"
              "oidc-provider/token.actions.githubusercontent.com",
              "is not the ARN of a GitHub OIDC provider"},
             {"--set create_github_oidc_provider=false --set existing_github_oidc_provider_arn=arn:aws:iam::"
              "123456789012:oidc-provider/example.com",
              "is not the ARN of a GitHub OIDC provider"}}) {
        TempDir bad;
        const auto r = run_infra("-q synth " + args, bad.path());
        INFO(r.output);
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("setting \"existing_github_oidc_provider_arn\"") != std::string::npos);
        CHECK(r.output.find(message) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(bad.path() / "infra.out"));
    }
}

TEST_CASE("deployable: the outputs a user of the original system reads are there") {
    TempDir dir;
    const json dev = synth(dir, "dev");
    for (const char* name : {"api_gateway_invoke_url", "api_gateway_execution_arn", "api_gateway_stage_name",
                             "database_endpoint", "database_reader_endpoint", "ec2_instance_id", "ec2_iam_role_arn",
                             "lambda_function_names", "github_actions_role_arn"})
        CHECK(dev.at("output").contains(name));
    CHECK(dev.at("output").at("database_reader_endpoint").at("value") ==
          "${aws_rds_cluster.database_cluster.reader_endpoint}");
    // A map by method, as the original's.
    const auto& functions = dev.at("output").at("lambda_function_names").at("value");
    REQUIRE(functions.is_object());
    CHECK(functions.size() == 3);
    for (const char* method : {"get", "post", "delete"}) CHECK(functions.contains(method));
}
