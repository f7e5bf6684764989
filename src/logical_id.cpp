#include "infra/logical_id.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "infra/error.hpp"
#include "infra/stack.hpp"
#include "infra/terraform_element.hpp"

namespace infra {

namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

}  // namespace

std::string derive_logical_id(const std::vector<std::string_view>& components) {
    std::string id;
    for (std::string_view component : components) {
        if (component == "Default" && components.size() > 1) continue;
        if (!id.empty()) id += '_';
        for (char c : component) id += is_name_char(c) ? c : '_';
    }
    if (id.empty() || (id[0] >= '0' && id[0] <= '9') || id[0] == '-') id.insert(id.begin(), '_');
    return id;
}

bool is_valid_logical_id(std::string_view id) {
    if (id.empty()) return false;
    const char first = id[0];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
    for (char c : id)
        if (!is_name_char(c)) return false;
    return true;
}

void check_logical_ids(const Stack& stack, const std::vector<const TerraformElement*>& elements) {
    std::unordered_map<std::string, const TerraformElement*> seen;
    seen.reserve(elements.size() * 2);
    for (const TerraformElement* e : elements) {
        std::string key = e->id_namespace();
        key += '\0';
        key += e->logical_id();
        auto [it, inserted] = seen.emplace(std::move(key), e);
        if (inserted) continue;
        const TerraformElement* first = it->second;
        if (e->element_kind() == ElementKind::Provider)
            throw Error(fmt::format("stack {}: providers {} and {} are both \"{}\" with the same alias; give one "
                                    "of them a different alias",
                                    stack.name(), first->path(), e->path(), e->id_namespace().substr(9)));
        throw Error(fmt::format("stack {}: {} and {} both map to the logical ID \"{}\" ({}); rename one of "
                                "them or give it an explicit ID with override_logical_id()",
                                stack.name(), first->path(), e->path(), e->logical_id(), e->id_namespace()));
    }
}

}  // namespace infra
