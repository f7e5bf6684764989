#include "infra/provider_schema.hpp"

#include <algorithm>

namespace infra::schema {

namespace {

template <class T>
const T* find_by_name(std::span<const T> sorted, std::string_view name) {
    auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                               [](const T& item, std::string_view n) { return item.name < n; });
    return it != sorted.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

const char* nesting_name(Nesting nesting) {
    switch (nesting) {
        case Nesting::Single: return "single";
        case Nesting::Group: return "group";
        case Nesting::List: return "list";
        case Nesting::Set: return "set";
        case Nesting::Map: return "map";
    }
    return "?";
}

const Attribute* find_attribute(std::span<const Attribute> attributes, std::string_view name) {
    return find_by_name(attributes, name);
}

const BlockType* find_block_type(const Block& block, std::string_view name) {
    return find_by_name(block.block_types, name);
}

const TypeSchema* find_type(std::span<const TypeSchema> types, std::string_view name) {
    return find_by_name(types, name);
}

}  // namespace infra::schema
