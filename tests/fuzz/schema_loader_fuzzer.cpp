// Fuzz target: the provider schema loader behind `infra get --schema FILE`
// (the text of `terraform providers schema -json`), the binding generator
// it feeds, and the schema validator on the tables of what it loaded.
//
// Input: the schema file's text. Reading it and generating bindings either
// succeed or throw infra::Error (documented in schema_parser.hpp and
// binding_generator.hpp; `infra get` turns it into exit code 2). When the
// schema loads, a few of its types are validated twice:
//
//   - with a body built to satisfy the schema (every required argument with
//     a literal of its type, every block with its minimum count, a
//     reference to an attribute the target has): the validator must find no
//     error, or it rejects configurations terraform accepts;
//   - with a body of wrong kinds and unknown keys: it may report anything,
//     but must not crash.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>

#include "binding_generator.hpp"
#include "fuzz_input.hpp"
#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/error.hpp"
#include "infra/resource.hpp"
#include "infra/schema_registry.hpp"
#include "schema_validator.hpp"
#include "invariant.hpp"
#include "runtime_schema_tables.hpp"
#include "schema_parser.hpp"

namespace {

using infra::Value;
namespace gen = infra::gen;

// Types validated per kind and provider, and how deep conforming values
// nest: enough to reach every branch of the validator, bounded so one input
// stays fast.
constexpr std::size_t kTypesPerKind = 4;
constexpr int kMaxDepth = 6;

// Builds values that satisfy a schema. `complete` turns false when the
// schema cannot be satisfied within the depth bound, or at all (a single
// block with min_items above 1): the validator is then not held to
// accepting the result.
struct Conforming {
    bool complete = true;

    // A literal Terraform converts to `type` (schema_type.hpp's rules).
    Value of_type(const gen::TypeExpr& type, int depth) {
        using Kind = gen::TypeExpr::Kind;
        if (depth > kMaxDepth) return Value();  // null converts to anything
        switch (type.kind) {
            case Kind::String: return Value("text");
            case Kind::Number: return Value(42);
            case Kind::Bool: return Value(true);
            case Kind::Dynamic: return Value("anything");
            case Kind::List:
            case Kind::Set: return Value::List{of_type(type.elements.at(0), depth + 1)};
            case Kind::Map: return Value::Map{{"key", of_type(type.elements.at(0), depth + 1)}};
            case Kind::Tuple: {
                Value::List items;
                for (const auto& e : type.elements) items.push_back(of_type(e, depth + 1));
                return items;
            }
            case Kind::Object: {
                Value::Map object;
                for (std::size_t i = 0; i < type.elements.size(); ++i)
                    if (!type.attribute_optional[i])
                        object.emplace(type.attribute_names[i], of_type(type.elements[i], depth + 1));
                return object;
            }
        }
        return Value();
    }

    // `count` objects (or labelled objects), as a block or nested attribute
    // of this nesting is written.
    Value repeated(gen::Nesting nesting, const Value& object, std::uint32_t count) {
        switch (nesting) {
            case gen::Nesting::Single:
            case gen::Nesting::Group:
                if (count > 1) complete = false;
                return object;
            case gen::Nesting::List:
            case gen::Nesting::Set: return Value::List(count, object);
            case gen::Nesting::Map: {
                Value::Map labelled;
                for (std::uint32_t i = 0; i < count; ++i) labelled.emplace("label" + std::to_string(i), object);
                return labelled;
            }
        }
        return object;
    }

    Value attribute(const gen::Attribute& a, int depth) {
        if (a.nested == nullptr) return of_type(*a.type, depth);
        if (depth > kMaxDepth) {
            complete = false;
            return Value();
        }
        Value::Map object;
        for (const auto& inner : a.nested->attributes)
            if (inner.required) object.emplace(inner.name, attribute(inner, depth + 1));
        return repeated(a.nested->nesting, Value(std::move(object)), 1);
    }

    // Every required argument, at the top every optional one that is not
    // read-only too, and the minimum number of each block (one at the top).
    Value::Map body(const gen::Block& block, int depth) {
        Value::Map out;
        for (const auto& a : block.attributes)
            if (!a.read_only() && (a.required || depth == 0)) out.emplace(a.name, attribute(a, depth));
        for (const auto& t : block.block_types) {
            if (t.min_items == 0 && depth > 0) continue;
            if (depth >= kMaxDepth) {
                complete = false;
                continue;
            }
            const std::uint32_t count = std::max<std::uint32_t>(t.min_items, 1);
            out.emplace(t.name, repeated(t.nesting, Value(body(*t.block, depth + 1)), count));
        }
        return out;
    }
};

// Terraform's rule for names a reference can use: an identifier.
bool is_identifier(const std::string& name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; });
}

// Wrong kinds everywhere, and keys the schema does not have.
Value::Map wrong_body(const gen::Block& block) {
    Value::Map body;
    for (const auto& a : block.attributes) body.emplace(a.name, Value::List{Value::Map{{"x", Value::List{}}}});
    for (const auto& t : block.block_types) body.emplace(t.name, Value("not a block"));
    body.emplace("zz_not_in_the_schema", Value(1));
    if (!block.attributes.empty()) body.emplace(block.attributes.front().name + "x", Value("near miss"));
    return body;
}

void validate_types(const gen::SchemaDocument& document, const infra::fuzz::RuntimeSchemaTables& tables,
                    const infra::SchemaRegistry& registry) {
    infra::App app;
    auto& valid = app.add<infra::Stack>("valid");
    auto& wrong = app.add<infra::Stack>("wrong");
    bool complete = true;
    int n = 0;
    for (std::size_t p = 0; p < document.providers.size(); ++p) {
        const gen::ProviderSchema& provider = document.providers[p];
        // A later provider of the same name replaces this one in the registry.
        if (registry.provider_of(provider.name) != &tables.providers()[p]) continue;
        for (const auto kind : {gen::TypeKind::Resource, gen::TypeKind::DataSource}) {
            const auto element_kind =
                kind == gen::TypeKind::Resource ? infra::ElementKind::Resource : infra::ElementKind::DataSource;
            const auto& types = provider.types(kind);
            const infra::ResourceBase* previous = nullptr;
            const gen::TypeSchema* previous_type = nullptr;
            for (std::size_t i = 0; i < std::min(types.size(), kTypesPerKind); ++i) {
                const gen::TypeSchema& type = types[i];
                // Not named after its provider: terraform would not find it either.
                if (registry.find(element_kind, type.name) == nullptr) continue;
                const std::string id = "e" + std::to_string(n++);
                infra::ResourceBase* element = nullptr;
                infra::ResourceBase* bad = nullptr;
                if (kind == gen::TypeKind::Resource) {
                    element = &valid.add<infra::Resource>(id, type.name);
                    bad = &wrong.add<infra::Resource>(id, type.name);
                } else {
                    element = &valid.add<infra::DataSource>(id, type.name);
                    bad = &wrong.add<infra::DataSource>(id, type.name);
                }
                Conforming conforming;
                for (auto& [key, value] : conforming.body(type.block, 0)) element->set(key, std::move(value));
                complete = complete && conforming.complete;
                for (auto& [key, value] : wrong_body(type.block)) bad->set(key, std::move(value));
                // A reference to an attribute the previous type has, as the
                // value of an argument that takes anything.
                if (previous != nullptr && !previous_type->block.attributes.empty() &&
                    is_identifier(previous_type->block.attributes.front().name)) {
                    for (const auto& a : type.block.attributes)
                        if (!a.read_only() && a.type && a.type->kind == gen::TypeExpr::Kind::Dynamic) {
                            element->set(a.name, previous->attr(previous_type->block.attributes.front().name));
                            break;
                        }
                    bad->set("zz_reference", previous->attr("zz_missing_attribute"));
                }
                previous = element;
                previous_type = &type;
            }
        }
    }
    const infra::SchemaValidationReport report = infra::validate_against_schemas(valid, registry);
    if (complete && !report.errors.empty()) {
        std::string errors;
        for (const auto& e : report.errors) errors += infra::format_diagnostic(e) + "\n";
        infra::fuzz::invariant_failed("a body built to satisfy the schema does not validate", errors);
    }
    (void)infra::validate_against_schemas(wrong, registry);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(infra::fuzz::as_text(data, size));
    gen::SchemaDocument document;
    try {
        document = gen::parse_schema(gen::parse_json_text(text, "schema.json"), "schema.json");
        (void)gen::generate_bindings(document, gen::GenerateOptions{});
    } catch (const infra::Error&) {
        return 0;
    }
    // The generator accepted it, so the tables must build.
    const infra::fuzz::RuntimeSchemaTables tables(document);
    infra::SchemaRegistry registry;
    for (const auto& provider : tables.providers()) registry.add(provider);
    validate_types(document, tables, registry);
    return 0;
}
