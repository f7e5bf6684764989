// From a provider schema to the files of its typed bindings, in memory:
//   include/<ns>/<type>.hpp, include/<ns>/data/<type>.hpp    one header per type
//   src/<ns>/<type>.cpp,     src/<ns>/data/<type>.cpp        constructor and validation table
//   include/<ns>/provider_schema.hpp, src/<ns>/provider_schema.cpp   register_schemas()
// where <ns> is the C++ namespace as a folder ("infra/aws"). Nothing is
// written here (see generated_files.hpp), so bad input leaves no partial
// output behind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "schema_model.hpp"
#include "type_list.hpp"

namespace infra::gen {

struct GeneratedFile {
    std::string path;  // relative to the output folder: "include/infra/aws/vpc.hpp"
    std::string content;
};

struct GenerateOptions {
    // Only these types (every type of the schema when null).
    const TypeList* types = nullptr;
    // The C++ namespace, e.g. "infra::aws"; "infra::<provider>" by default.
    // Only for a schema (or type list) with one provider.
    std::optional<std::string> cpp_namespace;
};

// Throws infra::Error for an unknown type, a bad namespace, or names that
// would collide.
std::vector<GeneratedFile> generate_bindings(const SchemaDocument& schema, const GenerateOptions& options);

}  // namespace infra::gen
