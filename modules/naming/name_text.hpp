// What AWS accepts in the names the modules build from props (name
// prefixes, zone and region names): letters, digits and '-', or, for the
// identifiers RDS gives clusters, instances and proxies, a stricter subset.
#pragma once

#include <string>

namespace crud_api::modules {

// True when `s` is non-empty and holds only letters, digits and '-'.
bool is_name_text(const std::string& s);

// True when `s` can start an RDS identifier (cluster, instance, proxy): a
// lowercase letter first, then lowercase letters, digits and single
// hyphens, no hyphen at the end.
bool is_rds_identifier_text(const std::string& s);

}  // namespace crud_api::modules
