#include "naming/name_prefix.hpp"

#include <fmt/format.h>

#include <string>

#include "ci_tester/database_tester_role.hpp"
#include "database/database.hpp"
#include "database/schema_migration.hpp"
#include "module_test_support.hpp"
#include "naming/iam_role_name.hpp"
#include "network/network.hpp"

using crud_api::modules::iam_role_name_problem;
using crud_api::modules::name_prefix_problem;
using crud_api::modules::PrefixCharacters;

namespace {

// The message of module `id` whose `prefix` makes its role "<prefix><suffix>" too long.
std::string role_too_long(const std::string& id, const std::string& prefix, const char* suffix) {
    return fmt::format("test/{}: name_prefix \"{}\" is too long: the role name \"{}{}\" exceeds 64 characters", id,
                       prefix, prefix, suffix);
}

}  // namespace

TEST_CASE("name prefix: set, of letters, digits and '-', is fine") {
    CHECK(name_prefix_problem("cloud-serverless-rds-dev").empty());
    CHECK(name_prefix_problem("App-2").empty());
    CHECK(name_prefix_problem("app-dev", {.names = {{"role name", "app-dev-lambda-role", 64}}}).empty());
}

TEST_CASE("name prefix: an empty one names the prop and suggests a prefix") {
    CHECK(name_prefix_problem("") == "name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"");
    CHECK(name_prefix_problem("", {.prop = "project", .example = "cloud-serverless-rds"}) ==
          "project is empty; give e.g. \"cloud-serverless-rds\"");
}

TEST_CASE("name prefix: a character AWS refuses in names is one line naming the prop") {
    for (const std::string bad : {"app dev", "app_dev", "app/dev", "app.dev", "app*"})
        CHECK(name_prefix_problem(bad) == "name_prefix \"" + bad + "\" may hold only letters, digits and '-'");
    CHECK(name_prefix_problem("a b", {.prop = "project"}) == "project \"a b\" may hold only letters, digits and '-'");
}

TEST_CASE("name prefix: RDS identifiers take lowercase, digits and single inner hyphens only") {
    const crud_api::modules::NamePrefixRule rds{.characters = PrefixCharacters::rds_identifier};
    CHECK(name_prefix_problem("csr-dev-2", rds).empty());
    for (const std::string bad : {"Csr-dev", "2csr", "csr--dev", "csr-", "csr_dev"})
        CHECK(name_prefix_problem(bad, rds) ==
              "name_prefix \"" + bad + "\" must start with a lowercase letter and hold only lowercase letters, "
              "digits and single hyphens (RDS identifier rules)");
}

TEST_CASE("name prefix: a name built from it past its limit is named, with the limit") {
    const std::string prefix(50, 'a');
    const crud_api::modules::NamePrefixRule rule{.names = {
                                                  {"function name", prefix + "-get", 64},
                                                  {"proxy name", prefix + "-proxy-proxy", 60},
                                                  {"role name", prefix + "-lambda-role-xx", 64},
                                              }};
    // The first name over its limit is the one reported.
    CHECK(name_prefix_problem(prefix, rule) ==
          fmt::format("name_prefix \"{0}\" is too long: the proxy name \"{0}-proxy-proxy\" exceeds 60 characters", prefix));
    // Exactly at the limit is fine.
    CHECK(name_prefix_problem(prefix, {.names = {{"role name", std::string(64, 'r'), 64}}}).empty());
}

TEST_CASE("name prefix: the modules that gained the check refuse a bad prefix naming the module and the prop") {
    using namespace crud_api::modules;
    const std::string long_prefix(52, 'a');

    // DatabaseTesterRole: "<prefix>-db-tester" is an IAM role name.
    const DatabaseTesterRoleProps tester{.name_prefix = "",
                                         .tester_role_arn = "arn:aws:iam::123456789012:role/app-ci-tester",
                                         .connect_policy_arn = "arn:aws:iam::123456789012:policy/app-dev-rds-connect"};
    CHECK(module_test::usage_error<DatabaseTesterRole>("db_tester", tester) ==
          "test/db_tester: name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"");
    auto long_tester = tester;
    long_tester.name_prefix = fmt::format("{}-dev", long_prefix);
    CHECK(module_test::usage_error<DatabaseTesterRole>("db_tester", long_tester) ==
          role_too_long("db_tester", long_tester.name_prefix, "-db-tester"));

    // Network: the flow-log role's name, only when there are flow logs.
    NetworkProps network{.name_prefix = long_prefix, .availability_zones = {"us-east-1a"}, .flow_logs = true};
    CHECK(module_test::usage_error<Network>("network", network) ==
          role_too_long("network", long_prefix, "-vpc-flow-logs"));
    network.flow_logs = false;
    CHECK(module_test::usage_error<Network>("network", network) == "(no error)");
}

TEST_CASE("name prefix: the schema migration checks its prefix as the API functions do") {
    using namespace crud_api::modules;
    module_test::TestStack t;
    auto& db = t.stack.add<Database>("database", DatabaseProps{
                                                     .name_prefix = "csr-dev",
                                                     .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
                                                     .database_security_group_id = "sg-db",
                                                     .proxy_security_group_id = "sg-proxy",
                                                 });
    const auto migration = [&](std::string prefix) {
        return SchemaMigrationProps{.name_prefix = std::move(prefix),
                                    .database = &db,
                                    .subnet_ids = infra::List<infra::Str>{"subnet-a"},
                                    .security_group_id = "sg-lambda"};
    };
    CHECK(module_test::usage_error<SchemaMigration>("migration", migration("csr dev")) ==
          "test/migration: name_prefix \"csr dev\" may hold only letters, digits and '-'");
    const std::string long_prefix(52, 'a');
    CHECK(module_test::usage_error<SchemaMigration>("migration", migration(long_prefix)) ==
          role_too_long("migration", long_prefix, "-migrate-role"));
}

TEST_CASE("IAM role name: 1 to 64 of IAM's characters, or one line naming the prop") {
    CHECK(iam_role_name_problem("role_name", "app-dev_github+ci=a,b.c@d").empty());
    CHECK(iam_role_name_problem("role_name", std::string(64, 'r')).empty());
    for (const auto& bad : {std::string(), std::string(65, 'r'), std::string("app/dev"), std::string("app*")})
        CHECK(iam_role_name_problem("role_name", bad) ==
              "role_name \"" + bad + "\" must be 1 to 64 letters, digits or \"+=,.@_-\" (IAM role names)");
}
