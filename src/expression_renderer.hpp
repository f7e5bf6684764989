// Turns values with expressions into what a .tf.json file holds: references
// become "${aws_vpc.main.id}", templates "a-${...}-b", and literal "${" or
// "%{" in user strings is escaped to "$${" / "%%{" so Terraform never takes
// it for an interpolation.
#pragma once

#include <string>
#include <string_view>

#include "infra/body_view.hpp"
#include "infra/value.hpp"

namespace infra {

class JsonWriter;
class Stack;

struct RenderContext {
    const Stack* stack = nullptr;  // the stack being written: references must stay inside it
};

// The HCL expression text of `e`, e.g. `cidrsubnet(var.cidr, 8, 1)`.
std::string render_hcl(const Expr& e, const RenderContext& context);

// `value` with every expression turned into its "${...}" string and every
// literal string and map key escaped: ready for the JSON writer.
Value resolve(const Value& value, const RenderContext& context);

// Writes resolve(value) -- or the resolved body seen through `body` -- as
// JSON without building the resolved copy: what the synthesizer does for
// every element. The bytes are those of JsonWriter::value(resolve(...)).
void write_resolved(const Value& value, const RenderContext& context, JsonWriter& out);
void write_resolved(const BodyView& body, const RenderContext& context, JsonWriter& out);

// "${" -> "$${" and "%{" -> "%%{".
std::string escape_template_literal(std::string_view text);

}  // namespace infra
