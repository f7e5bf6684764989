#include "hcl_writer.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infra/error.hpp"
#include "infra/schema_registry.hpp"
#include "hcl_string_escape.hpp"

namespace infra {

namespace {

using json = nlohmann::json;

bool is_identifier(const std::string& s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
    return true;
}

std::size_t end_of_string(const std::string& s, std::size_t i);

// The position of the '}' that closes the interpolation whose expression
// starts at `i` (just after "${"), skipping braces inside nested strings.
std::size_t end_of_interpolation(const std::string& s, std::size_t i) {
    int depth = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == '"') {
            i = end_of_string(s, i + 1);
            continue;
        }
        if (c == '{') ++depth;
        if (c == '}' && depth-- == 0) return i;
        ++i;
    }
    return s.size();
}

// The position just after the '"' that closes a string literal inside an
// expression, which starts at `i` (just after its opening quote); such a
// string may hold interpolations of its own.
std::size_t end_of_string(const std::string& s, std::size_t i) {
    while (i < s.size()) {
        const char c = s[i];
        if (c == '\\') {
            i += 2;
        } else if (c == '"') {
            return i + 1;
        } else if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == c && i + 2 < s.size() && s[i + 2] == '{') {
            i += 3;  // "$${" / "%%{": a literal, escaped
        } else if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{') {
            i = end_of_interpolation(s, i + 2) + 1;
        } else {
            ++i;
        }
    }
    return s.size();
}

// A JSON string is already a template with Terraform's escapes ($${, %%{);
// HCL quoted strings are templates with the same escapes, so only quoting
// changes: literal text gets HCL's string escapes, while the expressions
// inside "${...}" are HCL already and are copied as they are (their own
// string literals, e.g. split(":", x), keep their plain quotes).
std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if ((c == '$' || c == '%') && i + 2 < s.size() && s[i + 1] == static_cast<char>(c) && s[i + 2] == '{') {
            out.append(s, i, 3);
            i += 2;
            continue;
        }
        if ((c == '$' || c == '%') && i + 1 < s.size() && s[i + 1] == '{') {
            const std::size_t end = end_of_interpolation(s, i + 2);
            out.append(s, i, end - i + 1);
            i = end;
            continue;
        }
        append_hcl_escaped(c, out);
    }
    return out + "\"";
}

// "${expr}" holding exactly one interpolation becomes the bare expression,
// as a person would write it.
bool single_interpolation(const std::string& s, std::string& inner) {
    if (s.size() < 4 || s.compare(0, 2, "${") != 0 || s.back() != '}') return false;
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 2; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{') ++depth;
        else if (c == '}') {
            if (depth == 0) {
                if (i != s.size() - 1) return false;
                inner = s.substr(2, s.size() - 3);
                return true;
            }
            --depth;
        }
    }
    return false;
}

// One `name = value` line (or a multi-line value): `raw` is HCL text
// written as it is (bare references, type constraints); otherwise `value`.
struct Entry {
    std::string name;
    const json* value = nullptr;
    std::string raw;
};

class Writer {
public:
    explicit Writer(const SchemaRegistry* schemas) : schemas_(schemas) {}
    std::string take() { return std::move(out_); }

    void document(const json& doc);

private:
    // The schema of the block being written, when known.
    struct Scope {
        const schema::Block* block = nullptr;
        bool blocks_by_shape = false;  // no schema: objects and lists of objects are blocks (provider configs)
    };

    void line(int depth, const std::string& text) {
        out_.append(static_cast<std::size_t>(depth) * 2, ' ');
        out_ += text;
        out_ += '\n';
    }

    std::string scalar(const json& v) const {
        if (v.is_string()) {
            std::string inner;
            return single_interpolation(v.get<std::string>(), inner) ? inner : quoted(v.get<std::string>());
        }
        if (v.is_null()) return "null";
        return v.dump();
    }

    // A bare reference in JSON is a plain string ("aws_vpc.x"); in HCL it is
    // written without quotes.
    static std::string bare(const json& v) {
        if (v.is_string()) return v.get<std::string>();
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i].get<std::string>();
        return out + "]";
    }

    static bool single_line(const json& v) {
        if (v.is_object()) return v.empty();
        if (v.is_array()) {
            for (const auto& item : v)
                if (item.is_object() || item.is_array()) return false;
            return true;
        }
        return true;
    }

    std::string inline_value(const json& v) const {
        if (v.is_array()) {
            std::string out = "[";
            for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + scalar(v[i]);
            return out + "]";
        }
        if (v.is_object()) return "{}";
        return scalar(v);
    }

    static std::string key(const std::string& k) { return is_identifier(k) ? k : quoted(k); }

    // Attributes: consecutive single-line ones have their '=' aligned, as
    // terraform fmt does; a multi-line value ends the group.
    void attributes(int depth, const std::vector<Entry>& attrs) {
        const auto is_single = [](const Entry& e) { return !e.raw.empty() || single_line(*e.value); };
        std::size_t i = 0;
        while (i < attrs.size()) {
            std::size_t j = i;
            std::size_t width = 0;
            while (j < attrs.size() && is_single(attrs[j])) width = std::max(width, attrs[j++].name.size());
            for (std::size_t k = i; k < j; ++k) {
                std::string name = attrs[k].name;
                name.resize(width, ' ');
                line(depth, name + " = " + (attrs[k].raw.empty() ? inline_value(*attrs[k].value) : attrs[k].raw));
            }
            if (j < attrs.size()) {
                multi_line_attribute(depth, attrs[j].name, *attrs[j].value);
                ++j;
            }
            i = j;
        }
    }

    void multi_line_attribute(int depth, const std::string& name, const json& v) {
        const std::string prefix = name.empty() ? "" : name + " = ";
        if (v.is_object()) {
            line(depth, prefix + "{");
            std::vector<Entry> entries;
            for (const auto& [k, item] : v.items()) entries.push_back({key(k), &item, {}});
            attributes(depth + 1, entries);
            line(depth, "}");
            return;
        }
        line(depth, prefix + "[");
        for (const auto& item : v) {
            if (single_line(item)) {
                line(depth + 1, inline_value(item) + ",");
            } else {
                multi_line_attribute(depth + 1, "", item);
                out_.pop_back();  // the closing line's newline: a list item ends with a comma
                out_ += ",\n";
            }
        }
        line(depth, "]");
    }

    // The body of a block: `leading` lines (meta-arguments), attributes, then
    // `trailing` lines, all aligned as one group, then nested blocks; each
    // group in key order.
    void body(int depth, const json& b, Scope scope, std::vector<Entry> leading = {},
              const std::vector<Entry>& trailing = {}) {
        std::vector<Entry> attrs = std::move(leading);
        std::vector<std::pair<std::string, const json*>> blocks;
        for (const auto& [k, v] : b.items()) {
            if (k == "//") continue;
            if (is_block(scope, k, v)) blocks.emplace_back(k, &v);
            else attrs.push_back({k, &v, {}});
        }
        attrs.insert(attrs.end(), trailing.begin(), trailing.end());
        attributes(depth, attrs);
        for (const auto& [name, v] : blocks) {
            const schema::Block* nested = nullptr;
            if (scope.block != nullptr)
                if (const auto* bt = schema::find_block_type(*scope.block, name)) nested = bt->block;
            // Shape only decides at the top of a provider block: below it,
            // objects are attribute values (default_tags { tags = {...} }).
            const Scope inner{nested, false};
            const json list = v->is_array() ? *v : json::array({*v});
            for (const auto& item : list) nested_block(depth, name, item, inner);
        }
    }

    void nested_block(int depth, const std::string& header, const json& b, Scope scope) {
        line(depth, header + " {");
        body(depth + 1, b, scope);
        line(depth, "}");
    }

    static bool is_block(const Scope& scope, const std::string& k, const json& v) {
        const bool object_shaped = v.is_object() || (v.is_array() && !v.empty() && v[0].is_object());
        if (!object_shaped) return false;
        if (scope.block != nullptr) return schema::find_block_type(*scope.block, k) != nullptr;
        return scope.blocks_by_shape;
    }

    // A resource or data source body: meta-arguments have their own syntax.
    void element_body(int depth, const json& b, const schema::Block* block) {
        if (b.contains("//") && b["//"].contains("metadata") && b["//"]["metadata"].contains("path"))
            line(depth, "# " + b["//"]["metadata"]["path"].get<std::string>());
        json rest = b;
        json meta = json::object();
        for (const char* m : {"count", "for_each", "provider", "depends_on", "lifecycle"})
            if (rest.contains(m)) {
                meta[m] = rest[m];
                rest.erase(m);
            }
        std::vector<Entry> head;
        for (const char* m : {"count", "for_each"})
            if (meta.contains(m)) head.push_back({m, &meta[m], {}});
        if (meta.contains("provider")) head.push_back({"provider", nullptr, bare(meta["provider"])});
        std::vector<Entry> tail;
        if (meta.contains("depends_on")) tail.push_back({"depends_on", nullptr, bare(meta["depends_on"])});
        body(depth, rest, Scope{block, false}, std::move(head), tail);
        if (meta.contains("lifecycle")) {
            const json& lc = meta["lifecycle"];
            line(depth, "lifecycle {");
            std::vector<std::pair<std::string, std::string>> entries;
            for (const auto& [k, v] : lc.items()) {
                if (k == "ignore_changes" && v.is_string()) entries.emplace_back(k, v.get<std::string>());
                else if (k == "ignore_changes" || k == "replace_triggered_by") entries.emplace_back(k, bare(v));
                else entries.emplace_back(k, v.dump());
            }
            std::size_t width = 0;
            for (const auto& e : entries) width = std::max(width, e.first.size());
            for (auto [k, v] : entries) {
                k.resize(width, ' ');
                line(depth + 1, k + " = " + v);
            }
            line(depth, "}");
        }
    }

    void blank() {
        if (!out_.empty()) out_ += '\n';
    }

    const SchemaRegistry* schemas_;
    std::string out_;
};

void Writer::document(const json& doc) {
    if (doc.contains("terraform")) {
        const json& tf = doc["terraform"];
        blank();
        line(0, "terraform {");
        std::vector<Entry> attrs;
        if (tf.contains("required_version")) attrs.push_back({"required_version", &tf["required_version"], {}});
        attributes(1, attrs);
        if (tf.contains("required_providers")) {
            line(1, "required_providers {");
            std::vector<Entry> providers;
            for (const auto& [name, req] : tf["required_providers"].items()) providers.push_back({name, &req, {}});
            attributes(2, providers);
            line(1, "}");
        }
        if (tf.contains("backend"))
            for (const auto& [name, settings] : tf["backend"].items()) nested_block(1, "backend " + quoted(name), settings, {});
        line(0, "}");
    }
    if (doc.contains("provider"))
        for (const auto& [name, configs] : doc["provider"].items()) {
            const json list = configs.is_array() ? configs : json::array({configs});
            for (const auto& config : list) {
                blank();
                nested_block(0, "provider " + quoted(name), config, Scope{nullptr, true});
            }
        }
    if (doc.contains("variable"))
        for (const auto& [name, v] : doc["variable"].items()) {
            blank();
            line(0, "variable " + quoted(name) + " {");
            json rest = v;
            std::vector<Entry> head;
            if (rest.contains("type")) {
                head.push_back({"type", nullptr, rest["type"].get<std::string>()});  // a type, not a string
                rest.erase("type");
            }
            json validations = rest.contains("validation") ? rest["validation"] : json::array();
            rest.erase("validation");
            body(1, rest, {}, std::move(head));
            for (const auto& rule : validations) nested_block(1, "validation", rule, {});
            line(0, "}");
        }
    if (doc.contains("locals")) {
        blank();
        line(0, "locals {");
        body(1, doc["locals"], {});
        line(0, "}");
    }
    for (const char* section : {"data", "resource"}) {
        if (!doc.contains(section)) continue;
        const ElementKind kind = std::string(section) == "data" ? ElementKind::DataSource : ElementKind::Resource;
        for (const auto& [type, by_name] : doc[section].items())
            for (const auto& [name, b] : by_name.items()) {
                blank();
                line(0, fmt::format("{} {} {} {{", section, quoted(type), quoted(name)));
                element_body(1, b, schemas_ != nullptr ? schemas_->find(kind, type) : nullptr);
                line(0, "}");
            }
    }
    if (doc.contains("output"))
        for (const auto& [name, o] : doc["output"].items()) {
            blank();
            line(0, "output " + quoted(name) + " {");
            json rest = o;
            std::vector<Entry> tail;
            if (rest.contains("depends_on")) {
                tail.push_back({"depends_on", nullptr, bare(rest["depends_on"])});
                rest.erase("depends_on");
            }
            body(1, rest, {}, {}, tail);
            line(0, "}");
        }
    for (const char* section : {"moved", "import"}) {
        if (!doc.contains(section)) continue;
        for (const auto& b : doc[section]) {
            blank();
            line(0, std::string(section) + " {");
            std::vector<std::pair<std::string, std::string>> entries;
            for (const auto& [k, v] : b.items())
                entries.emplace_back(k, (k == "from" || k == "to") ? v.get<std::string>() : scalar(v));
            std::size_t width = 0;
            for (const auto& e : entries) width = std::max(width, e.first.size());
            for (auto [k, v] : entries) {
                k.resize(width, ' ');
                line(1, k + " = " + v);
            }
            line(0, "}");
        }
    }
}

}  // namespace

std::string to_hcl(const json& document, const SchemaRegistry* schemas) {
    if (!document.is_object()) throw Error("HCL output: the configuration is not a JSON object");
    Writer writer(schemas);
    writer.document(document);
    return writer.take();
}

}  // namespace infra
