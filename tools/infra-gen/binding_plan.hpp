// The C++ shape of the generated bindings, decided once so that the header,
// the source and the schema tables agree: class, struct and member names,
// member types in declaration order, getters, file paths.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "schema_model.hpp"
#include "type_list.hpp"

namespace infra::gen {

struct StructPlan;

// How an Args member holds its value.
enum class Holder {
    Required,  // infra::Required<T, "name">: must be given, or the code does not compile
    Optional,  // std::optional<T>
    Plain,     // T itself, empty by default (a list or map of blocks: none is none)
};

// What it holds.
enum class Content {
    Value,         // a typed value: Str, List<Str>, infra::Value, ...
    Struct,        // one block or nested object
    StructVector,  // blocks or nested objects in a list or set
    StructMap,     // blocks or nested objects by label
};

struct MemberPlan {
    std::string terraform_name;
    std::string cpp_name;
    Holder holder = Holder::Optional;
    Content content = Content::Value;
    std::string value_type;                 // for Content::Value
    const StructPlan* structure = nullptr;  // for the other contents
    std::string cpp_type;                   // the declared type, in full
    bool deprecated = false;
    std::string description;
};

struct StructPlan {
    std::string name;       // "Ingress"
    std::string qualified;  // "SecurityGroupArgs::Ingress"
    std::string description;
    // In Terraform name order: the order designated initializers must follow.
    std::vector<MemberPlan> members;
    std::vector<std::unique_ptr<StructPlan>> nested;  // declared inside this one, in member order
};

struct GetterPlan {
    std::string terraform_name;
    std::string cpp_name;
    std::string return_type;
    bool deprecated = false;
    std::string description;
};

struct TypePlan {
    const TypeSchema* schema = nullptr;
    std::string class_name;     // "Vpc"
    std::string attributes_name;  // "VpcAttributes": the getters, on the element and on its instances
    std::string cpp_namespace;  // "infra::aws", or "infra::aws::data" for data sources
    std::string header_path;    // "infra/aws/vpc.hpp", relative to the include folder
    std::string source_path;    // "infra/aws/vpc.cpp", relative to the source folder
    std::string table_symbol;   // "resource_vpc": its schema table in <namespace>::schema_tables
    StructPlan args;            // "VpcArgs"
    std::vector<GetterPlan> getters;
    bool has_required = false;    // some member must be given: the constructor has no default Args
    bool has_deprecated = false;  // some member, at any depth, is deprecated
};

struct ProviderPlan {
    const ProviderSchema* provider = nullptr;
    std::string cpp_namespace;    // "infra::aws"
    std::string registry_header;  // "infra/aws/provider_schema.hpp"
    std::string registry_source;  // "infra/aws/provider_schema.cpp"
    std::vector<TypePlan> resources;
    std::vector<TypePlan> data_sources;
};

// The plan for the selected types of one provider, in `cpp_namespace`
// (its "::"-separated parts are also the include folder). Throws
// infra::Error when two types would get the same file.
ProviderPlan plan_provider(const ProviderSelection& selection, const std::string& cpp_namespace);

// The folder of a namespace's headers and sources: "infra::aws" -> "infra/aws".
std::string namespace_folder(const std::string& cpp_namespace);

}  // namespace infra::gen
