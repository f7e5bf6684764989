#include "schema_table_emitter.hpp"

#include <fmt/format.h>

#include "doc_comment.hpp"
#include "infra/error.hpp"
#include "infra/schema_type.hpp"
#include "type_mapping.hpp"

namespace infra::gen {

namespace {

std::string flags(const Attribute& a) {
    std::vector<std::string> parts;
    if (a.required) parts.push_back("kRequired");
    if (a.optional) parts.push_back("kOptional");
    if (a.computed) parts.push_back("kComputed");
    if (a.deprecated) parts.push_back("kDeprecated");
    if (a.sensitive) parts.push_back("kSensitive");
    if (a.write_only) parts.push_back("kWriteOnly");
    return parts.empty() ? "0" : fmt::format("{}", fmt::join(parts, " | "));
}

// Writes constant arrays children first, so that each refers only to what
// is defined above it.
class TableWriter {
public:
    // Names start with `prefix` (the type's table symbol), so the tables of
    // several types can share one unity build file.
    TableWriter(const std::string& type_name, const std::string& prefix) : type_name_(type_name), prefix_(prefix) {}

    std::string out;

    // The initializer of a Block for `block`: "{resource_vpc_attributes0, {}, false}".
    std::string block(const Block& b) {
        const std::string attributes = attribute_array(b.attributes);
        std::string block_types = "{}";
        if (!b.block_types.empty()) {
            std::vector<std::string> entries;
            for (const BlockType& t : b.block_types) {
                const std::string child = fmt::format("{}_block{}", prefix_, counter_++);
                const std::string init = block(*t.block);
                out += fmt::format("constexpr Block {} = {};\n", child, init);
                entries.push_back(fmt::format("{{{}, Nesting::{}, {}, {}, &{}}}", cpp_string_literal(t.name),
                                              nesting_enumerator(t.nesting), t.min_items, t.max_items, child));
            }
            block_types = fmt::format("{}_block_types{}", prefix_, counter_++);
            out += fmt::format("constexpr BlockType {}[] = {{\n    {},\n}};\n", block_types, fmt::join(entries, ",\n    "));
        }
        return fmt::format("{{{}, {}, {}}}", attributes, block_types, b.deprecated ? "true" : "false");
    }

private:
    std::string attribute_array(const std::vector<Attribute>& attributes) {
        if (attributes.empty()) return "{}";
        std::vector<std::string> entries;
        for (const Attribute& a : attributes) {
            std::string nested = "nullptr";
            std::string code;
            if (a.nested != nullptr) {
                const std::string inner = attribute_array(a.nested->attributes);
                nested = fmt::format("{}_nested{}", prefix_, counter_++);
                out += fmt::format("constexpr NestedAttributes {} = {{Nesting::{}, {}}};\n", nested,
                                   nesting_enumerator(a.nested->nesting), inner);
                nested = "&" + nested;
            } else {
                code = type_code(*a.type);
                if (!schema::is_valid_type(code))  // the notation's reader must understand every table
                    throw Error(fmt::format("{}: attribute \"{}\" has a type the tables cannot express ({})", type_name_,
                                            a.name, code));
            }
            entries.push_back(fmt::format("{{{}, {}, {}, {}}}", cpp_string_literal(a.name), cpp_string_literal(code),
                                          flags(a), nested));
        }
        const std::string name = fmt::format("{}_attributes{}", prefix_, counter_++);
        out += fmt::format("constexpr Attribute {}[] = {{\n    {},\n}};\n", name, fmt::join(entries, ",\n    "));
        return name;
    }

    const std::string& type_name_;
    const std::string& prefix_;
    int counter_ = 0;
};

}  // namespace

std::string emit_schema_table(const TypePlan& type, const ProviderPlan& provider) {
    TableWriter writer(type.schema->name, type.table_symbol);
    const std::string top = writer.block(type.schema->block);
    std::string out;
    out += fmt::format("// The schema of {} for validation at synth time.\n", type.schema->name);
    out += fmt::format("namespace {}::schema_tables {{\n\n", provider.cpp_namespace);
    out += "namespace {\n\nusing namespace ::infra::schema;\n\n";
    out += writer.out;
    out += "\n}  // namespace\n\n";
    out += fmt::format("extern const ::infra::schema::Block {};\n", type.table_symbol);
    out += fmt::format("constinit const ::infra::schema::Block {} = {};\n\n", type.table_symbol, top);
    out += fmt::format("}}  // namespace {}::schema_tables\n", provider.cpp_namespace);
    return out;
}

std::string emit_registry_header(const ProviderPlan& provider) {
    std::string out;
    out += fmt::format("// The validation schema of {} ({} resource and {} data source types),\n",
                       provider.provider->source, provider.resources.size(), provider.data_sources.size());
    out += "// for an infra::SchemaRegistry.\n";
    out += "// Generated by infra-gen from the provider schema: regenerate it rather than edit it.\n";
    out += "#pragma once\n\n";
    out += "#include \"infra/provider_schema.hpp\"\n";
    out += "#include \"infra/schema_registry.hpp\"\n\n";
    out += fmt::format("namespace {} {{\n\n", provider.cpp_namespace);
    out += "// Static tables: nothing is parsed or built at start-up.\n";
    out += "const ::infra::schema::ProviderSchema& provider_schema();\n\n";
    out += fmt::format("// Makes `infra synth` and `infra validate` check {}_* resources and data sources\n",
                       provider.provider->name);
    out += "// against this schema; e.g. register_schemas(catalog.schemas()).\n";
    out += "void register_schemas(::infra::SchemaRegistry& registry);\n\n";
    out += fmt::format("}}  // namespace {}\n", provider.cpp_namespace);
    return out;
}

std::string emit_registry_source(const ProviderPlan& provider) {
    std::string out;
    out += fmt::format("// The table of every type of {} this build has bindings for.\n", provider.provider->source);
    out += "// Generated by infra-gen from the provider schema: regenerate it rather than edit it.\n";
    out += fmt::format("#include \"{}\"\n\n", provider.registry_header);
    out += fmt::format("namespace {}::schema_tables {{\n\n", provider.cpp_namespace);
    for (const auto* types : {&provider.resources, &provider.data_sources})
        for (const TypePlan& t : *types) out += fmt::format("extern const ::infra::schema::Block {};\n", t.table_symbol);
    out += fmt::format("\n}}  // namespace {}::schema_tables\n\n", provider.cpp_namespace);
    out += fmt::format("namespace {} {{\n\nnamespace {{\n\n", provider.cpp_namespace);
    std::vector<std::string> spans;
    for (const auto& [types, name] : {std::pair{&provider.resources, "kResources"}, std::pair{&provider.data_sources, "kDataSources"}}) {
        if (types->empty()) {
            spans.push_back("{}");
            continue;
        }
        out += fmt::format("// In name order, for binary search.\nconstexpr ::infra::schema::TypeSchema {}[] = {{\n", name);
        for (const TypePlan& t : *types)
            out += fmt::format("    {{{}, &schema_tables::{}}},\n", cpp_string_literal(t.schema->name), t.table_symbol);
        out += "};\n\n";
        spans.push_back(name);
    }
    out += fmt::format("constexpr ::infra::schema::ProviderSchema kProvider = {{{}, {}, {}, {}}};\n\n",
                       cpp_string_literal(provider.provider->name), cpp_string_literal(provider.provider->source),
                       spans[0], spans[1]);
    out += "}  // namespace\n\n";
    out += "const ::infra::schema::ProviderSchema& provider_schema() { return kProvider; }\n\n";
    out += "void register_schemas(::infra::SchemaRegistry& registry) { registry.add(kProvider); }\n\n";
    out += fmt::format("}}  // namespace {}\n", provider.cpp_namespace);
    return out;
}

}  // namespace infra::gen
