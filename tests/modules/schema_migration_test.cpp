#include "database/schema_migration.hpp"

#include <string>

#include "infra/error.hpp"
#include "module_test_support.hpp"
#include "support/file_contents.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using module_test::reference;
using module_test::resource;
using nlohmann::json;

namespace {

struct MigrationFixture {
    module_test::TestStack t;
    crud_api::modules::Database& database = t.stack.add<crud_api::modules::Database>(
        "database", crud_api::modules::DatabaseProps{
                        .name_prefix = "csr-dev",
                        .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
                        .database_security_group_id = "sg-db",
                        .proxy_security_group_id = "sg-proxy",
                    });

    crud_api::modules::SchemaMigrationProps props() const {
        return {.name_prefix = "csr-dev",
                .database = &database,
                .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
                .security_group_id = "sg-lambda"};
    }
    crud_api::modules::SchemaMigration& add(crud_api::modules::SchemaMigrationProps p) {
        return t.stack.add<crud_api::modules::SchemaMigration>("migration", std::move(p));
    }
};

// The names in a zip, one per line, read with python's zipfile.
std::string zip_names(const std::string& bytes) {
    test_support::TempDir dir;
    const auto zip = dir.path() / "code.zip";
    test_support::write_file(zip, bytes);
    const auto listing = test_support::run_command(
        "/usr/bin/python3 -c 'import sys, zipfile; print(\"\\n\".join(zipfile.ZipFile(sys.argv[1]).namelist()))' '" +
        zip.string() + "'");
    REQUIRE(listing.exit_code == 0);
    return "\n" + listing.output;
}

}  // namespace

TEST_CASE("the migration function connects through the proxy as the master user with an IAM token") {
    MigrationFixture f;
    f.add(f.props());
    const json doc = f.t.synth();
    const json& fn = resource(doc, "aws_lambda_function", "migration_function");
    CHECK(fn.at("function_name") == "csr-dev-migrate");
    CHECK(fn.at("handler") == "migrate.handler");
    const json& env = fn.at("environment").at("variables");
    CHECK(env.at("DB_HOST") == reference("aws_db_proxy", "database_proxy", "endpoint"));
    CHECK(env.at("DB_USER") == "iam_db_user");
    CHECK(env.at("DB_AUTH") == "iam");
    CHECK(env.at("IAM_USERNAME") == "iam_token_user");
    CHECK(env.at("IAM_USER_SECRET_ARN") == reference("aws_secretsmanager_secret", "database_iam_user_secret", "arn"));
    CHECK(env.at("MIGRATIONS_DIR") == "/var/task");
    for (const auto& [key, value] : env.items()) CHECK(key.find("PASSWORD") == std::string::npos);
    CHECK(fn.at("vpc_config").at("security_group_ids") == json::array({"sg-lambda"}));
    CHECK(fn.at("role") == reference("aws_iam_role", "migration_role", "arn"));
}

TEST_CASE("the migration role may connect as the master user and manage only the API user's secret") {
    MigrationFixture f;
    f.add(f.props());
    const json doc = f.t.synth();
    const json& statements = doc.at("data").at("aws_iam_policy_document").at("migration_role_policy_document").at("statement");
    REQUIRE(statements.size() == 2);
    CHECK(statements[0].at("actions") == json::array({"rds-db:connect"}));
    const std::string connect = statements[0].at("resources")[0];
    CHECK(connect.find("aws_db_proxy.database_proxy.arn") != std::string::npos);
    CHECK(connect.find("/iam_db_user") != std::string::npos);
    CHECK(statements[1].at("actions") == json::array({"secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"}));
    CHECK(statements[1].at("resources") == json::array({reference("aws_secretsmanager_secret", "database_iam_user_secret", "arn")}));
    // The API functions' role is not this one.
    CHECK(resource(doc, "aws_iam_role", "migration_role").at("name") == "csr-dev-migrate-role");
}

TEST_CASE("the migration function runs in the given subnets with the given group, found by partial match") {
    MigrationFixture f;
    auto& migration = f.add(f.props());
    const auto s = f.t.synthesized();
    CHECK(s.has_resource("aws_lambda_function",
                         {{"handler", "migrate.handler"},
                          {"vpc_config", {{"subnet_ids", {"subnet-a", "subnet-b"}}, {"security_group_ids", {"sg-lambda"}}}},
                          {"environment", {{"variables", {{"DB_HOST", infra::testing::reference_to(f.database.proxy())}}}}}}));
    CHECK(s.find("aws_lambda_invocation", {{"function_name", infra::testing::reference_to(migration.function())}}) ==
          std::vector<std::string>{"migration_run"});
    CHECK_FALSE(s.has_resource("aws_lambda_invocation", {{"function_name", infra::testing::reference_to(f.database.proxy())}}));
}

TEST_CASE("the invocation reruns when code or SQL change and waits for the proxy target") {
    MigrationFixture f;
    auto& migration = f.add(f.props());
    const json doc = f.t.synth();
    const json& run = resource(doc, "aws_lambda_invocation", "migration_run");
    CHECK(run.at("function_name") == reference("aws_lambda_function", "migration_function", "function_name"));
    CHECK(run.at("triggers").at("code_and_sql") == resource(doc, "aws_lambda_function", "migration_function").at("source_code_hash"));
    CHECK(run.at("depends_on") == json::array({"aws_db_proxy_target.database_proxy_target"}));
    CHECK(json::parse(run.at("input").get<std::string>()).is_object());

    const std::string names = zip_names(migration.asset().zip_bytes());
    CHECK(names.find("\nmigrate.py\n") != std::string::npos);
    CHECK(names.find("\n001_animals.sql\n") != std::string::npos);
    CHECK(names.find("\n002_iam_token_user.sql\n") != std::string::npos);
    CHECK(names.find("README.md") == std::string::npos);
    CHECK(names.find("requirements.txt") == std::string::npos);
}

TEST_CASE("a changed SQL file changes the migration zip and so reruns the migration") {
    MigrationFixture a;
    MigrationFixture b;
    test_support::TempDir sql;
    test_support::write_file(sql.path() / "001_x.sql", "CREATE TABLE x (id int);\n");
    auto props = a.props();
    props.sql_dir = sql.path();
    const std::string before = a.add(props).asset().hex_sha256();
    test_support::write_file(sql.path() / "001_x.sql", "CREATE TABLE x (id bigint);\n");
    props = b.props();
    props.sql_dir = sql.path();
    const std::string after = b.add(props).asset().hex_sha256();
    CHECK(before != after);
}

TEST_CASE("X-Ray tracing turns on tracing and lets the role write traces") {
    MigrationFixture f;
    auto props = f.props();
    props.xray_tracing = true;
    f.add(props);
    const json doc = f.t.synth();
    CHECK(resource(doc, "aws_lambda_function", "migration_function").at("tracing_config").at("mode") == "Active");
    const json& statements = doc.at("data").at("aws_iam_policy_document").at("migration_role_policy_document").at("statement");
    REQUIRE(statements.size() == 3);
    CHECK(statements[2].at("actions") == json::array({"xray:PutTelemetryRecords", "xray:PutTraceSegments"}));
}

TEST_CASE("bad migration props are usage errors naming the module") {
    MigrationFixture f;
    auto props = f.props();
    SECTION("no database") {
        props.database = nullptr;
        CHECK_THROWS_WITH(f.add(props), Catch::Contains("test/migration: database is not set"));
    }
    SECTION("no SQL folder") {
        props.sql_dir = "/nonexistent/sql";
        CHECK_THROWS_WITH(f.add(props), Catch::Contains("sql_dir \"/nonexistent/sql\" is not a folder"));
    }
    SECTION("timeout beyond Lambda's limit") {
        props.timeout_seconds = 1000;
        CHECK_THROWS_WITH(f.add(props), Catch::Contains("timeout_seconds 1000"));
    }
}
