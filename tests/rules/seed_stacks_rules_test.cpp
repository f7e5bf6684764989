// The shipped stacks pass every error-level rule, and every suppression in
// them carries a reason.
#include "catalog.hpp"
#include "infra/app.hpp"
#include "infra/settings.hpp"
#include "rules_test_support.hpp"

namespace {

infra::rules::RuleReport seed_report(infra::App& app) {
    const infra::StackCatalog& catalog = infra::stacks::builtin_catalog();
    const infra::SettingsSource defaults;
    for (const auto& d : catalog.definitions()) catalog.build(app, d.name, defaults);
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

TEST_CASE("every suppression in the shipped stacks has a reason and is used") {
    infra::App app;
    const auto report = seed_report(app);
    for (const auto& f : report.findings)
        if (f.suppressed) CHECK(f.suppression_reason.size() > 20);
    CHECK(report.unused_suppressions.empty());
}
