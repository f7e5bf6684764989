// An input variable: `variable "region" { type = string, default = ... }`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infra/expression.hpp"
#include "infra/terraform_element.hpp"
#include "infra/typed_values.hpp"

namespace infra {

struct VariableValidation {
    Value condition{};  // an expression over var.<name>
    std::string error_message{};
};

struct VariableConfig {
    std::string type{};  // a type constraint: "string", "number", "list(string)", ...
    std::optional<Value> default_value{};
    std::string description{};
    bool sensitive = false;
    std::optional<bool> nullable{};
    std::vector<VariableValidation> validations{};
};

class Variable : public TerraformElement {
public:
    Variable(Scope scope, VariableConfig config);

    const VariableConfig& config() const { return config_; }
    // A validation rule whose condition refers to this variable, e.g.
    // add_validation(expr::binary("!=", v.value(), ""), "must not be empty").
    void add_validation(Value condition, std::string error_message);
    // var.<name>, typed as the caller needs it.
    Expr value() const;
    Str as_str() const { return Str(value()); }
    Num as_num() const { return Num(value()); }
    Bool as_bool() const { return Bool(value()); }

    std::string id_namespace() const override { return "variable"; }
    std::string reference_prefix() const override;
    void append_reference_prefix(std::string& out) const override;
    Value::Map body() const override;

private:
    VariableConfig config_;
};

}  // namespace infra
