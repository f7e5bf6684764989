#include "command.hpp"

namespace infra::cli {

void add_terraform_options(CLI::App& command, Context& context) {
    command.add_option("-o,--out", context.out_dir, "Output folder (default: infra.out)")->check(non_empty_path());
    add_replace_output_option(command, context);
    command.add_option("--terraform", context.terraform.binary,
                       "terraform binary (default: INFRA_TERRAFORM, then terraform or tofu on PATH)");
    command.add_option("--plugin-dir", context.terraform.plugin_dir,
                       "Provider plugin folder passed to `terraform init` (default: INFRA_TF_PLUGIN_DIR)");
}

void add_replace_output_option(CLI::App& command, Context& context) {
    command.add_flag("--replace-output", context.replace_output,
                     "Write into an output folder another app wrote (its stacks are forgotten, their folders kept)");
}

}  // namespace infra::cli
