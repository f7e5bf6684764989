// The prefix a module starts the AWS names it builds with ("<prefix>-api",
// "<prefix>-lambda-role"), checked by one rule so that every module refuses
// a bad prefix with the same words: the prop is set, holds only characters
// the names accept, and leaves each name within AWS's limit for it, which
// is otherwise found only at `terraform apply`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace crud_api::modules {

// A name the module builds from the prefix, what the message calls it, and
// the most characters AWS accepts for it, e.g.
// {"role name", "cloud-serverless-rds-dev-lambda-role", 64}.
struct PrefixedName {
    std::string kind;
    std::string name;
    std::size_t limit;
};

enum class PrefixCharacters {
    // Letters, digits and '-' (is_name_text): IAM, Lambda, EC2, API Gateway.
    name_text,
    // RDS identifiers (is_rds_identifier_text): the Database module names
    // its cluster, instances and proxy with the prefix.
    rds_identifier,
};

struct NamePrefixRule {
    // The prop, as the message names it.
    std::string_view prop = "name_prefix";
    // A prefix the message suggests when the prop is empty.
    std::string_view example = "cloud-serverless-rds-dev";
    PrefixCharacters characters = PrefixCharacters::name_text;
    // The longest names built from the prefix (the others fit if these do).
    std::vector<PrefixedName> names{};
};

// Why `prefix` cannot start the module's names under `rule`, in one line
// that begins with the prop, e.g.
//   name_prefix "app dev" may hold only letters, digits and '-'
//   name_prefix "..." is too long: the role name "...-ci-tester" exceeds 64 characters
// or "" when it can.
std::string name_prefix_problem(const std::string& prefix, const NamePrefixRule& rule = {});

}  // namespace crud_api::modules
