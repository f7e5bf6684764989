#include "infra/expression.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "infra/error.hpp"

namespace infra {

namespace {

Expr make(ExprNode node) { return Expr(std::make_shared<const ExprNode>(std::move(node))); }

// The renderer picks the form of an operator node from its text ("?:" is
// the conditional, with three operands), so any other text would be written
// as invalid HCL, or read operands the node does not have.
void check_operator(std::string_view op, std::initializer_list<std::string_view> known, const char* kind) {
    if (std::find(known.begin(), known.end(), op) == known.end())
        throw Error(fmt::format("\"{}\" is not a {} operator of Terraform", op, kind));
}

}  // namespace

namespace expr {

Expr ref(const TerraformElement& target, std::string attribute) {
    return make({.kind = ExprNode::Kind::Reference, .target = &target, .text = std::move(attribute)});
}

Expr instance_ref(const TerraformElement& target, ExprNode::Instances instances, std::string attribute, Value key) {
    const bool keyed = instances == ExprNode::Instances::CountIndex || instances == ExprNode::Instances::ForEachKey;
    std::vector<Value> operands;
    if (keyed) operands.push_back(std::move(key));
    return make({.kind = ExprNode::Kind::Reference,
                 .instances = instances,
                 .target = &target,
                 .text = std::move(attribute),
                 .operands = std::move(operands)});
}

Expr raw(std::string hcl) { return make({.kind = ExprNode::Kind::Raw, .text = std::move(hcl)}); }

Expr tmpl(std::vector<Value> parts) { return make({.kind = ExprNode::Kind::Template, .operands = std::move(parts)}); }

Expr call(std::string function, std::vector<Value> args) {
    return make({.kind = ExprNode::Kind::Call, .text = std::move(function), .operands = std::move(args)});
}

Expr attr(const Value& base, std::string name) {
    return make({.kind = ExprNode::Kind::Traverse, .text = std::move(name), .operands = {base}});
}

Expr index(const Value& base, Value key) {
    return make({.kind = ExprNode::Kind::Traverse, .operands = {base, std::move(key)}});
}

Expr binary(std::string op, Value lhs, Value rhs) {
    check_operator(op, {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"}, "binary");
    return make({.kind = ExprNode::Kind::Operator, .text = std::move(op), .operands = {std::move(lhs), std::move(rhs)}});
}

Expr unary(std::string op, Value operand) {
    check_operator(op, {"!", "-"}, "unary");
    return make({.kind = ExprNode::Kind::Operator, .text = std::move(op), .operands = {std::move(operand)}});
}

Expr conditional(Value condition, Value if_true, Value if_false) {
    return make({.kind = ExprNode::Kind::Operator,
                 .text = "?:",
                 .operands = {std::move(condition), std::move(if_true), std::move(if_false)}});
}

Expr count_index() { return raw("count.index"); }
Expr each_key() { return raw("each.key"); }
Expr each_value() { return raw("each.value"); }

}  // namespace expr

void for_each_reference(const Value& value, const std::function<void(const TerraformElement&)>& visit) {
    visit_references(value, visit);
}

}  // namespace infra
