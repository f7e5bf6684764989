#include "infra/local.hpp"

namespace infra {

Local::Local(Scope scope, Value value) : TerraformElement(std::move(scope), ElementKind::Local), value_(std::move(value)) {}

Expr Local::ref() const { return expr::ref(*this, {}); }

std::string Local::reference_prefix() const { return "local." + logical_id(); }

Value::Map Local::body() const { return Value::map({{"value", value_}}).as_map(); }

}  // namespace infra
