// `infra get --schema FILE [--types LIST] [--out DIR] [--namespace NAME]`:
// typed bindings for any provider, from the output of `terraform providers
// schema -json`. The same generator the build runs for infra::aws.
#include <spdlog/spdlog.h>

#include <optional>

#include "binding_generator.hpp"
#include "command.hpp"
#include "generated_files.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"
#include "schema_parser.hpp"
#include "type_list.hpp"

namespace infra::cli {

namespace {

struct GetOptions {
    std::string schema;
    std::string types;
    std::string out = "generated";
    std::string cpp_namespace;
};

int run_get(const GetOptions& o) {
    std::vector<gen::GeneratedFile> files;
    try {
        const gen::SchemaDocument schema = gen::parse_schema(gen::read_json_file(o.schema), o.schema);
        std::optional<gen::TypeList> list;
        if (!o.types.empty()) list = gen::read_type_list(o.types);
        gen::GenerateOptions options;
        options.types = list ? &*list : nullptr;
        if (!o.cpp_namespace.empty()) options.cpp_namespace = o.cpp_namespace;
        files = gen::generate_bindings(schema, options);
    } catch (const Error& e) {
        throw UsageError(e.what());  // a bad input file, like a bad --config: exit code 2
    }
    const gen::WriteSummary summary = gen::write_generated_files(files, o.out);
    spdlog::info("{}: {} files written, {} unchanged (headers in {}/include, sources in {}/src)", o.out,
                 summary.written, summary.unchanged, o.out, o.out);
    return kExitOk;
}

}  // namespace

void add_get_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<GetOptions>();
    auto* cmd = cli.add_subcommand("get", "Generate typed bindings from a provider schema (terraform providers schema -json)");
    cmd->add_option("--schema", options->schema, "The providers-schema JSON file")->required();
    cmd->add_option("--types", options->types, "Only these types: one a line, data sources as data.NAME");
    cmd->add_option("-o,--out", options->out, "Output folder, gets include/ and src/ (default: generated)");
    cmd->add_option("--namespace", options->cpp_namespace, "C++ namespace (default: infra::<provider>)");
    cmd->footer(
        "Examples:\n"
        "  terraform providers schema -json > schema.json\n"
        "  infra get --schema schema.json --types my.types --out gen --namespace mycorp::github\n"
        "Compile gen/src/**/*.cpp with gen/include on the include path, and call\n"
        "<namespace>::register_schemas(catalog.schemas()) so synth validates against it.");
    cmd->callback([&context, options] {
        context.action = [options] { return run_get(*options); };
    });
}

}  // namespace infra::cli
