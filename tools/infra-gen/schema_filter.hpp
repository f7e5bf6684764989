// The filter mode of infra-gen: the part of a providers-schema document that
// a project uses (the types of its type list), in the same format, so the
// repository keeps a small schema that anyone can regenerate from a fresh
// `terraform providers schema -json`.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "schema_model.hpp"
#include "type_list.hpp"

namespace infra::gen {

// `doc` reduced to the listed types: each provider that has any keeps its
// `provider` block and the listed resource and data source types, nothing
// else. `doc` must be the document `schema` was parsed from (which checked
// its shape); unknown types throw as select_types() does.
nlohmann::json filter_schema(const nlohmann::json& doc, const SchemaDocument& schema, const TypeList& list);

// The filtered document as written to disk: one attribute or type a line is
// too long for this file's purpose, so the text is compact JSON with a
// newline after each type, which keeps diffs of a regenerated schema small.
std::string format_filtered_schema(const nlohmann::json& filtered);

}  // namespace infra::gen
