#include "config_diff.hpp"

#include <fmt/format.h>

#include <map>

namespace infra {

namespace {

using json = nlohmann::json;

// Every block of a configuration by its address.
std::map<std::string, json> blocks_of(const json& doc) {
    std::map<std::string, json> out;
    if (!doc.is_object()) return out;
    auto each = [&](const char* section, auto&& address) {
        if (!doc.contains(section) || !doc[section].is_object()) return;
        for (const auto& [key, value] : doc[section].items()) address(key, value);
    };
    each("resource", [&](const std::string& type, const json& by_name) {
        for (const auto& [name, body] : by_name.items()) out[type + "." + name] = body;
    });
    each("data", [&](const std::string& type, const json& by_name) {
        for (const auto& [name, body] : by_name.items()) out["data." + type + "." + name] = body;
    });
    each("output", [&](const std::string& name, const json& body) { out["output." + name] = body; });
    each("variable", [&](const std::string& name, const json& body) { out["var." + name] = body; });
    each("locals", [&](const std::string& name, const json& value) { out["local." + name] = json{{"value", value}}; });
    each("provider", [&](const std::string& name, const json& configs) {
        const json list = configs.is_array() ? configs : json::array({configs});
        for (const auto& config : list) {
            std::string address = "provider." + name;
            if (config.is_object() && config.contains("alias")) {
                // The previous configuration is whatever was on disk or in git:
                // an alias that is not a string is shown as its JSON text
                // rather than thrown as a type error.
                const json& alias = config["alias"];
                address += '.';
                address += alias.is_string() ? alias.get<std::string>() : alias.dump();
            }
            out[address] = config;
        }
    });
    for (const char* section : {"terraform", "moved", "import"})
        if (doc.contains(section)) out[section] = json{{"value", doc[section]}};
    return out;
}

void diff_values(const std::string& path, const json& before, const json& after, std::vector<AttributeChange>& out) {
    if (before == after) return;
    if (before.is_object() && after.is_object()) {
        for (const auto& [key, value] : before.items()) {
            if (key == "//") continue;
            const std::string p = path.empty() ? key : path + "." + key;
            if (!after.contains(key)) out.push_back({p, value, std::nullopt});
            else diff_values(p, value, after[key], out);
        }
        for (const auto& [key, value] : after.items())
            if (key != "//" && !before.contains(key)) out.push_back({path.empty() ? key : path + "." + key, std::nullopt, value});
        return;
    }
    if (before.is_array() && after.is_array()) {
        const std::size_t common = std::min(before.size(), after.size());
        for (std::size_t i = 0; i < common; ++i) diff_values(fmt::format("{}[{}]", path, i), before[i], after[i], out);
        for (std::size_t i = common; i < before.size(); ++i) out.push_back({fmt::format("{}[{}]", path, i), before[i], std::nullopt});
        for (std::size_t i = common; i < after.size(); ++i) out.push_back({fmt::format("{}[{}]", path, i), std::nullopt, after[i]});
        return;
    }
    out.push_back({path, before, after});
}

std::string show(const std::optional<json>& v) { return v ? v->dump() : std::string("(absent)"); }

}  // namespace

std::vector<BlockChange> diff_configurations(const json& before, const json& after) {
    const auto old_blocks = blocks_of(before);
    const auto new_blocks = blocks_of(after);
    std::vector<BlockChange> changes;
    for (const auto& [address, body] : old_blocks) {
        auto it = new_blocks.find(address);
        if (it == new_blocks.end()) {
            changes.push_back({BlockChange::Kind::Removed, address, {}});
            continue;
        }
        std::vector<AttributeChange> attrs;
        diff_values("", body, it->second, attrs);
        if (!attrs.empty()) changes.push_back({BlockChange::Kind::Changed, address, std::move(attrs)});
    }
    for (const auto& [address, body] : new_blocks)
        if (!old_blocks.count(address)) changes.push_back({BlockChange::Kind::Added, address, {}});
    std::sort(changes.begin(), changes.end(), [](const BlockChange& a, const BlockChange& b) { return a.address < b.address; });
    return changes;
}

std::string format_changes(const std::vector<BlockChange>& changes) {
    if (changes.empty()) return "no changes\n";
    std::string out;
    std::size_t added = 0, removed = 0, changed = 0;
    for (const auto& c : changes) {
        switch (c.kind) {
            case BlockChange::Kind::Added: out += "+ " + c.address + "\n"; ++added; break;
            case BlockChange::Kind::Removed: out += "- " + c.address + "\n"; ++removed; break;
            case BlockChange::Kind::Changed:
                out += "~ " + c.address + "\n";
                ++changed;
                for (const auto& a : c.changes) {
                    const std::string path = a.path.empty() ? "(value)" : a.path;
                    out += fmt::format("    {}: {} -> {}\n", path, show(a.before), show(a.after));
                }
                break;
        }
    }
    out += fmt::format("{} to add, {} to change, {} to remove\n", added, changed, removed);
    return out;
}

}  // namespace infra
