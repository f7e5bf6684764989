// The dependency graph: references and depends_on give the edges; a cycle is
// reported with every member's address and path; long chains are fine.
#include <algorithm>
#include <chrono>

#include "infra/app.hpp"
#include "dependency_graph.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

bool has(const std::vector<const TerraformElement*>& v, const TerraformElement& e) {
    return std::find(v.begin(), v.end(), &e) != v.end();
}

std::vector<const TerraformElement*> elements_of(Construct& root) {
    std::vector<const TerraformElement*> out;
    walk(root, [&](Construct& c) {
        if (auto* e = dynamic_cast<const TerraformElement*>(&c)) out.push_back(e);
    });
    return out;
}

}  // namespace

TEST_CASE("dependencies_of includes referenced elements and explicit depends_on") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Resource>("vpc", "aws_vpc");
    auto& role = dev.add<Resource>("role", "aws_iam_role");
    auto& cidr = dev.add<Variable>("cidr", VariableConfig{.type = "string"});
    auto& name = dev.add<Local>("name", Value("n"));
    auto& unrelated = dev.add<Resource>("unrelated", "aws_s3_bucket");
    auto& subnet = dev.add<Resource>("subnet", "aws_subnet");
    subnet.set("vpc_id", vpc.attr("id"));
    subnet.set("cidr_block", cidr.as_str());
    subnet.set("tags", Value::map({{"Name", Str("x-") + name.as_str()}}));
    subnet.depends_on(role);

    const auto deps = dependencies_of(subnet);
    CHECK(has(deps, vpc));
    CHECK(has(deps, role));
    CHECK(has(deps, cidr));
    CHECK(has(deps, name));
    CHECK_FALSE(has(deps, unrelated));
    CHECK(dependencies_of(vpc).empty());

    auto& out = dev.add<Output>("subnet_id", OutputConfig{.value = subnet.attr("id")});
    CHECK(has(dependencies_of(out), subnet));
    auto& local = dev.add<Local>("ids", Value::list({vpc.attr("id")}));
    CHECK(has(dependencies_of(local), vpc));
}

TEST_CASE("a resource depends on the provider it is given") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& west = dev.add<Provider>("west", ProviderConfig{.name = "aws", .alias = "west"});
    auto& r = dev.add<Resource>("r", "aws_s3_bucket");
    r.set_provider(west);
    CHECK(has(dependencies_of(r), west));
}

TEST_CASE("depends_on renders as bare addresses") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Construct>("net").add<Resource>("x", "aws_vpc");
    auto& role = dev.add<Resource>("role", "aws_iam_role");
    auto& r = dev.add<Resource>("r", "aws_instance");
    r.depends_on(vpc);
    r.depends_on(role);
    auto& out = dev.add<Output>("o", OutputConfig{.value = 1});
    out.add_dependency(vpc);

    const json doc = synth(dev);
    CHECK(resource(doc, "aws_instance", "r")["depends_on"] == json::array({"aws_vpc.net_x", "aws_iam_role.role"}));
    CHECK(doc["output"]["o"]["depends_on"] == json::array({"aws_vpc.net_x"}));
    CHECK_FALSE(resource(doc, "aws_vpc", "net_x").contains("depends_on"));
}

TEST_CASE("depends_on rejects itself, variables and other stacks") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& r = dev.add<Resource>("r", "aws_instance");
    REQUIRE_THROWS_MATCHES(r.depends_on(r), Error, message_has({"dev/r", "itself"}));

    auto& v = dev.add<Variable>("v", VariableConfig{.type = "string"});
    r.depends_on(v);
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"dev/r", "dev/v"}));

    App app2;
    auto& a = app2.add<Stack>("a");
    auto& b = app2.add<Stack>("b");
    auto& ra = a.add<Resource>("ra", "aws_vpc");
    b.add<Resource>("rb", "aws_vpc").depends_on(ra);
    REQUIRE_THROWS_MATCHES(synthesize(app2, {"b"}), Error, message_has({"b/rb", "a/ra", "stacks"}));
}

TEST_CASE("a reference cycle names every member and closes the loop") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& a = dev.add<Resource>("a", "aws_security_group");
    auto& b = dev.add<Resource>("b", "aws_security_group");
    a.set("ingress_from", b.attr("id"));
    b.set("ingress_from", a.attr("id"));

    const std::string message = sdk_test::error_of([&] { synthesize_stack(dev); });
    CHECK_THAT(message, Catch::Contains("aws_security_group.a (dev/a) -> aws_security_group.b (dev/b) -> "
                                        "aws_security_group.a (dev/a)"));
    REQUIRE_THROWS_MATCHES(synthesize(app), Error, message_has({"cycle", "aws_security_group.a", "aws_security_group.b"}));
}

TEST_CASE("a longer cycle through different kinds of element names every member") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& sg = dev.add<Construct>("net").add<Resource>("sg", "aws_security_group");
    auto& name = dev.add<Local>("name", Value());
    auto& role = dev.add<Resource>("role", "aws_iam_role");
    auto& bystander = dev.add<Resource>("bystander", "aws_s3_bucket");
    bystander.set("x", sg.attr("id"));
    sg.set("name", name.as_str());
    auto& name2 = dev.add<Local>("name2", Value(role.attr("name")));
    role.set("description", sg.attr("id"));
    sg.set("description", name2.as_str());

    const std::string message = sdk_test::error_of([&] { check_for_cycles(elements_of(dev)); });
    CHECK_THAT(message, Catch::Contains("aws_security_group.net_sg (dev/net/sg)"));
    CHECK_THAT(message, Catch::Contains("local.name2 (dev/name2)"));
    CHECK_THAT(message, Catch::Contains("aws_iam_role.role (dev/role)"));
    CHECK_THAT(message, Catch::Contains("aws_iam_role.role (dev/role) -> aws_security_group.net_sg (dev/net/sg)"));
    CHECK_THAT(message, !Catch::Contains("bystander"));
    CHECK_THAT(message, !Catch::Contains("local.name "));
}

TEST_CASE("explicit depends_on takes part in cycle detection") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& a = dev.add<Resource>("a", "aws_instance");
    auto& b = dev.add<Resource>("b", "aws_instance");
    a.depends_on(b);
    b.set("x", a.attr("id"));
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"aws_instance.a (dev/a)", "aws_instance.b (dev/b)"}));
}

TEST_CASE("a resource referring to itself is a cycle") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& a = dev.add<Resource>("a", "aws_instance");
    a.set("x", a.attr("id"));
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"aws_instance.a (dev/a) -> aws_instance.a (dev/a)"}));
}

TEST_CASE("a local referring to itself is a cycle") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& holder = dev.add<Construct>("holder");
    // A local's value is fixed at construction, so the loop goes through an override.
    auto& name = holder.add<Local>("name", Value("x"));
    name.add_override("value", Str("x-") + name.as_str());
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error,
                           message_has({"local.holder_name (dev/holder/name) -> local.holder_name (dev/holder/name)"}));
}

TEST_CASE("a variable's validation may refer to the variable itself") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& env = dev.add<Variable>("env", VariableConfig{.type = "string"});
    env.add_validation(expr::binary("!=", env.value(), ""), "env must not be empty");
    CHECK(dependencies_of(env).empty());
    const json doc = synth(dev);
    CHECK(doc["variable"]["env"]["validation"] ==
          json::array({{{"condition", "${(var.env != \"\")}"}, {"error_message", "env must not be empty"}}}));
}

TEST_CASE("a chain of 100000 resources has no cycle and does not exhaust the stack") {
    constexpr int kCount = 100000;
    App app;
    auto& dev = app.add<Stack>("dev");
    std::vector<Resource*> chain;
    chain.reserve(kCount);
    for (int i = 0; i < kCount; ++i) {
        auto& r = dev.add<Resource>(sdk_test::numbered("r", i), "null_resource");
        if (i > 0) r.set("previous", chain.back()->attr("id"));
        chain.push_back(&r);
    }
    auto elements = elements_of(dev);
    REQUIRE(elements.size() == kCount);
    CHECK_NOTHROW(check_for_cycles(elements));
    // Starting from the far end walks the whole chain in one go: 100000 deep.
    std::reverse(elements.begin(), elements.end());
    CHECK_NOTHROW(check_for_cycles(elements));

    // Closing the loop is found, however long it is.
    chain.front()->set("previous", chain.back()->attr("id"));
    const std::string message = sdk_test::error_of([&] { check_for_cycles(elements); });
    CHECK_THAT(message, Catch::Contains("null_resource.r0 (dev/r0)"));
    CHECK_THAT(message, Catch::Contains("null_resource.r99999 (dev/r99999)"));
    CHECK_THAT(message, Catch::Contains("null_resource.r50000 (dev/r50000)"));
}

TEST_CASE("a chain of 100000 resources synthesizes") {
    constexpr int kCount = 100000;
    App app;
    auto& dev = app.add<Stack>("dev");
    Resource* previous = nullptr;
    for (int i = 0; i < kCount; ++i) {
        auto& r = dev.add<Resource>(sdk_test::numbered("r", i), "null_resource");
        if (previous != nullptr) r.set("previous", previous->attr("id"));
        previous = &r;
    }
    const auto result = synthesize(app);
    REQUIRE(result.stacks.size() == 1);
    const json doc = json::parse(result.stacks[0].json);
    CHECK(doc["resource"]["null_resource"].size() == kCount);
    CHECK(doc["resource"]["null_resource"]["r99999"]["previous"] == "${null_resource.r99998.id}");
}
