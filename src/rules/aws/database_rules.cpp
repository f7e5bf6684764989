// The database pack: Aurora clusters, RDS instances and RDS Proxy.
//
// Every rule reads the resource as synthesized. An argument given as an
// expression (a variable, a reference) is not known at synth time and is not
// reported, except by INFRA-RDS-003, which is about literals.
#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>

#include "infra/rules/aws_rules.hpp"
#include "infra/value.hpp"

namespace infra::rules {

namespace {

// A boolean argument as written: true/false for a literal (also the strings
// "true"/"false", which Terraform converts), nullopt for an expression or
// another kind of value. `present` tells an absent argument apart.
struct BoolArg {
    bool present = false;
    std::optional<bool> value{};
};

BoolArg bool_arg(const RuleContext& c, std::string_view path) {
    const Value* v = c.get(path);
    if (v == nullptr || v->is_null()) return {};
    if (v->kind() == Value::Kind::Bool) return {true, v->as_bool()};
    if (v->kind() == Value::Kind::String) {
        if (v->as_string() == "true") return {true, true};
        if (v->as_string() == "false") return {true, false};
    }
    return {true, std::nullopt};
}

// Reports unless the boolean argument is literally true: absent (and so the
// provider's default of false) or false. An expression is left alone.
void require_true(RuleContext& c, std::string_view argument, std::string_view consequence) {
    const BoolArg arg = bool_arg(c, argument);
    if (!arg.present)
        c.report(fmt::format("{} is not set (defaults to false): {}", argument, consequence));
    else if (arg.value == false)
        c.report(fmt::format("{} = false: {}", argument, consequence));
}

// A whole number argument: literal numbers and numeric strings; nullopt for
// an expression.
std::optional<double> number_arg(const Value& v) {
    if (v.kind() == Value::Kind::Number) {
        const Number& n = v.as_number();
        return n.is_integer ? static_cast<double>(n.integer) : n.real;
    }
    if (v.kind() == Value::Kind::String) {
        const std::string& s = v.as_string();
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size()) return d;
    }
    return std::nullopt;
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

// Engines without IAM database authentication (SQL Server, Oracle, Db2).
bool engine_lacks_iam_auth(const RuleContext& c) {
    const auto engine = c.literal_string("engine");
    if (!engine) return false;
    const std::string e = lower(*engine);
    return e.rfind("sqlserver", 0) == 0 || e.rfind("oracle", 0) == 0 || e.rfind("db2", 0) == 0 ||
           e.rfind("custom-", 0) == 0;
}

}  // namespace

void add_database_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-001",
            .pack = "database",
            .severity = Severity::Error,
            .description = "Database storage is not encrypted at rest: data, backups and snapshots are readable by "
                           "anyone who obtains the underlying storage or a copied snapshot",
            .fix = "Set storage_encrypted = true (optionally with kms_key_id); an existing database must be "
                   "restored from an encrypted snapshot",
            .equivalents = {"checkov:CKV_AWS_16", "checkov:CKV_AWS_96", "trivy:AVD-AWS-0079", "trivy:AVD-AWS-0080",
                            "cdk-nag:AwsSolutions-RDS2"},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            // Aurora Serverless v1 clusters are always encrypted, whatever the argument says.
            const auto mode = c.literal_string("engine_mode");
            if (c.type() == "aws_rds_cluster" && mode && *mode == "serverless" && c.get("storage_encrypted") == nullptr)
                return;
            require_true(c, "storage_encrypted", "the database storage, its backups and snapshots are unencrypted");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-002",
            .pack = "database",
            .severity = Severity::Error,
            .description = "IAM database authentication is disabled: clients can only log in with long-lived "
                           "database passwords instead of short-lived IAM tokens governed by IAM policies",
            .fix = "Set iam_database_authentication_enabled = true and grant rds-db:connect to the callers",
            .equivalents = {"checkov:CKV_AWS_161", "checkov:CKV_AWS_162", "trivy:AVD-AWS-0176",
                            "cdk-nag:AwsSolutions-RDS6"},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            if (engine_lacks_iam_auth(c)) return;
            require_true(c, "iam_database_authentication_enabled",
                         "logins rely on database passwords, not on IAM tokens");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-003",
            .pack = "database",
            .severity = Severity::Error,
            .description = "The master password is a literal in the configuration: it is stored in the source, "
                           "the synthesized JSON and the Terraform state in clear text",
            .fix = "Remove master_password (password on aws_db_instance) and set manage_master_user_password = "
                   "true so RDS keeps it in Secrets Manager, or pass it from a secret reference",
            .equivalents = {},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            // aws_db_instance calls the master password `password`.
            const char* argument = c.type() == "aws_db_instance" ? "password" : "master_password";
            const Value* v = c.get(argument);
            if (v == nullptr || v->kind() != Value::Kind::String || v->as_string().empty()) return;
            // The value itself is a secret: name it, never print it.
            c.report(fmt::format("{} is a literal string (value not shown): the password is in the configuration "
                                 "and the state in clear text",
                                 argument));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-004",
            .pack = "database",
            .severity = Severity::Error,
            .description = "Automated backups are kept fewer than 7 days outside development: a problem noticed "
                           "after a weekend or a long holiday can no longer be undone by a point-in-time restore",
            .fix = "Set backup_retention_period to 7 or more (up to 35) days",
            .equivalents = {"checkov:CKV_AWS_133", "trivy:AVD-AWS-0077", "cdk-nag:AwsSolutions-RDS13"},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            if (c.is_development()) return;
            const Value* v = c.get("backup_retention_period");
            if (v == nullptr || v->is_null()) {
                c.report("backup_retention_period is not set (defaults to 1 day): fewer than 7 days of "
                         "point-in-time recovery");
                return;
            }
            const auto days = number_arg(*v);
            if (days && *days < 7)
                c.report(fmt::format("backup_retention_period = {}: fewer than 7 days of point-in-time recovery",
                                     RuleContext::text(*v)));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-005",
            .pack = "database",
            .severity = Severity::Error,
            .description = "Deletion protection is off outside development: one mistaken terraform destroy or "
                           "replacement deletes the database",
            .fix = "Set deletion_protection = true",
            .equivalents = {"checkov:CKV_AWS_139", "checkov:CKV_AWS_293", "trivy:AVD-AWS-0177", "trivy:AVD-AWS-0343",
                            "cdk-nag:AwsSolutions-RDS10"},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            if (c.is_development()) return;
            require_true(c, "deletion_protection", "the database can be deleted by a destroy or a replacement");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-006",
            .pack = "database",
            .severity = Severity::Error,
            .description = "The database instance is publicly accessible: it gets a public IP and DNS name "
                           "reachable from the internet wherever its security groups allow",
            .fix = "Set publicly_accessible = false and reach the database through the VPC (a bastion, a "
                   "proxy or a VPN)",
            .equivalents = {"checkov:CKV_AWS_17", "trivy:AVD-AWS-0082"},
        },
        {"aws_rds_cluster_instance", "aws_db_instance"}, [](RuleContext& c) {
            if (bool_arg(c, "publicly_accessible").value == true)
                c.report("publicly_accessible = true: the instance has a public endpoint on the internet");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-RDS-007",
            .pack = "database",
            .severity = Severity::Warning,
            .description = "The database exports no logs to CloudWatch Logs: errors, slow queries and "
                           "connection attempts are not kept nor searchable after the fact",
            .fix = "Set enabled_cloudwatch_logs_exports, e.g. [\"postgresql\"] for PostgreSQL engines",
            .equivalents = {"checkov:CKV_AWS_129", "checkov:CKV_AWS_324"},
        },
        {"aws_rds_cluster", "aws_db_instance"}, [](RuleContext& c) {
            const Value* v = c.get("enabled_cloudwatch_logs_exports");
            if (v == nullptr || v->is_null())
                c.report("enabled_cloudwatch_logs_exports is not set: no database log reaches CloudWatch Logs");
            else if (v->kind() == Value::Kind::List && v->as_list().empty())
                c.report("enabled_cloudwatch_logs_exports = []: no database log reaches CloudWatch Logs");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-PROXY-001",
            .pack = "database",
            .severity = Severity::Error,
            .description = "The RDS Proxy accepts connections without TLS: passwords and IAM tokens (bearer "
                           "credentials) and query results cross the network in clear",
            .fix = "Set require_tls = true on the aws_db_proxy",
            .equivalents = {},
        },
        {"aws_db_proxy"}, [](RuleContext& c) {
            require_true(c, "require_tls", "clients may connect to the proxy without TLS");
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-PROXY-002",
            .pack = "database",
            .severity = Severity::Error,
            .description = "An RDS Proxy login does not require IAM authentication: clients can connect with the "
                           "database password instead of an IAM token checked against IAM policies",
            .fix = "Set iam_auth = \"REQUIRED\" in every auth block of the aws_db_proxy",
            .equivalents = {},
        },
        {"aws_db_proxy"}, [](RuleContext& c) {
            const auto blocks = c.all("auth");
            for (std::size_t i = 0; i < blocks.size(); ++i) {
                const Value& block = *blocks[i];
                if (block.kind() != Value::Kind::Map) continue;
                const auto& m = block.as_map();
                auto it = m.find("iam_auth");
                if (it == m.end() || it->second.is_null()) {
                    c.report(fmt::format("auth[{}].iam_auth is not set (defaults to \"DISABLED\"): clients log in "
                                         "with the database password",
                                         i));
                    continue;
                }
                if (it->second.kind() != Value::Kind::String) continue;  // an expression: not known here
                if (it->second.as_string() != "REQUIRED")
                    c.report(fmt::format("auth[{}].iam_auth = \"{}\": clients may log in without an IAM token", i,
                                         it->second.as_string()));
            }
        }));
}

}  // namespace infra::rules
