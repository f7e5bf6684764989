#include "command.hpp"
#include "synth_step.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

namespace {

int run_plan(Context& context, const std::string& stack) {
    check_stack_names(context, {stack});
    TerraformRunner terraform(find_terraform(context.terraform), context.terraform, context.out_dir);
    synthesize_to_deploy(context, {stack});
    if (int code = terraform.init_if_needed(stack); code != 0) return code;
    return terraform.plan(stack);
}

}  // namespace

void add_plan_command(CLI::App& cli, Context& context) {
    auto stack = std::make_shared<std::string>();
    auto* cmd = cli.add_subcommand("plan", "Synthesize, then `terraform plan` the stack into a saved plan file");
    cmd->add_option("stack", *stack, "The stack to plan")->required();
    add_terraform_options(*cmd, context);
    add_settings_options(*cmd, context);
    cmd->footer("The plan is saved as <out>/stacks/<stack>/plan.tfplan; `infra deploy` applies a fresh one.\n\n"
                "Examples:\n  infra plan dev\n  infra plan prod --config prod.json");
    cmd->callback([&context, stack] { context.action = [&context, stack] { return run_plan(context, *stack); }; });
}

}  // namespace infra::cli
