#include "expression_renderer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "cross_stack_references.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "json_writer.hpp"
#include "infra/stack.hpp"
#include "infra/terraform_element.hpp"
#include "hcl_string_escape.hpp"

namespace infra {

namespace {

void render_hcl_value(const Value& v, const RenderContext& context, std::string& out);
void render_expr(const ExprNode& node, const RenderContext& context, std::string& out);

std::string number_text(const Number& n) {
    if (n.is_integer) return std::to_string(n.integer);
    if (!std::isfinite(n.real)) throw Error("a number value is NaN or infinite, which Terraform cannot represent");
    return fmt::format("{}", n.real);
}

void append_escaped_literal(std::string_view text, std::string& out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') out += c;
        out += c;
    }
}

// A literal inside an HCL quoted string: HCL's own escapes, then the template ones.
void append_hcl_quoted_literal(std::string_view text, std::string& out) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        // "${" and "%{" start a template sequence: doubled, they are literal.
        if ((c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') out += static_cast<char>(c);
        append_hcl_escaped(c, out);
    }
}

// The instance part of a reference, around the element's (or the remote
// state output's) `address`, which `append_address` appends. A whole
// collection read through another stack's output is a list for count and a
// map for for_each (see cross_stack_references.hpp), so there the instance
// part indexes it, or takes it as it is.
template <class AppendAddress>
void render_instances(const ExprNode& node, bool through_output, const RenderContext& context,
                      AppendAddress append_address, std::string& out) {
    using Instances = ExprNode::Instances;
    switch (node.instances) {
        case Instances::Unnamed:
            append_address();
            return;
        case Instances::CountIndex:
        case Instances::ForEachKey:
            append_address();
            out += '[';
            render_hcl_value(node.operands[0], context, out);
            out += ']';
            return;
        case Instances::CountAll:
            append_address();
            if (!through_output) out += "[*]";
            return;
        case Instances::ForEachAll:
            out += "values(";
            append_address();
            out += through_output ? ")" : ")[*]";
            return;
    }
}

void render_reference(const ExprNode& node, const RenderContext& context, std::string& out) {
    const TerraformElement& target = *node.target;
    if (context.stack != nullptr && target.stack_or_null() != context.stack) {
        // Linked by link_cross_stack_references: read through the remote state.
        const TerraformElement* remote =
            target.stack_or_null() == nullptr ? nullptr : context.stack->remote_state_of(*target.stack_or_null());
        if (remote == nullptr)
            throw Error(fmt::format("{}: referenced from stack {} but it belongs to {}; synthesize the whole app "
                                    "(infra::synthesize) so the reference is linked through an output and a "
                                    "remote state read",
                                    target.path(), context.stack->name(),
                                    target.stack_or_null() == nullptr ? std::string("no stack")
                                                                      : "stack " + target.stack().name()));
        // The output carries the attribute of every instance.
        render_instances(node, true, context, [&] {
            remote->append_reference_prefix(out);
            out += ".outputs.";
            out += cross_stack_output_name(target, node.text);
        }, out);
        return;
    }
    render_instances(node, false, context, [&] {
        const std::size_t start = out.size();
        target.append_reference_prefix(out);
        if (out.size() == start)
            throw Error(fmt::format("{}: a {} cannot be referenced", target.path(),
                                    element_kind_name(target.element_kind())));
    }, out);
    if (!node.text.empty()) {
        out += '.';
        out += node.text;
    }
}

// Template parts as they appear between the quotes of a template.
void render_template_body(const ExprNode& node, const RenderContext& context, bool hcl_quoted, std::string& out) {
    for (const Value& part : node.operands) {
        if (part.kind() == Value::Kind::String) {
            if (hcl_quoted) append_hcl_quoted_literal(part.as_string(), out);
            else append_escaped_literal(part.as_string(), out);
        } else if (part.kind() == Value::Kind::Number) {
            out += number_text(part.as_number());
        } else if (part.is_expr() && part.as_expr().node().kind == ExprNode::Kind::Template) {
            render_template_body(part.as_expr().node(), context, hcl_quoted, out);
        } else {
            out += "${";
            render_hcl_value(part, context, out);
            out += '}';
        }
    }
}

void render_expr(const ExprNode& node, const RenderContext& context, std::string& out) {
    switch (node.kind) {
        case ExprNode::Kind::Reference:
            render_reference(node, context, out);
            return;
        case ExprNode::Kind::Raw:
            out += node.text;
            return;
        case ExprNode::Kind::Template:
            out += '"';
            render_template_body(node, context, true, out);
            out += '"';
            return;
        case ExprNode::Kind::Call:
            out += node.text;
            out += '(';
            for (std::size_t i = 0; i < node.operands.size(); ++i) {
                if (i > 0) out += ", ";
                render_hcl_value(node.operands[i], context, out);
            }
            out += ')';
            return;
        case ExprNode::Kind::Traverse:
            render_hcl_value(node.operands[0], context, out);
            if (node.operands.size() > 1) {
                out += '[';
                render_hcl_value(node.operands[1], context, out);
                out += ']';
            } else {
                out += '.';
                out += node.text;
            }
            return;
        case ExprNode::Kind::Operator:
            out += '(';
            if (node.text == "?:") {
                render_hcl_value(node.operands[0], context, out);
                out += " ? ";
                render_hcl_value(node.operands[1], context, out);
                out += " : ";
                render_hcl_value(node.operands[2], context, out);
            } else if (node.operands.size() == 1) {
                out += node.text;
                render_hcl_value(node.operands[0], context, out);
            } else {
                render_hcl_value(node.operands[0], context, out);
                out += ' ';
                out += node.text;
                out += ' ';
                render_hcl_value(node.operands[1], context, out);
            }
            out += ')';
            return;
    }
}

void render_hcl_value(const Value& v, const RenderContext& context, std::string& out) {
    switch (v.kind()) {
        case Value::Kind::Null: out += "null"; return;
        case Value::Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
        case Value::Kind::Number: out += number_text(v.as_number()); return;
        case Value::Kind::String:
            out += '"';
            append_hcl_quoted_literal(v.as_string(), out);
            out += '"';
            return;
        case Value::Kind::List: {
            out += '[';
            bool first = true;
            for (const auto& item : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                render_hcl_value(item, context, out);
            }
            out += ']';
            return;
        }
        case Value::Kind::Map: {
            out += '{';
            bool first = true;
            for (const auto& [key, item] : v.as_map()) {
                if (!first) out += ", ";
                first = false;
                out += '"';
                append_hcl_quoted_literal(key, out);
                out += "\" = ";
                render_hcl_value(item, context, out);
            }
            out += '}';
            return;
        }
        case Value::Kind::Expr:
            render_expr(v.as_expr().node(), context, out);
            return;
    }
}

// Whether a literal needs "${" / "%{" escaping: it cannot without a '{'.
bool needs_template_escape(std::string_view text) {
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1))
        if (i > 0 && (text[i - 1] == '$' || text[i - 1] == '%')) return true;
    return false;
}

// Scratch space for the text of one expression or escaped literal at a time;
// reused so writing a large stack does not allocate per value.
std::string& scratch() {
    thread_local std::string buffer;
    buffer.clear();
    return buffer;
}

void write_resolved_string(std::string_view text, JsonWriter& out) {
    if (!needs_template_escape(text)) {
        out.string(text);
        return;
    }
    std::string& escaped = scratch();
    append_escaped_literal(text, escaped);
    out.string(escaped);
}

void write_resolved_expr(const ExprNode& node, const RenderContext& context, JsonWriter& out) {
    std::string& text = scratch();
    if (node.kind == ExprNode::Kind::Template) {
        render_template_body(node, context, false, text);
    } else {
        text += "${";
        render_expr(node, context, text);
        text += '}';
    }
    out.string(text);
}

// Writes a map's entries (key, const Value*) with their keys escaped. Keys
// are in byte order already; escaping "${" in a key can change that order,
// so the rare map that has such a key is re-sorted by escaped key, exactly as
// resolve() builds its map.
template <class Entries, class KeyOf, class ValueOf>
void write_resolved_entries(const Entries& entries, KeyOf key_of, ValueOf value_of, const RenderContext& context,
                            JsonWriter& out) {
    bool escape_keys = false;
    for (const auto& e : entries)
        if (needs_template_escape(key_of(e))) escape_keys = true;
    out.begin_object();
    if (!escape_keys) {
        for (const auto& e : entries) {
            out.key(key_of(e));
            write_resolved(*value_of(e), context, out);
        }
    } else {
        std::vector<std::pair<std::string, const Value*>> sorted;
        for (const auto& e : entries) sorted.emplace_back(escape_template_literal(key_of(e)), value_of(e));
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [key, item] : sorted) {
            out.key(key);
            write_resolved(*item, context, out);
        }
    }
    out.end_object();
}

}  // namespace

void write_resolved(const Value& value, const RenderContext& context, JsonWriter& out) {
    switch (value.kind()) {
        case Value::Kind::String:
            write_resolved_string(value.as_string(), out);
            return;
        case Value::Kind::List:
            out.begin_array();
            for (const auto& item : value.as_list()) write_resolved(item, context, out);
            out.end_array();
            return;
        case Value::Kind::Map:
            write_resolved_entries(
                value.as_map(), [](const auto& e) -> std::string_view { return e.first; },
                [](const auto& e) { return &e.second; }, context, out);
            return;
        case Value::Kind::Expr:
            write_resolved_expr(value.as_expr().node(), context, out);
            return;
        default:
            out.value(value);
            return;
    }
}

void write_resolved(const BodyView& body, const RenderContext& context, JsonWriter& out) {
    write_resolved_entries(
        body.entries(), [](const BodyView::Entry& e) { return e.key; }, [](const BodyView::Entry& e) { return e.value; },
        context, out);
}

std::string escape_template_literal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped_literal(text, out);
    return out;
}

std::string render_hcl(const Expr& e, const RenderContext& context) {
    std::string out;
    render_expr(e.node(), context, out);
    return out;
}

Value resolve(const Value& value, const RenderContext& context) {
    switch (value.kind()) {
        case Value::Kind::String:
            return Value(escape_template_literal(value.as_string()));
        case Value::Kind::List: {
            Value::List out;
            out.reserve(value.as_list().size());
            for (const auto& item : value.as_list()) out.push_back(resolve(item, context));
            return Value(std::move(out));
        }
        case Value::Kind::Map: {
            Value::Map out;
            for (const auto& [key, item] : value.as_map())
                out.emplace_hint(out.end(), escape_template_literal(key), resolve(item, context));
            return Value(std::move(out));
        }
        case Value::Kind::Expr: {
            const ExprNode& node = value.as_expr().node();
            std::string text;
            if (node.kind == ExprNode::Kind::Template) {
                render_template_body(node, context, false, text);
            } else {
                text = "${";
                render_expr(node, context, text);
                text += '}';
            }
            return Value(std::move(text));
        }
        default:
            return value;
    }
}

}  // namespace infra
