#include "infra/quoted_value.hpp"

#include <fmt/format.h>

#include "json_writer.hpp"

namespace infra {

namespace {

constexpr std::size_t kShownCharacters = 64;

// Whether byte `i` of `s` starts a UTF-8 character (is not a continuation
// byte), so a cut never splits one.
bool starts_character(std::string_view s, std::size_t i) {
    return i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

}  // namespace

std::string quoted_value(std::string_view value) {
    std::size_t shown = value.size();
    if (value.size() > kShownCharacters) {
        shown = kShownCharacters;
        while (shown > 0 && !starts_character(value, shown)) --shown;
    }
    // JSON's escapes: quotes, backslashes and every control character.
    std::string out = "\"";
    append_json_escaped(value.substr(0, shown), out);
    if (shown < value.size()) {
        std::size_t characters = 0;
        for (std::size_t i = 0; i < value.size(); ++i) characters += starts_character(value, i) ? 1 : 0;
        return out + fmt::format("…\" ({} characters)", characters);
    }
    return out + "\"";
}

}  // namespace infra
