#include "naming/name_text.hpp"

#include <algorithm>

namespace crud_api::modules {

bool is_name_text(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool is_rds_identifier_text(const std::string& s) {
    if (s.empty() || !(s.front() >= 'a' && s.front() <= 'z') || s.back() == '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && i > 0 && s[i - 1] == '-')) return false;
    }
    return true;
}

}  // namespace crud_api::modules
