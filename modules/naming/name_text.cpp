#include "naming/name_text.hpp"

#include <algorithm>

namespace infra::modules {

bool is_name_text(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

}  // namespace infra::modules
