#include "infra/tagging.hpp"

#include "infra/construct.hpp"
#include "infra/expression.hpp"
#include "infra/resource.hpp"
#include "infra/schema_registry.hpp"

namespace infra {

namespace {

bool taggable(const Resource& resource, const SchemaRegistry& schemas) {
    const schema::Block* block = schemas.find(ElementKind::Resource, resource.terraform_type());
    if (block == nullptr) return false;
    const schema::Attribute* tags = schema::find_attribute(block->attributes, "tags");
    return tags != nullptr && !tags->read_only();
}

}  // namespace

std::shared_ptr<Aspect> tag_every_taggable(Value::Map tags, const SchemaRegistry& schemas) {
    return make_aspect([tags = std::move(tags), schemas = &schemas](Construct& node) {
        auto* resource = dynamic_cast<Resource*>(&node);
        if (resource == nullptr || !taggable(*resource, *schemas)) return;
        const Value* own = resource->get("tags");
        if (own == nullptr || own->is_null()) {
            resource->set("tags", Value(tags));
        } else if (own->kind() == Value::Kind::Map) {
            Value::Map merged = tags;
            for (const auto& [key, value] : own->as_map()) merged.insert_or_assign(key, value);
            resource->set("tags", Value(std::move(merged)));
        } else {
            // An expression (a variable, a merge() of its own): Terraform merges,
            // the resource's keys last so they win.
            resource->set("tags", Value(expr::call("merge", {Value(tags), *own})));
        }
    });
}

}  // namespace infra
