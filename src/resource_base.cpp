#include "infra/resource_base.hpp"

#include <fmt/format.h>

#include <mutex>
#include <set>

#include "infra/error.hpp"
#include "infra/provider.hpp"
#include "infra/source_location.hpp"

namespace infra {

namespace {

// The one copy of a type name, for the life of the process.
const std::string* shared_type_name(std::string type) {
    static std::mutex mutex;
    static std::set<std::string, std::less<>> names;  // nodes stay put
    const std::lock_guard lock(mutex);
    return &*names.insert(std::move(type)).first;
}

}  // namespace

// Moving a Scope moves its id; where() stays readable.
ResourceBase::ResourceBase(Scope scope, ElementKind kind, std::string type)
    : TerraformElement(std::move(scope), kind), type_(shared_type_name(std::move(type))) {
    if (type_->empty())
        throw Error(with_location(fmt::format("{}: {} type must not be empty", path(), element_kind_name(kind)),
                                  scope.where()));
}

void ResourceBase::set(std::string_view name, Value value) {
    auto it = arguments_.find(name);
    if (it == arguments_.end()) arguments_.emplace(std::string(name), std::move(value));
    else it->second = std::move(value);
}

void ResourceBase::unset(std::string_view name) {
    auto it = arguments_.find(name);
    if (it != arguments_.end()) arguments_.erase(it);
}

const Value* ResourceBase::get(std::string_view name) const {
    auto it = arguments_.find(name);
    return it == arguments_.end() ? nullptr : &it->second;
}

Expr ResourceBase::attr(std::string name) const { return expr::ref(*this, std::move(name)); }

void ResourceBase::set_count(Num count) {
    if (for_each_) throw Error(fmt::format("{}: count and for_each cannot both be set", path()));
    count_ = std::make_unique<Value>(count.value());
}

void ResourceBase::set_for_each(Value collection) {
    if (count_) throw Error(fmt::format("{}: count and for_each cannot both be set", path()));
    for_each_ = std::make_unique<Value>(std::move(collection));
}

void ResourceBase::set_provider(const Provider& provider) {
    if (&provider.stack() != &stack())
        throw Error(fmt::format("{}: provider {} belongs to another stack", path(), provider.path()));
    provider_ = &provider;
}

Value::Map ResourceBase::body() const {
    BodyView view;
    fill_body_view(view);
    return view.to_map();
}

void ResourceBase::fill_body_view(BodyView& view) const {
    view.borrow(arguments_);
    // "//" holds the construct path, so a terraform error on an address leads
    // back to the construct. An argument the user named "//" wins.
    view.set_path_metadata("//", *this);
    if (count_) view.set_borrowed("count", *count_, true);
    if (for_each_) view.set_borrowed("for_each", *for_each_, true);
    if (provider_) view.set_owned("provider", provider_->provider_reference(), true);
    if (!explicit_dependencies().empty()) {
        Value::List deps;
        for (const TerraformElement* d : explicit_dependencies()) {
            if (d->reference_prefix().empty() || d->element_kind() == ElementKind::Variable ||
                d->element_kind() == ElementKind::Local)
                throw Error(fmt::format("{}: depends_on {} ({}): only resources and data sources can be depended on",
                                        path(), d->path(), element_kind_name(d->element_kind())));
            if (d->stack_or_null() != stack_or_null())
                throw Error(fmt::format("{}: depends_on {} crosses stacks; stacks are ordered with "
                                        "Stack::add_stack_dependency instead",
                                        path(), d->path()));
            deps.emplace_back(d->reference_prefix());
        }
        view.set_owned("depends_on", std::move(deps), true);
    }
    Value::Map meta;
    add_meta_arguments(meta);
    for (auto& [key, value] : meta) view.set_owned(key, std::move(value), true);
}

}  // namespace infra
