#include <spdlog/spdlog.h>

#include "command.hpp"
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
    for (auto it = result.stacks.rbegin(); it != result.stacks.rend(); ++it) {
        const std::string& stack = it->name;
        if (!options.stacks.empty() &&
            std::find(options.stacks.begin(), options.stacks.end(), stack) == options.stacks.end())
            continue;
        int code = terraform.init_if_needed(stack);
        if (code == 0) code = terraform.destroy(stack, options.auto_approve);
        if (code != 0) {
            spdlog::error("stack {} failed (terraform exited with code {}); later stacks were not destroyed", stack, code);
            return code;
        }
    }
    return 0;
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
