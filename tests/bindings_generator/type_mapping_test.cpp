#include "gen_test_support.hpp"
#include "infra/schema_type.hpp"
#include "schema_parser.hpp"
#include "type_mapping.hpp"

using namespace infra::gen;

namespace {

// A type parsed from its JSON form, as in a providers-schema document.
TypeExpr type(const char* json) {
    const auto doc = parse_json_text(std::string(R"({"format_version": "1.0", "provider_schemas": {"x/y/t": {
        "resource_schemas": {"t_x": {"block": {"attributes": {"a": {"optional": true, "type": )") +
                                         json + "}}}}}}}}",
                                     "type.json");
    return *parse_schema(doc, "type.json").providers.at(0).resources.at(0).block.attributes.at(0).type;
}

}  // namespace

TEST_CASE("type mapping: arguments") {
    CHECK(cpp_argument_type(type(R"("string")")) == "::infra::Str");
    CHECK(cpp_argument_type(type(R"("number")")) == "::infra::Num");
    CHECK(cpp_argument_type(type(R"("bool")")) == "::infra::Bool");
    CHECK(cpp_argument_type(type(R"(["list", "string"])")) == "::infra::List<::infra::Str>");
    CHECK(cpp_argument_type(type(R"(["set", "number"])")) == "::infra::List<::infra::Num>");
    CHECK(cpp_argument_type(type(R"(["map", "bool"])")) == "::infra::Map<::infra::Bool>");
    CHECK(cpp_argument_type(type(R"(["list", ["list", "string"]])")) == "::infra::List<::infra::List<::infra::Str>>");
    CHECK(cpp_argument_type(type(R"(["object", {"a": "string"}])")) == "::infra::Value");
    CHECK(cpp_argument_type(type(R"(["tuple", ["string"]])")) == "::infra::Value");
    CHECK(cpp_argument_type(type(R"("dynamic")")) == "::infra::Value");
    CHECK(cpp_argument_type(type(R"(["set", ["object", {"a": "string"}]])")) == "::infra::List<::infra::Value>");
}

TEST_CASE("type mapping: references keep objects traversable") {
    CHECK(cpp_reference_type(type(R"("string")")) == "::infra::Str");
    CHECK(cpp_reference_type(type(R"(["map", "string"])")) == "::infra::Map<::infra::Str>");
    CHECK(cpp_reference_type(type(R"(["object", {"a": "string"}])")) == "::infra::Expr");
    CHECK(cpp_reference_type(type(R"("dynamic")")) == "::infra::Expr");
}

TEST_CASE("type mapping: the table notation, readable by the validator") {
    const std::pair<const char*, const char*> cases[] = {
        {R"("string")", "s"},
        {R"("number")", "n"},
        {R"("bool")", "b"},
        {R"("dynamic")", "d"},
        {R"(["list", "string"])", "Ls"},
        {R"(["set", ["map", "number"]])", "SMn"},
        {R"(["object", {"port": "number", "proto": "string"}, ["proto"]])", "O{port:n,proto?:s}"},
        {R"(["tuple", ["string", ["list", "bool"]]])", "T[s,Lb]"},
        {R"(["object", {}])", "O{}"},
    };
    for (const auto& [json, code] : cases) {
        INFO(json);
        CHECK(type_code(type(json)) == code);
        CHECK(infra::schema::is_valid_type(code));
    }
}
