// Tags on every taggable resource, the most common aspect:
//
//   app.add_aspect(infra::tag_every_taggable({{"Team", "web"}, {"CostCenter", "42"}}, catalog.schemas()));
//
// A resource is taggable when its type's schema (in `schemas`) has a `tags`
// argument configuration may set; others, and types with no schema there,
// are left alone. A resource's own tags win over these on the same key.
#pragma once

#include <memory>

#include "infra/aspect.hpp"
#include "infra/value.hpp"

namespace infra {

class SchemaRegistry;

// `schemas` must outlive the app the aspect is added to (a catalog's
// registry does).
std::shared_ptr<Aspect> tag_every_taggable(Value::Map tags, const SchemaRegistry& schemas);

}  // namespace infra
