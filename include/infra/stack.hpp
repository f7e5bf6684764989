// A stack: one Terraform configuration (one state) under the App. Everything
// below it synthesizes into `stacks/<name>/main.tf.json`.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infra/backend.hpp"
#include "infra/construct.hpp"
#include "infra/refactoring.hpp"

namespace infra {

class ResourceBase;

class Stack : public Construct {
public:
    explicit Stack(Scope scope);

    const std::string& name() const { return construct_id(); }

    void set_backend(Backend backend) { backend_ = std::move(backend); }
    const std::optional<Backend>& backend() const { return backend_; }

    // A Terraform version constraint written to terraform.required_version
    // ("" writes none). Unset, it is derived from what the stack uses: an S3
    // backend with lock files needs ">= 1.10", anything else ">= 1.6" (an
    // older terraform would otherwise fail at init with an unrelated error).
    void set_required_version(std::string constraint) { required_version_ = std::move(constraint); }
    std::string required_version() const;

    // This stack must be deployed after `other` (recorded in the manifest).
    void add_stack_dependency(const Stack& other);
    const std::vector<const Stack*>& stack_dependencies() const { return stack_dependencies_; }

    // The terraform_remote_state data source through which this stack reads
    // the outputs of `source`, once cross_stack_references.hpp linked one;
    // null before.
    const TerraformElement* remote_state_of(const Stack& source) const;
    void set_remote_state(const Stack& source, const TerraformElement& data_source);

    void add_moved(std::string from_address, const ResourceBase& to);
    void add_import(const ResourceBase& to, Value cloud_id);
    const std::vector<MovedBlock>& moved_blocks() const { return moved_; }
    const std::vector<ImportBlock>& import_blocks() const { return imports_; }

private:
    std::optional<Backend> backend_;
    std::optional<std::string> required_version_;
    std::vector<const Stack*> stack_dependencies_;
    std::vector<std::pair<const Stack*, const TerraformElement*>> remote_states_;
    std::vector<MovedBlock> moved_;
    std::vector<ImportBlock> imports_;
};

}  // namespace infra
