#include "infra/stack.hpp"

#include <fmt/format.h>

#include "infra/error.hpp"
#include "logical_id.hpp"
#include "infra/resource_base.hpp"
#include "infra/source_location.hpp"

namespace infra {

// Moving a Scope moves its id; where() stays readable.
Stack::Stack(Scope scope) : Construct(std::move(scope)) {
    if (parent() == nullptr || parent()->parent() != nullptr || stack_or_null() != nullptr)
        throw Error(with_location(fmt::format("{}: a stack must be a direct child of the app", path()), scope.where()));
    if (!is_valid_logical_id(construct_id()))
        throw Error(with_location(fmt::format("stack name \"{}\" must start with a letter or '_' and hold only letters, "
                                              "digits, '_' or '-'",
                                              construct_id()),
                                  scope.where()));
    become_stack(this);
}

std::string Stack::required_version() const {
    if (required_version_) return *required_version_;
    const auto* s3 = backend_ ? std::get_if<S3Backend>(&*backend_) : nullptr;
    return s3 != nullptr && s3->use_lockfile ? ">= 1.10" : ">= 1.6";
}

void Stack::add_stack_dependency(const Stack& other) {
    if (&other == this) throw Error(fmt::format("{}: a stack cannot depend on itself", name()));
    for (const Stack* s : stack_dependencies_)
        if (s == &other) return;
    stack_dependencies_.push_back(&other);
}

const TerraformElement* Stack::remote_state_of(const Stack& source) const {
    for (const auto& [s, element] : remote_states_)
        if (s == &source) return element;
    return nullptr;
}

void Stack::set_remote_state(const Stack& source, const TerraformElement& data_source) {
    for (auto& [s, element] : remote_states_)
        if (s == &source) {
            element = &data_source;
            return;
        }
    remote_states_.emplace_back(&source, &data_source);
}

void Stack::add_moved(std::string from_address, const ResourceBase& to) {
    if (&to.stack() != this)
        throw Error(fmt::format("{}: moved block target {} is in another stack", name(), to.path()));
    moved_.push_back({std::move(from_address), &to});
}

void Stack::add_import(const ResourceBase& to, Value cloud_id) {
    if (&to.stack() != this)
        throw Error(fmt::format("{}: import block target {} is in another stack", name(), to.path()));
    imports_.push_back({&to, std::move(cloud_id)});
}

}  // namespace infra
