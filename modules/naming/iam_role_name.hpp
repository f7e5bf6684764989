// What IAM accepts as a role name, for the modules whose props name a role
// outright (the GitHub deploy and plan roles, API Gateway's logging role)
// and those that build role names from a prefix.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crud_api::modules {

inline constexpr std::size_t kIamRoleNameLimit = 64;

// Why `name`, the value of the prop `prop`, is not an IAM role name (1 to 64
// letters, digits or "+=,.@_-"), in one line that begins with the prop, or
// "" when it is one.
std::string iam_role_name_problem(std::string_view prop, const std::string& name);

}  // namespace crud_api::modules
