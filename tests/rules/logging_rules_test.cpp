// The logging pack: log groups must expire their logs.
#include <string>
#include <vector>

#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/variable.hpp"
#include "rules_test_support.hpp"

using infra::Resource;
namespace aws = infra::aws;

TEST_CASE("INFRA-LOG-001 fires on a log group without retention_in_days") {
    rules_test::TestStack t;
    t.stack.add<aws::CloudwatchLogGroup>("app_logs", aws::CloudwatchLogGroupArgs{.name = "/app/api"});
    CHECK(t.findings("INFRA-LOG-001") ==
          std::vector<std::string>{"test/app_logs: retention_in_days is not set (the logs never expire)"});
}

TEST_CASE("INFRA-LOG-001 fires on retention_in_days 0, also set through an override") {
    rules_test::TestStack t;
    auto& group = t.stack.add<aws::CloudwatchLogGroup>(
        "app_logs", aws::CloudwatchLogGroupArgs{.name = "/app/api", .retention_in_days = 30});
    CHECK(t.findings("INFRA-LOG-001").empty());
    group.add_override("retention_in_days", 0);
    CHECK(t.findings("INFRA-LOG-001") ==
          std::vector<std::string>{"test/app_logs: retention_in_days is 0 (the logs never expire)"});
}

TEST_CASE("INFRA-LOG-001 is quiet with a retention, literal or from a variable") {
    rules_test::TestStack t;
    t.stack.add<aws::CloudwatchLogGroup>("app_logs",
                                         aws::CloudwatchLogGroupArgs{.name = "/app/api", .retention_in_days = 90});
    auto& days = t.stack.add<infra::Variable>("retention_days", infra::VariableConfig{.type = "number"});
    auto& raw = t.stack.add<Resource>("raw_logs", "aws_cloudwatch_log_group");
    raw.set("name", "/app/raw");
    raw.set("retention_in_days", days.value());
    CHECK(t.findings("INFRA-LOG-001").empty());
}

TEST_CASE("INFRA-LOG-001 is suppressed on a parent construct, with the reason") {
    rules_test::TestStack t;
    auto& audit = t.stack.add<infra::Construct>("audit");
    audit.add<aws::CloudwatchLogGroup>("trail_logs", aws::CloudwatchLogGroupArgs{.name = "/audit/trail"});
    infra::rules::suppress(audit, "INFRA-LOG-001", "audit logs are kept indefinitely by the compliance policy");
    CHECK(t.findings("INFRA-LOG-001").empty());
    const auto report = t.run();
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].rule_id == "INFRA-LOG-001");
    CHECK(report.findings[0].suppressed);
    CHECK(report.findings[0].suppressed_at == "test/audit");
    CHECK(report.findings[0].suppression_reason == "audit logs are kept indefinitely by the compliance policy");
    CHECK(report.unused_suppressions.empty());
}

TEST_CASE("the logging rule describes itself") {
    const auto* rule = rules_test::aws_rules().find("INFRA-LOG-001");
    REQUIRE(rule != nullptr);
    CHECK(rule->info().pack == "logging");
    CHECK(rule->info().severity == infra::Severity::Warning);
    CHECK(rule->info().equivalents == std::vector<std::string>{"checkov:CKV_AWS_66"});
}
