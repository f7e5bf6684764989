#include "naming/region_name.hpp"

namespace crud_api::modules {

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_region_name(std::string_view region) {
    const auto last_dash = region.rfind('-');
    if (region.size() < 2 || !is_lower(region[0]) || !is_lower(region[1]) || last_dash == std::string_view::npos ||
        last_dash == region.size() - 1)
        return false;
    for (char c : region.substr(last_dash + 1))
        if (!is_digit(c)) return false;
    std::string_view middle = region.substr(2, last_dash - 2);  // "-east", "-gov-west"
    if (middle.empty()) return false;
    while (!middle.empty()) {
        if (middle.front() != '-') return false;
        middle.remove_prefix(1);
        std::size_t letters = 0;
        while (letters < middle.size() && is_lower(middle[letters])) ++letters;
        if (letters == 0) return false;
        middle.remove_prefix(letters);
    }
    return true;
}

}  // namespace crud_api::modules
