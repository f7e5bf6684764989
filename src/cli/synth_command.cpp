#include "command.hpp"
#include "synth_step.hpp"

namespace infra::cli {

void add_synth_command(CLI::App& cli, Context& context) {
    auto stacks = std::make_shared<std::vector<std::string>>();
    auto* cmd = cli.add_subcommand("synth", "Synthesize stacks to Terraform JSON (all stacks when none is named)");
    cmd->add_option("stacks", *stacks, "Stacks to synthesize, with the stacks they depend on");
    cmd->add_option("-o,--out", context.out_dir, "Output folder (default: infra.out)")->check(non_empty_path());
    add_replace_output_option(*cmd, context);
    cmd->add_flag("!--no-validate", context.validate_schemas,
                  "Skip the provider schema checks (e.g. for a provider newer than the bindings)");
    cmd->add_flag("--hcl", context.write_hcl,
                  "Also write the configuration as HCL (terraform fmt style) to <out>/stacks/<stack>/hcl/main.tf");
    add_settings_options(*cmd, context);
    add_rules_option(*cmd, context);
    cmd->footer(
        "Examples:\n"
        "  infra synth dev\n"
        "  infra synth dev --set region=eu-west-1 --out build/tf\n"
        "  infra synth --config settings.json");
    cmd->callback([&context, stacks] {
        context.action = [&context, stacks] {
            synthesize_to_disk(context, *stacks);
            return 0;
        };
    });
}

}  // namespace infra::cli
