#include "command.hpp"
#include "stack_by_stack.hpp"
#include "synth_step.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

namespace {

struct DestroyOptions {
    std::vector<std::string> stacks;
    bool auto_approve = false;
};

int run_destroy(Context& context, const DestroyOptions& options) {
    check_stack_names(context, options.stacks);
    TerraformRunner terraform(find_terraform(context.terraform), context.terraform, context.out_dir);
    const SynthesisResult result = synthesize_to_disk(context, options.stacks);
    // Reverse dependency order: dev before bootstrap.
    return run_stack_by_stack(result, options.stacks, StackOrder::DependentsFirst, "destroyed",
                              [&](const std::string& stack) {
                                  const int code = terraform.init_if_needed(stack);
                                  return code != 0 ? code : terraform.destroy(stack, options.auto_approve);
                              });
}

}  // namespace

void add_destroy_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<DestroyOptions>();
    auto* cmd = cli.add_subcommand("destroy", "Destroy stacks, in reverse dependency order");
    cmd->add_option("stacks", options->stacks, "Stacks to destroy (default: all)");
    cmd->add_flag("--auto-approve", options->auto_approve, "Destroy without asking (terraform asks otherwise)");
    cmd->footer("Example:\n  infra destroy dev");
    add_terraform_options(*cmd, context);
    add_settings_options(*cmd, context);
    cmd->callback([&context, options] { context.action = [&context, options] { return run_destroy(context, *options); }; });
}

}  // namespace infra::cli
