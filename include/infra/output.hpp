// An output value: `output "vpc_id" { value = ..., sensitive = ... }`.
#pragma once

#include <string>

#include "infra/terraform_element.hpp"

namespace infra {

struct OutputConfig {
    Value value{};
    std::string description{};
    bool sensitive = false;
};

class Output : public TerraformElement {
public:
    Output(Scope scope, OutputConfig config);

    const OutputConfig& config() const { return config_; }

    std::string id_namespace() const override { return "output"; }
    std::string reference_prefix() const override { return {}; }
    Value::Map body() const override;

private:
    OutputConfig config_;
};

}  // namespace infra
