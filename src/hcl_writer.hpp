// The HCL (native syntax) equivalent of a synthesized .tf.json document,
// formatted as `terraform fmt` would: for people who want to read the
// configuration or hand over plain Terraform. JSON cannot tell a nested block
// from an attribute holding an object; the provider schema can, so blocks
// are written as blocks where the schema says so.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace infra {

class SchemaRegistry;

// `schemas` may be null: then a list of objects is written as an attribute.
std::string to_hcl(const nlohmann::json& document, const SchemaRegistry* schemas);

}  // namespace infra
