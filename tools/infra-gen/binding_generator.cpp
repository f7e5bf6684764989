#include "binding_generator.hpp"

#include <fmt/format.h>

#include "binding_plan.hpp"
#include "binding_source_emitter.hpp"
#include "cpp_naming.hpp"
#include "header_emitter.hpp"
#include "infra/error.hpp"
#include "schema_table_emitter.hpp"

namespace infra::gen {

std::vector<GeneratedFile> generate_bindings(const SchemaDocument& schema, const GenerateOptions& options) {
    const std::vector<ProviderSelection> selection = select_types(schema, options.types);
    if (selection.empty()) throw Error(fmt::format("{}: no resource or data source types to generate", schema.file));
    if (options.cpp_namespace) {
        if (!is_valid_namespace(*options.cpp_namespace))
            throw Error(fmt::format("namespace \"{}\" is not a C++ namespace name such as infra::aws",
                                    *options.cpp_namespace));
        if (selection.size() > 1)
            throw Error(fmt::format("{}: a namespace can only be given for one provider, and the types come from {}",
                                    schema.file, selection.size()));
    }

    std::vector<GeneratedFile> files;
    for (const ProviderSelection& s : selection) {
        const std::string ns = options.cpp_namespace.value_or("infra::" + identifier(s.provider->name));
        if (!is_valid_namespace(ns))
            throw Error(fmt::format("{}: provider \"{}\" gives no valid C++ namespace; choose one", schema.file,
                                    s.provider->source));
        const ProviderPlan plan = plan_provider(s, ns);
        for (const auto* types : {&plan.resources, &plan.data_sources}) {
            for (const TypePlan& t : *types) {
                files.push_back({"include/" + t.header_path, emit_header(t, plan)});
                files.push_back({"src/" + t.source_path, emit_binding_source(t, plan)});
            }
        }
        files.push_back({"include/" + plan.registry_header, emit_registry_header(plan)});
        files.push_back({"src/" + plan.registry_source, emit_registry_source(plan)});
    }
    return files;
}

}  // namespace infra::gen
