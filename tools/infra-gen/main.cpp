// infra-gen: typed C++ bindings and validation tables from a provider schema
// (the output of `terraform providers schema -json`).
//
//   infra-gen filter --types schemas/aws.types [--schema FILE] [--out FILE]
//   infra-gen generate --schema FILE [--types LIST] --out DIR [--namespace NS]
//
// Any error is one line naming the file and the thing, exit code 1, and
// nothing written.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>
#include <string>

#include "binding_generator.hpp"
#include "generated_files.hpp"
#include "infra/error.hpp"
#include "schema_filter.hpp"
#include "schema_parser.hpp"
#include "type_list.hpp"

namespace {

struct Options {
    std::string schema = "-";
    std::string types;
    std::string out;
    std::string cpp_namespace;
};

int run_filter(const Options& o) {
    const nlohmann::json doc = infra::gen::read_json_file(o.schema);
    const std::string shown = o.schema == "-" ? "<stdin>" : o.schema;
    const infra::gen::SchemaDocument schema = infra::gen::parse_schema(doc, shown);
    const infra::gen::TypeList list = infra::gen::read_type_list(o.types);
    const std::string text = infra::gen::format_filtered_schema(infra::gen::filter_schema(doc, schema, list));
    if (o.out.empty() || o.out == "-") std::cout << text << std::flush;
    else infra::gen::write_file_atomically(o.out, text);
    return 0;
}

int run_generate(const Options& o) {
    const std::string shown = o.schema == "-" ? "<stdin>" : o.schema;
    const infra::gen::SchemaDocument schema = infra::gen::parse_schema(infra::gen::read_json_file(o.schema), shown);
    std::optional<infra::gen::TypeList> list;
    if (!o.types.empty()) list = infra::gen::read_type_list(o.types);
    infra::gen::GenerateOptions options;
    options.types = list ? &*list : nullptr;
    if (!o.cpp_namespace.empty()) options.cpp_namespace = o.cpp_namespace;
    const auto files = infra::gen::generate_bindings(schema, options);
    infra::gen::write_generated_files(files, o.out);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"infra-gen: typed C++ bindings and validation tables from a Terraform provider schema"};
    app.name("infra-gen");
    app.require_subcommand(1, 1);
    Options o;

    auto* filter = app.add_subcommand("filter", "Keep only the listed types of a providers-schema JSON, same format");
    filter->add_option("--types", o.types, "Type list: one type a line, data sources as data.NAME")->required();
    filter->add_option("--schema", o.schema, "Providers-schema JSON (default: standard input)");
    filter->add_option("-o,--out", o.out, "Output file (default: standard output)");

    auto* generate = app.add_subcommand("generate", "Write one header and one source per type, and the schema tables");
    generate->add_option("--schema", o.schema, "Providers-schema JSON")->required();
    generate->add_option("--types", o.types, "Type list (default: every type of the schema)");
    generate->add_option("-o,--out", o.out, "Output folder: gets include/ and src/")->required();
    generate->add_option("--namespace", o.cpp_namespace, "C++ namespace (default: infra::<provider>)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    try {
        return filter->parsed() ? run_filter(o) : run_generate(o);
    } catch (const infra::Error& e) {
        std::cerr << "infra-gen: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "infra-gen: error: " << e.what() << "\n";
        return 1;
    }
}
