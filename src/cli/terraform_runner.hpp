// Hands a synthesized stack to terraform: finds the binary (--terraform,
// INFRA_TERRAFORM, terraform on PATH, then tofu), checks its version, and
// runs init/plan/apply/destroy/output in the stack's folder inside the output
// folder, never anywhere else. `init` runs only when the stack's providers or
// backend changed since the last init (a hash is kept beside the stack, with
// the plugin folder that init used: a later command without --plugin-dir
// uses it too). Terraform gets -no-color when stdout is not a terminal or
// NO_COLOR is set. Terraform's warning that an init from --plugin-dir locked
// checksums for one platform only is replaced by one line.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra::cli {

struct TerraformOptions {
    std::string binary;      // --terraform; empty: search
    std::string plugin_dir;  // --plugin-dir or INFRA_TF_PLUGIN_DIR; passed to init
};

struct TerraformBinary {
    std::string path;
    std::string version;  // "1.11.4"
};

// Throws infra::UsageError when no binary is found or its version is < 1.6.
TerraformBinary find_terraform(const TerraformOptions& options);

// Throws infra::UsageError unless `stack` has a main.tf.json in `out_dir`.
void require_synthesized(const std::filesystem::path& out_dir, const std::string& stack);

class TerraformRunner {
public:
    TerraformRunner(TerraformBinary binary, TerraformOptions options, std::filesystem::path out_dir);

    // Each returns terraform's exit code.
    int init_if_needed(const std::string& stack);
    int plan(const std::string& stack, const std::vector<std::string>& extra_args = {});
    int apply_saved_plan(const std::string& stack);
    int destroy(const std::string& stack, bool auto_approve);
    int output(const std::string& stack, bool json);

    // The saved plan file of a stack, relative to its folder.
    static constexpr const char* kPlanFile = "plan.tfplan";

private:
    std::filesystem::path stack_dir(const std::string& stack) const;
    // With `on_output_line`, terraform's standard output goes to it a line
    // at a time instead of straight to ours.
    int run(const std::string& stack, const std::string& step, std::vector<std::string> args,
            const std::function<void(std::string_view)>& on_output_line = {});

    TerraformBinary binary_;
    TerraformOptions options_;
    std::filesystem::path out_dir_;
    bool lock_file_hint_given_ = false;  // said once per run, not once per stack
};

}  // namespace infra::cli
