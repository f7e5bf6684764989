// Schema value types as C++ types and as the compact type notation of the
// validation tables (infra/schema_type.hpp):
//
//   string  number  bool     ->  infra::Str  infra::Num  infra::Bool      s n b
//   list(T) set(T)  map(T)   ->  infra::List<T>  infra::List<T>  infra::Map<T>   Lt St Mt
//   object  tuple   dynamic  ->  infra::Value (arguments), infra::Expr (getters)   O{..} T[..] d
#pragma once

#include <string>

#include "schema_model.hpp"

namespace infra::gen {

// The type of an argument holding a value of `type`.
std::string cpp_argument_type(const TypeExpr& type);

// The type a getter returns for an attribute of `type`: a typed reference
// (Str, List<Str>, ...), or a plain infra::Expr for objects, tuples and
// dynamic values so that the caller can traverse into them.
std::string cpp_reference_type(const TypeExpr& type);

// "s", "Ls", "MO{port:n,protocol?:s}".
std::string type_code(const TypeExpr& type);

// How a nesting mode is spelled in the validation tables: "Single", "List".
const char* nesting_enumerator(Nesting nesting);

}  // namespace infra::gen
