// The database pack: each rule on a construct that breaks it and on one that
// does not; aws_db_instance (no binding) through a raw infra::Resource.
#include <optional>
#include <string>
#include <vector>

#include "infra/aws/db_proxy.hpp"
#include "infra/aws/rds_cluster.hpp"
#include "infra/aws/rds_cluster_instance.hpp"
#include "infra/construct.hpp"
#include "infra/resource.hpp"
#include "rules_test_support.hpp"

namespace {

using infra::List;
using infra::Str;
using infra::Value;

// A cluster every database rule accepts.
infra::aws::RdsClusterArgs good_cluster_args() {
    return infra::aws::RdsClusterArgs{
        .backup_retention_period = 14,
        .deletion_protection = true,
        .enabled_cloudwatch_logs_exports = List<Str>{"postgresql"},
        .engine = "aurora-postgresql",
        .iam_database_authentication_enabled = true,
        .manage_master_user_password = true,
        .master_username = "app_admin",
        .storage_encrypted = true,
    };
}

infra::aws::RdsCluster& good_cluster(rules_test::TestStack& t, const std::string& id = "cluster") {
    return t.stack.add<infra::aws::RdsCluster>(id, good_cluster_args());
}

// An aws_db_instance (no typed binding) every database rule accepts.
infra::Resource& good_instance(infra::Construct& scope, const std::string& id = "db") {
    auto& db = scope.add<infra::Resource>(id, "aws_db_instance");
    db.set("engine", "postgres");
    db.set("instance_class", "db.t4g.micro");
    db.set("allocated_storage", 20);
    db.set("storage_encrypted", true);
    db.set("iam_database_authentication_enabled", true);
    db.set("manage_master_user_password", true);
    db.set("username", "app_admin");
    db.set("backup_retention_period", 7);
    db.set("deletion_protection", true);
    db.set("publicly_accessible", false);
    db.set("enabled_cloudwatch_logs_exports", Value::list({"postgresql", "upgrade"}));
    return db;
}

// Another resource, whose attributes stand for values known only at apply.
infra::Resource& other(rules_test::TestStack& t) { return t.stack.add<infra::Resource>("settings", "terraform_data"); }

infra::aws::DbProxyArgs::Auth required_auth() {
    return infra::aws::DbProxyArgs::Auth{.auth_scheme = "SECRETS",
                                         .iam_auth = "REQUIRED",
                                         .secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"};
}

infra::aws::DbProxy& proxy(rules_test::TestStack& t, std::vector<infra::aws::DbProxyArgs::Auth> auth,
                           std::optional<infra::Bool> require_tls) {
    return t.stack.add<infra::aws::DbProxy>("proxy",
                                            infra::aws::DbProxyArgs{
                                                .auth = std::move(auth),
                                                .engine_family = "POSTGRESQL",
                                                .name = "app-proxy",
                                                .require_tls = std::move(require_tls),
                                                .role_arn = "arn:aws:iam::123456789012:role/proxy",
                                                .vpc_subnet_ids = List<Str>{"subnet-a", "subnet-b"},
                                            });
}

}  // namespace

TEST_CASE("database rules: a compliant cluster, instance and proxy have no database finding") {
    rules_test::TestStack t;
    good_cluster(t);
    good_instance(t.stack);
    t.stack.add<infra::aws::RdsClusterInstance>("instance", infra::aws::RdsClusterInstanceArgs{
                                                                .cluster_identifier = "app",
                                                                .engine = "aurora-postgresql",
                                                                .instance_class = "db.serverless",
                                                                .publicly_accessible = false,
                                                            });
    proxy(t, {required_auth()}, true);
    for (const auto& f : t.run().findings)
        CHECK_FALSE((f.rule_id.rfind("INFRA-RDS-", 0) == 0 || f.rule_id.rfind("INFRA-PROXY-", 0) == 0));
}

TEST_CASE("database rules: metadata of the pack") {
    const auto& rules = rules_test::aws_rules();
    const std::vector<std::pair<std::string, infra::Severity>> expected{
        {"INFRA-RDS-001", infra::Severity::Error},   {"INFRA-RDS-002", infra::Severity::Error},
        {"INFRA-RDS-003", infra::Severity::Error},   {"INFRA-RDS-004", infra::Severity::Error},
        {"INFRA-RDS-005", infra::Severity::Error},   {"INFRA-RDS-006", infra::Severity::Error},
        {"INFRA-RDS-007", infra::Severity::Warning}, {"INFRA-PROXY-001", infra::Severity::Error},
        {"INFRA-PROXY-002", infra::Severity::Error},
    };
    for (const auto& [id, severity] : expected) {
        const infra::rules::Rule* rule = rules.find(id);
        REQUIRE(rule != nullptr);
        CHECK(rule->info().pack == "database");
        CHECK(rule->info().severity == severity);
        CHECK_FALSE(rule->info().description.empty());
        CHECK_FALSE(rule->info().fix.empty());
    }
}

// INFRA-RDS-001

TEST_CASE("INFRA-RDS-001: a cluster without storage_encrypted is reported") {
    rules_test::TestStack t;
    auto args = good_cluster_args();
    args.storage_encrypted.reset();
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    const auto findings = t.findings("INFRA-RDS-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "storage_encrypted is not set"));
    CHECK(rules_test::any_contains(findings, "test/cluster: "));
}

TEST_CASE("INFRA-RDS-001: storage_encrypted = false set by an override is reported") {
    rules_test::TestStack t;
    good_cluster(t).add_override("storage_encrypted", false);
    CHECK(rules_test::any_contains(t.findings("INFRA-RDS-001"), "storage_encrypted = false"));
}

TEST_CASE("INFRA-RDS-001: an unencrypted aws_db_instance is reported, an encrypted one is not") {
    rules_test::TestStack t;
    good_instance(t.stack, "encrypted");
    good_instance(t.stack, "plain").set("storage_encrypted", false);
    const auto findings = t.findings("INFRA-RDS-001");
    REQUIRE(findings.size() == 1);
    CHECK(rules_test::any_contains(findings, "test/plain: storage_encrypted = false"));
}

TEST_CASE("INFRA-RDS-001: storage_encrypted = true or an expression is not reported") {
    rules_test::TestStack t;
    good_cluster(t);
    auto& db = good_instance(t.stack);
    db.set("storage_encrypted", other(t).attr("output"));
    CHECK(t.findings("INFRA-RDS-001").empty());
}

// INFRA-RDS-002

TEST_CASE("INFRA-RDS-002: iam_database_authentication_enabled = false is reported") {
    rules_test::TestStack t;
    auto args = good_cluster_args();
    args.iam_database_authentication_enabled = false;
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    good_instance(t.stack).unset("iam_database_authentication_enabled");
    const auto findings = t.findings("INFRA-RDS-002");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/cluster: iam_database_authentication_enabled = false"));
    CHECK(rules_test::any_contains(findings, "test/db: iam_database_authentication_enabled is not set"));
}

TEST_CASE("INFRA-RDS-002: IAM authentication enabled, or an engine without it, is not reported") {
    rules_test::TestStack t;
    good_cluster(t);
    auto& sqlserver = good_instance(t.stack, "sqlserver");
    sqlserver.set("engine", "sqlserver-se");
    sqlserver.unset("iam_database_authentication_enabled");
    CHECK(t.findings("INFRA-RDS-002").empty());
}

// INFRA-RDS-003

TEST_CASE("INFRA-RDS-003: a literal master_password is reported without printing it") {
    rules_test::TestStack t;
    auto args = good_cluster_args();
    args.manage_master_user_password.reset();
    args.master_password = "correct-horse-battery";
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    auto& db = good_instance(t.stack);
    db.unset("manage_master_user_password");
    db.set("password", "hunter2hunter2");
    const auto findings = t.findings("INFRA-RDS-003");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/cluster: master_password is a literal string"));
    CHECK(rules_test::any_contains(findings, "test/db: password is a literal string"));
    CHECK_FALSE(rules_test::any_contains(findings, "correct-horse-battery"));
    CHECK_FALSE(rules_test::any_contains(findings, "hunter2hunter2"));
}

TEST_CASE("INFRA-RDS-003: a managed or referenced master password is not reported") {
    rules_test::TestStack t;
    good_cluster(t, "managed");
    auto args = good_cluster_args();
    args.manage_master_user_password.reset();
    args.master_password = Str(other(t).attr("output"));
    t.stack.add<infra::aws::RdsCluster>("referenced", std::move(args));
    CHECK(t.findings("INFRA-RDS-003").empty());
}

// INFRA-RDS-004

TEST_CASE("INFRA-RDS-004: fewer than 7 days of backups outside development are reported") {
    rules_test::TestStack t("prod");
    auto args = good_cluster_args();
    args.backup_retention_period = 3;
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    good_instance(t.stack).unset("backup_retention_period");
    const auto findings = t.findings("INFRA-RDS-004");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/cluster: backup_retention_period = 3"));
    CHECK(rules_test::any_contains(findings, "test/db: backup_retention_period is not set (defaults to 1 day)"));
}

TEST_CASE("INFRA-RDS-004: an unknown environment counts as non-development") {
    rules_test::TestStack t("");
    good_instance(t.stack).set("backup_retention_period", 1);
    CHECK(rules_test::any_contains(t.findings("INFRA-RDS-004"), "backup_retention_period = 1"));
}

TEST_CASE("INFRA-RDS-004: 7 days or more, or a development stack, is not reported") {
    rules_test::TestStack prod("prod");
    good_cluster(prod);
    good_instance(prod.stack);
    CHECK(prod.findings("INFRA-RDS-004").empty());

    rules_test::TestStack dev("dev");
    auto args = good_cluster_args();
    args.backup_retention_period = 1;
    dev.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    good_instance(dev.stack).unset("backup_retention_period");
    CHECK(dev.findings("INFRA-RDS-004").empty());
}

// INFRA-RDS-005

TEST_CASE("INFRA-RDS-005: deletion protection off outside development is reported") {
    rules_test::TestStack t("prod");
    auto args = good_cluster_args();
    args.deletion_protection = false;
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    good_instance(t.stack).unset("deletion_protection");
    const auto findings = t.findings("INFRA-RDS-005");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/cluster: deletion_protection = false"));
    CHECK(rules_test::any_contains(findings, "test/db: deletion_protection is not set"));
}

TEST_CASE("INFRA-RDS-005: deletion protection on, or a development stack, is not reported") {
    rules_test::TestStack prod("prod");
    good_cluster(prod);
    CHECK(prod.findings("INFRA-RDS-005").empty());

    rules_test::TestStack dev("development");
    auto args = good_cluster_args();
    args.deletion_protection = false;
    dev.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    CHECK(dev.findings("INFRA-RDS-005").empty());
}

// INFRA-RDS-006

TEST_CASE("INFRA-RDS-006: a publicly accessible instance is reported") {
    rules_test::TestStack t;
    t.stack.add<infra::aws::RdsClusterInstance>("instance", infra::aws::RdsClusterInstanceArgs{
                                                                .cluster_identifier = "app",
                                                                .engine = "aurora-postgresql",
                                                                .instance_class = "db.serverless",
                                                                .publicly_accessible = true,
                                                            });
    good_instance(t.stack).set("publicly_accessible", true);
    const auto findings = t.findings("INFRA-RDS-006");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/instance: publicly_accessible = true"));
    CHECK(rules_test::any_contains(findings, "test/db: publicly_accessible = true"));
}

TEST_CASE("INFRA-RDS-006: a private or unset publicly_accessible is not reported") {
    rules_test::TestStack t;
    t.stack.add<infra::aws::RdsClusterInstance>("instance", infra::aws::RdsClusterInstanceArgs{
                                                                .cluster_identifier = "app",
                                                                .engine = "aurora-postgresql",
                                                                .instance_class = "db.serverless",
                                                            });
    good_instance(t.stack);
    CHECK(t.findings("INFRA-RDS-006").empty());
}

// INFRA-RDS-007

TEST_CASE("INFRA-RDS-007: no log exports is a warning") {
    rules_test::TestStack t;
    auto args = good_cluster_args();
    args.enabled_cloudwatch_logs_exports.reset();
    t.stack.add<infra::aws::RdsCluster>("cluster", std::move(args));
    good_instance(t.stack).set("enabled_cloudwatch_logs_exports", Value(Value::List{}));
    const auto findings = t.findings("INFRA-RDS-007");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "test/cluster: enabled_cloudwatch_logs_exports is not set"));
    CHECK(rules_test::any_contains(findings, "test/db: enabled_cloudwatch_logs_exports = []"));
    for (const auto& f : t.run().findings)
        if (f.rule_id == "INFRA-RDS-007") CHECK(f.severity == infra::Severity::Warning);
}

TEST_CASE("INFRA-RDS-007: exported logs are not reported") {
    rules_test::TestStack t;
    good_cluster(t);
    good_instance(t.stack);
    CHECK(t.findings("INFRA-RDS-007").empty());
}

// INFRA-PROXY-001

TEST_CASE("INFRA-PROXY-001: a proxy without require_tls is reported") {
    SECTION("not set") {
        rules_test::TestStack t;
        proxy(t, {required_auth()}, std::nullopt);
        CHECK(rules_test::any_contains(t.findings("INFRA-PROXY-001"), "test/proxy: require_tls is not set"));
    }
    SECTION("false") {
        rules_test::TestStack t;
        proxy(t, {required_auth()}, false);
        CHECK(rules_test::any_contains(t.findings("INFRA-PROXY-001"), "test/proxy: require_tls = false"));
    }
}

TEST_CASE("INFRA-PROXY-001: require_tls = true is not reported") {
    rules_test::TestStack t;
    proxy(t, {required_auth()}, true);
    CHECK(t.findings("INFRA-PROXY-001").empty());
}

// INFRA-PROXY-002

TEST_CASE("INFRA-PROXY-002: an auth block not requiring IAM authentication is reported") {
    rules_test::TestStack t;
    auto disabled = required_auth();
    disabled.iam_auth = "DISABLED";
    auto unset = required_auth();
    unset.iam_auth.reset();
    proxy(t, {required_auth(), disabled, unset}, true);
    const auto findings = t.findings("INFRA-PROXY-002");
    REQUIRE(findings.size() == 2);
    CHECK(rules_test::any_contains(findings, "auth[1].iam_auth = \"DISABLED\""));
    CHECK(rules_test::any_contains(findings, "auth[2].iam_auth is not set"));
}

TEST_CASE("INFRA-PROXY-002: every auth block with iam_auth REQUIRED is not reported") {
    rules_test::TestStack t;
    proxy(t, {required_auth(), required_auth()}, true);
    CHECK(t.findings("INFRA-PROXY-002").empty());
}

// Suppressions

TEST_CASE("database rules: a suppression on a parent construct suppresses the finding, with its reason") {
    rules_test::TestStack t("prod");
    auto& database = t.stack.add<infra::Construct>("database");
    good_instance(database).set("deletion_protection", false);
    infra::rules::suppress(database, "INFRA-RDS-005", "A scratch copy restored for an audit, deleted after it");
    CHECK(t.findings("INFRA-RDS-005").empty());
    bool seen = false;
    for (const auto& f : t.run().findings)
        if (f.rule_id == "INFRA-RDS-005") {
            seen = true;
            CHECK(f.suppressed);
            CHECK(f.path == "test/database/db");
            CHECK(f.suppressed_at == "test/database");
            CHECK(f.suppression_reason == "A scratch copy restored for an audit, deleted after it");
        }
    CHECK(seen);
}

TEST_CASE("database rules: a suppression on the resource itself leaves other rules reported") {
    rules_test::TestStack t;
    auto& p = proxy(t, {required_auth()}, false);
    p.set("auth", Value::list({Value::map({{"auth_scheme", "SECRETS"}, {"iam_auth", "DISABLED"}})}));
    infra::rules::suppress(p, "INFRA-PROXY-001", "Clients are legacy and cannot speak TLS until the migration");
    CHECK(t.findings("INFRA-PROXY-001").empty());
    CHECK(rules_test::any_contains(t.findings("INFRA-PROXY-002"), "auth[0].iam_auth = \"DISABLED\""));
}
