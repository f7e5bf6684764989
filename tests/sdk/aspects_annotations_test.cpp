// Aspects visit subtrees before synthesis; annotations report on constructs,
// and an error annotation stops synthesis.
#include <set>

#include "infra/app.hpp"
#include "infra/aspect.hpp"
#include "infra/resource.hpp"
#include "infra/schema_registry.hpp"
#include "infra/tagging.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using namespace sdk_test;
using nlohmann::json;

namespace {

// Adds a ManagedBy tag to every resource whose type starts with aws_,
// keeping the tags already there.
std::shared_ptr<Aspect> tag_aws_resources() {
    return make_aspect([](Construct& c) {
        auto* r = dynamic_cast<Resource*>(&c);
        if (r == nullptr || r->terraform_type().rfind("aws_", 0) != 0) return;
        Value tags = r->get("tags") != nullptr ? *r->get("tags") : Value(Value::Map{});
        tags.as_map().insert_or_assign("ManagedBy", "infra");
        r->set("tags", std::move(tags));
    });
}

}  // namespace

TEST_CASE("an aspect that tags every aws_* resource") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Construct>("network").add<Resource>("vpc", "aws_vpc");
    vpc.set("tags", Value::map({{"Name", "main"}}));
    dev.add<Resource>("bucket", "aws_s3_bucket");
    dev.add<Resource>("rnd", "random_id");
    app.add_aspect(tag_aws_resources());

    const auto result = synthesize(app);
    REQUIRE(result.stacks.size() == 1);
    const json doc = json::parse(result.stacks[0].json);
    CHECK(resource(doc, "aws_vpc", "network_vpc")["tags"] == json{{"ManagedBy", "infra"}, {"Name", "main"}});
    CHECK(resource(doc, "aws_s3_bucket", "bucket")["tags"] == json{{"ManagedBy", "infra"}});
    CHECK_FALSE(resource(doc, "random_id", "rnd").contains("tags"));
}

TEST_CASE("an aspect on a subtree visits only that subtree") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    network.add<Resource>("vpc", "aws_vpc");
    network.add<Construct>("inner").add<Resource>("subnet", "aws_subnet");
    dev.add<Resource>("bucket", "aws_s3_bucket");
    auto& prod = app.add<Stack>("prod");
    prod.add<Resource>("bucket", "aws_s3_bucket");

    std::vector<std::string> visited;
    network.add_aspect(make_aspect([&](Construct& c) { visited.push_back(c.path()); }));
    network.add_aspect(tag_aws_resources());

    const auto result = synthesize(app);
    CHECK(visited == std::vector<std::string>{"dev/network", "dev/network/vpc", "dev/network/inner",
                                              "dev/network/inner/subnet"});
    const json doc = json::parse(result.stacks.at(0).json);
    CHECK(resource(doc, "aws_vpc", "network_vpc")["tags"]["ManagedBy"] == "infra");
    CHECK(resource(doc, "aws_subnet", "network_inner_subnet")["tags"]["ManagedBy"] == "infra");
    CHECK_FALSE(resource(doc, "aws_s3_bucket", "bucket").contains("tags"));
}

TEST_CASE("aspects visit constructs that other aspects add, and see inherited aspects first") {
    App app;
    auto& dev = app.add<Stack>("dev");
    std::vector<std::string> order;
    app.add_aspect(make_aspect([&](Construct& c) {
        order.push_back("app:" + c.path());
        if (c.path() == "dev" && c.find_child("added") == nullptr) c.add<Resource>("added", "aws_s3_bucket");
    }));
    dev.add_aspect(make_aspect([&](Construct& c) { order.push_back("dev:" + c.path()); }));

    const auto result = synthesize(app);
    CHECK(order == std::vector<std::string>{"app:", "app:dev", "dev:dev", "app:dev/added", "dev:dev/added"});
    CHECK(json::parse(result.stacks.at(0).json)["resource"]["aws_s3_bucket"].contains("added"));
}

TEST_CASE("an error annotation makes synthesis throw SynthesisError with the path") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& bucket = dev.add<Construct>("storage").add<Resource>("bucket", "aws_s3_bucket");
    bucket.annotations().add_error("bucket must be encrypted");
    bucket.annotations().add_warning("a warning is not an error");
    dev.add<Resource>("other", "aws_s3_bucket").annotations().add_error("second problem");

    try {
        synthesize(app);
        FAIL("synthesize did not throw");
    } catch (const SynthesisError& e) {
        REQUIRE(e.errors().size() == 2);
        CHECK(e.errors()[0].path == "dev/storage/bucket");
        CHECK(e.errors()[0].message == "bucket must be encrypted");
        CHECK(e.errors()[0].severity == Severity::Error);
        CHECK(e.errors()[1].path == "dev/other");
        CHECK(std::string(e.what()) == "error: dev/storage/bucket: bucket must be encrypted");
    }
    // It is an infra::Error like any other.
    REQUIRE_THROWS_AS(synthesize(app), Error);
}

TEST_CASE("an aspect can annotate, and its errors stop synthesis") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Resource>("public", "aws_s3_bucket").set("acl", "public-read");
    dev.add<Resource>("private", "aws_s3_bucket").set("acl", "private");
    app.add_aspect(make_aspect([](Construct& c) {
        auto* r = dynamic_cast<Resource*>(&c);
        if (r != nullptr && r->get("acl") != nullptr && r->get("acl")->as_string() == "public-read")
            r->annotations().add_error("public buckets are not allowed");
    }));
    REQUIRE_THROWS_MATCHES(synthesize(app), SynthesisError, message_has({"dev/public", "public buckets"}));
}

TEST_CASE("warnings and infos come back in the diagnostics") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& vpc = dev.add<Resource>("vpc", "aws_vpc");
    vpc.annotations().add_warning("no flow logs");
    dev.annotations().add_info("built from defaults");
    auto& prod = app.add<Stack>("prod");
    prod.annotations().add_warning("only in prod");

    const auto result = synthesize(app, {"dev"});
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(result.diagnostics[0].severity == Severity::Info);
    CHECK(result.diagnostics[0].path == "dev");
    CHECK(result.diagnostics[1].severity == Severity::Warning);
    CHECK(result.diagnostics[1].path == "dev/vpc");
    CHECK(result.diagnostics[1].message == "no flow logs");
    CHECK(format_diagnostic(result.diagnostics[1]) == "warning: dev/vpc: no flow logs");
    CHECK(vpc.annotation_list().size() == 1);

    // An error in a stack that is not synthesized does not stop the others.
    prod.annotations().add_error("broken");
    CHECK_NOTHROW(synthesize(app, {"dev"}));
    REQUIRE_THROWS_AS(synthesize(app, {"prod"}), SynthesisError);
}

namespace {

// toy_bucket takes tags, toy_rule has none, toy_report's tags are set by the
// provider only.
const schema::Attribute kTags[] = {{"tags", "Ms", schema::kOptional, nullptr}};
const schema::Attribute kReadOnlyTags[] = {{"tags", "Ms", schema::kComputed, nullptr}};
const schema::Block kTaggable{kTags, {}, false};
const schema::Block kUntaggable{{}, {}, false};
const schema::Block kReadOnly{kReadOnlyTags, {}, false};
const schema::TypeSchema kToyTypes[] = {{"toy_bucket", &kTaggable}, {"toy_report", &kReadOnly}, {"toy_rule", &kUntaggable}};
const schema::ProviderSchema kToy{"toy", "example.com/acme/toy", kToyTypes, {}};

}  // namespace

TEST_CASE("tag_every_taggable tags the resources whose schema takes tags, their own keys winning") {
    SchemaRegistry schemas;
    schemas.add(kToy);
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Resource>("plain", "toy_bucket");
    dev.add<Resource>("own", "toy_bucket").set("tags", Value::map({{"Team", "data"}, {"Name", "own"}}));
    auto& computed = dev.add<Resource>("computed", "toy_bucket");
    computed.set("tags", Value(expr::raw("var.tags")));
    dev.add<Resource>("rule", "toy_rule");
    dev.add<Resource>("report", "toy_report");
    dev.add<Resource>("other", "random_id");
    app.add_aspect(tag_every_taggable({{"Team", "web"}, {"CostCenter", "42"}}, schemas));

    const json doc = json::parse(synthesize(app).stacks.at(0).json);
    const json& buckets = doc.at("resource").at("toy_bucket");
    CHECK(buckets.at("plain").at("tags") == json{{"CostCenter", "42"}, {"Team", "web"}});
    CHECK(buckets.at("own").at("tags") == json{{"CostCenter", "42"}, {"Name", "own"}, {"Team", "data"}});
    CHECK(buckets.at("computed").at("tags") == "${merge({\"CostCenter\" = \"42\", \"Team\" = \"web\"}, var.tags)}");
    CHECK_FALSE(doc.at("resource").at("toy_rule").at("rule").contains("tags"));
    CHECK_FALSE(doc.at("resource").at("toy_report").at("report").contains("tags"));
    CHECK_FALSE(doc.at("resource").at("random_id").at("other").contains("tags"));
}
