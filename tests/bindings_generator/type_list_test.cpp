#include "gen_test_support.hpp"
#include "schema_parser.hpp"
#include "type_list.hpp"

using namespace infra::gen;

TEST_CASE("type list: types, data sources, comments and blank lines") {
    const TypeList list = parse_type_list("# comment\n\naws_vpc   # the network\n  data.aws_region\n", "x.types");
    REQUIRE(list.entries.size() == 2);
    CHECK(list.entries[0].name == "aws_vpc");
    CHECK(list.entries[0].kind == TypeKind::Resource);
    CHECK(list.entries[0].line == 3);
    CHECK(list.entries[1].name == "aws_region");
    CHECK(list.entries[1].kind == TypeKind::DataSource);
}

TEST_CASE("type list: a bad line names the file and the line") {
    CHECK(gen_test::error_of([] { parse_type_list("aws_vpc\nAws Subnet\n", "x.types"); }) ==
          "x.types:2: \"Aws Subnet\" is not a type name (lower-case letters, digits and '_'; data sources as "
          "data.NAME)");
    CHECK(gen_test::error_of([] { parse_type_list("aws_vpc\naws_vpc\n", "x.types"); }) ==
          "x.types:2: resource type \"aws_vpc\" is listed twice");
    CHECK(gen_test::error_of([] { read_type_list("/nonexistent.types"); }) == "/nonexistent.types: cannot be read");
}

TEST_CASE("type list: a type the schema does not have is an error with the nearest name") {
    const auto schema =
        parse_schema(read_json_file((gen_test::test_dir() / "schemas/toy.json").string()), "toy.json");
    const TypeList list = parse_type_list("toy_marker\ntoy_widgett\n", "x.types");
    CHECK(gen_test::error_of([&] { select_types(schema, &list); }) ==
          "x.types:2: unknown resource type \"toy_widgett\" (not in toy.json); did you mean \"toy_widget\"?");
    const TypeList data = parse_type_list("data.toy_widget\n", "x.types");
    CHECK(gen_test::error_of([&] { select_types(schema, &data); }) ==
          "x.types:1: unknown data source type \"toy_widget\" (not in toy.json)");
}

TEST_CASE("type list: selection by provider, in name order, and everything without a list") {
    const auto schema =
        parse_schema(read_json_file((gen_test::test_dir() / "schemas/toy.json").string()), "toy.json");
    const TypeList list = parse_type_list("toy_widget\ndata.toy_lookup\ntoy_marker\n", "x.types");
    const auto chosen = select_types(schema, &list);
    REQUIRE(chosen.size() == 1);
    REQUIRE(chosen[0].resources.size() == 2);
    CHECK(chosen[0].resources[0]->name == "toy_marker");
    CHECK(chosen[0].data_sources.size() == 1);
    const auto all = select_types(schema, nullptr);
    CHECK(all.at(0).resources.size() == 2);
    CHECK(all.at(0).data_sources.size() == 1);
}
