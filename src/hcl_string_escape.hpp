// HCL's escapes inside a quoted string, one character at a time: shared by
// the expression renderer (template literals in the JSON output) and the
// HCL writer (synth --hcl), which differ only in what they do with "${".
// Private to the core library.
#pragma once

#include <fmt/format.h>

#include <string>

namespace infra {

// Appends `c` to `out`, escaped as HCL's quoted strings require: the
// backslash, the quote, \n, \r, \t, and other control characters as \uXXXX
// (lowercase hex, as the JSON writer writes them).
inline void append_hcl_escaped(unsigned char c, std::string& out) {
    switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) out += fmt::format("\\u{:04x}", c);
            else out += static_cast<char>(c);
    }
}

}  // namespace infra
