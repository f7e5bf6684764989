#include "infra/json_writer.hpp"

#include <fmt/format.h>

#include <cmath>

#include "infra/error.hpp"

namespace infra {

namespace {

void write_string(std::string_view s, std::string& out) {
    out += '"';
    for (char ch : s) {
        const unsigned char c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) out += fmt::format("\\u{:04x}", c);
                else out += ch;
        }
    }
    out += '"';
}

void indent(int depth, std::string& out) { out.append(static_cast<std::size_t>(depth) * 2, ' '); }

void write_value(const Value& v, int depth, std::string& out) {
    switch (v.kind()) {
        case Value::Kind::Null: out += "null"; return;
        case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Value::Kind::Number: {
            const Number& n = v.as_number();
            if (n.is_integer) {
                out += std::to_string(n.integer);
            } else {
                if (!std::isfinite(n.real)) throw Error("a number value is NaN or infinite, which JSON cannot hold");
                out += fmt::format("{}", n.real);
            }
            return;
        }
        case Value::Kind::String: write_string(v.as_string(), out); return;
        case Value::Kind::List: {
            const auto& list = v.as_list();
            if (list.empty()) {
                out += "[]";
                return;
            }
            out += "[\n";
            for (std::size_t i = 0; i < list.size(); ++i) {
                indent(depth + 1, out);
                write_value(list[i], depth + 1, out);
                out += i + 1 < list.size() ? ",\n" : "\n";
            }
            indent(depth, out);
            out += ']';
            return;
        }
        case Value::Kind::Map: {
            const auto& map = v.as_map();
            if (map.empty()) {
                out += "{}";
                return;
            }
            out += "{\n";
            std::size_t i = 0;
            for (const auto& [key, item] : map) {
                indent(depth + 1, out);
                write_string(key, out);
                out += ": ";
                write_value(item, depth + 1, out);
                out += ++i < map.size() ? ",\n" : "\n";
            }
            indent(depth, out);
            out += '}';
            return;
        }
        case Value::Kind::Expr:
            throw Error("internal: an unresolved expression reached the JSON writer");
    }
}

}  // namespace

void write_json(const Value& value, std::string& out) {
    write_value(value, 0, out);
    out += '\n';
}

std::string to_json(const Value& value) {
    std::string out;
    write_json(value, out);
    return out;
}

}  // namespace infra
