// Overrides: the escape hatch that sets or deletes any path of a block's body
// after everything else.
#include <algorithm>

#include "infra/app.hpp"
#include "dependency_graph.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

struct Fixture : DevStack {
    Resource& sg = dev.add<Resource>("sg", "aws_security_group");
    Fixture() {
        sg.set("name", "web");
        sg.set("tags", Value::map({{"Name", "web"}, {"Team", "core"}}));
        sg.set("ingress", Value::list({
                              Value::map({{"from_port", 80}, {"to_port", 80}}),
                              Value::map({{"from_port", 443}, {"to_port", 443}}),
                          }));
    }
    json body() { return resource(synth(dev), "aws_security_group", "sg"); }
};

}  // namespace

TEST_CASE("add_override creates a new nested path") {
    Fixture f;
    f.sg.add_override("lifecycle.ignore_changes", Value::list({"tags"}));
    f.sg.add_override("timeouts.create.deep", "30m");
    const json b = f.body();
    CHECK(b["lifecycle"] == json{{"ignore_changes", {"tags"}}});
    CHECK(b["timeouts"]["create"]["deep"] == "30m");
    CHECK(b["name"] == "web");
}

TEST_CASE("add_override replaces an existing key and keeps its siblings") {
    Fixture f;
    f.sg.add_override("name", "api");
    f.sg.add_override("tags.Name", "api");
    const json b = f.body();
    CHECK(b["name"] == "api");
    CHECK(b["tags"] == json{{"Name", "api"}, {"Team", "core"}});
}

TEST_CASE("add_override reaches into a list by index") {
    Fixture f;
    f.sg.add_override("ingress.1.to_port", 8443);
    f.sg.add_override("ingress.0", Value::map({{"from_port", 22}, {"to_port", 22}}));
    const json b = f.body();
    REQUIRE(b["ingress"].size() == 2);
    CHECK(b["ingress"][0] == json{{"from_port", 22}, {"to_port", 22}});
    CHECK(b["ingress"][1] == json{{"from_port", 443}, {"to_port", 8443}});
}

TEST_CASE("remove_override deletes keys and list items, and deleting something absent is a no-op") {
    Fixture f;
    f.sg.remove_override("tags.Team");
    f.sg.remove_override("ingress.0");
    f.sg.remove_override("not.there.at_all");
    f.sg.remove_override("ingress.7");
    const json b = f.body();
    CHECK(b["tags"] == json{{"Name", "web"}});
    REQUIRE(b["ingress"].size() == 1);
    CHECK(b["ingress"][0]["from_port"] == 443);

    Fixture g;
    g.sg.remove_override("name");
    CHECK_FALSE(g.body().contains("name"));
}

TEST_CASE("overrides apply in order") {
    Fixture f;
    f.sg.add_override("description", "one");
    f.sg.remove_override("description");
    f.sg.add_override("tags", "replaced wholesale");
    f.sg.add_override("x", 1);
    f.sg.add_override("x", 2);
    const json b = f.body();
    CHECK_FALSE(b.contains("description"));
    CHECK(b["tags"] == "replaced wholesale");
    CHECK(b["x"] == 2);
}

TEST_CASE("overrides that cannot apply are errors naming the element and the path") {
    SECTION("past the end of a list") {
        Fixture f;
        f.sg.add_override("ingress.5.from_port", 1);
        REQUIRE_THROWS_MATCHES(f.body(), Error, message_has({"dev/sg", "ingress.5.from_port", "past the end"}));
    }
    SECTION("through a scalar") {
        Fixture f;
        f.sg.add_override("name.first", 1);
        REQUIRE_THROWS_MATCHES(f.body(), Error, message_has({"dev/sg", "name.first", "string"}));
    }
    SECTION("an empty segment") {
        Fixture f;
        f.sg.add_override("tags..x", 1);
        REQUIRE_THROWS_MATCHES(f.body(), Error, message_has({"dev/sg", "empty segment"}));
    }
}

TEST_CASE("override values are resolved and escaped like any other value") {
    Fixture f;
    auto& vpc = f.dev.add<Resource>("vpc", "aws_vpc");
    f.sg.add_override("vpc_id", vpc.attr("id"));
    f.sg.add_override("description", "costs ${5}");
    const json b = f.body();
    CHECK(b["vpc_id"] == "${aws_vpc.vpc.id}");
    CHECK(b["description"] == "costs $${5}");
}

TEST_CASE("references in override values count as dependencies") {
    Fixture f;
    auto& vpc = f.dev.add<Resource>("vpc", "aws_vpc");
    CHECK(dependencies_of(f.sg).empty());
    f.sg.add_override("vpc_id", vpc.attr("id"));
    const auto deps = dependencies_of(f.sg);
    CHECK(std::find(deps.begin(), deps.end(), &vpc) != deps.end());

    // And so they can close a cycle.
    vpc.set("x", f.sg.attr("id"));
    REQUIRE_THROWS_MATCHES(synthesize_stack(f.dev), Error,
                           message_has({"aws_security_group.sg (dev/sg)", "aws_vpc.vpc (dev/vpc)"}));
}

TEST_CASE("overrides work on providers too") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& aws = dev.add<Provider>("aws", ProviderConfig{.name = "aws", .arguments = Value::map({{"region", "x"}}).as_map()});
    aws.add_override("assume_role.role_arn", "arn:aws:iam::1:role/r");
    aws.remove_override("region");
    const json doc = synth(dev);
    CHECK(doc["provider"]["aws"][0] == json{{"assume_role", {{"role_arn", "arn:aws:iam::1:role/r"}}}});
}
