#include "gen_test_support.hpp"
#include "schema_parser.hpp"

using namespace infra::gen;

namespace {

std::string parse_error(const std::string& text) {
    return gen_test::error_of([&] { parse_schema(parse_json_text(text, "bad.json"), "bad.json"); });
}

// A document with one resource "t_x" whose block is `block`.
std::string with_block(const std::string& block) {
    return R"({"format_version": "1.0", "provider_schemas": {"example.com/acme/t": {"resource_schemas": {"t_x": {"block": )" +
           block + "}}}}}";
}

}  // namespace

TEST_CASE("schema parser: every form of toy.json") {
    const auto schema =
        parse_schema(read_json_file((gen_test::test_dir() / "schemas/toy.json").string()), "toy.json");
    REQUIRE(schema.providers.size() == 1);
    const ProviderSchema& p = schema.providers[0];
    CHECK(p.source == "registry.example.com/example/toy");
    CHECK(p.name == "toy");
    REQUIRE(p.resources.size() == 2);
    CHECK(p.resources[0].name == "toy_marker");
    CHECK(p.resources[1].name == "toy_widget");
    REQUIRE(p.data_sources.size() == 1);
    CHECK(p.data_sources[0].kind == TypeKind::DataSource);

    const Block& widget = p.resources[1].block;
    const auto attribute = [&](const std::string& name) -> const Attribute& {
        for (const auto& a : widget.attributes)
            if (a.name == name) return a;
        FAIL("no attribute " << name);
        throw;
    };
    CHECK(attribute("name").required);
    CHECK(attribute("arn").read_only());
    CHECK_FALSE(attribute("id").read_only());
    CHECK(attribute("old_name").deprecated);
    CHECK(attribute("secret").write_only);
    CHECK(attribute("config").type->attribute_optional == std::vector<bool>{false, false, true});
    REQUIRE(attribute("rules").nested != nullptr);
    CHECK(attribute("rules").nested->nesting == Nesting::List);
    CHECK(attribute("by_name").nested->nesting == Nesting::Map);

    std::vector<std::string> block_names;
    for (const auto& b : widget.block_types) block_names.push_back(b.name);
    CHECK(block_names == std::vector<std::string>{"defaults", "disk", "legacy", "listener", "logging", "mount",
                                                  "network", "timeouts"});
    CHECK(widget.block_types[0].nesting == Nesting::Group);
    CHECK(widget.block_types[1].min_items == 1);
    CHECK(widget.block_types[1].max_items == 1);
    CHECK(widget.block_types[2].block->deprecated);
    CHECK(widget.block_types[5].block->block_types.at(0).name == "mount");
}

TEST_CASE("schema parser: bad input is one line naming the file and the place") {
    CHECK_THAT(parse_error("{\"format_version\": "),
               Catch::StartsWith("bad.json: not valid JSON: parse error at line 1, column 20"));
    CHECK(parse_error(R"({"format_version": "1.0"})") == "bad.json: \"provider_schemas\" is missing");
    CHECK(parse_error(R"({"format_version": "2.0", "provider_schemas": {}})") ==
          "bad.json: format_version: unsupported format version \"2.0\" (expected 1.x)");
    CHECK(parse_error(with_block(R"({"attributes": {"a": {"optional": true}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.attributes.a: an attribute "
          "needs exactly one of \"type\" and \"nested_type\"");
    CHECK(parse_error(with_block(R"({"attributes": {"a": {"type": "strin", "optional": true}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.attributes.a.type: unknown "
          "type \"strin\"");
    CHECK(parse_error(with_block(R"({"attributes": {"a": {"type": "string"}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.attributes.a: an attribute "
          "must be required, optional or computed");
    CHECK(parse_error(with_block(R"({"block_types": {"b": {"nesting_mode": "lists", "block": {}}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.block_types.b.nesting_mode: "
          "unknown nesting mode \"lists\"");
    CHECK(parse_error(with_block(R"({"block_types": {"b": {"nesting_mode": "list", "min_items": 2, "max_items": 1, "block": {}}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.block_types.b: min_items 2 is "
          "above max_items 1");
    CHECK(parse_error(with_block(R"({"attributes": {"a": {"type": ["list"], "optional": true}}})")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block.attributes.a.type: type "
          "[\"list\", ...] takes one element type");
    CHECK(parse_error(with_block("[]")) ==
          "bad.json: provider_schemas.\"example.com/acme/t\".resource_schemas.t_x.block: expected an object, got array");
}

TEST_CASE("schema parser: an unreadable file is named") {
    CHECK(gen_test::error_of([] { read_json_file("/nonexistent/schema.json"); }) ==
          "/nonexistent/schema.json: cannot be read: No such file or directory");
}
