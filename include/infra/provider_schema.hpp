// The schema of a provider's resources and data sources as static tables:
// what `terraform providers schema -json` says, reduced to what validation
// needs. Generated bindings define these tables as constants (nothing is
// parsed or built at start-up, and a synth pays only for the types it
// looks up); schema_validator.hpp checks resources against them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace infra::schema {

// How a nested block (or a nested attribute's objects) may appear.
enum class Nesting : std::uint8_t {
    Single,  // at most one block, written as an object
    Group,   // like Single, but always present (its attributes default)
    List,    // an ordered list of blocks
    Set,     // an unordered set of blocks
    Map,     // blocks keyed by a label
};

const char* nesting_name(Nesting nesting);

enum AttributeFlag : std::uint8_t {
    kRequired = 1 << 0,
    kOptional = 1 << 1,
    kComputed = 1 << 2,
    kDeprecated = 1 << 3,
    kSensitive = 1 << 4,
    kWriteOnly = 1 << 5,
};

struct NestedAttributes;
struct Block;

struct Attribute {
    std::string_view name;
    // The value type in the notation of schema_type.hpp ("s", "Ls",
    // "O{port:n}"); empty when the attribute has `nested` object attributes.
    std::string_view type;
    std::uint8_t flags;
    const NestedAttributes* nested;

    bool required() const { return (flags & kRequired) != 0; }
    bool optional() const { return (flags & kOptional) != 0; }
    bool computed() const { return (flags & kComputed) != 0; }
    bool deprecated() const { return (flags & kDeprecated) != 0; }
    bool write_only() const { return (flags & kWriteOnly) != 0; }
    // Set by the provider only: configuration may not set it.
    bool read_only() const { return computed() && !optional() && !required(); }
};

// The objects of an attribute with a `nested_type` (providers built on the
// plugin framework).
struct NestedAttributes {
    Nesting nesting;
    std::span<const Attribute> attributes;  // sorted by name
};

struct BlockType {
    std::string_view name;
    Nesting nesting;
    std::uint32_t min_items;
    std::uint32_t max_items;  // 0: no limit
    const Block* block;
};

struct Block {
    std::span<const Attribute> attributes;   // sorted by name
    std::span<const BlockType> block_types;  // sorted by name
    bool deprecated;
};

struct TypeSchema {
    std::string_view name;  // "aws_vpc"
    const Block* block;
};

struct ProviderSchema {
    std::string_view name;    // "aws": the prefix of its type names
    std::string_view source;  // "registry.terraform.io/hashicorp/aws"
    std::span<const TypeSchema> resources;     // sorted by name
    std::span<const TypeSchema> data_sources;  // sorted by name
};

// Binary searches over the sorted tables; nullptr when absent.
const Attribute* find_attribute(std::span<const Attribute> attributes, std::string_view name);
const BlockType* find_block_type(const Block& block, std::string_view name);
const TypeSchema* find_type(std::span<const TypeSchema> types, std::string_view name);

}  // namespace infra::schema
