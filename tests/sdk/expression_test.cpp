// Expressions: references, traversal, templates, operators, raw HCL, and the
// escaping that keeps a user's literal "${" from becoming an interpolation.
#include <algorithm>

#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "expression_renderer.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

struct Fixture : DevStack {
    Resource& vpc = dev.add<Construct>("network").add<Resource>("vpc", "aws_vpc");
    DataSource& region = dev.add<DataSource>("current", "aws_region");
    Variable& env = dev.add<Variable>("env", VariableConfig{.type = "string", .default_value = Value("dev")});
    Local& prefix = dev.add<Local>("prefix", Value("app"));
    Resource& user = dev.add<Resource>("user", "null_resource");

    // What `value` becomes as an argument of `user`.
    json rendered(const Value& value) {
        user.set("v", value);
        return resource(synth(dev), "null_resource", "user")["v"];
    }
    std::string hcl(const Expr& e) const { return render_hcl(e, RenderContext{&dev}); }
};

}  // namespace

TEST_CASE("references render as interpolations of the element's address") {
    Fixture f;
    CHECK(f.rendered(f.vpc.attr("id")) == "${aws_vpc.network_vpc.id}");
    CHECK(f.rendered(f.region.attr("name")) == "${data.aws_region.current.name}");
    CHECK(f.rendered(f.env.value()) == "${var.env}");
    CHECK(f.rendered(f.prefix.ref()) == "${local.prefix}");
    CHECK(f.rendered(f.vpc.attr("tags.Name")) == "${aws_vpc.network_vpc.tags.Name}");
    CHECK(f.rendered(expr::ref(f.vpc, "")) == "${aws_vpc.network_vpc}");

    // Typed views of the same references.
    CHECK(f.rendered(f.vpc.str_attr("arn")) == "${aws_vpc.network_vpc.arn}");
    CHECK(f.rendered(f.env.as_str()) == "${var.env}");
    CHECK(f.rendered(f.prefix.as_num()) == "${local.prefix}");
}

TEST_CASE("references inside lists and maps are resolved in place") {
    Fixture f;
    const json v = f.rendered(Value::map({{"ids", Value::list({f.vpc.attr("id"), "literal"})}, {"region", f.region.attr("name")}}));
    CHECK(v == json{{"ids", {"${aws_vpc.network_vpc.id}", "literal"}}, {"region", "${data.aws_region.current.name}"}});
}

TEST_CASE("dotted and indexed traversal") {
    Fixture f;
    CHECK(f.hcl(expr::attr(f.vpc.attr("tags"), "Name")) == "aws_vpc.network_vpc.tags.Name");
    CHECK(f.hcl(expr::index(f.vpc.attr("cidr_blocks"), 0)) == "aws_vpc.network_vpc.cidr_blocks[0]");
    CHECK(f.hcl(expr::index(f.vpc.attr("tags"), "Name")) == "aws_vpc.network_vpc.tags[\"Name\"]");
    CHECK(f.hcl(expr::attr(expr::index(f.env.value(), expr::count_index()), "id")) == "var.env[count.index].id");
    CHECK(f.rendered(expr::index(f.vpc.attr("ids"), 2)) == "${aws_vpc.network_vpc.ids[2]}");
}

TEST_CASE("string concatenation builds one flat template") {
    Fixture f;
    const Str s = Str("arn:") + f.vpc.str_attr("id") + Str("/") + f.env.as_str() + Str("-x");
    REQUIRE(s.value().is_expr());
    const ExprNode& node = s.value().as_expr().node();
    CHECK(node.kind == ExprNode::Kind::Template);
    CHECK(node.operands.size() == 5);  // flattened, not nested
    for (const auto& part : node.operands)
        CHECK_FALSE((part.is_expr() && part.as_expr().node().kind == ExprNode::Kind::Template));
    CHECK(f.rendered(s) == "arn:${aws_vpc.network_vpc.id}/${var.env}-x");
    CHECK(f.hcl(s.value().as_expr()) == "\"arn:${aws_vpc.network_vpc.id}/${var.env}-x\"");

    // Two literals stay a literal.
    const Str lit = Str("a") + Str("b");
    REQUIRE_FALSE(lit.value().is_expr());
    CHECK(lit.value().as_string() == "ab");
}

TEST_CASE("numbers and raw expressions inside templates") {
    Fixture f;
    CHECK(f.rendered(expr::tmpl({"port-", 8080, "-", 1.5})) == "port-8080-1.5");
    CHECK(f.rendered(expr::tmpl({"web-", expr::count_index()})) == "web-${count.index}");
    CHECK(f.rendered(expr::tmpl({f.vpc.attr("id")})) == "${aws_vpc.network_vpc.id}");
    // A template nested in a template is spliced, not quoted.
    CHECK(f.rendered(expr::tmpl({"a-", expr::tmpl({"b-", f.env.value()}), "-c"})) == "a-b-${var.env}-c");
}

TEST_CASE("a literal ${ or %{ in a user string is escaped everywhere") {
    Fixture f;
    CHECK(escape_template_literal("${x}") == "$${x}");
    CHECK(escape_template_literal("%{if x}") == "%%{if x}");
    CHECK(escape_template_literal("$${x}") == "$$${x}");  // already-doubled text stays literal
    CHECK(escape_template_literal("$x %d {y} $ %") == "$x %d {y} $ %");
    CHECK(escape_template_literal("end$") == "end$");

    // Values.
    CHECK(f.rendered("echo ${HOME} %{ if }") == "echo $${HOME} %%{ if }");
    // Map keys.
    const json m = f.rendered(Value::map({{"${k}", "${v}"}, {"%{k}", 1}}));
    CHECK(m == json{{"$${k}", "$${v}"}, {"%%{k}", 1}});
    // Literal parts of a template, not its interpolations.
    CHECK(f.rendered(Str("${literal}-") + f.env.as_str() + Str("-%{x}")) == "$${literal}-${var.env}-%%{x}");
    // Nested lists.
    CHECK(f.rendered(Value::list({Value::list({"${a}"})})) == json::array({json::array({"$${a}"})}));
}

TEST_CASE("string arguments of function calls are HCL-quoted and escaped") {
    Fixture f;
    const Expr call = expr::call("format", {"say \"${x}\" \\ %{y}\n", f.env.value()});
    CHECK(f.hcl(call) == "format(\"say \\\"$${x}\\\" \\\\ %%{y}\\n\", var.env)");
    // In the JSON file that text sits inside "${...}": JSON escaping on top.
    const std::string expected = "${format(\"say \\\"$${x}\\\" \\\\ %%{y}\\n\", var.env)}";
    CHECK(f.rendered(call) == expected);
    // A template inside a call is quoted with HCL rules too.
    CHECK(f.hcl(expr::call("upper", {expr::tmpl({"a\"${b}", f.env.value()})})) == "upper(\"a\\\"$${b}${var.env}\")");
    // Map keys inside a call.
    CHECK(f.hcl(expr::call("jsonencode", {Value::map({{"${k}", "v"}})})) == "jsonencode({\"$${k}\" = \"v\"})");
}

TEST_CASE("operators and conditionals") {
    Fixture f;
    CHECK(f.hcl(expr::binary("+", f.vpc.attr("n"), 1)) == "(aws_vpc.network_vpc.n + 1)");
    CHECK(f.hcl(expr::binary("==", f.env.value(), "prod")) == "(var.env == \"prod\")");
    CHECK(f.hcl(expr::binary("&&", true, expr::unary("!", false))) == "(true && (!false))");
    CHECK(f.hcl(expr::unary("-", f.vpc.attr("n"))) == "(-aws_vpc.network_vpc.n)");
    const Expr cond = expr::conditional(expr::binary("==", f.env.value(), "prod"), 3, 1);
    CHECK(f.hcl(cond) == "((var.env == \"prod\") ? 3 : 1)");
    CHECK(f.rendered(cond) == "${((var.env == \"prod\") ? 3 : 1)}");
    CHECK(f.hcl(expr::binary(">=", 2.5, nullptr)) == "(2.5 >= null)");
}

TEST_CASE("count.index, each.key and each.value are raw") {
    Fixture f;
    CHECK(f.hcl(expr::count_index()) == "count.index");
    CHECK(f.hcl(expr::each_key()) == "each.key");
    CHECK(f.hcl(expr::each_value()) == "each.value");
    CHECK(f.rendered(expr::each_value()) == "${each.value}");
    CHECK(f.rendered(expr::raw("path.module")) == "${path.module}");
    CHECK(f.rendered(expr::attr(expr::each_value(), "cidr")) == "${each.value.cidr}");
}

TEST_CASE("for_each_reference sees every referenced element and nothing raw") {
    Fixture f;
    std::vector<const TerraformElement*> seen;
    const Value v = Value::map({
        {"a", Value::list({f.vpc.attr("id"), expr::count_index()})},
        {"b", expr::call("format", {"%s", expr::attr(f.region.attr("x"), "y")})},
        {"c", Str("x") + f.env.as_str()},
        {"d", expr::conditional(true, f.prefix.ref(), expr::raw("each.value"))},
    });
    for_each_reference(v, [&](const TerraformElement& e) { seen.push_back(&e); });
    REQUIRE(seen.size() == 4);
    CHECK(std::count(seen.begin(), seen.end(), &f.vpc) == 1);
    CHECK(std::count(seen.begin(), seen.end(), &f.region) == 1);
    CHECK(std::count(seen.begin(), seen.end(), &f.env) == 1);
    CHECK(std::count(seen.begin(), seen.end(), &f.prefix) == 1);
}

TEST_CASE("a reference to an output or a provider cannot be rendered") {
    Fixture f;
    auto& out = f.dev.add<Output>("o", OutputConfig{.value = 1});
    REQUIRE_THROWS_MATCHES(f.hcl(expr::ref(out, "x")), Error, message_has({"dev/o", "cannot be referenced"}));
}

TEST_CASE("a stack with a reference across stacks synthesizes alone, with the stack it reads, or in the whole app") {
    App app;
    auto& shared = app.add<Stack>("shared");
    auto& dev = app.add<Stack>("dev");
    auto& vpc = shared.add<Resource>("vpc", "aws_vpc");
    dev.add<Resource>("subnet", "aws_subnet").set("vpc_id", vpc.attr("id"));

    // Linking the reference (cross_stack_references_test.cpp) is a stage of
    // every synthesis, also of one stack's.
    CHECK_THAT(synthesize_stack(dev), Catch::Contains("terraform_remote_state"));
    CHECK_NOTHROW(synthesize(app, {"shared"}));
    CHECK_NOTHROW(synthesize(app));
}
