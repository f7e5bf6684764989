#include "infra/stack_catalog.hpp"

#include <fmt/format.h>

#include "infra/app.hpp"
#include "infra/did_you_mean.hpp"
#include "infra/error.hpp"

namespace infra {

void StackCatalog::add(StackDefinition definition) {
    if (find(definition.name) != nullptr)
        throw Error(fmt::format("stack \"{}\" is defined twice in the catalog", definition.name));
    definitions_.push_back(std::move(definition));
}

const StackDefinition* StackCatalog::find(std::string_view name) const {
    for (const auto& d : definitions_)
        if (d.name == name) return &d;
    return nullptr;
}

const StackDefinition& StackCatalog::require(std::string_view name) const {
    if (const StackDefinition* def = find(name)) return *def;
    std::string known;
    std::vector<std::string_view> names;
    for (const auto& d : definitions_) {
        known += (known.empty() ? "" : ", ") + d.name;
        names.push_back(d.name);
    }
    throw UsageError(fmt::format("unknown stack \"{}\"{} (known stacks: {})", name, did_you_mean(name, names), known));
}

Stack& StackCatalog::build(App& app, std::string_view name, const SettingsSource& settings) const {
    if (Stack* existing = app.find_stack(name)) return *existing;
    return require(name).build(app, settings);
}

}  // namespace infra
