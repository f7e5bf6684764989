#include "errors/props_error.hpp"

#include <fmt/format.h>

#include "infra/error.hpp"
#include "infra/source_location.hpp"

namespace crud_api::modules {
using namespace infra;

void throw_props_error(const Construct& module, const infra::SourceLocation& where, std::string_view what) {
    throw UsageError(with_location(fmt::format("{}: {}", module.path(), what), where));
}

}  // namespace crud_api::modules
