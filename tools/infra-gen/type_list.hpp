// The list of resource and data source types a project uses
// (schemas/aws.types): one type a line, data sources written as
// `data.aws_region`, '#' starts a comment. Both the schema filter and the
// binding generator take it.
#pragma once

#include <string>
#include <vector>

#include "schema_model.hpp"

namespace infra::gen {

struct TypeList {
    struct Entry {
        std::string name;  // "aws_region"
        TypeKind kind = TypeKind::Resource;
        int line = 0;
    };
    std::string file;
    std::vector<Entry> entries;
};

// Reads a type list; throws infra::Error "FILE:LINE: ..." for a line that is
// not a type name or a type listed twice.
TypeList read_type_list(const std::string& file);
TypeList parse_type_list(const std::string& text, const std::string& file);

// The types of one provider that were chosen, in name order.
struct ProviderSelection {
    const ProviderSchema* provider = nullptr;
    std::vector<const TypeSchema*> resources;
    std::vector<const TypeSchema*> data_sources;
};

// The types `list` names, grouped by provider (providers with none left
// out); every type of every provider when `list` is null. A listed type that
// no provider has is an infra::Error naming the list file and line, with the
// nearest known name.
std::vector<ProviderSelection> select_types(const SchemaDocument& doc, const TypeList* list);

}  // namespace infra::gen
