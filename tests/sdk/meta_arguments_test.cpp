// Meta-arguments: count, for_each, provider, lifecycle.
#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

TEST_CASE("count renders as a number or an expression, with count.index usable") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& n = dev.add<Variable>("n", VariableConfig{.type = "number"});
    auto& fixed = dev.add<Resource>("fixed", "aws_subnet");
    fixed.set_count(3);
    fixed.set("name", Str("subnet-") + Str(expr::count_index()));
    auto& variable = dev.add<Resource>("variable", "aws_subnet");
    variable.set_count(n.as_num());

    const json doc = synth(dev);
    const json& f = resource(doc, "aws_subnet", "fixed");
    CHECK(f["count"] == 3);
    CHECK(f["count"].is_number_integer());
    CHECK(f["name"] == "subnet-${count.index}");
    CHECK(resource(doc, "aws_subnet", "variable")["count"] == "${var.n}");
}

TEST_CASE("for_each renders its collection, with each.key and each.value usable") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& users = dev.add<Resource>("users", "aws_iam_user");
    users.set_for_each(Value::map({{"alice", "admin"}, {"bob", "dev"}}));
    users.set("name", expr::each_key());
    users.set("tags", Value::map({{"Role", expr::each_value()}}));
    auto& sets = dev.add<Resource>("sets", "aws_iam_user");
    sets.set_for_each(expr::call("toset", {Value::list({"a", "b"})}));

    const json doc = synth(dev);
    const json& u = resource(doc, "aws_iam_user", "users");
    CHECK(u["for_each"] == json{{"alice", "admin"}, {"bob", "dev"}});
    CHECK(u["name"] == "${each.key}");
    CHECK(u["tags"]["Role"] == "${each.value}");
    CHECK(resource(doc, "aws_iam_user", "sets")["for_each"] == "${toset([\"a\", \"b\"])}");
}

TEST_CASE("count and for_each together are rejected, in either order") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& a = dev.add<Resource>("a", "aws_instance");
    a.set_count(2);
    REQUIRE_THROWS_MATCHES(a.set_for_each(Value::map({{"x", 1}})), Error, message_has({"dev/a", "count", "for_each"}));
    auto& b = dev.add<Resource>("b", "aws_instance");
    b.set_for_each(Value::map({{"x", 1}}));
    REQUIRE_THROWS_MATCHES(b.set_count(1), Error, message_has({"dev/b", "count", "for_each"}));

    const json doc = synth(dev);
    CHECK_FALSE(resource(doc, "aws_instance", "a").contains("for_each"));
    CHECK_FALSE(resource(doc, "aws_instance", "b").contains("count"));
}

TEST_CASE("a provider alias is written as name.alias") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& aws = dev.add<Provider>("aws", ProviderConfig{.name = "aws", .source = "hashicorp/aws",
                                                        .arguments = Value::map({{"region", "eu-west-1"}}).as_map()});
    auto& west = dev.add<Provider>("west", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .alias = "west",
                                                         .arguments = Value::map({{"region", "us-west-2"}}).as_map()});
    auto& r = dev.add<Resource>("r", "aws_s3_bucket");
    r.set_provider(west);
    auto& d = dev.add<DataSource>("region", "aws_region");
    d.set_provider(aws);
    auto& plain = dev.add<Resource>("plain", "aws_s3_bucket");

    const json doc = synth(dev);
    CHECK(resource(doc, "aws_s3_bucket", "r")["provider"] == "aws.west");
    CHECK(doc["data"]["aws_region"]["region"]["provider"] == "aws");
    CHECK_FALSE(resource(doc, "aws_s3_bucket", "plain").contains("provider"));
    REQUIRE(doc["provider"]["aws"].size() == 2);
    CHECK(doc["provider"]["aws"][0] == json{{"region", "eu-west-1"}});
    CHECK(doc["provider"]["aws"][1] == json{{"alias", "west"}, {"region", "us-west-2"}});
    (void)plain;

    auto& other = app.add<Stack>("other");
    auto& foreign = other.add<Resource>("x", "aws_s3_bucket");
    REQUIRE_THROWS_MATCHES(foreign.set_provider(west), Error, message_has({"other/x", "dev/west", "another stack"}));
}

TEST_CASE("lifecycle settings") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Resource>("vpc", "aws_vpc");
    auto& sg = dev.add<Resource>("sg", "aws_security_group");

    auto& a = dev.add<Resource>("a", "aws_instance");
    a.set_lifecycle(Lifecycle{.create_before_destroy = true,
                              .prevent_destroy = true,
                              .ignore_changes = {"tags", "user_data"},
                              .replace_triggered_by = {vpc.attr("id"), expr::ref(sg, "")}});
    auto& b = dev.add<Resource>("b", "aws_instance");
    b.set_lifecycle(Lifecycle{.ignore_changes = {"ignored_because_all"}, .ignore_all_changes = true});
    auto& c = dev.add<Resource>("c", "aws_instance");
    c.set_lifecycle(Lifecycle{});

    const json doc = synth(dev);
    const json& la = resource(doc, "aws_instance", "a")["lifecycle"];
    CHECK(la["create_before_destroy"] == true);
    CHECK(la["prevent_destroy"] == true);
    CHECK(la["ignore_changes"] == json::array({"tags", "user_data"}));
    // Bare references, as Terraform reads them: not "${...}".
    CHECK(la["replace_triggered_by"] == json::array({"aws_vpc.vpc.id", "aws_security_group.sg"}));

    const json& lb = resource(doc, "aws_instance", "b")["lifecycle"];
    CHECK(lb == json{{"ignore_changes", "all"}});
    // An empty lifecycle writes nothing.
    CHECK_FALSE(resource(doc, "aws_instance", "c").contains("lifecycle"));
}

TEST_CASE("arguments can be read, replaced and removed") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& r = dev.add<Resource>("r", "aws_vpc");
    r.set("cidr_block", "10.0.0.0/16");
    r.set("cidr_block", "10.1.0.0/16");
    r.set("gone", true);
    r.unset("gone");
    r.unset("never_set");
    REQUIRE(r.get("cidr_block") != nullptr);
    CHECK(r.get("cidr_block")->as_string() == "10.1.0.0/16");
    CHECK(r.get("gone") == nullptr);
    const json body = resource(synth(dev), "aws_vpc", "r");
    CHECK(body["cidr_block"] == "10.1.0.0/16");
    CHECK_FALSE(body.contains("gone"));
    CHECK(body["//"]["metadata"]["path"] == "dev/r");
    REQUIRE_THROWS_AS(dev.add<Resource>("empty_type", ""), Error);
}
