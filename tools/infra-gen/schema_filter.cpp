#include "schema_filter.hpp"

#include <fmt/format.h>

namespace infra::gen {

nlohmann::json filter_schema(const nlohmann::json& doc, const SchemaDocument& schema, const TypeList& list) {
    nlohmann::json providers = nlohmann::json::object();
    for (const ProviderSelection& s : select_types(schema, &list)) {
        const nlohmann::json& in = doc.at("provider_schemas").at(s.provider->source);
        nlohmann::json out = nlohmann::json::object();
        if (in.contains("provider")) out["provider"] = in["provider"];
        nlohmann::json resources = nlohmann::json::object();
        for (const TypeSchema* t : s.resources) resources[t->name] = in.at("resource_schemas").at(t->name);
        nlohmann::json data_sources = nlohmann::json::object();
        for (const TypeSchema* t : s.data_sources) data_sources[t->name] = in.at("data_source_schemas").at(t->name);
        out["resource_schemas"] = std::move(resources);
        out["data_source_schemas"] = std::move(data_sources);
        providers[s.provider->source] = std::move(out);
    }
    return {{"format_version", doc.at("format_version")}, {"provider_schemas", std::move(providers)}};
}

namespace {

void append_types(std::string& out, const nlohmann::json& types) {
    out += "{";
    bool first = true;
    for (const auto& [name, schema] : types.items()) {
        out += first ? "\n" : ",\n";
        first = false;
        out += nlohmann::json(name).dump() + ":" + schema.dump();
    }
    out += "\n}";
}

}  // namespace

std::string format_filtered_schema(const nlohmann::json& filtered) {
    std::string out = "{\"format_version\":" + filtered.at("format_version").dump() + ",\"provider_schemas\":{";
    bool first_provider = true;
    for (const auto& [source, provider] : filtered.at("provider_schemas").items()) {
        if (!first_provider) out += ",";
        first_provider = false;
        out += '\n';
        out += nlohmann::json(source).dump();
        out += ":{";
        bool first = true;
        // Terraform's own key order.
        for (const char* key : {"provider", "resource_schemas", "data_source_schemas"}) {
            if (!provider.contains(key)) continue;
            out += first ? "\n" : ",\n";
            first = false;
            out += fmt::format("\"{}\":", key);
            if (std::string_view(key) == "provider") out += provider[key].dump();
            else append_types(out, provider[key]);
        }
        out += "\n}";
    }
    out += "}}\n";
    return out;
}

}  // namespace infra::gen
