#include "database/aurora_constraints.hpp"

#include <fmt/format.h>

#include <charconv>
#include <string_view>

namespace crud_api::modules {

namespace {

bool is_lower_alnum(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool parse_number(std::string_view text, int& out) {
    if (text.empty() || text.size() > 4) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool is_pg_identifier(const std::string& s) {
    if (s.empty() || s.size() > 63) return false;
    const char first = s.front();
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

std::string database_name_problem(const std::string& name) {
    if (!is_pg_identifier(name))
        return fmt::format("\"{}\" must be 1 to 63 letters, digits or '_', starting with a letter", name);
    return {};
}

std::string role_name_problem(const std::string& name) {
    if (auto problem = database_name_problem(name); !problem.empty()) return problem;
    std::string lower;
    for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower.rfind("rds", 0) == 0 || lower.rfind("pg_", 0) == 0)
        return fmt::format("\"{}\" is reserved: RDS keeps names starting with \"rds\" and PostgreSQL those starting "
                           "with \"pg_\"",
                           name);
    return {};
}

std::string engine_version_problem(const std::string& version) {
    const auto dot = version.find('.');
    int major = 0;
    int minor = 0;
    if (dot == std::string::npos || !parse_number(std::string_view(version).substr(0, dot), major) ||
        !parse_number(std::string_view(version).substr(dot + 1), minor))
        return fmt::format("\"{}\" is not an Aurora PostgreSQL version such as \"17.5\"", version);
    // The first minor of each major that runs on Serverless v2.
    constexpr int kFirstMajor = 14;
    constexpr int kFirstMinors[] = {3, 2, 1, 4};  // 14.3, 15.2, 16.1, 17.4
    if (major < kFirstMajor)
        return fmt::format("\"{}\": PostgreSQL {} is past its standard support on Aurora; use 14.3 or later, e.g. "
                           "\"17.5\"",
                           version, major);
    const int index = major - kFirstMajor;
    if (index < 4 && minor < kFirstMinors[index])
        return fmt::format("\"{}\": Aurora Serverless v2 runs PostgreSQL {} from {}.{}", version, major, major,
                           kFirstMinors[index]);
    return {};
}

std::string instance_class_problem(const std::string& instance_class) {
    if (instance_class == "db.serverless") return {};
    const std::string_view c = instance_class;
    const auto second_dot = c.find('.', 3);
    if (c.rfind("db.", 0) != 0 || second_dot == std::string_view::npos ||
        !is_lower_alnum(c.substr(3, second_dot - 3)) || !is_lower_alnum(c.substr(second_dot + 1)))
        return fmt::format("\"{}\" is not an RDS instance class: db.serverless or one such as \"db.r6g.large\"",
                           instance_class);
    return {};
}

}  // namespace crud_api::modules
