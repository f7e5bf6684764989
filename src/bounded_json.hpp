// JSON text parsed with a nesting limit. nlohmann's parser itself is not
// recursive, but everything that walks the document afterwards is (the
// schema parser, the config differ, the destructor of a deep value): a file
// nested 30,000 levels deep would overflow the stack there. Real documents
// are shallow (a provider schema nests about 40 levels), so a limit far
// above that refuses only what no tool writes.
// Private to the core, the CLI and the generator.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string_view>

namespace infra {

inline constexpr std::size_t kMaxJsonDepth = 512;

// Parses `text`; throws infra::Error("nested deeper than 512 levels") past
// the limit, and nlohmann::json::exception for text that is not JSON (its
// message carries line and column).
nlohmann::json parse_json_no_deeper_than(std::string_view text, std::size_t max_depth = kMaxJsonDepth);

}  // namespace infra
