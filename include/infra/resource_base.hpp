// What resources and data sources share: a Terraform type, arguments, and the
// meta-arguments (depends_on, count, for_each, provider). Generated bindings
// derive from Resource and DataSource; the raw API (set/attr) is the escape
// hatch for anything the bindings do not cover.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/expression.hpp"
#include "infra/instance_reference.hpp"
#include "infra/terraform_element.hpp"
#include "infra/typed_values.hpp"

namespace infra {

class Provider;

class ResourceBase : public TerraformElement {
public:
    ResourceBase(Scope scope, ElementKind kind, std::string type);

    // "aws_vpc". (Not `type()`: some resources have a `type` attribute.)
    const std::string& terraform_type() const { return *type_; }
    // "aws_vpc.network_vpc" or "data.aws_region.current".
    std::string address() const { return reference_prefix(); }

    // Arguments.
    void set(std::string_view name, Value value);
    void unset(std::string_view name);
    const Value* get(std::string_view name) const;
    const Value::Map& arguments() const { return arguments_; }

    // A reference to an attribute of this element, e.g. attr("id").
    Expr attr(std::string name) const;
    Str str_attr(std::string name) const { return Str(attr(std::move(name))); }
    Num num_attr(std::string name) const { return Num(attr(std::move(name))); }
    Bool bool_attr(std::string name) const { return Bool(attr(std::move(name))); }

    // Meta-arguments.
    void depends_on(const TerraformElement& other) { add_dependency(other); }
    void set_count(Num count);
    void set_for_each(Value collection);
    bool has_count() const { return count_ != nullptr; }
    bool has_for_each() const { return for_each_ != nullptr; }
    void set_provider(const Provider& provider);
    const Provider* provider() const { return provider_; }

    // With count or for_each, Terraform knows this element only by instance:
    // a reference to an attribute names one instance, at(0) or at("a") (or
    // an expression: at(expr::each_key())), or all of them, splat(). See
    // instance_reference.hpp; generated bindings return the same with their
    // typed getters. Set count or for_each first: without either these
    // throw infra::Error, as does an index for for_each or a key for count.
    InstanceReference at(const Value& key) const { return InstanceReference(*this, key); }
    InstanceReference splat() const { return InstanceReference(*this); }

    // The arguments plus the meta-arguments and the construct path metadata.
    // Defined through fill_body_view, so a copy and a view always agree.
    Value::Map body() const override;

protected:
    // Meta-arguments that only resources have go here; an entry added to the
    // map replaces an argument of the same name.
    virtual void add_meta_arguments(Value::Map&) const {}
    // Borrows the arguments and count/for_each; makes only the few values
    // that are not stored (path metadata, provider, depends_on).
    void fill_body_view(BodyView& view) const override;

private:
    // Shared by every element of the type (resource_base.cpp): a stack has
    // few types and many elements, and most type names are too long to be
    // stored in a std::string without an allocation of their own.
    const std::string* type_;
    Value::Map arguments_;
    // Out of line: few resources set them, and a Value in place would cost
    // every resource of a large stack 64 bytes each.
    std::unique_ptr<Value> count_;
    std::unique_ptr<Value> for_each_;
    const Provider* provider_ = nullptr;
};

}  // namespace infra
