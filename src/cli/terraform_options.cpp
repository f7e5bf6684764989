#include "command.hpp"

namespace infra::cli {

void add_terraform_options(CLI::App& command, Context& context) {
    command.add_option("-o,--out", context.out_dir, "Output folder (default: infra.out)")->check(non_empty_path());
    command.add_option("--terraform", context.terraform.binary,
                       "terraform binary (default: INFRA_TERRAFORM, then terraform or tofu on PATH)");
    command.add_option("--plugin-dir", context.terraform.plugin_dir,
                       "Provider plugin folder passed to `terraform init` (default: INFRA_TF_PLUGIN_DIR)");
}

}  // namespace infra::cli
