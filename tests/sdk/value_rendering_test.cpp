// Every kind of value becomes the right Terraform JSON, and any string,
// whatever bytes it holds, comes out as valid JSON holding the same text.
#include <cmath>
#include <limits>

#include "infra/app.hpp"
#include "expression_renderer.hpp"
#include "json_writer.hpp"
#include "infra/resource.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using nlohmann::json;
using sdk_test::message_has;
using sdk_test::synth;

namespace {

// The JSON of `v` as a resource argument, parsed back.
json as_argument(const Value& v) {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& r = dev.add<Resource>("r", "null_resource");
    r.set("v", v);
    return synth(dev)["resource"]["null_resource"]["r"]["v"];
}

}  // namespace

TEST_CASE("scalars render as JSON scalars of the same type") {
    CHECK(as_argument(Value()).is_null());
    CHECK(as_argument(nullptr).is_null());
    CHECK(as_argument(true) == json(true));
    CHECK(as_argument(false) == json(false));

    const json i = as_argument(42);
    CHECK(i.is_number_integer());
    CHECK(i == 42);
    CHECK(as_argument(-7) == -7);
    const json big = as_argument(std::int64_t{9007199254740993});  // not representable as a double
    CHECK(big.get<std::int64_t>() == 9007199254740993);
    CHECK(as_argument(std::numeric_limits<std::int64_t>::min()).get<std::int64_t>() ==
          std::numeric_limits<std::int64_t>::min());

    const json r = as_argument(1.5);
    CHECK(r.is_number_float());
    CHECK(r.get<double>() == 1.5);
    CHECK(as_argument(0.1).get<double>() == 0.1);
    CHECK(as_argument(-2.25e-7).get<double>() == -2.25e-7);
    CHECK(as_argument(1e300).get<double>() == 1e300);

    CHECK(as_argument("plain") == "plain");
    CHECK(as_argument(std::string()) == "");
}

TEST_CASE("integers and reals are written exactly") {
    CHECK(to_json(Value(2)) == "2\n");
    CHECK(to_json(Value(-9223372036854775807LL - 1)) == "-9223372036854775808\n");
    CHECK(to_json(Value(1.5)) == "1.5\n");
    CHECK(to_json(Value(0.1)) == "0.1\n");
    CHECK(to_json(Value(true)) == "true\n");
    CHECK(to_json(Value()) == "null\n");
}

TEST_CASE("lists, maps and nested blocks render as arrays and objects") {
    const json list = as_argument(Value::list({"a", 1, true, nullptr}));
    REQUIRE(list.is_array());
    CHECK(list == json::array({"a", 1, true, nullptr}));

    const json map = as_argument(Value::map({{"b", 2}, {"a", "x"}, {"nested", Value::map({{"k", Value::list({})}})}}));
    REQUIRE(map.is_object());
    CHECK(map == json{{"a", "x"}, {"b", 2}, {"nested", {{"k", json::array()}}}});

    // A nested block is a list of maps.
    const json blocks = as_argument(Value::list({
        Value::map({{"from_port", 80}, {"to_port", 80}, {"cidr_blocks", Value::list({"10.0.0.0/16"})}}),
        Value::map({{"from_port", 443}, {"to_port", 443}, {"cidr_blocks", Value::list({})}}),
    }));
    REQUIRE(blocks.is_array());
    REQUIRE(blocks.size() == 2);
    CHECK(blocks[0] == json{{"from_port", 80}, {"to_port", 80}, {"cidr_blocks", {"10.0.0.0/16"}}});
    CHECK(blocks[1]["from_port"] == 443);
    CHECK(blocks[1]["cidr_blocks"] == json::array());

    CHECK(as_argument(Value(Value::List{})) == json::array());
    CHECK(as_argument(Value(Value::Map{})) == json::object());
}

TEST_CASE("the JSON writer's bytes: sorted keys, two-space indent, trailing newline") {
    const Value v = Value::map({
        {"z", Value::list({1, "two"})},
        {"a", Value::map({{"empty_list", Value(Value::List{})}, {"empty_map", Value(Value::Map{})}})},
        {"B", nullptr},
    });
    CHECK(to_json(v) ==
          "{\n"
          "  \"B\": null,\n"
          "  \"a\": {\n"
          "    \"empty_list\": [],\n"
          "    \"empty_map\": {}\n"
          "  },\n"
          "  \"z\": [\n"
          "    1,\n"
          "    \"two\"\n"
          "  ]\n"
          "}\n");
}

TEST_CASE("NaN and infinity are rejected") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_MATCHES(to_json(Value(nan)), Error, message_has({"NaN"}));
    REQUIRE_THROWS_AS(to_json(Value(inf)), Error);
    REQUIRE_THROWS_AS(to_json(Value::list({1, -inf})), Error);

    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Resource>("r", "null_resource").set("n", nan);
    REQUIRE_THROWS_AS(synthesize_stack(dev), Error);
}

TEST_CASE("awkward strings are valid JSON that parses back to the same text") {
    const std::vector<std::string> samples = {
        "say \"hi\"",
        "C:\\path\\to\\file",
        "line one\nline two\r\n\ttabbed",
        std::string("nul\0byte", 8),
        "bell\a back\b form\f vt\v esc\x1b unit\x1f del\x7f",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x80 \xe6\x97\xa5\xe6\x9c\xac",  // é € 🚀 日本
        "\xe2\x80\xa8 line separator",
        "/slashes/ and {braces} and $dollar and %percent",
    };
    for (const auto& s : samples) {
        INFO("sample: " << s);
        const std::string text = to_json(Value(s));
        json parsed;
        REQUIRE_NOTHROW(parsed = json::parse(text));
        CHECK(parsed.get<std::string>() == s);
        // No raw control characters in the output.
        for (char c : text.substr(0, text.size() - 1)) CHECK(static_cast<unsigned char>(c) >= 0x20);

        // The same through a whole synthesis, as a value and as a map key.
        CHECK(as_argument(s) == s);
        const json m = as_argument(Value::map({{s, "v"}}));
        CHECK(m.contains(s));
    }
    CHECK(to_json(Value("a\"b\\c\n\x01")) == "\"a\\\"b\\\\c\\n\\u0001\"\n");
    CHECK(to_json(Value("caf\xc3\xa9")) == "\"caf\xc3\xa9\"\n");  // UTF-8 passes through unescaped
}

TEST_CASE("an unresolved expression never reaches the JSON writer") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& r = dev.add<Resource>("r", "null_resource");
    REQUIRE_THROWS_AS(to_json(Value(r.attr("id"))), Error);
    CHECK(resolve(Value(r.attr("id")), RenderContext{&dev}).as_string() == "${null_resource.r.id}");
}

TEST_CASE("contains_expr finds expressions at any depth") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& r = dev.add<Resource>("r", "null_resource");
    CHECK_FALSE(Value::map({{"a", Value::list({1, "x"})}}).contains_expr());
    CHECK(Value::map({{"a", Value::list({1, r.attr("id")})}}).contains_expr());
    CHECK(Value(r.attr("id")).contains_expr());
}
