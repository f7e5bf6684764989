#include "infra/variable.hpp"

namespace infra {

Variable::Variable(Scope scope, VariableConfig config)
    : TerraformElement(std::move(scope), ElementKind::Variable), config_(std::move(config)) {}

void Variable::add_validation(Value condition, std::string error_message) {
    config_.validations.push_back({std::move(condition), std::move(error_message)});
}

Expr Variable::value() const { return expr::ref(*this, {}); }

std::string Variable::reference_prefix() const {
    std::string out;
    append_reference_prefix(out);
    return out;
}

void Variable::append_reference_prefix(std::string& out) const {
    out += "var.";
    out += logical_id();
}

Value::Map Variable::body() const {
    Value::Map body;
    // In .tf.json a type constraint is written as a string and parsed as a type.
    if (!config_.type.empty()) body.emplace("type", config_.type);
    if (config_.default_value) body.emplace("default", *config_.default_value);
    if (!config_.description.empty()) body.emplace("description", config_.description);
    if (config_.sensitive) body.emplace("sensitive", true);
    if (config_.nullable) body.emplace("nullable", *config_.nullable);
    if (!config_.validations.empty()) {
        Value::List rules;
        for (const auto& v : config_.validations)
            rules.push_back(Value::map({{"condition", v.condition}, {"error_message", v.error_message}}));
        body.emplace("validation", std::move(rules));
    }
    return body;
}

}  // namespace infra
