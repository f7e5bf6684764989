#include "logical_id.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstdint>
#include <functional>
#include <map>

#include "infra/error.hpp"
#include "infra/provider.hpp"
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
    // Namespaces are few (one per resource type, plus "variable", "output",
    // ...), so each stands for a small number and the table below hashes
    // (number, ID) pairs that point into the elements: no key strings are
    // built or stored per element, which is what made this check slow on
    // large stacks.
    std::map<std::string, std::uint32_t, std::less<>> namespaces;
    struct Key {
        std::uint32_t ns;
        std::string_view name;
        bool operator==(const Key&) const = default;
    };
    std::vector<Key> keys;
    keys.reserve(elements.size());
    for (const TerraformElement* e : elements) {
        const std::string ns = e->id_namespace();
        auto it = namespaces.find(ns);
        if (it == namespaces.end()) it = namespaces.emplace(ns, static_cast<std::uint32_t>(namespaces.size())).first;
        // A provider block is named by its alias, not by a logical ID: two
        // with the same name and alias collide wherever they are in the tree.
        std::string_view name = e->logical_id();
        if (e->element_kind() == ElementKind::Provider) {
            const auto& alias = static_cast<const Provider*>(e)->config().alias;
            name = alias ? std::string_view(*alias) : std::string_view();
        }
        keys.push_back({it->second, name});
    }

    // Open addressing over element positions; the first element with a key
    // that an earlier one has is reported, with that earlier one.
    constexpr std::uint32_t kEmpty = UINT32_MAX;
    const std::size_t mask = std::bit_ceil(elements.size() * 2 + 2) - 1;
    std::vector<std::uint32_t> table(mask + 1, kEmpty);
    for (std::uint32_t i = 0; i < keys.size(); ++i) {
        const std::size_t hash = std::hash<std::string_view>{}(keys[i].name) ^ (keys[i].ns * 0x9E3779B97F4A7C15ull);
        std::size_t slot = hash & mask;
        while (table[slot] != kEmpty && !(keys[table[slot]] == keys[i])) slot = (slot + 1) & mask;
        if (table[slot] == kEmpty) {
            table[slot] = i;
            continue;
        }
        const TerraformElement* first = elements[table[slot]];
        const TerraformElement* e = elements[i];
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
