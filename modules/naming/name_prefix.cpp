#include "naming/name_prefix.hpp"

#include <fmt/format.h>

#include "naming/name_text.hpp"

namespace crud_api::modules {

std::string name_prefix_problem(const std::string& prefix, const NamePrefixRule& rule) {
    if (prefix.empty()) return fmt::format("{} is empty; give e.g. \"{}\"", rule.prop, rule.example);
    switch (rule.characters) {
        case PrefixCharacters::name_text:
            if (!is_name_text(prefix))
                return fmt::format("{} \"{}\" may hold only letters, digits and '-'", rule.prop, prefix);
            break;
        case PrefixCharacters::rds_identifier:
            if (!is_rds_identifier_text(prefix))
                return fmt::format("{} \"{}\" must start with a lowercase letter and hold only lowercase letters, "
                                   "digits and single hyphens (RDS identifier rules)",
                                   rule.prop, prefix);
            break;
    }
    for (const auto& [kind, name, limit] : rule.names)
        if (name.size() > limit)
            return fmt::format("{} \"{}\" is too long: the {} \"{}\" exceeds {} characters", rule.prop, prefix, kind,
                               name, limit);
    return {};
}

}  // namespace crud_api::modules
