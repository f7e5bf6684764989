// The bindings generated from schemas/toy.json at build time, used as a
// stack author would: every argument form goes in through a designated
// initializer and comes out as the Terraform JSON the schema asks for.
// Compiled with -Werror: using generated code must not warn.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "infra/app.hpp"
#include "expression_renderer.hpp"
#include "infra/schema_registry.hpp"
#include "schema_validator.hpp"
#include "infra/synthesizer.hpp"
#include "infra/toy/data/lookup.hpp"
#include "infra/toy/marker.hpp"
#include "infra/toy/provider_schema.hpp"
#include "infra/toy/widget.hpp"

namespace {

using infra::toy::WidgetArgs;

struct ToyStack {
    infra::App app;
    infra::Stack& stack = app.add<infra::Stack>("t");
    infra::toy::Marker& marker = stack.add<infra::toy::Marker>("marker");  // no required argument: no Args needed
    infra::toy::data::Lookup& lookup =
        stack.add<infra::toy::data::Lookup>("lookup", infra::toy::data::LookupArgs{.query = "q"});
    infra::toy::Widget& widget = stack.add<infra::toy::Widget>(
        "w", WidgetArgs{
                 .anything = infra::Value::map({{"k", 1}}),
                 .by_name = std::map<std::string, WidgetArgs::ByName>{{"a", {.weight = 2}}},
                 .config = infra::Value::map({{"mode", "fast"}, {"retries", 3}}),
                 .default_ = "d",
                 .defaults = WidgetArgs::Defaults{.color = "red"},
                 .disk = {{.size_gb = 20}},
                 .enabled = true,
                 .labels = infra::List<infra::Str>{"a", marker.id()},
                 .listener = {{"http", {.port = 80}}},
                 .logging = WidgetArgs::Logging{.level = "info"},
                 .matrix = infra::List<infra::List<infra::Num>>{{1, 2}, {3}},
                 .mount = {{.mount = {{.options = infra::List<infra::Str>{"ro"}}}, .target = "/data"}},
                 .name = "w1",
                 .namespace_ = "ns",
                 .pair = infra::Value::list({"x", 1}),
                 .path = "/p",
                 .rules = std::vector<WidgetArgs::Rules>{{.port = 443}, {.port = 80, .protocol = "tcp"}},
                 .secret = "s",
                 .settings = WidgetArgs::Settings{.level = 3},
                 .size = 2.5,
                 .switches = infra::Map<infra::Bool>{{"on", true}},
                 .tags = infra::Map<infra::Str>{{"Name", "w"}},
                 .type = "t",
                 .zones = lookup.result(),
             });
};

// What a value is written as in the stack's JSON: "${toy_widget.w.arn}".
std::string rendered(const ToyStack& t, const infra::Value& v) {
    return infra::resolve(v, infra::RenderContext{&t.stack}).as_string();
}

nlohmann::json widget_json(ToyStack& t) {
    return nlohmann::json::parse(infra::synthesize_stack(t.stack))["resource"]["toy_widget"]["w"];
}

}  // namespace

TEST_CASE("toy bindings: attributes of every type render as Terraform JSON") {
    ToyStack t;
    const auto w = widget_json(t);
    CHECK(w["name"] == "w1");
    CHECK(w["size"] == 2.5);
    CHECK(w["enabled"] == true);
    CHECK(w["labels"] == nlohmann::json::array({"a", "${toy_marker.marker.id}"}));
    CHECK(w["matrix"] == nlohmann::json::parse("[[1, 2], [3]]"));
    CHECK(w["tags"] == nlohmann::json{{"Name", "w"}});
    CHECK(w["switches"] == nlohmann::json{{"on", true}});
    CHECK(w["config"] == nlohmann::json{{"mode", "fast"}, {"retries", 3}});
    CHECK(w["pair"] == nlohmann::json::array({"x", 1}));
    CHECK(w["anything"] == nlohmann::json{{"k", 1}});
    CHECK(w["zones"] == "${data.toy_lookup.lookup.result}");
    CHECK(w["secret"] == "s");
}

TEST_CASE("toy bindings: keyword and base-class names keep their Terraform names") {
    ToyStack t;
    const auto w = widget_json(t);
    CHECK(w["default"] == "d");
    CHECK(w["namespace"] == "ns");
    CHECK(w["path"] == "/p");
    CHECK(w["type"] == "t");
    // The getter of `path` is path_(): path() is still the construct path.
    CHECK(t.widget.path() == "t/w");
    CHECK(rendered(t, t.widget.path_()) == "${toy_widget.w.path}");
}

TEST_CASE("toy bindings: nested blocks and nested attributes in every nesting mode") {
    ToyStack t;
    const auto w = widget_json(t);
    CHECK(w["disk"] == nlohmann::json{{"size_gb", 20}});             // list, max 1: one object
    CHECK(w["logging"] == nlohmann::json{{"level", "info"}});        // list, max 1, optional
    CHECK(w["defaults"] == nlohmann::json{{"color", "red"}});        // group
    CHECK(w["listener"] == nlohmann::json::parse(R"({"http": {"port": 80}})"));  // map
    CHECK(w["mount"] == nlohmann::json::parse(R"([{"mount": [{"options": ["ro"]}], "target": "/data"}])"));  // set
    CHECK(w["rules"] == nlohmann::json::parse(R"([{"port": 443}, {"port": 80, "protocol": "tcp"}])"));  // nested list
    CHECK(w["settings"] == nlohmann::json{{"level", 3}});            // nested single
    CHECK(w["by_name"] == nlohmann::json::parse(R"({"a": {"weight": 2}})"));  // nested map
    // What was not given is not written.
    CHECK_FALSE(w.contains("network"));
    CHECK_FALSE(w.contains("legacy"));
    CHECK_FALSE(w.contains("old_name"));
    CHECK_FALSE(w.contains("timeouts"));
}

TEST_CASE("toy bindings: typed getters render as references") {
    ToyStack t;
    const auto& s = t.stack.add<infra::toy::Marker>("second");
    CHECK(rendered(t, t.widget.arn()) == "${toy_widget.w.arn}");
    CHECK(rendered(t, t.widget.id()) == "${toy_widget.w.id}");
    CHECK(rendered(t, t.widget.disk()) == "${toy_widget.w.disk}");  // blocks are references too
    CHECK(rendered(t, t.lookup.result()) == "${data.toy_lookup.lookup.result}");
    CHECK(rendered(t, s.id()) == "${toy_marker.second.id}");
    CHECK(t.widget.terraform_type() == "toy_widget");
    CHECK(t.lookup.address() == "data.toy_lookup.lookup");
}

TEST_CASE("toy bindings: the typed getters of one instance, or all, of a counted or for_each element") {
    ToyStack t;
    auto& markers = t.stack.add<infra::toy::Marker>("markers");
    markers.set_for_each(infra::Value::map({{"a", 1}, {"b", 2}}));
    auto& lookups = t.stack.add<infra::toy::data::Lookup>("lookups", infra::toy::data::LookupArgs{.query = "q"});
    lookups.set_count(2);
    const infra::toy::MarkerAttributes<infra::InstanceReference> one = markers.at("a");
    CHECK(rendered(t, one.id()) == "${toy_marker.markers[\"a\"].id}");
    CHECK(rendered(t, markers.splat().id()) == "${values(toy_marker.markers)[*].id}");
    CHECK(rendered(t, lookups.at(1).result()) == "${data.toy_lookup.lookups[1].result}");
    CHECK(rendered(t, lookups.splat().query()) == "${data.toy_lookup.lookups[*].query}");
    CHECK(rendered(t, t.widget.arn()) == "${toy_widget.w.arn}");  // an element with neither: as before
    // A typed getter keeps its type on an instance: a Str goes where a Str belongs.
    t.stack.add<infra::toy::Widget>("second",
                                    WidgetArgs{.disk = {{.size_gb = 1}}, .name = markers.at("b").id(), .settings = {{}}});
    const auto doc = nlohmann::json::parse(infra::synthesize_stack(t.stack));
    CHECK(doc["resource"]["toy_widget"]["second"]["name"] == "${toy_marker.markers[\"b\"].id}");
    CHECK_THROWS_AS(t.widget.at(0), infra::Error);
}

TEST_CASE("toy bindings: a stack built with the bindings passes validation against their own schema") {
    ToyStack t;
    infra::SchemaRegistry registry;
    infra::toy::register_schemas(registry);
    const auto report = infra::validate_against_schemas(t.stack, registry);
    for (const auto& e : report.errors) UNSCOPED_INFO(e.path << ": " << e.message);
    CHECK(report.errors.empty());
    CHECK(report.warnings.empty());
    CHECK(report.unvalidated_types.empty());
}
