#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>

#include "command.hpp"
#include "infra/error.hpp"
#include "stack_by_stack.hpp"
#include "synth_step.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

namespace {

struct DeployOptions {
    std::vector<std::string> stacks;
    bool auto_approve = false;
};

// Applying a saved plan never prompts, so the approval is ours to ask.
bool approved(const std::string& stack) {
    std::cout << "\nApply this plan to stack " << stack << "? Only 'yes' will be accepted: " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer == "yes";
}

int run_deploy(Context& context, const DeployOptions& options) {
    check_stack_names(context, options.stacks);
    if (!options.auto_approve && ::isatty(STDIN_FILENO) == 0)
        throw UsageError("deploy needs a terminal to ask for approval; pass --auto-approve to apply without asking");
    TerraformRunner terraform(find_terraform(context.terraform), context.terraform, context.out_dir);
    const SynthesisResult result = synthesize_to_deploy(context, options.stacks);
    return run_stack_by_stack(result, options.stacks, StackOrder::DependenciesFirst, "deployed",
                              [&](const std::string& stack) {
                                  int code = terraform.init_if_needed(stack);
                                  if (code == 0) code = terraform.plan(stack);
                                  if (code == 0 && !options.auto_approve && !approved(stack)) {
                                      spdlog::warn("deploy of stack {} cancelled; later stacks were not deployed",
                                                   stack);
                                      return kStepDeclined;
                                  }
                                  if (code == 0) code = terraform.apply_saved_plan(stack);
                                  return code;
                              });
}

}  // namespace

void add_deploy_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<DeployOptions>();
    auto* cmd = cli.add_subcommand(
        "deploy", "Synthesize, plan and apply exactly that plan, stack by stack in dependency order");
    cmd->add_option("stacks", options->stacks, "Stacks to deploy (default: all)");
    cmd->add_flag("--auto-approve", options->auto_approve, "Apply without asking");
    cmd->footer("Examples:\n  infra deploy bootstrap\n  infra deploy dev --auto-approve");
    add_terraform_options(*cmd, context);
    add_settings_options(*cmd, context);
    cmd->callback([&context, options] { context.action = [&context, options] { return run_deploy(context, *options); }; });
}

}  // namespace infra::cli
