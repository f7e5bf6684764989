// The shipped stacks pass every error-level rule, and every suppression in
// them carries a reason.
#include <string>
#include <vector>

#include "catalog.hpp"
#include "infra/app.hpp"
#include "infra/settings.hpp"
#include "rules_test_support.hpp"

namespace {

infra::rules::RuleReport seed_report(infra::App& app, const infra::SettingsSource& settings = {}) {
    const infra::StackCatalog& catalog = crud_api::stacks::builtin_catalog();
    for (const auto& d : catalog.definitions()) catalog.build(app, d.name, settings);
    return infra::rules::run_rules(app.stacks(), rules_test::aws_rules());
}

}  // namespace

TEST_CASE("bootstrap, dev and prod have no unsuppressed error-level findings") {
    infra::App app;
    const auto report = seed_report(app);
    for (const auto& f : report.findings)
        if (f.severity == infra::Severity::Error && !f.suppressed)
            FAIL_CHECK(f.rule_id << " " << f.path << " (" << f.address << "): " << f.message);
    CHECK(report.count(infra::Severity::Error) == 0);
}

// The CI identity rules (one write role per environment, none trusted by
// pull requests, no self-escalation) hold for the environments a user
// configures, not only for the defaults.
TEST_CASE("bootstrap, dev and prod stay clean with other GitHub environments and without pull request plans") {
    for (const auto& assignments :
         {std::vector<std::string>{"github_environments=dev,staging,prod", "github_pull_request_plans=false"},
          std::vector<std::string>{"github_environments=dev", "state_lock=dynamodb"},
          std::vector<std::string>{"ci_tester_principals=arn:aws:iam::123456789012:user/alice"}}) {
        infra::App app;
        const auto report = seed_report(app, infra::SettingsSource{.config_file = std::nullopt, .assignments = assignments});
        for (const auto& f : report.findings)
            if (f.severity == infra::Severity::Error && !f.suppressed)
                FAIL_CHECK(assignments.front() << ": " << f.rule_id << " " << f.path << ": " << f.message);
        CHECK(report.count(infra::Severity::Error) == 0);
    }
}

TEST_CASE("every suppression in the shipped stacks has a reason and is used") {
    infra::App app;
    const auto report = seed_report(app);
    for (const auto& f : report.findings)
        if (f.suppressed) CHECK(f.suppression_reason.size() > 20);
    CHECK(report.unused_suppressions.empty());
}
