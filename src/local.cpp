#include "infra/local.hpp"

namespace infra {

Local::Local(Scope scope, Value value) : TerraformElement(std::move(scope), ElementKind::Local), value_(std::move(value)) {}

Expr Local::ref() const { return expr::ref(*this, {}); }

std::string Local::reference_prefix() const {
    std::string out;
    append_reference_prefix(out);
    return out;
}

void Local::append_reference_prefix(std::string& out) const {
    out += "local.";
    out += logical_id();
}

Value::Map Local::body() const { return Value::map({{"value", value_}}).as_map(); }

}  // namespace infra
