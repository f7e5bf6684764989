#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "child_process.hpp"
#include "command.hpp"
#include "infra/error.hpp"
#include "synth_step.hpp"
#include "terraform_runner.hpp"

namespace infra::cli {

namespace {

struct OutputOptions {
    std::string stack;
    bool json = false;
    bool show_sensitive = false;
};

// What terraform prints in place of a sensitive value.
constexpr const char* kMaskedJson = "(sensitive)";
constexpr const char* kMaskedText = "<sensitive>";

// A value as `terraform output` shows it: strings quoted, everything else
// as JSON.
std::string text_value(const nlohmann::json& value) {
    if (value.is_string()) return value.dump();
    if (value.is_structured() && !value.empty()) return value.dump(2);
    return value.dump();
}

// Reads outputs from the state of the last deploy: no synth, so what is shown
// belongs to the configuration that was applied. Always asks terraform for
// JSON and prints it here, so a sensitive output is masked in both formats
// unless --show-sensitive.
int run_output(Context& context, const OutputOptions& options) {
    // Before looking for terraform: a typo or a stack never synthesized is
    // reported alone.
    check_stack_names(context, {options.stack});
    require_synthesized(context.out_dir, options.stack);
    const TerraformBinary binary = find_terraform(context.terraform);
    TerraformRunner terraform(binary, context.terraform, context.out_dir);
    if (int code = terraform.init_if_needed(options.stack); code != 0) return code;
    const auto dir = context.out_dir / "stacks" / options.stack;  // checked by init_if_needed
    // Stdout is read here; stderr stays the user's, so terraform's errors
    // still reach them.
    const CapturedChild captured = run_child_capturing(binary.path, {"output", "-json"}, dir);
    // A crash may leave no output of its own (as TerraformRunner::run says).
    if (captured.killed_by != 0)
        spdlog::error("terraform output of stack {} {}; its exit code {} is passed on", options.stack,
                      describe_exit(captured.exit_code, captured.killed_by), captured.exit_code);
    if (captured.exit_code != 0) return captured.exit_code;
    auto outputs = nlohmann::json::parse(captured.output, nullptr, false);
    if (!outputs.is_object())
        throw Error(fmt::format("{}: `{} output -json` did not print a JSON object", options.stack, binary.path));

    std::size_t masked = 0;
    for (auto& [name, output] : outputs.items()) {
        if (!output.is_object() || !output.value("sensitive", false) || options.show_sensitive) continue;
        output["value"] = kMaskedJson;
        ++masked;
    }
    if (options.json) {
        fmt::print("{}\n", outputs.dump(2));
        return 0;
    }
    for (const auto& [name, output] : outputs.items()) {
        const bool hidden = output.is_object() && output.value("sensitive", false) && !options.show_sensitive;
        const nlohmann::json value = output.is_object() && output.contains("value") ? output["value"] : output;
        fmt::print("{} = {}\n", name, hidden ? std::string(kMaskedText) : text_value(value));
    }
    if (masked > 0)
        spdlog::info("{} sensitive output{} hidden: pass --show-sensitive to show {}", masked,
                     masked == 1 ? " is" : "s are", masked == 1 ? "it" : "them");
    return 0;
}

}  // namespace

void add_output_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<OutputOptions>();
    auto* cmd = cli.add_subcommand("output", "Print a deployed stack's outputs (`terraform output`)");
    cmd->add_option("stack", options->stack, "The stack")->required();
    cmd->add_flag("--json", options->json, "Machine-readable JSON");
    cmd->footer("Examples:\n  infra output dev\n  infra output dev --json | jq -r .api_gateway_invoke_url");
    cmd->add_flag("--show-sensitive", options->show_sensitive,
                  "Show the values of sensitive outputs instead of masking them");
    add_terraform_options(*cmd, context);
    cmd->callback([&context, options] { context.action = [&context, options] { return run_output(context, *options); }; });
}

}  // namespace infra::cli
