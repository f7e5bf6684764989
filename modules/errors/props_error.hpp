// How a module rejects its props: an infra::UsageError of one line that names
// the module's construct path, what is wrong and how to fix it, and the line
// of the program that created the module, e.g.
//
//   dev/network: vpc_cidr "10.0.0.0/8" must be a /16 to /20: ... (at stacks/environment_stack.cpp:43)
//
// A module's constructor gets that line from its Scope (Scope::where(),
// captured where Construct::add was called); a module function called
// directly takes a trailing `infra::SourceLocation where =
// infra::SourceLocation::current()`.
#pragma once

#include "infra/source_location.hpp"
#include <string_view>

#include "infra/construct.hpp"
#include "infra/value.hpp"

namespace crud_api::modules {
using namespace infra;

[[noreturn]] void throw_props_error(const Construct& module, const infra::SourceLocation& where, std::string_view what);

// A prop left out: null, or an empty string literal. A reference (known at
// apply time only) counts as given.
inline bool is_unset(const Value& v) { return v.is_null() || (v.kind() == Value::Kind::String && v.as_string().empty()); }

}  // namespace crud_api::modules
