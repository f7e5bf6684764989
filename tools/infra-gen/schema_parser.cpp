#include "schema_parser.hpp"

#include <fmt/format.h>

#include <limits>

#include "bounded_json.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"

namespace infra::gen {

const char* type_kind_name(TypeKind kind) { return kind == TypeKind::Resource ? "resource" : "data source"; }

namespace {

using nlohmann::json;

// The schema file and where in it we are, for messages.
struct Where {
    const std::string& file;
    std::string path;

    Where operator/(const std::string& key) const {
        return {file, path.empty() ? key : path + "." + key};
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(fmt::format("{}: {}{}", file, path.empty() ? "" : path + ": ", what));
    }
};

const json& member(const json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end()) where.fail(fmt::format("\"{}\" is missing", key));
    return *it;
}

const json& object_at(const json& value, const Where& where) {
    if (!value.is_object()) where.fail(fmt::format("expected an object, got {}", value.type_name()));
    return value;
}

bool flag(const json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end()) return false;
    if (!it->is_boolean()) (where / key).fail(fmt::format("expected true or false, got {}", it->type_name()));
    return it->get<bool>();
}

std::string text(const json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return {};
    if (!it->is_string()) (where / key).fail(fmt::format("expected a string, got {}", it->type_name()));
    return it->get<std::string>();
}

std::uint32_t count(const json& object, const char* key, const Where& where) {
    auto it = object.find(key);
    if (it == object.end()) return 0;
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max())
        (where / key).fail(fmt::format("expected a non-negative integer, got {}", it->dump()));
    return it->get<std::uint32_t>();
}

TypeExpr parse_type(const json& t, const Where& where) {
    TypeExpr out;
    if (t.is_string()) {
        const std::string& s = t.get_ref<const std::string&>();
        if (s == "string") out.kind = TypeExpr::Kind::String;
        else if (s == "number") out.kind = TypeExpr::Kind::Number;
        else if (s == "bool") out.kind = TypeExpr::Kind::Bool;
        else if (s == "dynamic") out.kind = TypeExpr::Kind::Dynamic;
        else where.fail(fmt::format("unknown type \"{}\"", s));
        return out;
    }
    if (!t.is_array() || t.empty() || !t[0].is_string())
        where.fail(fmt::format("a type must be a string or an array starting with a string, got {}", t.dump()));
    const std::string& head = t[0].get_ref<const std::string&>();
    if (head == "list" || head == "set" || head == "map") {
        if (t.size() != 2) where.fail(fmt::format("type [\"{}\", ...] takes one element type", head));
        out.kind = head == "list" ? TypeExpr::Kind::List : head == "set" ? TypeExpr::Kind::Set : TypeExpr::Kind::Map;
        out.elements.push_back(parse_type(t[1], where));
    } else if (head == "object") {
        if (t.size() < 2 || t.size() > 3 || !t[1].is_object())
            where.fail("type [\"object\", {...}] takes an object of attribute types (and optionally a list of the "
                       "optional ones)");
        out.kind = TypeExpr::Kind::Object;
        for (const auto& [name, element] : t[1].items()) {
            out.attribute_names.push_back(name);
            out.attribute_optional.push_back(false);
            out.elements.push_back(parse_type(element, where / name));
        }
        if (t.size() == 3) {
            if (!t[2].is_array()) where.fail("the optional attributes of an object type must be a list");
            for (const auto& name : t[2]) {
                bool found = false;
                for (std::size_t i = 0; i < out.attribute_names.size(); ++i) {
                    if (name.is_string() && out.attribute_names[i] == name.get<std::string>()) {
                        found = true;
                        out.attribute_optional[i] = true;
                    }
                }
                if (!found) where.fail(fmt::format("optional attribute {} is not an attribute of the object", name.dump()));
            }
        }
    } else if (head == "tuple") {
        if (t.size() != 2 || !t[1].is_array()) where.fail("type [\"tuple\", [...]] takes a list of element types");
        out.kind = TypeExpr::Kind::Tuple;
        for (std::size_t i = 0; i < t[1].size(); ++i) out.elements.push_back(parse_type(t[1][i], where / std::to_string(i)));
    } else {
        where.fail(fmt::format("unknown type \"{}\"", head));
    }
    return out;
}

Nesting parse_nesting(const json& object, const Where& where) {
    const json& mode = member(object, "nesting_mode", where);
    const std::string s = mode.is_string() ? mode.get<std::string>() : mode.dump();
    if (s == "single") return Nesting::Single;
    if (s == "group") return Nesting::Group;
    if (s == "list") return Nesting::List;
    if (s == "set") return Nesting::Set;
    if (s == "map") return Nesting::Map;
    (where / "nesting_mode").fail(fmt::format("unknown nesting mode \"{}\"", s));
}

std::vector<Attribute> parse_attributes(const json& attributes, const Where& where);

Attribute parse_attribute(const std::string& name, const json& a, const Where& where) {
    object_at(a, where);
    Attribute out;
    out.name = name;
    out.required = flag(a, "required", where);
    out.optional = flag(a, "optional", where);
    out.computed = flag(a, "computed", where);
    out.deprecated = flag(a, "deprecated", where);
    out.sensitive = flag(a, "sensitive", where);
    out.write_only = flag(a, "write_only", where);
    out.description = text(a, "description", where);
    if (!out.required && !out.optional && !out.computed)
        where.fail("an attribute must be required, optional or computed");
    const bool has_type = a.contains("type"), has_nested = a.contains("nested_type");
    if (has_type == has_nested) where.fail("an attribute needs exactly one of \"type\" and \"nested_type\"");
    if (has_type) {
        out.type = parse_type(a["type"], where / "type");
    } else {
        const Where nested_where = where / "nested_type";
        const json& n = object_at(a["nested_type"], nested_where);
        auto nested = std::make_shared<NestedAttributes>();
        nested->nesting = parse_nesting(n, nested_where);
        if (nested->nesting == Nesting::Group) (nested_where / "nesting_mode").fail("nested attributes cannot be a group");
        nested->attributes = parse_attributes(member(n, "attributes", nested_where), nested_where / "attributes");
        out.nested = std::move(nested);
    }
    return out;
}

std::vector<Attribute> parse_attributes(const json& attributes, const Where& where) {
    object_at(attributes, where);
    std::vector<Attribute> out;
    for (const auto& [name, a] : attributes.items()) out.push_back(parse_attribute(name, a, where / name));
    return out;  // nlohmann's objects iterate in key order: already sorted
}

Block parse_block(const json& b, const Where& where) {
    object_at(b, where);
    Block out;
    if (b.contains("attributes")) out.attributes = parse_attributes(b["attributes"], where / "attributes");
    if (b.contains("block_types")) {
        const Where types_where = where / "block_types";
        for (const auto& [name, t] : object_at(b["block_types"], types_where).items()) {
            const Where w = types_where / name;
            object_at(t, w);
            BlockType type;
            type.name = name;
            type.nesting = parse_nesting(t, w);
            type.min_items = count(t, "min_items", w);
            type.max_items = count(t, "max_items", w);
            if (type.max_items != 0 && type.min_items > type.max_items)
                w.fail(fmt::format("min_items {} is above max_items {}", type.min_items, type.max_items));
            type.block = std::make_shared<Block>(parse_block(member(t, "block", w), w / "block"));
            out.block_types.push_back(std::move(type));
        }
    }
    for (const auto& a : out.attributes)
        for (const auto& t : out.block_types)
            if (a.name == t.name) where.fail(fmt::format("\"{}\" is both an attribute and a block type", a.name));
    out.description = text(b, "description", where);
    out.deprecated = flag(b, "deprecated", where);
    return out;
}

std::vector<TypeSchema> parse_types(const json& provider, const char* key, TypeKind kind, const Where& where) {
    std::vector<TypeSchema> out;
    auto it = provider.find(key);
    if (it == provider.end()) return out;
    const Where types_where = where / key;
    for (const auto& [name, t] : object_at(*it, types_where).items()) {
        const Where w = types_where / name;
        object_at(t, w);
        out.push_back({name, kind, parse_block(member(t, "block", w), w / "block")});
    }
    return out;
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& file) {
    try {
        // Bounded: the parse below recurses once per level of nesting.
        return parse_json_no_deeper_than(text);
    } catch (const Error& e) {
        throw Error(fmt::format("{}: not valid JSON: {}", file, e.what()));
    } catch (const nlohmann::json::exception& e) {
        // e.what() is "[json.exception.parse_error.101] parse error at line 3, column 5: ...", or for
        // well-formed text it cannot hold "[json.exception.out_of_range.406] number overflow parsing '1e400'".
        std::string what = e.what();
        const auto id_end = what.find("] ");
        throw Error(fmt::format("{}: not valid JSON: {}", file, id_end == std::string::npos ? what : what.substr(id_end + 2)));
    }
}

nlohmann::json read_json_file(const std::string& file) {
    std::string content;
    try {
        content = read_file(file == "-" ? "/dev/stdin" : file);
    } catch (const FileError& e) {
        throw Error(fmt::format("{}: cannot be read: {}", file, e.reason()));
    }
    return parse_json_text(content, file == "-" ? "<stdin>" : file);
}

SchemaDocument parse_schema(const nlohmann::json& doc, const std::string& file) {
    const Where root{file, ""};
    object_at(doc, root);
    const json& version = member(doc, "format_version", root);
    if (!version.is_string() || version.get<std::string>().rfind("1.", 0) != 0)
        (root / "format_version").fail(fmt::format("unsupported format version {} (expected 1.x)", version.dump()));
    SchemaDocument out;
    out.file = file;
    const Where providers_where = root / "provider_schemas";
    for (const auto& [source, p] : object_at(member(doc, "provider_schemas", root), providers_where).items()) {
        const Where w = providers_where / fmt::format("\"{}\"", source);
        object_at(p, w);
        ProviderSchema provider;
        provider.source = source;
        provider.name = source.substr(source.rfind('/') + 1);
        if (provider.name.empty()) w.fail("a provider source must end in its name");
        provider.resources = parse_types(p, "resource_schemas", TypeKind::Resource, w);
        provider.data_sources = parse_types(p, "data_source_schemas", TypeKind::DataSource, w);
        out.providers.push_back(std::move(provider));
    }
    return out;
}

}  // namespace infra::gen
