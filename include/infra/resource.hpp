// A managed resource: `resource "aws_vpc" "main" { ... }`, with lifecycle.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infra/resource_base.hpp"

namespace infra {

struct Lifecycle {
    bool create_before_destroy = false;
    bool prevent_destroy = false;
    std::vector<std::string> ignore_changes{};  // attribute names
    bool ignore_all_changes = false;
    std::vector<Expr> replace_triggered_by{};
};

class Resource : public ResourceBase {
public:
    Resource(Scope scope, std::string type);

    void set_lifecycle(Lifecycle lifecycle) { lifecycle_ = std::make_unique<Lifecycle>(std::move(lifecycle)); }
    // The lifecycle block, or nullptr when none was set.
    const Lifecycle* lifecycle() const { return lifecycle_.get(); }

    std::string id_namespace() const override;
    std::string reference_prefix() const override;
    void append_reference_prefix(std::string& out) const override;

protected:
    void add_meta_arguments(Value::Map& body) const override;

private:
    // Out of line: few resources have one, and in place it would cost every
    // resource of a large stack 72 bytes.
    std::unique_ptr<Lifecycle> lifecycle_;
};

}  // namespace infra
