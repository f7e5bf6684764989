#include "infra/binding_support.hpp"

namespace infra::binding {

void set_argument(ResourceBase& resource, std::string_view name, const Value& value) { resource.set(name, value); }

void add_field(Value::Map& block, std::string_view name, const Value& value) {
    block.insert_or_assign(std::string(name), value);
}

}  // namespace infra::binding
