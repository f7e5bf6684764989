// A provider schema as `terraform providers schema -json` describes it, read
// into plain structs: providers, their resource and data source types, and
// for each type its block of attributes and nested block types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace infra::gen {

// An attribute's value type: "string", ["list", "string"], ["object", {...}], ...
struct TypeExpr {
    enum class Kind { String, Number, Bool, Dynamic, List, Set, Map, Object, Tuple };
    Kind kind = Kind::Dynamic;
    std::vector<TypeExpr> elements;            // List, Set, Map: the element type; Tuple: each element; Object: each attribute
    std::vector<std::string> attribute_names;  // Object: parallel to `elements`
    std::vector<bool> attribute_optional;      // Object: parallel to `elements`
};

enum class Nesting { Single, Group, List, Set, Map };

struct NestedAttributes;

struct Attribute {
    std::string name;
    std::optional<TypeExpr> type;                    // absent when `nested` is set
    std::shared_ptr<const NestedAttributes> nested;  // `nested_type` (plugin framework providers)
    bool required = false;
    bool optional = false;
    bool computed = false;
    bool deprecated = false;
    bool sensitive = false;
    bool write_only = false;
    std::string description;

    // Set by the provider only.
    bool read_only() const { return computed && !optional && !required; }
};

struct NestedAttributes {
    Nesting nesting = Nesting::Single;
    std::vector<Attribute> attributes;  // sorted by name
};

struct Block;

struct BlockType {
    std::string name;
    Nesting nesting = Nesting::Single;
    std::uint32_t min_items = 0;
    std::uint32_t max_items = 0;  // 0: no limit
    std::shared_ptr<const Block> block;
};

struct Block {
    std::vector<Attribute> attributes;   // sorted by name
    std::vector<BlockType> block_types;  // sorted by name
    std::string description;
    bool deprecated = false;
};

enum class TypeKind { Resource, DataSource };

struct TypeSchema {
    std::string name;  // "aws_vpc"
    TypeKind kind = TypeKind::Resource;
    Block block;
};

struct ProviderSchema {
    std::string source;  // "registry.terraform.io/hashicorp/aws"
    std::string name;    // "aws": the last part of the source
    std::vector<TypeSchema> resources;     // sorted by name
    std::vector<TypeSchema> data_sources;  // sorted by name

    const std::vector<TypeSchema>& types(TypeKind kind) const {
        return kind == TypeKind::Resource ? resources : data_sources;
    }
};

struct SchemaDocument {
    std::string file;  // where it was read from, for messages
    std::vector<ProviderSchema> providers;  // sorted by source
};

const char* type_kind_name(TypeKind kind);  // "resource", "data source"

}  // namespace infra::gen
