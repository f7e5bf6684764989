// Writes a resolved Value (no expressions left) as JSON: keys in byte order,
// two-space indent, trailing newline. The same value always gives the same
// bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infra/value.hpp"

namespace infra {

void write_json(const Value& value, std::string& out);
std::string to_json(const Value& value);

// The same format, streamed: the synthesizer writes a stack's document
// straight from the construct tree with it, so no copy of the document is
// ever built. Keys are written in the order given; sorting them is the
// caller's job. An object or array with nothing in it is written as {} / [].
//
//   JsonWriter w(out);
//   w.begin_object(); w.key("a"); w.number(1); w.end_object();   // {\n  "a": 1\n}
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view name);

    void null();
    void boolean(bool b);
    void number(const Number& n);
    void string(std::string_view s);
    // A string whose bytes are already JSON-escaped (quotes not included).
    void escaped_string(std::string_view escaped);
    // A whole resolved Value.
    void value(const Value& v);

    std::string& buffer() { return out_; }

private:
    struct Level {
        bool is_object;
        bool empty;
    };
    // Separator and indentation before a value in an array; nothing after a key.
    void before_value();
    void indent(std::size_t depth);

    std::string& out_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

// Appends `s` to `out` escaped for a JSON string (without the quotes).
void append_json_escaped(std::string_view s, std::string& out);

}  // namespace infra
