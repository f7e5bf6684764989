// --rules PACKS, shared by synth and validate: the packs the pipeline runs.
#include <sstream>

#include "command.hpp"

namespace infra::cli {

void add_rules_option(CLI::App& command, Context& context) {
    command
        .add_option_function<std::string>(
            "--rules",
            [&context](const std::string& list) {
                context.rule_packs.clear();
                std::stringstream in(list);
                for (std::string pack; std::getline(in, pack, ',');)
                    if (!pack.empty()) context.rule_packs.push_back(pack);
            },
            "Rule packs to run, comma-separated (default: all; none: no rules)")
        ->type_name("PACKS");
}

}  // namespace infra::cli
