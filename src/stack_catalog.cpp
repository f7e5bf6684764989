#include "infra/stack_catalog.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infra/app.hpp"
#include "did_you_mean.hpp"
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

std::vector<PreparedFolder> StackCatalog::folders_to_prepare(const std::vector<std::string>& names,
                                                             const SettingsSource& settings) const {
    std::vector<PreparedFolder> folders;
    for (const auto& name : names) {
        const StackDefinition& definition = require(name);
        if (!definition.prepare) continue;
        for (auto& prepared : definition.prepare(settings)) {
            const bool known = std::any_of(folders.begin(), folders.end(),
                                           [&](const PreparedFolder& f) { return f.folder == prepared.folder; });
            if (!known) folders.push_back(std::move(prepared));
        }
    }
    return folders;
}

}  // namespace infra
