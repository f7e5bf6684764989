// Logical IDs: derived from the construct path below the stack, readable and
// stable, and unique per namespace.
#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "logical_id.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/variable.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using sdk_test::message_has;
using sdk_test::synth;

TEST_CASE("logical IDs are the path below the stack joined with '_'") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& subnet = dev.add<Construct>("network").add<Resource>("private_subnet_0", "aws_subnet");
    auto& vpc = dev.add<Resource>("vpc", "aws_vpc");
    CHECK(subnet.logical_id() == "network_private_subnet_0");
    CHECK(vpc.logical_id() == "vpc");
    CHECK(subnet.address() == "aws_subnet.network_private_subnet_0");

    const auto doc = synth(dev);
    CHECK(doc["resource"]["aws_subnet"].contains("network_private_subnet_0"));
    CHECK(doc["resource"]["aws_vpc"].contains("vpc"));
}

TEST_CASE("derive_logical_id sanitizes, prefixes a leading digit, and leaves out Default") {
    CHECK(derive_logical_id({"network", "vpc"}) == "network_vpc");
    CHECK(derive_logical_id({"my.bucket", "logs bucket!"}) == "my_bucket_logs_bucket_");
    CHECK(derive_logical_id({"a:b", "c@d"}) == "a_b_c_d");
    CHECK(derive_logical_id({"keep-dash", "under_score"}) == "keep-dash_under_score");
    CHECK(derive_logical_id({"0subnet"}) == "_0subnet");
    CHECK(derive_logical_id({"-x"}) == "_-x");
    CHECK(derive_logical_id({"caf\xc3\xa9"}) == "caf__");  // each non-ASCII byte becomes '_'
    CHECK(derive_logical_id({"database", "Default"}) == "database");
    CHECK(derive_logical_id({"Default", "vpc"}) == "vpc");
    CHECK(derive_logical_id({"Default"}) == "Default");  // alone it is kept, or the ID would be empty
    CHECK(derive_logical_id({"default"}) == "default");  // only the exact name is special

    for (const char* id : {"network_vpc", "my_bucket_logs_bucket_", "_0subnet", "_-x", "caf__", "database"})
        CHECK(is_valid_logical_id(id));
}

TEST_CASE("is_valid_logical_id follows Terraform's identifier rules") {
    CHECK(is_valid_logical_id("vpc"));
    CHECK(is_valid_logical_id("_x"));
    CHECK(is_valid_logical_id("a-b_c9"));
    CHECK_FALSE(is_valid_logical_id(""));
    CHECK_FALSE(is_valid_logical_id("9a"));
    CHECK_FALSE(is_valid_logical_id("-a"));
    CHECK_FALSE(is_valid_logical_id("a.b"));
    CHECK_FALSE(is_valid_logical_id("a b"));
    CHECK_FALSE(is_valid_logical_id("a/b"));
}

TEST_CASE("element logical IDs apply the same rules") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& db = dev.add<Construct>("database");
    auto& main_cluster = db.add<Resource>("Default", "aws_rds_cluster");
    auto& digit = dev.add<Resource>("1st bucket", "aws_s3_bucket");
    CHECK(main_cluster.logical_id() == "database");
    CHECK(digit.logical_id() == "_1st_bucket");
    const auto doc = synth(dev);
    CHECK(doc["resource"]["aws_rds_cluster"].contains("database"));
    CHECK(doc["resource"]["aws_s3_bucket"].contains("_1st_bucket"));
}

namespace {

void build_tree(App& app) {
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    auto& vpc = network.add<Resource>("vpc", "aws_vpc");
    for (int i = 0; i < 3; ++i)
        network.add<Resource>(sdk_test::numbered("subnet ", i), "aws_subnet").set("vpc_id", vpc.attr("id"));
    dev.add<Construct>("db").add<Resource>("Default", "aws_rds_cluster");
}

std::vector<std::string> ids_of(App& app) {
    std::vector<std::string> out;
    walk(app, [&](Construct& c) {
        if (auto* e = dynamic_cast<TerraformElement*>(&c)) out.push_back(e->logical_id());
    });
    return out;
}

}  // namespace

TEST_CASE("the same tree always gives the same logical IDs") {
    App a, b;
    build_tree(a);
    build_tree(b);
    const auto ids = ids_of(a);
    CHECK(ids == std::vector<std::string>{"network_vpc", "network_subnet_0", "network_subnet_1", "network_subnet_2",
                                          "db"});
    CHECK(ids == ids_of(b));
    CHECK(ids == ids_of(a));  // asking again changes nothing
}

TEST_CASE("two paths that map to the same logical ID are an error naming both") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Construct>("a").add<Resource>("b_c", "aws_s3_bucket");
    dev.add<Construct>("a_b").add<Resource>("c", "aws_s3_bucket");
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error,
                           message_has({"dev/a/b_c", "dev/a_b/c", "\"a_b_c\"", "override_logical_id"}));
    REQUIRE_THROWS_MATCHES(synthesize(app), Error, message_has({"dev/a/b_c", "dev/a_b/c"}));
}

TEST_CASE("the same logical ID under different resource types is no collision") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Construct>("a").add<Resource>("b_c", "aws_s3_bucket");
    dev.add<Construct>("a_b").add<Resource>("c", "aws_s3_bucket_policy");
    dev.add<Construct>("a_b_").add<DataSource>("c", "aws_s3_bucket");  // data.* is its own namespace
    const auto doc = synth(dev);
    CHECK(doc["resource"]["aws_s3_bucket"].contains("a_b_c"));
    CHECK(doc["resource"]["aws_s3_bucket_policy"].contains("a_b_c"));
    CHECK(doc["data"]["aws_s3_bucket"].contains("a_b__c"));
}

TEST_CASE("override_logical_id renames the block and validates the name") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& first = dev.add<Construct>("a").add<Resource>("b_c", "aws_s3_bucket");
    auto& second = dev.add<Construct>("a_b").add<Resource>("c", "aws_s3_bucket");
    auto& user = dev.add<Resource>("user", "aws_s3_bucket_policy");
    user.set("bucket", second.attr("id"));

    CHECK_FALSE(second.has_logical_id_override());
    second.override_logical_id("logs");
    CHECK(second.has_logical_id_override());
    CHECK(second.logical_id() == "logs");
    CHECK(second.address() == "aws_s3_bucket.logs");

    const auto doc = synth(dev);
    CHECK(doc["resource"]["aws_s3_bucket"].contains("a_b_c"));
    CHECK(doc["resource"]["aws_s3_bucket"].contains("logs"));
    CHECK(doc["resource"]["aws_s3_bucket_policy"]["user"]["bucket"] == "${aws_s3_bucket.logs.id}");

    REQUIRE_THROWS_MATCHES(first.override_logical_id("9lives"), Error, message_has({"dev/a/b_c", "\"9lives\""}));
    REQUIRE_THROWS_MATCHES(first.override_logical_id("has.dot"), Error, message_has({"\"has.dot\""}));
    REQUIRE_THROWS_AS(first.override_logical_id(""), Error);
    CHECK_FALSE(first.has_logical_id_override());

    // An override can itself collide.
    first.override_logical_id("logs");
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"dev/a/b_c", "dev/a_b/c", "\"logs\""}));
}

TEST_CASE("variables share one namespace whatever their path") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Construct>("x").add<Variable>("y_z", VariableConfig{.type = "string"});
    dev.add<Construct>("x_y").add<Variable>("z", VariableConfig{.type = "string"});
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"dev/x/y_z", "dev/x_y/z", "variable"}));
}

TEST_CASE("two default providers of the same name in one stack are reported") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Provider>("aws", ProviderConfig{.name = "aws", .source = "hashicorp/aws"});
    dev.add<Construct>("regional").add<Provider>("aws", ProviderConfig{.name = "aws", .source = "hashicorp/aws"});
    REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error,
                           message_has({"dev/aws", "dev/regional/aws", "\"aws\"", "alias"}));
}

TEST_CASE("two providers with the same alias are reported, and different aliases are fine") {
    SECTION("same alias") {
        App app;
        auto& dev = app.add<Stack>("dev");
        dev.add<Provider>("west", ProviderConfig{.name = "aws", .alias = "west"});
        dev.add<Provider>("west2", ProviderConfig{.name = "aws", .alias = "west"});
        REQUIRE_THROWS_MATCHES(synthesize_stack(dev), Error, message_has({"dev/west", "dev/west2", "alias"}));
    }
    SECTION("distinct aliases and one default") {
        App app;
        auto& dev = app.add<Stack>("dev");
        dev.add<Provider>("aws", ProviderConfig{.name = "aws"});
        dev.add<Provider>("west", ProviderConfig{.name = "aws", .alias = "west"});
        dev.add<Provider>("east", ProviderConfig{.name = "aws", .alias = "east"});
        dev.add<Provider>("random", ProviderConfig{.name = "random"});
        const auto doc = synth(dev);
        REQUIRE(doc["provider"]["aws"].size() == 3);
        CHECK(doc["provider"]["random"].size() == 1);
    }
    SECTION("an invalid alias is rejected") {
        App app;
        auto& dev = app.add<Stack>("dev");
        REQUIRE_THROWS_MATCHES(dev.add<Provider>("p", ProviderConfig{.name = "aws", .alias = "us west"}), Error,
                               message_has({"dev/p", "\"us west\""}));
    }
}
