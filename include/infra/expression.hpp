// Terraform expressions as a small syntax tree: references to other elements,
// string templates, function calls, operators and raw escape hatches.
// Rendering turns the tree into HCL expression text; walking it yields every
// element it references, which is how dependencies are derived.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "infra/value.hpp"

namespace infra {

class TerraformElement;

struct ExprNode {
    enum class Kind {
        Reference,  // target + attribute path: aws_vpc.main.id
        Traverse,   // base + .attr or [index]
        Template,   // "literal${expr}literal"
        Call,       // fn(args...)
        Operator,   // a op b, !a, a ? b : c
        Raw,        // HCL text taken as it is: count.index, each.value
    };
    // Reference: which instances of a target with count or for_each it
    // names. Terraform knows such a target only by instance, so a reference
    // to one of its attributes names one instance or all of them.
    enum class Instances : std::uint8_t {
        Unnamed,     // aws_vpc.main.id: a single element, or the whole collection (text empty)
        CountIndex,  // aws_vpc.main[0].id: operands[0] is the index
        CountAll,    // aws_vpc.main[*].id
        ForEachKey,  // aws_vpc.main["a"].id: operands[0] is the key
        ForEachAll,  // values(aws_vpc.main)[*].id: a for_each collection is a map, which [*] does not apply to
    };
    Kind kind;
    Instances instances = Instances::Unnamed;  // Reference
    const TerraformElement* target = nullptr;  // Reference
    std::string text;          // Reference: attribute path; Traverse: attribute name; Call: function; Operator: op; Raw: hcl
    std::vector<Value> operands;  // Reference: [key?]; Traverse: [base, index?]; Template: parts; Call: args; Operator: operands
};

namespace expr {

// A reference to `attribute` (a dotted path such as "tags.Name" is allowed) of a
// resource, data source, variable or local.
Expr ref(const TerraformElement& target, std::string attribute);
// The same for instances of a target with count or for_each: `key` is the
// index or key for CountIndex and ForEachKey, and unused for the others.
// ResourceBase::at and splat build these, after checking that they fit the
// target.
Expr instance_ref(const TerraformElement& target, ExprNode::Instances instances, std::string attribute, Value key = {});
// Raw HCL. Use for the few things that are not elements: count.index,
// each.key, each.value, self, path.module. The synthesizer sees no reference in it.
Expr raw(std::string hcl);
// A string template: literal strings are kept literally (and escaped), other
// values are interpolated.
Expr tmpl(std::vector<Value> parts);
// A call to a Terraform function, e.g. call("cidrsubnet", {cidr, 8, 1}).
Expr call(std::string function, std::vector<Value> args);
// `base.name` and `base[index]`.
Expr attr(const Value& base, std::string name);
Expr index(const Value& base, Value key);
// Operators: binary (+ - * / % == != < <= > >= && ||), unary (! -), conditional.
// Any other operator text throws infra::Error.
Expr binary(std::string op, Value lhs, Value rhs);
Expr unary(std::string op, Value operand);
Expr conditional(Value condition, Value if_true, Value if_false);

// The well-known raw expressions.
Expr count_index();
Expr each_key();
Expr each_value();

}  // namespace expr

// Calls `visit` for every element referenced anywhere in `value`.
void for_each_reference(const Value& value, const std::function<void(const TerraformElement&)>& visit);

// The same walk as a template, for the loops that visit every body of a
// large stack: the callback is inlined instead of called through a
// std::function per value. visit_reference_nodes passes the reference's
// node (how it names the element: instance, attribute), visit_references
// the element referenced.
template <class F>
void visit_reference_nodes(const Value& value, F& visit) {
    switch (value.kind()) {
        case Value::Kind::List:
            for (const auto& item : value.as_list()) visit_reference_nodes(item, visit);
            break;
        case Value::Kind::Map:
            for (const auto& entry : value.as_map()) visit_reference_nodes(entry.second, visit);
            break;
        case Value::Kind::Expr: {
            const ExprNode& node = value.as_expr().node();
            if (node.kind == ExprNode::Kind::Reference) visit(node);
            for (const auto& operand : node.operands) visit_reference_nodes(operand, visit);
            break;
        }
        default:
            break;
    }
}

template <class F>
void visit_references(const Value& value, F& visit) {
    auto visit_target = [&visit](const ExprNode& node) { visit(*node.target); };
    visit_reference_nodes(value, visit_target);
}

}  // namespace infra
