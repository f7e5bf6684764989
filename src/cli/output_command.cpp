#include "command.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

namespace {

struct OutputOptions {
    std::string stack;
    bool json = false;
};

// Reads outputs from the state of the last deploy: no synth, so what is shown
// belongs to the configuration that was applied.
int run_output(Context& context, const OutputOptions& options) {
    TerraformRunner terraform(find_terraform(context.terraform), context.terraform, context.out_dir);
    if (int code = terraform.init_if_needed(options.stack); code != 0) return code;
    return terraform.output(options.stack, options.json);
}

}  // namespace

void add_output_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<OutputOptions>();
    auto* cmd = cli.add_subcommand("output", "Print a deployed stack's outputs (`terraform output`)");
    cmd->add_option("stack", options->stack, "The stack")->required();
    cmd->add_flag("--json", options->json, "Machine-readable JSON");
    add_terraform_options(*cmd, context);
    cmd->callback([&context, options] { context.action = [&context, options] { return run_output(context, *options); }; });
}

}  // namespace infra::cli
