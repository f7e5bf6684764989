#include "infra/output.hpp"

#include <fmt/format.h>

#include "infra/error.hpp"

namespace infra {

Output::Output(Scope scope, OutputConfig config)
    : TerraformElement(std::move(scope), ElementKind::Output), config_(std::move(config)) {}

Value::Map Output::body() const {
    Value::Map body;
    body.emplace("value", config_.value);
    if (!config_.description.empty()) body.emplace("description", config_.description);
    if (config_.sensitive) body.emplace("sensitive", true);
    if (!explicit_dependencies().empty()) {
        Value::List deps;
        for (const TerraformElement* d : explicit_dependencies()) {
            if (d->element_kind() != ElementKind::Resource && d->element_kind() != ElementKind::DataSource)
                throw Error(fmt::format("{}: depends_on {}: only resources and data sources can be depended on",
                                        path(), d->path()));
            if (d->stack_or_null() != stack_or_null())
                throw Error(fmt::format("{}: depends_on {} crosses stacks; stacks are ordered with "
                                        "Stack::add_stack_dependency instead",
                                        path(), d->path()));
            deps.emplace_back(d->reference_prefix());
        }
        body.emplace("depends_on", std::move(deps));
    }
    return body;
}

}  // namespace infra
