// C++ names for Terraform names: snake_case members and getters that clash
// with no keyword, common macro or member of the binding's base classes
// (such clashes get a trailing '_': `namespace_`, `path_()`), and PascalCase
// class names (aws_s3_bucket -> S3Bucket).
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace infra::gen {

// A C++ keyword or alternative token ("and", "not"), or a name the C or C++
// standard library may define as a macro ("errno", "assert", "linux").
bool is_reserved_word(std::string_view name);

// The public and protected members of infra::Construct, TerraformElement,
// ResourceBase, Resource and DataSource (InstanceReference's are among
// them), and at() and splat(), which the binding's class declares: a getter
// of the same name would hide them (the bases say construct_id() and
// terraform_type() so that id() and type() stay free for attributes).
const std::set<std::string, std::less<>>& base_class_members();

// Any character that cannot be in an identifier becomes '_'; a leading digit
// gets a '_' in front.
std::string identifier(std::string_view name);

// An Args member for attribute or block `name`.
std::string member_name(std::string_view name);

// A getter of the resource class for attribute `name`.
std::string getter_name(std::string_view name);

// "s3_bucket_policy" -> "S3BucketPolicy".
std::string pascal_case(std::string_view snake);

// A type name without its provider prefix: "aws_s3_bucket" -> "s3_bucket"
// (the whole name when it does not start with "<provider>_").
std::string short_type_name(std::string_view type_name, std::string_view provider_name);

// Whether `ns` is a C++ namespace such as "infra::aws" (identifiers that are
// not reserved, joined by "::").
bool is_valid_namespace(std::string_view ns);

}  // namespace infra::gen
