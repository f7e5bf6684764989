#include "terraform_runner.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "lock_file_warning.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/hashing.hpp"
#include "step_timer.hpp"

namespace fs = std::filesystem;

namespace infra::cli {

namespace {

constexpr int kMinMajor = 1;
constexpr int kMinMinor = 6;
constexpr const char* kInitHashFile = ".infra-init-hash";
// The plugin folder of a stack's last init, remembered beside its hash, so a
// later command that leaves --plugin-dir out (`infra output`, `destroy`)
// neither re-initializes nor reaches for the registry.
constexpr const char* kInitPluginDirFile = ".infra-init-plugin-dir";

// A file infra keeps in the stack folder; empty until the first init wrote it.
std::string read_text(const fs::path& file) { return read_file_if_exists(file).value_or(std::string()); }

// What `init` depends on: the terraform block (required providers, backend).
std::string init_fingerprint(const fs::path& dir, const std::string& plugin_dir) {
    const auto doc = nlohmann::json::parse(read_text(dir / "main.tf.json"), nullptr, false);
    std::string basis = doc.is_discarded() ? std::string() : doc.value("terraform", nlohmann::json::object()).dump();
    basis += '\n' + plugin_dir;
    return to_hex(sha256(basis));
}

// Terraform's colour codes would land in CI logs and pipes: like infra's own
// messages, terraform is plain when stdout is not a terminal or NO_COLOR is
// set (https://no-color.org).
bool plain_output() {
    const char* no_color = std::getenv("NO_COLOR");
    return (no_color != nullptr && *no_color != '\0') || ::isatty(STDOUT_FILENO) == 0;
}

}  // namespace

TerraformBinary find_terraform(const TerraformOptions& options) {
    std::string path = options.binary;
    if (path.empty())
        if (const char* env = std::getenv("INFRA_TERRAFORM"); env != nullptr && *env != '\0') path = env;
    if (path.empty()) {
        if (on_path("terraform")) path = "terraform";
        else if (on_path("tofu")) path = "tofu";
    }
    if (path.empty())
        throw UsageError("terraform not found: install terraform >= 1.6 (or OpenTofu), or name it with --terraform "
                         "PATH or INFRA_TERRAFORM");
    std::string text;
    try {
        text = capture_child(path, {"version", "-json"});
    } catch (const Error& e) {
        throw UsageError(fmt::format("{} does not answer `version -json` ({}); is it terraform >= 1.6?", path, e.what()));
    }
    const auto json = nlohmann::json::parse(text, nullptr, false);
    const std::string version =
        json.is_object() ? json.value("terraform_version", "") : std::string();
    int major = 0, minor = 0;
    if (version.empty() || std::sscanf(version.c_str(), "%d.%d", &major, &minor) != 2)
        throw UsageError(fmt::format("{}: cannot read its version from `version -json`", path));
    if (major < kMinMajor || (major == kMinMajor && minor < kMinMinor))
        throw UsageError(fmt::format("{} is version {}; infra needs terraform >= {}.{}", path, version, kMinMajor, kMinMinor));
    spdlog::debug("using {} {}", path, version);
    return {path, version};
}

TerraformRunner::TerraformRunner(TerraformBinary binary, TerraformOptions options, fs::path out_dir)
    : binary_(std::move(binary)), options_(std::move(options)), out_dir_(std::move(out_dir)) {
    if (options_.plugin_dir.empty())
        if (const char* env = std::getenv("INFRA_TF_PLUGIN_DIR"); env != nullptr) options_.plugin_dir = env;
}

void require_synthesized(const fs::path& out_dir, const std::string& stack) {
    if (!fs::exists(out_dir / "stacks" / stack / "main.tf.json"))
        throw UsageError(fmt::format("stack {} has not been synthesized into {}; run `infra synth {}` first", stack,
                                     out_dir.string(), stack));
}

fs::path TerraformRunner::stack_dir(const std::string& stack) const {
    const fs::path root = fs::weakly_canonical(out_dir_);
    const fs::path dir = fs::weakly_canonical(out_dir_ / "stacks" / stack);
    // Stack names are identifiers, so this holds; checked anyway because
    // terraform must never run anywhere but inside the output folder.
    const auto rel = dir.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..")
        throw Error(fmt::format("stack folder {} is outside the output folder {}", dir.string(), root.string()));
    require_synthesized(out_dir_, stack);
    return dir;
}

int TerraformRunner::run(const std::string& stack, const std::string& step, std::vector<std::string> args,
                         const std::function<void(std::string_view)>& on_output_line) {
    if (plain_output() && !args.empty()) args.insert(args.begin() + 1, "-no-color");
    StepTimer timer(fmt::format("{} {}", stack, step), spdlog::level::info);
    int killed_by = 0;
    const int code = on_output_line ? run_child_reading_lines(binary_.path, args, stack_dir(stack), on_output_line, &killed_by)
                                    : run_child(binary_.path, args, stack_dir(stack), &killed_by);
    // A crash (or an out-of-memory kill) may leave no output of its own.
    if (killed_by != 0)
        spdlog::error("terraform {} of stack {} {}; its exit code {} is passed on", step, stack,
                      describe_exit(code, killed_by), code);
    return code;
}

int TerraformRunner::init_if_needed(const std::string& stack) {
    const fs::path dir = stack_dir(stack);
    const bool initialized = fs::exists(dir / ".terraform");
    const std::string plugin_dir = !options_.plugin_dir.empty() || !initialized
                                       ? options_.plugin_dir
                                       : read_text(dir / kInitPluginDirFile);
    const std::string fingerprint = init_fingerprint(dir, plugin_dir);
    if (initialized && read_text(dir / kInitHashFile) == fingerprint) {
        spdlog::debug("[{} init] skipped: providers and backend unchanged", stack);
        return 0;
    }
    std::vector<std::string> args{"init", "-input=false"};
    if (!plugin_dir.empty()) args.push_back("-plugin-dir=" + plugin_dir);
    // Init's output goes through the filter that replaces terraform's warning
    // about checksums for one platform only (see lock_file_warning.hpp).
    LockFileWarningFilter filter;
    const auto show = [](const std::vector<std::string>& lines) {
        for (const auto& line : lines) fmt::print(stdout, "{}\n", line);
        std::fflush(stdout);
    };
    const int code = run(stack, "init", std::move(args), [&](std::string_view line) { show(filter.feed(line)); });
    show(filter.finish());
    if (filter.saw_warning() && !lock_file_hint_given_) {
        spdlog::warn("[{} init] {}", stack, lock_file_hint(filter.platform().value_or("this platform")));
        lock_file_hint_given_ = true;
    }
    if (code == 0) {
        // The hash last: it is what says the init is done.
        write_file_atomically(dir / kInitPluginDirFile, plugin_dir);
        write_file_atomically(dir / kInitHashFile, fingerprint);
    }
    return code;
}

int TerraformRunner::plan(const std::string& stack, const std::vector<std::string>& extra_args) {
    std::vector<std::string> args{"plan", "-input=false", std::string("-out=") + kPlanFile};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return run(stack, "plan", std::move(args));
}

int TerraformRunner::apply_saved_plan(const std::string& stack) {
    return run(stack, "apply", {"apply", "-input=false", kPlanFile});
}

int TerraformRunner::destroy(const std::string& stack, bool auto_approve) {
    std::vector<std::string> args{"destroy"};
    if (auto_approve) args.push_back("-auto-approve");
    return run(stack, "destroy", std::move(args));
}

int TerraformRunner::output(const std::string& stack, bool json) {
    std::vector<std::string> args{"output"};
    if (json) args.push_back("-json");
    return run_child(binary_.path, args, stack_dir(stack));
}

}  // namespace infra::cli
