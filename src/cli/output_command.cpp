#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

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

struct Captured {
    int exit_code = 0;
    std::string out;
};

// Runs `program args` in `cwd` with stdout captured; stderr and stdin are
// the user's, so terraform's errors still reach them.
Captured capture_in(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw Error("cannot create a pipe");
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(out[0]);
        ::close(out[1]);
        throw Error(fmt::format("cannot start {}: {}", program, std::strerror(errno)));
    }
    if (pid == 0) {
        if (::chdir(cwd.c_str()) != 0 || ::dup2(out[1], STDOUT_FILENO) < 0) ::_exit(127);
        ::execvp(program.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    Captured result;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) result.out.append(buffer, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw Error(fmt::format("waiting for {} failed: {}", program, std::strerror(errno)));
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 1;
    return result;
}

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
    const Captured captured = capture_in(binary.path, {"output", "-json"}, dir);
    if (captured.exit_code != 0) return captured.exit_code;
    auto outputs = nlohmann::json::parse(captured.out, nullptr, false);
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
