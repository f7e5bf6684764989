#include "infra/data_source.hpp"

namespace infra {

DataSource::DataSource(Scope scope, std::string type)
    : ResourceBase(std::move(scope), ElementKind::DataSource, std::move(type)) {}

std::string DataSource::id_namespace() const { return "data." + terraform_type(); }

std::string DataSource::reference_prefix() const {
    std::string out;
    append_reference_prefix(out);
    return out;
}

void DataSource::append_reference_prefix(std::string& out) const {
    out += "data.";
    out += terraform_type();
    out += '.';
    out += logical_id();
}

}  // namespace infra
