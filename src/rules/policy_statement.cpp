#include "infra/rules/policy_statement.hpp"

#include <cctype>

namespace infra::rules {

bool iam_pattern_matches(std::string_view pattern, std::string_view text) {
    // Iterative wildcard match with backtracking to the last '*': linear
    // enough for policy-sized strings.
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    const auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || same(pattern[p], text[t]))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool PolicyStatement::grants(std::string_view action) const {
    for (const auto& a : actions)
        if (iam_pattern_matches(a, action)) return true;
    if (!not_actions.empty()) {
        for (const auto& a : not_actions)
            if (iam_pattern_matches(a, action)) return false;
        return true;
    }
    return false;
}

bool PolicyStatement::on_any_resource() const {
    for (const auto& r : resources)
        if (r == "*") return true;
    return false;
}

}  // namespace infra::rules
