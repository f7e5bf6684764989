#include "naming/iam_role_name.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace crud_api::modules {

namespace {

bool is_role_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("+=,.@_-").find(c) != std::string_view::npos;
}

}  // namespace

std::string iam_role_name_problem(std::string_view prop, const std::string& name) {
    if (name.empty() || name.size() > kIamRoleNameLimit || !std::all_of(name.begin(), name.end(), is_role_name_char))
        return fmt::format("{} \"{}\" must be 1 to {} letters, digits or \"+=,.@_-\" (IAM role names)", prop, name,
                           kIamRoleNameLimit);
    return {};
}

}  // namespace crud_api::modules
