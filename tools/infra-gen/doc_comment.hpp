// Schema descriptions as C++ line comments: wrapped, and safe (a trailing
// backslash would continue a `//` comment onto the next line of code).
#pragma once

#include <string>

namespace infra::gen {

// `text` as "// ..." lines, each starting with `indent` and ending in a
// newline; empty for an empty text.
std::string doc_comment(const std::string& text, const std::string& indent);

// `text` as a C++ string literal, quotes included.
std::string cpp_string_literal(const std::string& text);

}  // namespace infra::gen
