// What AWS accepts in the names the modules build from props (name
// prefixes, zone and region names): letters, digits and '-'.
#pragma once

#include <string>

namespace infra::modules {

// True when `s` is non-empty and holds only letters, digits and '-'.
bool is_name_text(const std::string& s);

}  // namespace infra::modules
