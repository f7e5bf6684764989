#include "bounded_json.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "infra/error.hpp"

namespace infra {

nlohmann::json parse_json_no_deeper_than(std::string_view text, std::size_t max_depth) {
    // The callback sees each value with its depth before the value is
    // built, so a deep document stops at the limit, not at its end.
    const auto limit = [max_depth](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
        if (static_cast<std::size_t>(depth) > max_depth)
            throw Error(fmt::format("nested deeper than {} levels", max_depth));
        return true;
    };
    return nlohmann::json::parse(text.begin(), text.end(), limit);
}

}  // namespace infra
