#include "gen_test_support.hpp"
#include "schema_filter.hpp"
#include "schema_parser.hpp"

using namespace infra::gen;

TEST_CASE("filter: only the listed types, the provider block, the same format") {
    const std::string file = (gen_test::test_dir() / "schemas/toy.json").string();
    const auto doc = read_json_file(file);
    const auto schema = parse_schema(doc, file);
    const TypeList list = parse_type_list("toy_marker\ndata.toy_lookup\n", "x.types");
    const auto filtered = filter_schema(doc, schema, list);

    const auto& provider = filtered.at("provider_schemas").at("registry.example.com/example/toy");
    CHECK(provider.at("provider") == doc["provider_schemas"]["registry.example.com/example/toy"]["provider"]);
    CHECK(provider.at("resource_schemas").size() == 1);
    CHECK(provider.at("resource_schemas").at("toy_marker") ==
          doc["provider_schemas"]["registry.example.com/example/toy"]["resource_schemas"]["toy_marker"]);
    CHECK(provider.at("data_source_schemas").size() == 1);
    CHECK(filtered.at("format_version") == "1.0");

    // What is written parses back to the same document, and reads as a schema.
    const std::string text = format_filtered_schema(filtered);
    CHECK(parse_json_text(text, "filtered.json") == filtered);
    CHECK(parse_schema(parse_json_text(text, "filtered.json"), "filtered.json").providers.at(0).resources.size() == 1);
}

TEST_CASE("filter: an unknown type is an error, not a smaller file") {
    const std::string file = (gen_test::test_dir() / "schemas/toy.json").string();
    const auto doc = read_json_file(file);
    const auto schema = parse_schema(doc, file);
    const TypeList list = parse_type_list("toy_markr\n", "x.types");
    CHECK_THAT(gen_test::error_of([&] { filter_schema(doc, schema, list); }),
               Catch::Contains("x.types:1: unknown resource type \"toy_markr\"") &&
                   Catch::Contains("did you mean \"toy_marker\"?"));
}

TEST_CASE("filter: the committed aws schema is exactly the filter's output for schemas/aws.types") {
    // Filtering the committed file again with its own list must change no
    // byte: the file holds the listed types, all of them, in filter format.
    const std::string file = (gen_test::repo_dir() / "schemas/aws-5.100.0.json").string();
    const std::string committed = gen_test::read_file(file);
    const auto doc = parse_json_text(committed, file);
    const auto schema = parse_schema(doc, file);
    const TypeList list = read_type_list((gen_test::repo_dir() / "schemas/aws.types").string());
    CHECK(format_filtered_schema(filter_schema(doc, schema, list)) == committed);
    const auto& aws = schema.providers.at(0);
    CHECK(aws.resources.size() + aws.data_sources.size() == list.entries.size());
}
