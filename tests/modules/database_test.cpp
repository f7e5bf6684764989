#include "database/database.hpp"

#include <set>
#include <string>

#include "infra/aws/security_group.hpp"
#include "infra/error.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "module_test_support.hpp"

using module_test::policy_document;
using module_test::reference;
using module_test::resource;
using nlohmann::json;

namespace {

// A stack with two security groups to wire the database to, so the tests
// follow references instead of comparing literals.
struct DatabaseFixture {
    module_test::TestStack t;
    infra::aws::SecurityGroup& database_sg =
        t.stack.add<infra::aws::SecurityGroup>("database_sg", infra::aws::SecurityGroupArgs{.name = "db"});
    infra::aws::SecurityGroup& proxy_sg =
        t.stack.add<infra::aws::SecurityGroup>("proxy_sg", infra::aws::SecurityGroupArgs{.name = "proxy"});

    crud_api::modules::DatabaseProps props() const {
        return crud_api::modules::DatabaseProps{
            .name_prefix = "csr-dev",
            .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
            .database_security_group_id = database_sg.id(),
            .proxy_security_group_id = proxy_sg.id(),
        };
    }
    crud_api::modules::Database& add(crud_api::modules::DatabaseProps p) {
        return t.stack.add<crud_api::modules::Database>("database", std::move(p));
    }
    crud_api::modules::Database& add() { return add(props()); }
};

// The message of the UsageError that building the module with `props` throws.
std::string usage_error(crud_api::modules::DatabaseProps props) {
    return module_test::usage_error<crud_api::modules::Database>("database", std::move(props));
}

crud_api::modules::DatabaseProps valid_props() {
    return crud_api::modules::DatabaseProps{
        .name_prefix = "csr-dev",
        .subnet_ids = infra::List<infra::Str>{"subnet-a", "subnet-b"},
        .database_security_group_id = "sg-db",
        .proxy_security_group_id = "sg-proxy",
    };
}

std::set<std::string> as_set(const json& array) {
    std::set<std::string> out;
    for (const auto& item : array) out.insert(item.get<std::string>());
    return out;
}

}  // namespace

TEST_CASE("database: an Aurora PostgreSQL Serverless v2 cluster with IAM auth and an RDS-managed master password") {
    DatabaseFixture f;
    f.add();
    const auto doc = f.t.synth();

    REQUIRE(module_test::count_of_type(doc, "aws_rds_cluster") == 1);
    const auto& cluster = resource(doc, "aws_rds_cluster", "database_cluster");
    CHECK(cluster.at("cluster_identifier") == "csr-dev-aurora");
    CHECK(cluster.at("engine") == "aurora-postgresql");
    CHECK(cluster.at("engine_mode") == "provisioned");
    CHECK(cluster.at("engine_version") == "17.5");
    CHECK(cluster.at("serverlessv2_scaling_configuration") == json({{"min_capacity", 0.5}, {"max_capacity", 2}}));
    CHECK(cluster.at("storage_encrypted") == true);
    CHECK(cluster.at("iam_database_authentication_enabled") == true);
    CHECK(cluster.at("manage_master_user_password") == true);
    CHECK_FALSE(cluster.contains("master_password"));
    CHECK_FALSE(cluster.contains("master_password_wo"));
    CHECK(cluster.at("master_username") == "iam_db_user");
    CHECK(cluster.at("database_name") == "app");
    CHECK(cluster.at("vpc_security_group_ids") ==
          json::array({reference("aws_security_group", "database_sg", "id")}));
    CHECK(cluster.at("db_subnet_group_name") == reference("aws_db_subnet_group", "database_subnet_group", "name"));
    CHECK(cluster.at("backup_retention_period") == 7);
    CHECK(cluster.at("deletion_protection") == false);
    CHECK(cluster.at("skip_final_snapshot") == true);
    CHECK_FALSE(cluster.contains("final_snapshot_identifier"));
    CHECK(cluster.at("enabled_cloudwatch_logs_exports") == json::array({"postgresql"}));
    CHECK(cluster.at("copy_tags_to_snapshot") == true);
    CHECK(cluster.at("port") == 5432);
    CHECK(cluster.at("tags").at("Name") == "csr-dev-aurora");

    const auto& subnets = resource(doc, "aws_db_subnet_group", "database_subnet_group");
    CHECK(subnets.at("name") == "csr-dev-db-subnets");
    CHECK(subnets.at("subnet_ids") == json::array({"subnet-a", "subnet-b"}));
    CHECK(subnets.at("tags").at("Name") == "csr-dev-db-subnets");

    // The exported log group exists (with retention) before the cluster writes to it.
    const auto& logs = resource(doc, "aws_cloudwatch_log_group", "database_postgresql_logs");
    CHECK(logs.at("name") == "/aws/rds/cluster/" + cluster.at("cluster_identifier").get<std::string>() + "/postgresql");
    CHECK(logs.at("retention_in_days") == 14);
    CHECK(cluster.at("depends_on") == json::array({"aws_cloudwatch_log_group.database_postgresql_logs"}));
}

TEST_CASE("database: capacities and retention come from the props") {
    DatabaseFixture f;
    auto p = f.props();
    p.min_capacity = 1.5;
    p.max_capacity = 16;
    p.backup_retention_days = 30;
    p.engine_version = "16.4";
    p.database_name = "zoo";
    f.add(p);
    const auto doc = f.t.synth();
    const auto& cluster = resource(doc, "aws_rds_cluster", "database_cluster");
    CHECK(cluster.at("serverlessv2_scaling_configuration") == json({{"min_capacity", 1.5}, {"max_capacity", 16}}));
    CHECK(cluster.at("backup_retention_period") == 30);
    CHECK(cluster.at("engine_version") == "16.4");
    CHECK(cluster.at("database_name") == "zoo");
}

TEST_CASE("database: a provisioned instance class replaces db.serverless on every instance") {
    DatabaseFixture f;
    auto p = f.props();
    p.instance_count = 2;
    p.instance_class = "db.r6g.large";
    f.add(p);
    const auto doc = f.t.synth();
    for (const char* name : {"database_instance_0", "database_instance_1"})
        CHECK(resource(doc, "aws_rds_cluster_instance", name).at("instance_class") == "db.r6g.large");
}

TEST_CASE("database: one db.serverless instance per instance_count, each in the cluster") {
    DatabaseFixture f;
    auto p = f.props();
    p.instance_count = GENERATE(1, 3);
    f.add(p);
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_rds_cluster_instance") == static_cast<std::size_t>(p.instance_count));
    json target_dependencies = json::array();
    for (int i = 0; i < p.instance_count; ++i) {
        const std::string id = "database_instance_" + std::to_string(i);
        const auto& instance = resource(doc, "aws_rds_cluster_instance", id);
        CHECK(instance.at("instance_class") == "db.serverless");
        CHECK(instance.at("cluster_identifier") == reference("aws_rds_cluster", "database_cluster", "id"));
        CHECK(instance.at("engine") == reference("aws_rds_cluster", "database_cluster", "engine"));
        CHECK(instance.at("db_subnet_group_name") ==
              reference("aws_db_subnet_group", "database_subnet_group", "name"));
        CHECK(instance.at("identifier") == "csr-dev-aurora-" + std::to_string(i));
        CHECK(instance.at("publicly_accessible") == false);
        CHECK(instance.at("tags").at("Name") == instance.at("identifier"));
        target_dependencies.push_back("aws_rds_cluster_instance." + id);
    }
    // The proxy target is registered once every instance exists.
    CHECK(resource(doc, "aws_db_proxy_target", "database_proxy_target").at("depends_on") == target_dependencies);
}

TEST_CASE("database: deletion protection and a final snapshot when asked") {
    DatabaseFixture f;
    auto p = f.props();
    p.deletion_protection = true;
    p.skip_final_snapshot = false;
    f.add(p);
    const auto doc = f.t.synth();
    const auto& cluster = resource(doc, "aws_rds_cluster", "database_cluster");
    CHECK(cluster.at("deletion_protection") == true);
    CHECK(cluster.at("skip_final_snapshot") == false);
    // Named with the cluster's creation time, kept by terraform_data: a
    // fixed name would collide with the snapshot of the previous incarnation
    // on the second destroy of a re-created cluster.
    CHECK(cluster.at("final_snapshot_identifier") ==
          "csr-dev-aurora-final-${formatdate(\"YYYYMMDDhhmmss\", terraform_data.database_created_at.output)}");
    const auto& created = resource(doc, "terraform_data", "database_created_at");
    CHECK(created.at("input") == "${timestamp()}");
    CHECK(created.at("lifecycle").at("ignore_changes") == json::array({"input"}));
}

TEST_CASE("database: no creation time is kept when no final snapshot is taken") {
    DatabaseFixture f;
    f.add(f.props());
    const auto doc = f.t.synth();
    CHECK(module_test::count_of_type(doc, "terraform_data") == 0);
}

TEST_CASE("database: the API user's secret exists without a version, so its password is never in Terraform") {
    DatabaseFixture f;
    auto p = f.props();
    p.secret_recovery_window_days = 0;
    f.add(p);
    const auto doc = f.t.synth();
    REQUIRE(module_test::count_of_type(doc, "aws_secretsmanager_secret") == 1);
    const auto& secret = resource(doc, "aws_secretsmanager_secret", "database_iam_user_secret");
    CHECK(secret.at("name") == "csr-dev-iam-token-user");
    CHECK(secret.at("recovery_window_in_days") == 0);
    CHECK(secret.at("tags").at("Name") == "csr-dev-iam-token-user");
    CHECK(module_test::count_of_type(doc, "aws_secretsmanager_secret_version") == 0);
    // No password anywhere in the document.
    CHECK(doc.dump().find("password\":\"") == std::string::npos);
}

TEST_CASE("database: the proxy role is assumed by RDS and may read exactly the two proxy secrets") {
    DatabaseFixture f;
    f.add();
    const auto doc = f.t.synth();
    const auto& role = resource(doc, "aws_iam_role", "database_proxy_role");
    CHECK(role.at("name") == "csr-dev-db-proxy-role");
    CHECK(role.at("tags").at("Name") == "csr-dev-db-proxy-role");
    CHECK(role.at("assume_role_policy") == "${data.aws_iam_policy_document.database_proxy_trust.json}");
    const auto& trust = policy_document(doc, "database_proxy_trust").at("statement");
    REQUIRE(trust.size() == 1);
    CHECK(trust[0].at("principals")[0].at("identifiers") == json::array({"rds.amazonaws.com"}));

    const auto& policy = resource(doc, "aws_iam_role_policy", "database_proxy_role_policy");
    CHECK(policy.at("role") == reference("aws_iam_role", "database_proxy_role", "id"));
    CHECK(policy.at("policy") == "${data.aws_iam_policy_document.database_proxy_secrets_policy.json}");
    const auto& statements = policy_document(doc, "database_proxy_secrets_policy").at("statement");
    REQUIRE(statements.size() == 1);
    CHECK(statements[0].at("effect") == "Allow");
    CHECK(statements[0].at("actions") == json::array({"secretsmanager:GetSecretValue"}));
    CHECK(as_set(statements[0].at("resources")) ==
          std::set<std::string>{"${aws_rds_cluster.database_cluster.master_user_secret[0].secret_arn}",
                                reference("aws_secretsmanager_secret", "database_iam_user_secret", "arn")});
    CHECK(module_test::count_of_type(doc, "aws_iam_role_policy_attachment") == 0);
}

TEST_CASE("database: the proxy requires TLS and IAM auth, with one login per proxy secret") {
    DatabaseFixture f;
    f.add();
    const auto doc = f.t.synth();
    const auto& proxy = resource(doc, "aws_db_proxy", "database_proxy");
    CHECK(proxy.at("name") == "csr-dev-proxy");
    CHECK(proxy.at("engine_family") == "POSTGRESQL");
    CHECK(proxy.at("require_tls") == true);
    CHECK(proxy.at("role_arn") == reference("aws_iam_role", "database_proxy_role", "arn"));
    CHECK(proxy.at("vpc_subnet_ids") == json::array({"subnet-a", "subnet-b"}));
    CHECK(proxy.at("vpc_security_group_ids") == json::array({reference("aws_security_group", "proxy_sg", "id")}));
    CHECK(proxy.at("tags").at("Name") == "csr-dev-proxy");
    // The role's policy is in place before the proxy reads the secrets.
    CHECK(proxy.at("depends_on") == json::array({"aws_iam_role_policy.database_proxy_role_policy"}));

    const auto& auth = proxy.at("auth");
    REQUIRE(auth.size() == 2);
    std::set<std::string> secrets;
    for (const auto& a : auth) {
        CHECK(a.at("auth_scheme") == "SECRETS");
        CHECK(a.at("iam_auth") == "REQUIRED");
        CHECK(a.at("client_password_auth_type") == "POSTGRES_SCRAM_SHA_256");
        secrets.insert(a.at("secret_arn").get<std::string>());
    }
    // The same two secrets the role may read.
    CHECK(secrets == as_set(policy_document(doc, "database_proxy_secrets_policy").at("statement")[0].at("resources")));
}

TEST_CASE("database: the proxy targets the cluster through its default target group") {
    DatabaseFixture f;
    f.add();
    const auto doc = f.t.synth();
    const auto& group = resource(doc, "aws_db_proxy_default_target_group", "database_proxy_target_group");
    CHECK(group.at("db_proxy_name") == reference("aws_db_proxy", "database_proxy", "name"));
    const auto& pool = group.at("connection_pool_config");
    CHECK(pool.at("max_connections_percent").get<int>() > 0);
    CHECK(pool.at("max_connections_percent").get<int>() <= 100);
    CHECK(pool.at("max_idle_connections_percent").get<int>() <= pool.at("max_connections_percent").get<int>());
    CHECK(pool.at("connection_borrow_timeout").get<int>() > 0);

    const auto& target = resource(doc, "aws_db_proxy_target", "database_proxy_target");
    CHECK(target.at("db_cluster_identifier") == reference("aws_rds_cluster", "database_cluster", "cluster_identifier"));
    CHECK(target.at("db_proxy_name") == reference("aws_db_proxy", "database_proxy", "name"));
    CHECK(target.at("target_group_name") ==
          reference("aws_db_proxy_default_target_group", "database_proxy_target_group", "name"));
    CHECK_FALSE(target.contains("db_instance_identifier"));
}

TEST_CASE("database: accessors reference the cluster, the proxy and the secrets") {
    DatabaseFixture f;
    auto& db = f.add();
    auto output = [&](const std::string& id, infra::Value v) {
        f.t.stack.add<infra::Output>(id, infra::OutputConfig{.value = std::move(v)});
    };
    output("cluster_endpoint", db.cluster_endpoint());
    output("cluster_identifier", db.cluster_identifier());
    output("proxy_endpoint", db.proxy_endpoint());
    output("proxy_arn", db.proxy_arn());
    output("master_secret_arn", db.master_secret_arn());
    output("iam_user_secret_arn", db.iam_user_secret_arn());
    output("iam_user_connect_arn", db.iam_user_connect_arn());
    output("master_user_connect_arn", db.master_user_connect_arn());
    output("port", db.port());
    const auto doc = f.t.synth();
    auto value = [&](const std::string& id) { return doc.at("output").at(id).at("value"); };
    CHECK(value("cluster_endpoint") == reference("aws_rds_cluster", "database_cluster", "endpoint"));
    CHECK(value("cluster_identifier") == reference("aws_rds_cluster", "database_cluster", "cluster_identifier"));
    CHECK(value("proxy_endpoint") == reference("aws_db_proxy", "database_proxy", "endpoint"));
    CHECK(value("proxy_arn") == reference("aws_db_proxy", "database_proxy", "arn"));
    CHECK(value("master_secret_arn") == "${aws_rds_cluster.database_cluster.master_user_secret[0].secret_arn}");
    CHECK(value("iam_user_secret_arn") == reference("aws_secretsmanager_secret", "database_iam_user_secret", "arn"));
    // arn:aws:rds:<region>:<account>:db-proxy:prx-... becomes
    // arn:aws:rds-db:<region>:<account>:dbuser:prx-.../<user>.
    CHECK(value("iam_user_connect_arn") ==
          R"(${replace(replace(aws_db_proxy.database_proxy.arn, ":rds:", ":rds-db:"), ":db-proxy:", ":dbuser:")}/iam_token_user)");
    CHECK(value("master_user_connect_arn") ==
          R"(${replace(replace(aws_db_proxy.database_proxy.arn, ":rds:", ":rds-db:"), ":db-proxy:", ":dbuser:")}/iam_db_user)");
    CHECK(value("port") == 5432);
    CHECK(db.database_name() == "app");
    CHECK(db.master_username() == "iam_db_user");
    CHECK(db.iam_username() == "iam_token_user");
}

TEST_CASE("database: the connect ARN names the configured API user") {
    DatabaseFixture f;
    auto p = f.props();
    p.iam_username = "api_user";
    auto& db = f.add(p);
    f.t.stack.add<infra::Output>("connect", infra::OutputConfig{.value = db.iam_user_connect_arn()});
    const auto doc = f.t.synth();
    const std::string connect = doc.at("output").at("connect").at("value");
    CHECK(connect.size() > 9);
    CHECK(connect.substr(connect.size() - 9) == "/api_user");
    CHECK(resource(doc, "aws_db_proxy", "database_proxy").at("auth")[0].at("description") ==
          "api_user through IAM authentication");
}

TEST_CASE("database: bad props are usage errors naming the module and the prop") {
    auto p = valid_props();
    std::string expected;
    SECTION("empty name_prefix") {
        p.name_prefix = "";
        expected = "test/database: name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"";
    }
    SECTION("uppercase name_prefix") {
        p.name_prefix = "Csr-Dev";
        expected = "test/database: name_prefix \"Csr-Dev\" must start with a lowercase letter and hold only "
                   "lowercase letters, digits and single hyphens (RDS identifier rules)";
    }
    SECTION("double hyphen in name_prefix") {
        p.name_prefix = "csr--dev";
        expected = "test/database: name_prefix \"csr--dev\" must start with a lowercase letter and hold only "
                   "lowercase letters, digits and single hyphens (RDS identifier rules)";
    }
    SECTION("name_prefix too long for the proxy role") {
        p.name_prefix = std::string(51, 'a');
        expected = "test/database: name_prefix \"" + p.name_prefix + "\" is too long: the role name \"" +
                   p.name_prefix + "-db-proxy-role\" exceeds 64 characters";
    }
    SECTION("empty subnet list") {
        p.subnet_ids = infra::List<infra::Str>{};
        expected = "test/database: subnet_ids is empty; give the private subnets of at least two zones";
    }
    SECTION("a single subnet") {
        p.subnet_ids = infra::List<infra::Str>{"subnet-a"};
        expected = "test/database: subnet_ids has one subnet; a DB subnet group needs subnets in at least two "
                   "availability zones";
    }
    SECTION("empty database security group") {
        p.database_security_group_id = "";
        expected = "test/database: database_security_group_id is empty";
    }
    SECTION("empty proxy security group") {
        p.proxy_security_group_id = "";
        expected = "test/database: proxy_security_group_id is empty";
    }
    SECTION("database_name not an identifier") {
        p.database_name = "my-app";
        expected = "test/database: database_name \"my-app\" must be 1 to 63 letters, digits or '_', starting with a letter";
    }
    SECTION("empty master_username") {
        p.master_username = "";
        expected = "test/database: master_username \"\" must be 1 to 63 letters, digits or '_', starting with a letter";
    }
    SECTION("iam_username starting with a digit") {
        p.iam_username = "1user";
        expected = "test/database: iam_username \"1user\" must be 1 to 63 letters, digits or '_', starting with a letter";
    }
    SECTION("iam_username equal to master_username") {
        p.iam_username = "iam_db_user";
        expected = "test/database: iam_username and master_username are both \"iam_db_user\"; the API user must not "
                   "be the master user";
    }
    SECTION("empty engine_version") {
        p.engine_version = "";
        expected = "test/database: engine_version \"\" is not an Aurora PostgreSQL version such as \"17.5\"";
    }
    SECTION("engine_version before Serverless v2 ran the major") {
        p.engine_version = "17.2";
        expected = "test/database: engine_version \"17.2\": Aurora Serverless v2 runs PostgreSQL 17 from 17.4";
    }
    SECTION("engine_version of a major past standard support") {
        p.engine_version = "13.20";
        expected = "test/database: engine_version \"13.20\": PostgreSQL 13 is past its standard support on Aurora; "
                   "use 14.3 or later, e.g. \"17.5\"";
    }
    SECTION("instance_class not an RDS class") {
        p.instance_class = "serverless";
        expected = "test/database: instance_class \"serverless\" is not an RDS instance class: db.serverless or one "
                   "such as \"db.r6g.large\"";
    }
    SECTION("a role name RDS reserves") {
        p.iam_username = "rdsadmin";
        expected = "test/database: iam_username \"rdsadmin\" is reserved: RDS keeps names starting with \"rds\" and "
                   "PostgreSQL those starting with \"pg_\"";
    }
    SECTION("min_capacity below 0.5") {
        p.min_capacity = 0;
        expected = "test/database: min_capacity 0 must be 0.5 to 256 in steps of 0.5";
    }
    SECTION("min_capacity not a step of 0.5") {
        p.min_capacity = 0.75;
        expected = "test/database: min_capacity 0.75 must be 0.5 to 256 in steps of 0.5";
    }
    SECTION("max_capacity above 256") {
        p.max_capacity = 300;
        expected = "test/database: max_capacity 300 must be 0.5 to 256 in steps of 0.5";
    }
    SECTION("min above max") {
        p.min_capacity = 4;
        p.max_capacity = 2;
        expected = "test/database: min_capacity 4 is above max_capacity 2";
    }
    SECTION("no instance") {
        p.instance_count = 0;
        expected = "test/database: instance_count 0 must be 1 to 16";
    }
    SECTION("too many instances") {
        p.instance_count = 17;
        expected = "test/database: instance_count 17 must be 1 to 16";
    }
    SECTION("backup retention out of range") {
        p.backup_retention_days = 0;
        expected = "test/database: backup_retention_days 0 must be 1 to 35";
    }
    SECTION("log retention not accepted by CloudWatch") {
        p.log_retention_days = 10;
        expected = "test/database: log_retention_days 10 is not one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, "
                   "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)";
    }
    SECTION("secret recovery window out of range") {
        p.secret_recovery_window_days = 3;
        expected = "test/database: secret_recovery_window_days 3 must be 0 or 7 to 30";
    }
    CHECK(usage_error(p) == expected);
}

TEST_CASE("database: valid edge props build") {
    auto p = valid_props();
    p.min_capacity = 256;
    p.max_capacity = 256;
    p.instance_count = 16;
    p.backup_retention_days = 35;
    p.secret_recovery_window_days = 30;
    CHECK(usage_error(p) == "(no error)");
}

TEST_CASE("database: subnets given as an expression reach the subnet group and the proxy unchanged") {
    DatabaseFixture f;
    auto p = f.props();
    p.subnet_ids = infra::List<infra::Str>(infra::fn::split(",", f.database_sg.description()));
    f.add(p);
    const auto doc = f.t.synth();
    const std::string expected = R"(${split(",", aws_security_group.database_sg.description)})";
    CHECK(resource(doc, "aws_db_subnet_group", "database_subnet_group").at("subnet_ids") == expected);
    CHECK(resource(doc, "aws_db_proxy", "database_proxy").at("vpc_subnet_ids") == expected);
}
