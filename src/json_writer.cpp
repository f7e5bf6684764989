#include "json_writer.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>

#include "infra/error.hpp"

namespace infra {

namespace {

// Which bytes cannot go into a JSON string as they are: quote, backslash and
// control characters. A table keeps the common case (nothing to escape) to a
// load and a test per byte, and lets runs of plain bytes be copied at once.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = true;
    t['"'] = true;
    t['\\'] = true;
    return t;
}();

void append_integer(std::int64_t v, std::string& out) {
    char buffer[24];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    out.append(buffer, end);
}

}  // namespace

void append_json_escaped(std::string_view s, std::string& out) {
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (!kNeedsEscape[c]) continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default: out += fmt::format("\\u{:04x}", c);
        }
    }
    out.append(s.data() + run, s.size() - run);
}

void JsonWriter::indent(std::size_t depth) { out_.append(depth * 2, ' '); }

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    out_ += level.empty ? "\n" : ",\n";
    level.empty = false;
    indent(levels_.size());
}

void JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    levels_.push_back({true, true});
}

void JsonWriter::end_object() {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) {
        out_ += '\n';
        indent(levels_.size());
    }
    out_ += '}';
}

void JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    levels_.push_back({false, true});
}

void JsonWriter::end_array() {
    const bool empty = levels_.back().empty;
    levels_.pop_back();
    if (!empty) {
        out_ += '\n';
        indent(levels_.size());
    }
    out_ += ']';
}

void JsonWriter::key(std::string_view name) {
    Level& level = levels_.back();
    out_ += level.empty ? "\n" : ",\n";
    level.empty = false;
    indent(levels_.size());
    out_ += '"';
    append_json_escaped(name, out_);
    out_ += "\": ";
    after_key_ = true;
}

void JsonWriter::null() {
    before_value();
    out_ += "null";
}

void JsonWriter::boolean(bool b) {
    before_value();
    out_ += b ? "true" : "false";
}

void JsonWriter::number(const Number& n) {
    before_value();
    if (n.is_integer) {
        append_integer(n.integer, out_);
        return;
    }
    if (!std::isfinite(n.real)) throw Error("a number value is NaN or infinite, which JSON cannot hold");
    out_ += fmt::format("{}", n.real);
}

void JsonWriter::string(std::string_view s) {
    before_value();
    out_ += '"';
    append_json_escaped(s, out_);
    out_ += '"';
}

void JsonWriter::escaped_string(std::string_view escaped) {
    before_value();
    out_ += '"';
    out_ += escaped;
    out_ += '"';
}

void JsonWriter::value(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::Null: null(); return;
        case Value::Kind::Bool: boolean(v.as_bool()); return;
        case Value::Kind::Number: number(v.as_number()); return;
        case Value::Kind::String: string(v.as_string()); return;
        case Value::Kind::List:
            begin_array();
            for (const auto& item : v.as_list()) value(item);
            end_array();
            return;
        case Value::Kind::Map:
            begin_object();
            for (const auto& [k, item] : v.as_map()) {
                key(k);
                value(item);
            }
            end_object();
            return;
        case Value::Kind::Expr:
            throw Error("internal: an unresolved expression reached the JSON writer");
    }
}

void write_json(const Value& value, std::string& out) {
    JsonWriter writer(out);
    writer.value(value);
    out += '\n';
}

std::string to_json(const Value& value) {
    std::string out;
    write_json(value, out);
    return out;
}

}  // namespace infra
