// A local value: `locals { name = ... }`, referenced as local.<name>.
#pragma once

#include "infra/expression.hpp"
#include "infra/terraform_element.hpp"
#include "infra/typed_values.hpp"

namespace infra {

class Local : public TerraformElement {
public:
    Local(Scope scope, Value value);

    const Value& value() const { return value_; }
    Expr ref() const;
    Str as_str() const { return Str(ref()); }
    Num as_num() const { return Num(ref()); }

    std::string id_namespace() const override { return "local"; }
    std::string reference_prefix() const override;
    void append_reference_prefix(std::string& out) const override;
    // A local's "body" is its value; the synthesizer writes it under `locals`.
    Value::Map body() const override;

private:
    Value value_;
};

}  // namespace infra
