// The files `infra init NAME` writes: a CMake project of its own that builds
// a stack against the installed SDK, with a test written with the SDK's
// testing helpers. `@NAME@` stands for the project name.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace infra::cli {

// (relative path, content) pairs with @NAME@ replaced by `name`.
std::vector<std::pair<std::string, std::string>> project_template(const std::string& name);

}  // namespace infra::cli
