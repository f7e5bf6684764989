// The generated files for schemas/toy.json, byte for byte against
// golden/toy/. After an intended change to the generator:
//   INFRA_UPDATE_GOLDEN=1 ctest --test-dir build -R "gen: golden"
// then review `git diff tests/bindings_generator/golden`.
#include <cstdlib>
#include <set>

#include "binding_generator.hpp"
#include "gen_test_support.hpp"
#include "generated_files.hpp"
#include "schema_parser.hpp"

namespace {

infra::gen::SchemaDocument toy_schema() {
    return infra::gen::parse_schema(infra::gen::read_json_file((gen_test::test_dir() / "schemas/toy.json").string()),
                                    "toy.json");
}

}  // namespace

TEST_CASE("golden: the bindings of toy.json, every schema form") {
    const auto files = infra::gen::generate_bindings(toy_schema(), {});
    const std::filesystem::path golden = gen_test::test_dir() / "golden/toy";
    if (std::getenv("INFRA_UPDATE_GOLDEN") != nullptr) {
        std::filesystem::remove_all(golden);
        infra::gen::write_generated_files(files, golden);
        WARN("golden files rewritten in " << golden.string());
        return;
    }
    std::set<std::string> expected, actual;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(golden))
        if (entry.is_regular_file()) expected.insert(std::filesystem::relative(entry.path(), golden).string());
    for (const auto& f : files) actual.insert(f.path);
    CHECK(actual == expected);
    for (const auto& f : files) {
        INFO(f.path);
        if (expected.count(f.path)) CHECK(gen_test::read_file(golden / f.path) == f.content);
    }
}

TEST_CASE("generate: one header and one source per type, and the registration, in the namespace's folder") {
    const auto schema = toy_schema();
    infra::gen::GenerateOptions options;
    options.cpp_namespace = "acme::toys";
    std::set<std::string> paths;
    for (const auto& f : infra::gen::generate_bindings(schema, options)) paths.insert(f.path);
    CHECK(paths == std::set<std::string>{
                       "include/acme/toys/data/lookup.hpp", "include/acme/toys/marker.hpp",
                       "include/acme/toys/provider_schema.hpp", "include/acme/toys/widget.hpp",
                       "src/acme/toys/data/lookup.cpp", "src/acme/toys/marker.cpp",
                       "src/acme/toys/provider_schema.cpp", "src/acme/toys/widget.cpp"});
}

TEST_CASE("generate: a type list narrows the output to its types") {
    const auto schema = toy_schema();
    const auto list = infra::gen::parse_type_list("toy_marker\n", "one.types");
    infra::gen::GenerateOptions options;
    options.types = &list;
    std::set<std::string> paths;
    for (const auto& f : infra::gen::generate_bindings(schema, options)) paths.insert(f.path);
    CHECK(paths == std::set<std::string>{"include/infra/toy/marker.hpp", "include/infra/toy/provider_schema.hpp",
                                         "src/infra/toy/marker.cpp", "src/infra/toy/provider_schema.cpp"});
}

TEST_CASE("generate: a bad namespace is refused before anything is generated") {
    infra::gen::GenerateOptions options;
    options.cpp_namespace = "acme::class";
    CHECK_THAT(gen_test::error_of([&] { infra::gen::generate_bindings(toy_schema(), options); }),
               Catch::Contains("namespace \"acme::class\" is not a C++ namespace name"));
    options.cpp_namespace = "acme::";
    CHECK_THAT(gen_test::error_of([&] { infra::gen::generate_bindings(toy_schema(), options); }),
               Catch::Contains("not a C++ namespace name"));
}

TEST_CASE("generate: two types that would share a file are an error naming both") {
    const auto doc = infra::gen::parse_json_text(R"({"format_version": "1.0", "provider_schemas": {"x/y/toy": {
        "resource_schemas": {"toy_provider_schema": {"block": {}}}}}})",
                                                 "clash.json");
    const auto schema = infra::gen::parse_schema(doc, "clash.json");
    CHECK_THAT(gen_test::error_of([&] { infra::gen::generate_bindings(schema, {}); }),
               Catch::Contains("resource type \"toy_provider_schema\" would be written to "
                               "infra/toy/provider_schema.hpp, which is already the provider schema registration"));
}
