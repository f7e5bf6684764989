#include "infra/rules/suppression.hpp"

#include <fmt/format.h>

#include <regex>

#include "infra/construct.hpp"
#include "infra/error.hpp"
#include "infra/stack.hpp"

namespace infra::rules {

namespace {

constexpr std::string_view kSuppressPrefix = "infra:suppress:";
constexpr const char* kEnvironmentKey = "infra:environment";

}  // namespace

void suppress(Construct& scope, std::string rule_id, std::string reason) {
    static const std::regex id_shape(R"(^INFRA-[A-Z0-9]+-[0-9]{3}$)");
    if (!std::regex_match(rule_id, id_shape))
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
