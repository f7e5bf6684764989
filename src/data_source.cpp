#include "infra/data_source.hpp"

namespace infra {

DataSource::DataSource(Scope scope, std::string type)
    : ResourceBase(std::move(scope), ElementKind::DataSource, std::move(type)) {}

std::string DataSource::id_namespace() const { return "data." + terraform_type(); }

std::string DataSource::reference_prefix() const { return "data." + terraform_type() + "." + logical_id(); }

}  // namespace infra
