// Reads the output of `terraform providers schema -json` into the schema
// model. Anything that does not have the expected shape is an infra::Error
// naming the file and the JSON path: "aws.json: provider_schemas[...]
// .resource_schemas.aws_vpc.block.attributes.arn: \"type\" is missing".
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "schema_model.hpp"

namespace infra::gen {

// Parses a JSON text; `file` names it in messages ("-" for standard input).
nlohmann::json parse_json_text(const std::string& text, const std::string& file);

// Reads and parses a JSON file, or standard input when `file` is "-".
nlohmann::json read_json_file(const std::string& file);

// The schema model of a parsed providers-schema document.
SchemaDocument parse_schema(const nlohmann::json& doc, const std::string& file);

}  // namespace infra::gen
