// A construct that becomes a block of the Terraform configuration: resource,
// data source, provider, variable, output or local. It has a logical ID
// (derived from its path unless overridden) and raw overrides applied last.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infra/body_view.hpp"
#include "infra/construct.hpp"
#include "infra/value.hpp"

namespace infra {

enum class ElementKind { Resource, DataSource, Provider, Variable, Output, Local };

class TerraformElement : public Construct {
public:
    TerraformElement(Scope scope, ElementKind kind);
    ~TerraformElement() override;

    ElementKind element_kind() const { return kind_; }

    // The name of this block in Terraform: the explicit override if set,
    // otherwise derived from the construct path (see logical_id.hpp). The
    // path never changes once a construct exists, so the ID is derived once,
    // at construction, and every reference to the element reuses it.
    const std::string& logical_id() const { return logical_id_; }
    void override_logical_id(std::string id);
    bool has_logical_id_override() const { return has_logical_id_override_; }

    // The namespace logical IDs must be unique in: "resource.aws_vpc",
    // "data.aws_region", "variable", "output", "local", "provider.aws".
    virtual std::string id_namespace() const = 0;
    // How other blocks refer to this one: "aws_vpc.main", "data.aws_region.current",
    // "var.region", "local.name". Empty for blocks that cannot be referenced.
    virtual std::string reference_prefix() const = 0;
    // Appends reference_prefix() to `out`; elements that are referenced a lot
    // override it to build the prefix in place, without a temporary string.
    virtual void append_reference_prefix(std::string& out) const { out += reference_prefix(); }

    // The body of the block, before overrides.
    virtual Value::Map body() const = 0;

    // Escape hatch: set or delete any path in the rendered body, e.g.
    // add_override("lifecycle.ignore_changes", Value::list({"tags"})).
    // Dots separate keys; a number indexes a list.
    void add_override(std::string path, Value value);
    void remove_override(std::string path);

    // The body with overrides applied: what the synthesizer writes.
    Value::Map rendered_body() const;
    // The same body, seen through `view` (cleared first): without overrides
    // nothing is copied. What synthesis and dependency tracking read.
    void view_rendered_body(BodyView& view) const;

    // Other elements this one must come after, beyond its references.
    void add_dependency(const TerraformElement& other);
    const std::vector<const TerraformElement*>& explicit_dependencies() const;

    const TerraformElement* as_element() const override { return this; }

protected:
    // Fills `view` (empty) with body(). The default copies body() into the
    // view; an element whose body is mostly stored values (a resource's
    // arguments) overrides it to borrow them, and defines body() through it
    // so the two always agree.
    virtual void fill_body_view(BodyView& view) const { view.own(body()); }

private:
    // Overrides and explicit dependencies: few elements have any, so they
    // are kept out of line and the elements of a large stack pay one
    // pointer for them.
    struct Extras;
    Extras& extras();

    ElementKind kind_;
    bool has_logical_id_override_ = false;
    std::string logical_id_;
    std::unique_ptr<Extras> extras_;
};

const char* element_kind_name(ElementKind kind);

}  // namespace infra
