#include "refactor_hints.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <map>
#include <set>

namespace infra {

namespace {

using Addresses = std::map<std::string, std::set<std::string>>;  // type -> logical IDs

Addresses resources_of(const nlohmann::json& doc) {
    Addresses out;
    if (!doc.is_object() || !doc.contains("resource") || !doc["resource"].is_object()) return out;
    for (const auto& [type, by_id] : doc["resource"].items()) {
        if (!by_id.is_object()) continue;
        for (const auto& [id, body] : by_id.items()) out[type].insert(id);
    }
    return out;
}

std::string construct_path(const nlohmann::json& doc, const std::string& type, const std::string& id) {
    const auto& body = doc["resource"][type][id];
    if (body.contains("//") && body["//"].contains("metadata") && body["//"]["metadata"].contains("path"))
        return body["//"]["metadata"]["path"].get<std::string>();
    return {};
}

}  // namespace

std::vector<Diagnostic> moved_hints(const std::string& stack_name, const std::string& previous_json,
                                    const std::string& new_json) {
    std::vector<Diagnostic> hints;
    // Unchanged output (the common re-run) has nothing to hint about: skip
    // parsing two documents that can be hundreds of megabytes each.
    if (previous_json.empty() || previous_json == new_json) return hints;
    const auto before_doc = nlohmann::json::parse(previous_json, nullptr, false);
    if (before_doc.is_discarded()) return hints;  // not ours to judge; it is replaced anyway
    const auto after_doc = nlohmann::json::parse(new_json);
    const Addresses before = resources_of(before_doc);
    const Addresses after = resources_of(after_doc);
    for (const auto& [type, old_ids] : before) {
        auto it = after.find(type);
        if (it == after.end()) continue;
        std::vector<std::string> removed, added;
        std::set_difference(old_ids.begin(), old_ids.end(), it->second.begin(), it->second.end(),
                            std::back_inserter(removed));
        std::set_difference(it->second.begin(), it->second.end(), old_ids.begin(), old_ids.end(),
                            std::back_inserter(added));
        if (removed.empty() || added.empty()) continue;
        // Past a handful of pairs a guess per pair is noise: say it once.
        if (removed.size() * added.size() > 16) {
            hints.push_back({Severity::Warning, stack_name,
                             fmt::format("{} {} resources disappeared and {} appeared; if constructs moved, keep the "
                                         "real resources with stack.add_moved(old address, construct)",
                                         removed.size(), type, added.size())});
            continue;
        }
        for (const auto& old_id : removed) {
            for (const auto& new_id : added) {
                const std::string path = construct_path(after_doc, type, new_id);
                hints.push_back({Severity::Warning, stack_name,
                                 fmt::format("{0}.{1} disappeared and {0}.{2} ({3}) appeared; if the construct moved, "
                                             "keep the real resource with stack.add_moved(\"{0}.{1}\", <the construct "
                                             "at {3}>) instead of destroying it",
                                             type, old_id, new_id, path)});
            }
        }
    }
    return hints;
}

}  // namespace infra
