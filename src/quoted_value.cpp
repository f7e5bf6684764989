#include "infra/quoted_value.hpp"

#include <fmt/format.h>

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
    std::string out = "\"";
    for (std::size_t i = 0; i < shown; ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) out += fmt::format("\\u{:04x}", c);
                else out += static_cast<char>(c);
        }
    }
    if (shown < value.size()) {
        std::size_t characters = 0;
        for (std::size_t i = 0; i < value.size(); ++i) characters += starts_character(value, i) ? 1 : 0;
        return out + fmt::format("…\" ({} characters)", characters);
    }
    return out + "\"";
}

}  // namespace infra
