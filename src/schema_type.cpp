#include "infra/schema_type.hpp"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace infra::schema {

namespace {

constexpr std::size_t kBad = std::string_view::npos;

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The position just past the type that starts at `pos`, or kBad.
std::size_t type_end(std::string_view t, std::size_t pos) {
    if (pos >= t.size()) return kBad;
    switch (t[pos]) {
        case 's':
        case 'n':
        case 'b':
        case 'd':
            return pos + 1;
        case 'L':
        case 'S':
        case 'M':
            return type_end(t, pos + 1);
        case 'O': {
            if (pos + 1 >= t.size() || t[pos + 1] != '{') return kBad;
            pos += 2;
            if (pos < t.size() && t[pos] == '}') return pos + 1;
            while (true) {
                const std::size_t name_start = pos;
                while (pos < t.size() && is_name_char(t[pos])) ++pos;
                if (pos == name_start) return kBad;
                if (pos < t.size() && t[pos] == '?') ++pos;
                if (pos >= t.size() || t[pos] != ':') return kBad;
                pos = type_end(t, pos + 1);
                if (pos == kBad || pos >= t.size()) return kBad;
                if (t[pos] == '}') return pos + 1;
                if (t[pos] != ',') return kBad;
                ++pos;
            }
        }
        case 'T': {
            if (pos + 1 >= t.size() || t[pos + 1] != '[') return kBad;
            pos += 2;
            if (pos < t.size() && t[pos] == ']') return pos + 1;
            while (true) {
                pos = type_end(t, pos);
                if (pos == kBad || pos >= t.size()) return kBad;
                if (t[pos] == ']') return pos + 1;
                if (t[pos] != ',') return kBad;
                ++pos;
            }
        }
        default:
            return kBad;
    }
}

struct ObjectAttribute {
    std::string_view name;
    bool optional;
    std::string_view type;
};

// The attributes of a well-formed "O{...}" type.
std::vector<ObjectAttribute> object_attributes(std::string_view t) {
    std::vector<ObjectAttribute> out;
    std::size_t pos = 2;
    while (pos < t.size() && t[pos] != '}') {
        const std::size_t name_start = pos;
        while (is_name_char(t[pos])) ++pos;
        ObjectAttribute a{t.substr(name_start, pos - name_start), false, {}};
        if (t[pos] == '?') {
            a.optional = true;
            ++pos;
        }
        const std::size_t type_start = pos + 1;  // past ':'
        pos = type_end(t, type_start);
        a.type = t.substr(type_start, pos - type_start);
        out.push_back(a);
        if (t[pos] == ',') ++pos;
    }
    return out;
}

// The element types of a well-formed "T[...]" type.
std::vector<std::string_view> tuple_elements(std::string_view t) {
    std::vector<std::string_view> out;
    std::size_t pos = 2;
    while (pos < t.size() && t[pos] != ']') {
        const std::size_t end = type_end(t, pos);
        out.push_back(t.substr(pos, end - pos));
        pos = end;
        if (t[pos] == ',') ++pos;
    }
    return out;
}

std::string describe_value(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::String: {
            const std::string& s = v.as_string();
            return s.size() <= 40 ? fmt::format("string \"{}\"", s) : fmt::format("string \"{}...\"", s.substr(0, 37));
        }
        case Value::Kind::Number: {
            const Number& n = v.as_number();
            return n.is_integer ? fmt::format("number {}", n.integer) : fmt::format("number {}", n.real);
        }
        case Value::Kind::Bool: return v.as_bool() ? "bool true" : "bool false";
        case Value::Kind::List: return "list";
        case Value::Kind::Map: return "object";
        default: return kind_name(v.kind());
    }
}

bool parses_as_number(const std::string& s) {
    double d = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
}

std::optional<TypeMismatch> mismatch(const Value& v, std::string_view t) {
    return TypeMismatch{"", fmt::format("expected {}, got {}", describe_type(t), describe_value(v))};
}

std::optional<TypeMismatch> within(std::string where, std::optional<TypeMismatch> inner) {
    if (inner) inner->where = where + inner->where;
    return inner;
}

std::optional<TypeMismatch> check(const Value& v, std::string_view t) {
    if (v.is_null() || v.is_expr()) return std::nullopt;
    const Value::Kind k = v.kind();
    switch (t[0]) {
        case 'd':
            return std::nullopt;
        case 's':
            if (k == Value::Kind::String || k == Value::Kind::Number || k == Value::Kind::Bool) return std::nullopt;
            return mismatch(v, t);
        case 'n':
            if (k == Value::Kind::Number || (k == Value::Kind::String && parses_as_number(v.as_string())))
                return std::nullopt;
            return mismatch(v, t);
        case 'b':
            if (k == Value::Kind::Bool) return std::nullopt;
            if (k == Value::Kind::String) {
                const std::string& s = v.as_string();
                if (s == "true" || s == "false" || s == "1" || s == "0") return std::nullopt;
            }
            return mismatch(v, t);
        case 'L':
        case 'S': {
            if (k != Value::Kind::List) return mismatch(v, t);
            const auto& items = v.as_list();
            for (std::size_t i = 0; i < items.size(); ++i)
                if (auto m = check(items[i], t.substr(1))) return within(fmt::format("[{}]", i), std::move(m));
            return std::nullopt;
        }
        case 'M': {
            if (k != Value::Kind::Map) return mismatch(v, t);
            for (const auto& [key, item] : v.as_map())
                if (auto m = check(item, t.substr(1))) return within(fmt::format("[\"{}\"]", key), std::move(m));
            return std::nullopt;
        }
        case 'O': {
            if (k != Value::Kind::Map) return mismatch(v, t);
            const auto& map = v.as_map();
            std::vector<std::string> missing;
            for (const ObjectAttribute& a : object_attributes(t)) {
                auto it = map.find(a.name);
                if (it == map.end()) {
                    if (!a.optional) missing.push_back(fmt::format("\"{}\"", a.name));
                    continue;
                }
                if (auto m = check(it->second, a.type)) return within(fmt::format(".{}", a.name), std::move(m));
            }
            // Like Terraform: attributes the type does not have are ignored,
            // attributes it has must all be given (null is fine).
            if (!missing.empty())
                return TypeMismatch{"", fmt::format("object is missing attribute{} {} (set {} to null if unused)",
                                                    missing.size() == 1 ? "" : "s", fmt::join(missing, ", "),
                                                    missing.size() == 1 ? "it" : "them")};
            return std::nullopt;
        }
        case 'T': {
            if (k != Value::Kind::List) return mismatch(v, t);
            const auto elements = tuple_elements(t);
            const auto& items = v.as_list();
            if (items.size() != elements.size())
                return TypeMismatch{"", fmt::format("expected a tuple of {} elements, got {}", elements.size(),
                                                    items.size())};
            for (std::size_t i = 0; i < items.size(); ++i)
                if (auto m = check(items[i], elements[i])) return within(fmt::format("[{}]", i), std::move(m));
            return std::nullopt;
        }
        default:
            return std::nullopt;
    }
}

}  // namespace

std::optional<TypeMismatch> literal_type_mismatch(const Value& value, std::string_view type) {
    if (!is_valid_type(type)) return std::nullopt;  // nothing sensible to say about a table we cannot read
    return check(value, type);
}

std::string describe_type(std::string_view t) {
    if (t.empty()) return "?";
    switch (t[0]) {
        case 's': return "string";
        case 'n': return "number";
        case 'b': return "bool";
        case 'd': return "any value";
        case 'L': return "list of " + describe_type(t.substr(1));
        case 'S': return "set of " + describe_type(t.substr(1));
        case 'M': return "map of " + describe_type(t.substr(1));
        case 'O': return "object";
        case 'T': return "tuple";
        default: return "?";
    }
}

bool is_valid_type(std::string_view type) { return type_end(type, 0) == type.size(); }

}  // namespace infra::schema
