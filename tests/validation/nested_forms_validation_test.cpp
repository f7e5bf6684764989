// The schema forms the aws types in use do not have (map and group blocks,
// nested attributes, tuples, objects with optional attributes, write-only
// and deprecated members), validated through the bindings of the toy
// schema of tests/bindings_generator.
#include <catch2/catch.hpp>

#include "infra/app.hpp"
#include "infra/resource.hpp"
#include "infra/schema_registry.hpp"
#include "schema_validator.hpp"
#include "infra/toy/provider_schema.hpp"
#include "infra/toy/widget.hpp"

using infra::Value;

namespace {

struct ToyStack {
    infra::App app;
    infra::Stack& stack = app.add<infra::Stack>("t");
    infra::SchemaRegistry schemas;
    ToyStack() { infra::toy::register_schemas(schemas); }

    // A raw toy_widget with its required arguments.
    infra::Resource& widget(const std::string& id) {
        auto& w = stack.add<infra::Resource>(id, "toy_widget");
        w.set("name", "w");
        w.set("settings", Value::map({}));
        w.set("disk", Value::map({{"size_gb", 1}}));
        return w;
    }

    std::vector<std::string> errors() {
        std::vector<std::string> out;
        for (const auto& d : infra::validate_against_schemas(stack, schemas).errors) out.push_back(d.message);
        return out;
    }
};

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("nested forms: map blocks are objects of labelled blocks") {
    ToyStack t;
    t.widget("a").set("listener", Value::list({Value::map({{"port", 80}})}));
    t.widget("b").set("listener", Value::map({{"http", Value::map({})}, {"https", Value::map({{"port", "x"}})}}));
    CHECK(t.errors() == Lines{
                            "block \"listener\" must be an object of labelled blocks, got list",
                            "missing required argument \"listener.http.port\"",
                            "wrong type for argument \"listener.https.port\": expected number, got string \"x\"",
                        });
}

TEST_CASE("nested forms: single and group blocks hold one block, and set blocks respect max_items") {
    ToyStack t;
    t.widget("a").set("defaults", Value::list({Value::map({}), Value::map({})}));
    t.widget("b").set("network", Value::list({Value::map({}), Value::map({})}));
    const Value mount = Value::map({{"target", "/m"}});
    t.widget("c").set("mount", Value::list({mount, mount, mount, mount}));
    t.widget("d").set("mount", Value::list({Value::map({{"target", "/m"}, {"mount", Value::list({Value::map({{"options", "ro"}})})}})}));
    CHECK(t.errors() == Lines{
                            "too many \"defaults\" blocks: at most 1 allowed, got 2",
                            "too many \"network\" blocks: at most 1 allowed, got 2",
                            "too many \"mount\" blocks: at most 3 allowed, got 4",
                            "wrong type for argument \"mount.mount.options\": expected list of string, got string "
                            "\"ro\"",
                        });
}

TEST_CASE("nested forms: a required block of max_items 1") {
    ToyStack t;
    auto& w = t.stack.add<infra::Resource>("w", "toy_widget");
    w.set("name", "w");
    w.set("settings", Value::map({}));
    CHECK(t.errors() == Lines{"too few \"disk\" blocks: at least 1 required, got 0"});
}

TEST_CASE("nested forms: nested attributes in list, single and map nesting") {
    ToyStack t;
    t.widget("a").set("rules", "all");
    t.widget("b").set("rules", Value::list({Value::map({{"port", 1}, {"rule_id", "r"}}), Value::map({{"portt", 2}})}));
    t.widget("c").set("settings", Value::list({}));
    t.widget("d").set("by_name", Value::map({{"x", Value::map({{"weight", "heavy"}})}}));
    CHECK(t.errors() == Lines{
                            "wrong type for argument \"rules\": expected a list of objects, got string",
                            "argument \"rules[0].rule_id\" is read-only: the provider computes it",
                            "unknown argument \"rules[1].portt\"; did you mean \"rules[1].port\"?",
                            "missing required argument \"rules[1].port\"",
                            "wrong type for argument \"settings\": expected an object, got list",
                            "wrong type for argument \"by_name[\"x\"].weight\": expected number, got string \"heavy\"",
                        });
}

TEST_CASE("nested forms: objects, tuples and dynamic values") {
    ToyStack t;
    t.widget("a").set("config", Value::map({{"mode", "fast"}}));           // "retries" is missing
    t.widget("b").set("config", Value::map({{"mode", "fast"}, {"retries", 1}}));  // "verbose" is optional
    t.widget("c").set("pair", Value::list({"x", "y"}));
    t.widget("d").set("anything", Value::list({1, "two", Value::map({})}));
    CHECK(t.errors() == Lines{
                            "wrong type for argument \"config\": object is missing attribute \"retries\" (set it to "
                            "null if unused)",
                            "wrong type for argument \"pair[1]\": expected number, got string \"y\"",
                        });
}

TEST_CASE("nested forms: write-only arguments can be set, and a computed-only one cannot") {
    ToyStack t;
    t.widget("a").set("secret", "s");
    t.widget("b").set("arn", "a");
    CHECK(t.errors() == Lines{"argument \"arn\" is read-only: the provider computes it"});
}

TEST_CASE("nested forms: deprecated blocks and arguments warn") {
    ToyStack t;
    auto& w = t.widget("a");
    w.set("legacy", Value::list({Value::map({{"flag", true}})}));
    w.set("old_name", "x");
    const auto report = infra::validate_against_schemas(t.stack, t.schemas);
    CHECK(report.errors.empty());
    REQUIRE(report.warnings.size() == 2);
    CHECK(report.warnings[0].message == "block \"legacy\" is deprecated");
    CHECK(report.warnings[1].message == "argument \"old_name\" is deprecated");
}
