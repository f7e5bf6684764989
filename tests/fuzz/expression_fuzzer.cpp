// Fuzz target: the expression and template renderer (expression_renderer.hpp),
// and the HCL writer on the document the synthesizer makes of the result.
//
// Input: a small program for a stack machine that builds a Value through the
// public factories only (literals, lists, maps, expr::ref / raw / tmpl /
// call / attr / index / binary / unary / conditional), with references to
// elements of the stack, of another stack, and to an output (which cannot be
// referenced). The value becomes an argument of a resource, and is rendered
// every way infra renders values:
//
//   - render_hcl of an expression, resolve() and write_resolved(): each
//     either succeeds or throws infra::Error;
//   - write_resolved must write exactly the bytes of JsonWriter over
//     resolve() (expression_renderer.hpp promises it: the synthesizer
//     streams, tests compare against the resolved copy);
//   - the synthesized stacks must be JSON that parses (when every string
//     the program made is valid UTF-8; see README.md), and to_hcl on them
//     either succeeds or throws infra::Error.
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "expression_renderer.hpp"
#include "hcl_writer.hpp"
#include "json_writer.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/resource.hpp"
#include "infra/synthesizer.hpp"
#include "infra/variable.hpp"
#include "invariant.hpp"
#include "utf8.hpp"

namespace {

using infra::Value;
namespace expr = infra::expr;

// The elements a program can refer to.
struct Fixture {
    infra::App app;
    infra::Stack& dev = app.add<infra::Stack>("dev");
    infra::Stack& other = app.add<infra::Stack>("other");
    infra::Resource& vpc = dev.add<infra::Construct>("network").add<infra::Resource>("vpc", "aws_vpc");
    infra::DataSource& region = dev.add<infra::DataSource>("current", "aws_region");
    infra::Variable& env = dev.add<infra::Variable>("env", infra::VariableConfig{.type = "string"});
    infra::Local& prefix = dev.add<infra::Local>("prefix", Value("app"));
    infra::Output& out = dev.add<infra::Output>("out", infra::OutputConfig{.value = Value("x")});
    infra::Resource& remote = other.add<infra::Resource>("role", "aws_iam_role");
    // The resource whose argument the program's value becomes.
    infra::Resource& user = dev.add<infra::Resource>("user", "null_resource");

    const infra::TerraformElement& element(std::size_t i) const {
        const infra::TerraformElement* all[] = {&vpc, &region, &env, &prefix, &out, &remote, &user};
        return *all[i % std::size(all)];
    }
};

constexpr const char* kBinaryOperators[] = {"+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||"};
constexpr const char* kUnaryOperators[] = {"!", "-"};
constexpr const char* kFunctions[] = {"cidrsubnet", "format", "jsonencode", "lookup", "element", "join", "merge"};

// Runs the program; the value left on top of the stack is its result.
class Builder {
public:
    Builder(infra::fuzz::ByteReader& in, const Fixture& fixture) : in_(in), fixture_(fixture) {}

    Value run() {
        // Bounded so that one input cannot take seconds: depth and width are
        // what matter to the renderer, not length.
        for (int step = 0; step < 256 && !in_.empty(); ++step) execute(in_.below(18));
        return stack_.empty() ? Value() : pop();
    }

    bool strings_are_utf8() const { return strings_are_utf8_; }

private:
    std::string text() {
        std::string s = in_.string();
        if (!infra::fuzz::is_valid_utf8(s)) strings_are_utf8_ = false;
        return s;
    }

    // The documented operator most of the time, any text now and then: the
    // factories take a std::string.
    template <std::size_t N>
    std::string pick(const char* const (&known)[N]) {
        const std::uint8_t b = in_.byte();
        return b < 240 ? std::string(known[b % N]) : text();
    }

    Value pop() {
        if (stack_.empty()) return Value();
        Value v = std::move(stack_.back());
        stack_.pop_back();
        return v;
    }

    std::vector<Value> pop_many() {
        const std::size_t n = std::min<std::size_t>(in_.below(5), stack_.size());
        std::vector<Value> out(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
        stack_.resize(stack_.size() - n);
        return out;
    }

    void execute(std::size_t op) {
        switch (op) {
            case 0: stack_.emplace_back(text()); break;
            case 1: stack_.emplace_back(in_.raw<std::int64_t>()); break;
            case 2: stack_.emplace_back(in_.raw<double>()); break;  // NaN and infinities included
            case 3: stack_.emplace_back(in_.byte() % 2 == 1); break;
            case 4: stack_.emplace_back(nullptr); break;
            case 5: {
                const auto& target = fixture_.element(in_.byte());
                stack_.emplace_back(expr::ref(target, text()));
                break;
            }
            case 6: stack_.emplace_back(expr::raw(text())); break;
            case 7: stack_.emplace_back(expr::tmpl(pop_many())); break;
            case 8: {
                std::string name = pick(kFunctions);
                stack_.emplace_back(expr::call(std::move(name), pop_many()));
                break;
            }
            case 9: {
                std::string name = text();
                stack_.emplace_back(expr::attr(pop(), std::move(name)));
                break;
            }
            case 10: {
                Value key = pop();
                stack_.emplace_back(expr::index(pop(), std::move(key)));
                break;
            }
            // An operator the factories do not know is an infra::Error;
            // the program goes on with the operand.
            case 11: {
                std::string op_text = pick(kBinaryOperators);
                Value rhs = pop();
                Value lhs = pop();
                try {
                    stack_.emplace_back(expr::binary(std::move(op_text), lhs, std::move(rhs)));
                } catch (const infra::Error&) {
                    stack_.push_back(std::move(lhs));
                }
                break;
            }
            case 12: {
                std::string op_text = pick(kUnaryOperators);
                Value operand = pop();
                try {
                    stack_.emplace_back(expr::unary(std::move(op_text), operand));
                } catch (const infra::Error&) {
                    stack_.push_back(std::move(operand));
                }
                break;
            }
            case 13: {
                Value if_false = pop();
                Value if_true = pop();
                stack_.emplace_back(expr::conditional(pop(), std::move(if_true), std::move(if_false)));
                break;
            }
            case 14: stack_.emplace_back(Value::List(pop_many())); break;
            case 15: {
                Value::Map map;
                for (auto& v : pop_many()) map.insert_or_assign(text(), std::move(v));
                stack_.emplace_back(std::move(map));
                break;
            }
            case 16: {
                const std::size_t which = in_.below(3);
                stack_.emplace_back(which == 0 ? expr::count_index() : which == 1 ? expr::each_key() : expr::each_value());
                break;
            }
            default:  // duplicate the top: shared subtrees, as real code makes them
                // A copy can double the value a later list or map is built
                // of, so the count of copies bounds the program's size: with
                // no bound, 103 bytes made a value that took seconds to render.
                if (!stack_.empty() && duplicates_left_ > 0) {
                    --duplicates_left_;
                    stack_.push_back(stack_.back());
                }
                break;
        }
    }

    infra::fuzz::ByteReader& in_;
    const Fixture& fixture_;
    std::vector<Value> stack_;
    int duplicates_left_ = 10;
    bool strings_are_utf8_ = true;
};

// The renderer's three ways to turn `value` into text must agree.
void render(const Value& value, const infra::RenderContext& context) {
    if (value.is_expr()) {
        try {
            (void)infra::render_hcl(value.as_expr(), context);
        } catch (const infra::Error&) {
        }
    }
    std::string resolved;
    try {
        infra::JsonWriter writer(resolved);
        writer.value(infra::resolve(value, context));
    } catch (const infra::Error&) {
        resolved = "(error)";
    }
    std::string streamed;
    try {
        infra::JsonWriter writer(streamed);
        infra::write_resolved(value, context, writer);
    } catch (const infra::Error&) {
        streamed = "(error)";
    }
    infra::fuzz::check(resolved == streamed, "write_resolved and JsonWriter over resolve() disagree",
                       "resolve:\n" + resolved + "\nwrite_resolved:\n" + streamed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    infra::fuzz::ByteReader in(data, size);
    Fixture fixture;
    Builder builder(in, fixture);
    const Value value = builder.run();

    render(value, infra::RenderContext{&fixture.dev});
    render(value, infra::RenderContext{});  // no stack: any reference renders in place

    // As an argument, a local and an output: each section of the document
    // goes its own way through the HCL writer.
    fixture.user.set("v", value);
    fixture.dev.add<infra::Local>("fuzzed_local", value);
    fixture.dev.add<infra::Output>("fuzzed_output", infra::OutputConfig{.value = value});
    infra::SynthesisResult result;
    try {
        result = infra::synthesize(fixture.app);
    } catch (const infra::Error&) {
        return 0;
    }
    for (const auto& stack : result.stacks) {
        nlohmann::json document;
        try {
            document = nlohmann::json::parse(stack.json);
        } catch (const nlohmann::json::parse_error& e) {
            // Strings are written byte for byte; invalid UTF-8 in a user's
            // string makes invalid JSON (a known limit, README.md). Anything
            // else is a writer bug.
            if (builder.strings_are_utf8()) infra::fuzz::invariant_failed("synthesized JSON does not parse", e.what());
            continue;
        }
        try {
            (void)infra::to_hcl(document, nullptr);
        } catch (const infra::Error&) {
        }
    }
    return 0;
}
