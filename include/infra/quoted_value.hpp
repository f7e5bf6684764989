// A user's value as it appears inside a one-line message.
#pragma once

#include <string>
#include <string_view>

namespace infra {

// `value` in double quotes, with quotes, backslashes and control characters
// escaped (a newline or NUL in a value must neither break the line nor cut
// it), and, past 64 characters, cut with its length said:
// "pppp...pppp…" (200000000 characters). A huge value then makes a short
// message, not a copy of itself.
std::string quoted_value(std::string_view value);

}  // namespace infra
