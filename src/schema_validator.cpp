#include "schema_validator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "infra/body_view.hpp"
#include "did_you_mean.hpp"
#include "infra/expression.hpp"
#include "infra/resource_base.hpp"
#include "infra/schema_registry.hpp"
#include "infra/schema_type.hpp"
#include "infra/stack.hpp"

namespace infra {

namespace {

// Keys of a resource or data source body that are Terraform's, not the
// provider's: never in a provider schema, so never checked against one.
bool is_meta_argument(ElementKind kind, std::string_view key) {
    static constexpr std::string_view kShared[] = {"//", "count", "depends_on", "for_each", "lifecycle", "provider"};
    if (std::find(std::begin(kShared), std::end(kShared), key) != std::end(kShared)) return true;
    return kind == ElementKind::Resource && (key == "connection" || key == "provisioner");
}

bool is_object(const Value& v) { return v.kind() == Value::Kind::Map; }

// A resource's own body is read through a BodyView (no copy of its
// arguments); nested blocks and objects are Value maps. The checks below
// take either.
template <class F>
void for_each_entry(const Value::Map& body, F&& f) {
    for (const auto& [key, value] : body) f(std::string_view(key), value);
}
template <class F>
void for_each_entry(const BodyView& body, F&& f) {
    for (const auto& entry : body.entries()) f(entry.key, *entry.value);
}
const Value* find_entry(const Value::Map& body, std::string_view key) {
    auto it = body.find(key);
    return it == body.end() ? nullptr : &it->second;
}
const Value* find_entry(const BodyView& body, std::string_view key) { return body.find(key); }

bool looks_like_blocks(const Value& v) {
    if (is_object(v)) return true;
    if (v.kind() != Value::Kind::List || v.as_list().empty()) return false;
    return std::all_of(v.as_list().begin(), v.as_list().end(), is_object);
}

std::string element_label(const TerraformElement& e) {
    std::string address;
    if (auto* r = dynamic_cast<const ResourceBase*>(&e)) address = r->address();
    else if (e.element_kind() == ElementKind::Output) address = "output." + e.logical_id();
    else if (!e.reference_prefix().empty()) address = e.reference_prefix();
    else address = e.id_namespace();
    return fmt::format("{} ({})", e.path(), address);
}

// The attribute a reference path starts with, past instance keys:
// "id" for "id", "0.id", "[0].id" and "[\"a\"].tags.Name".
std::string_view first_attribute(std::string_view path) {
    while (!path.empty()) {
        if (path.front() == '[') {
            const auto close = path.find(']');
            if (close == std::string_view::npos) return {};
            path.remove_prefix(close + 1);
        } else {
            const auto end = std::min(path.find_first_of(".["), path.size());
            const std::string_view segment = path.substr(0, end);
            if (segment.empty() || !std::all_of(segment.begin(), segment.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return segment;
            path.remove_prefix(end);
        }
        if (!path.empty() && path.front() == '.') path.remove_prefix(1);
    }
    return {};
}

class ElementChecker {
public:
    ElementChecker(const TerraformElement& element, SchemaValidationReport& report)
        : element_(element), report_(report) {}

    void error(std::string message) { report_.errors.push_back({Severity::Error, label(), std::move(message)}); }
    void warning(std::string message) {
        report_.warnings.push_back({Severity::Warning, label(), std::move(message)});
    }

    // The body of a block (or of the resource itself when `kind` is set).
    template <class Body>
    void check_block(const Body& body, const schema::Block& block, const std::string& prefix,
                     std::optional<ElementKind> kind) {
        for_each_entry(body, [&](std::string_view key, const Value& value) {
            if (kind && is_meta_argument(*kind, key)) return;
            if (value.is_null()) return;  // null is the same as leaving it out
            const std::string name = std::string(prefix).append(key);
            if (const schema::Attribute* a = schema::find_attribute(block.attributes, key)) {
                check_attribute(value, *a, name);
            } else if (const schema::BlockType* b = schema::find_block_type(block, key)) {
                if (b->block->deprecated) warning(fmt::format("block \"{}\" is deprecated", name));
                check_block_type(value, *b, name);
            } else if (key != "dynamic") {  // dynamic blocks are Terraform's; their content is generated at plan
                unknown_key(key, value, block, prefix);
            }
        });
        check_required(body, block.attributes, prefix);
        for (const schema::BlockType& b : block.block_types) {
            if (b.min_items == 0) continue;
            const Value* value = find_entry(body, b.name);
            if (value == nullptr || value->is_null())
                error(fmt::format("too few \"{}{}\" blocks: at least {} required, got 0", prefix, b.name, b.min_items));
        }
    }

private:
    void unknown_key(std::string_view key, const Value& value, const schema::Block& block, const std::string& prefix) {
        std::vector<std::string_view> candidates;
        for (const auto& a : block.attributes)
            if (!a.read_only()) candidates.push_back(a.name);
        for (const auto& b : block.block_types) candidates.push_back(b.name);
        const auto match = closest_match(key, candidates);
        const bool as_block = match ? schema::find_block_type(block, *match) != nullptr : looks_like_blocks(value);
        error(fmt::format("unknown {} \"{}{}\"{}", as_block ? "block" : "argument", prefix, key,
                          match ? fmt::format("; did you mean \"{}{}\"?", prefix, *match) : std::string()));
    }

    template <class Body>
    void check_required(const Body& body, std::span<const schema::Attribute> attributes, const std::string& prefix) {
        for (const schema::Attribute& a : attributes) {
            if (!a.required()) continue;
            const Value* value = find_entry(body, a.name);
            if (value == nullptr || value->is_null())
                error(fmt::format("missing required argument \"{}{}\"", prefix, a.name));
        }
    }

    void check_attribute(const Value& value, const schema::Attribute& a, const std::string& name) {
        if (a.read_only()) {
            error(fmt::format("argument \"{}\" is read-only: the provider computes it", name));
            return;
        }
        if (a.deprecated()) warning(fmt::format("argument \"{}\" is deprecated", name));
        if (a.nested != nullptr) {
            check_nested_attribute(value, *a.nested, name);
            return;
        }
        if (auto m = schema::literal_type_mismatch(value, a.type))
            error(fmt::format("wrong type for argument \"{}{}\": {}", name, m->where, m->message));
    }

    void check_object(const Value::Map& body, std::span<const schema::Attribute> attributes, const std::string& prefix) {
        for (const auto& [key, value] : body) {
            if (value.is_null()) continue;
            if (const schema::Attribute* a = schema::find_attribute(attributes, key)) {
                check_attribute(value, *a, prefix + key);
                continue;
            }
            std::vector<std::string_view> candidates;
            for (const auto& a : attributes)
                if (!a.read_only()) candidates.push_back(a.name);
            const auto match = closest_match(key, candidates);
            error(fmt::format("unknown argument \"{}{}\"{}", prefix, key,
                              match ? fmt::format("; did you mean \"{}{}\"?", prefix, *match) : std::string()));
        }
        check_required(body, attributes, prefix);
    }

    void check_nested_attribute(const Value& value, const schema::NestedAttributes& nested, const std::string& name) {
        if (value.is_expr()) return;
        const auto wrong = [&](const char* expected) {
            error(fmt::format("wrong type for argument \"{}\": expected {}, got {}", name, expected,
                              kind_name(value.kind())));
        };
        switch (nested.nesting) {
            case schema::Nesting::Single:
            case schema::Nesting::Group:
                if (!is_object(value)) return wrong("an object");
                check_object(value.as_map(), nested.attributes, name + ".");
                return;
            case schema::Nesting::List:
            case schema::Nesting::Set: {
                if (value.kind() != Value::Kind::List) return wrong("a list of objects");
                const auto& items = value.as_list();
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (items[i].is_expr() || items[i].is_null()) continue;
                    if (!is_object(items[i])) return wrong("a list of objects");
                    check_object(items[i].as_map(), nested.attributes, fmt::format("{}[{}].", name, i));
                }
                return;
            }
            case schema::Nesting::Map:
                if (!is_object(value)) return wrong("a map of objects");
                for (const auto& [label, item] : value.as_map()) {
                    if (item.is_expr() || item.is_null()) continue;
                    if (!is_object(item)) return wrong("a map of objects");
                    check_object(item.as_map(), nested.attributes, fmt::format("{}[\"{}\"].", name, label));
                }
                return;
        }
    }

    void check_block_type(const Value& value, const schema::BlockType& type, const std::string& name) {
        if (value.is_expr()) return;  // only known at plan
        if (type.nesting == schema::Nesting::Map) {
            if (!is_object(value)) {
                error(fmt::format("block \"{}\" must be an object of labelled blocks, got {}", name,
                                  kind_name(value.kind())));
                return;
            }
            for (const auto& [label, item] : value.as_map()) {
                if (item.is_expr()) continue;
                if (!is_object(item)) {
                    error(fmt::format("block \"{}.{}\" must be an object, got {}", name, label, kind_name(item.kind())));
                    continue;
                }
                check_block(item.as_map(), *type.block, fmt::format("{}.{}.", name, label), std::nullopt);
            }
            return;
        }

        // Single, group, list and set blocks: one object, or a list of them.
        std::vector<const Value*> items;
        if (is_object(value)) {
            items.push_back(&value);
        } else if (value.kind() == Value::Kind::List) {
            for (const Value& item : value.as_list()) items.push_back(&item);
        } else {
            error(fmt::format("block \"{}\" must be an object or a list of objects, got {}", name,
                              kind_name(value.kind())));
            return;
        }
        const bool single = type.nesting == schema::Nesting::Single || type.nesting == schema::Nesting::Group;
        const std::size_t max = single ? 1 : type.max_items;
        if (max > 0 && items.size() > max)
            error(fmt::format("too many \"{}\" blocks: at most {} allowed, got {}", name, max, items.size()));
        if (items.size() < type.min_items)
            error(fmt::format("too few \"{}\" blocks: at least {} required, got {}", name, type.min_items,
                              items.size()));
        for (std::size_t i = 0; i < items.size(); ++i) {
            const Value& item = *items[i];
            if (item.is_expr()) continue;
            if (!is_object(item)) {
                error(fmt::format("block \"{}\" must be an object or a list of objects, got a list holding a {}",
                                  name, kind_name(item.kind())));
                continue;
            }
            const std::string prefix = items.size() > 1 ? fmt::format("{}[{}].", name, i) : name + ".";
            check_block(item.as_map(), *type.block, prefix, std::nullopt);
        }
    }

    // Built on the first message only: nearly every element has none, and a
    // label per element was a good part of validating a large stack.
    const std::string& label() {
        if (label_.empty()) label_ = element_label(element_);
        return label_;
    }

    const TerraformElement& element_;
    std::string label_;
    SchemaValidationReport& report_;
};

// Every reference in `value` to an attribute the target's type does not have.
void check_references(const Value& value, const SchemaRegistry& schemas, ElementChecker& checker) {
    switch (value.kind()) {
        case Value::Kind::List:
            for (const Value& item : value.as_list()) check_references(item, schemas, checker);
            return;
        case Value::Kind::Map:
            for (const auto& [key, item] : value.as_map())
                if (key != "//") check_references(item, schemas, checker);
            return;
        case Value::Kind::Expr: {
            const ExprNode& node = value.as_expr().node();
            if (node.kind == ExprNode::Kind::Reference && node.target != nullptr) {
                if (auto* target = dynamic_cast<const ResourceBase*>(node.target)) {
                    const schema::Block* block = schemas.find(target->element_kind(), target->terraform_type());
                    const std::string_view attribute = first_attribute(node.text);
                    if (block != nullptr && !attribute.empty() &&
                        schema::find_attribute(block->attributes, attribute) == nullptr &&
                        schema::find_block_type(*block, attribute) == nullptr) {
                        std::vector<std::string_view> candidates;
                        for (const auto& a : block->attributes) candidates.push_back(a.name);
                        for (const auto& b : block->block_types) candidates.push_back(b.name);
                        checker.error(fmt::format("reference to \"{}.{}\": {} has no attribute \"{}\"{}",
                                                  target->address(), node.text, target->terraform_type(), attribute,
                                                  did_you_mean(attribute, candidates)));
                    }
                }
            }
            for (const Value& operand : node.operands) check_references(operand, schemas, checker);
            return;
        }
        default:
            return;
    }
}

}  // namespace

SchemaValidationReport validate_against_schemas(Stack& stack, const SchemaRegistry& schemas) {
    SchemaValidationReport report;
    std::set<std::string> unvalidated;
    BodyView body;  // reused: its buffers serve every element
    walk(stack, [&](Construct& c) {
        const TerraformElement* element = c.as_element();
        if (element == nullptr) return;
        ElementChecker checker(*element, report);
        element->view_rendered_body(body);
        // The body's entries one by one, as check_references would walk
        // Value(body), without a copy of the body.
        for (const auto& entry : body.entries())
            if (entry.key != "//") check_references(*entry.value, schemas, checker);

        if (element->element_kind() != ElementKind::Resource && element->element_kind() != ElementKind::DataSource)
            return;
        const auto* resource = static_cast<const ResourceBase*>(element);
        const ElementKind kind = resource->element_kind();
        const std::string& type = resource->terraform_type();
        const schema::ProviderSchema* provider = schemas.provider_of(type);
        if (provider == nullptr) {
            unvalidated.insert(type);
            return;
        }
        const schema::Block* block = schemas.find(kind, type);
        if (block == nullptr) {
            std::vector<std::string_view> candidates;
            for (const auto* registered : schemas.providers())
                if (registered->name == provider->name)
                    for (const auto& t : types_of(*registered, kind)) candidates.push_back(t.name);
            checker.error(fmt::format("unknown {} type \"{}\" (not in the registered schema of provider {}){}",
                                      kind == ElementKind::Resource ? "resource" : "data source", type,
                                      provider->name, did_you_mean(type, candidates)));
            return;
        }
        if (block->deprecated)
            checker.warning(fmt::format("{} type \"{}\" is deprecated",
                                        kind == ElementKind::Resource ? "resource" : "data source", type));
        checker.check_block(body, *block, "", kind);
    });
    report.unvalidated_types.assign(unvalidated.begin(), unvalidated.end());
    return report;
}

}  // namespace infra
