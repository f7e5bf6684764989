// A data source: `data "aws_region" "current" { ... }`.
#pragma once

#include "infra/resource_base.hpp"

namespace infra {

class DataSource : public ResourceBase {
public:
    DataSource(Scope scope, std::string type);

    std::string id_namespace() const override;
    std::string reference_prefix() const override;
    void append_reference_prefix(std::string& out) const override;
};

}  // namespace infra
