#include "infra/typed_values.hpp"

namespace infra {

namespace {

// Appends the parts of `s` to a template: a template's own parts are
// spliced in, so a + b + c stays one flat template.
void append_parts(const Value& s, std::vector<Value>& parts) {
    if (s.is_expr() && s.as_expr().node().kind == ExprNode::Kind::Template) {
        for (const auto& part : s.as_expr().node().operands) parts.push_back(part);
    } else {
        parts.push_back(s);
    }
}

}  // namespace

Str operator+(const Str& lhs, const Str& rhs) {
    const Value& a = lhs.value();
    const Value& b = rhs.value();
    if (!a.is_expr() && !b.is_expr()) return Str(a.as_string() + b.as_string());
    std::vector<Value> parts;
    append_parts(a, parts);
    append_parts(b, parts);
    return Str(expr::tmpl(std::move(parts)));
}

}  // namespace infra
