#include "infra/rules/suppression.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infra/construct.hpp"
#include "infra/error.hpp"
#include "infra/stack.hpp"

namespace infra::rules {

namespace {

constexpr std::string_view kSuppressPrefix = "infra:suppress:";
constexpr const char* kEnvironmentKey = "infra:environment";

// INFRA-<PACK>-<three digits>, e.g. INFRA-RDS-001. Checked by hand: a
// std::regex costs more to compile than the whole rule run of a stack.
bool is_rule_id(std::string_view id) {
    constexpr std::string_view kPrefix = "INFRA-";
    if (id.size() < kPrefix.size() + 5 || id.substr(0, kPrefix.size()) != kPrefix) return false;
    const std::string_view pack = id.substr(kPrefix.size(), id.size() - kPrefix.size() - 4);
    const std::string_view number = id.substr(id.size() - 3);
    auto upper_or_digit = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    return !pack.empty() && id[id.size() - 4] == '-' && std::all_of(pack.begin(), pack.end(), upper_or_digit) &&
           std::all_of(number.begin(), number.end(), digit);
}

}  // namespace

void suppress(Construct& scope, std::string rule_id, std::string reason) {
    if (!is_rule_id(rule_id))
        throw UsageError(fmt::format("{}: cannot suppress \"{}\": rule ids look like INFRA-RDS-001", scope.path(),
                                     rule_id));
    if (reason.find_first_not_of(" \t\n") == std::string::npos)
        throw UsageError(fmt::format("{}: suppressing {} needs a reason a reviewer can read", scope.path(), rule_id));
    scope.set_metadata(std::string(kSuppressPrefix) + rule_id, std::move(reason));
}

SuppressionMatch find_suppression(const Construct& construct, std::string_view rule_id) {
    std::string key(kSuppressPrefix);
    key += rule_id;
    for (const Construct* c = &construct; c != nullptr; c = c->parent())
        if (const std::string* reason = c->metadata(key)) return {c, reason};
    return {nullptr, nullptr};
}

void mark_environment(Stack& stack, std::string environment) { stack.set_metadata(kEnvironmentKey, std::move(environment)); }

const std::string& environment_of(const Stack& stack) {
    static const std::string unknown;
    const std::string* e = stack.metadata(kEnvironmentKey);
    return e != nullptr ? *e : unknown;
}

}  // namespace infra::rules
