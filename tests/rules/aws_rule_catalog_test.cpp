// Every shipped aws rule describes itself: an id of the documented shape, a
// known pack, a one-line description and fix, and equivalents written as
// tool:id.
#include <regex>
#include <set>

#include "rules_test_support.hpp"

TEST_CASE("every aws rule has an id, a pack, a one-line description and fix, and tool-prefixed equivalents") {
    const std::regex id_shape(R"(^INFRA-[A-Z0-9]+-[0-9]{3}$)");
    const std::set<std::string> packs{"network", "compute", "logging", "storage", "database", "api", "iam"};
    const auto& rules = rules_test::aws_rules().rules();
    CHECK(rules.size() >= 34);
    for (const auto& rule : rules) {
        const auto& info = rule->info();
        INFO(info.id);
        CHECK(std::regex_match(info.id, id_shape));
        CHECK(packs.count(info.pack) == 1);
        CHECK_FALSE(info.description.empty());
        CHECK(info.description.find('\n') == std::string::npos);
        CHECK_FALSE(info.fix.empty());
        CHECK(info.fix.find('\n') == std::string::npos);
        CHECK_FALSE(rule->types().empty());
        for (const auto& e : info.equivalents)
            CHECK((e.rfind("checkov:", 0) == 0 || e.rfind("trivy:", 0) == 0 || e.rfind("cdk-nag:", 0) == 0));
    }
}
