#include <fmt/format.h>

#include "bounded_json.hpp"
#include "child_process.hpp"
#include "command.hpp"
#include "config_diff.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "synth_step.hpp"

namespace fs = std::filesystem;

namespace infra::cli {

namespace {

constexpr int kExitChanged = 3;

struct DiffOptions {
    std::string stack;
    std::string against;
};

// The file the user pointed --against at: unreadable is a usage error.
std::string read_text(const fs::path& file) {
    try {
        return read_file(file);
    } catch (const FileError& e) {
        throw UsageError(e.what());
    }
}

// The previous configuration: an output folder, a stack folder, a
// main.tf.json, or a git revision whose tree holds the output folder.
std::string previous_configuration(const Context& context, const DiffOptions& options) {
    const fs::path base = options.against.empty() ? context.out_dir : fs::path(options.against);
    for (const fs::path& candidate : {base / "stacks" / options.stack / "main.tf.json", base / "main.tf.json", base})
        if (fs::is_regular_file(candidate)) return read_text(candidate);
    if (options.against.empty())
        throw UsageError(fmt::format("no previous synth of stack {} in {}; run `infra synth {}` first or pass --against",
                                     options.stack, context.out_dir.string(), options.stack));
    if (fs::exists(base))
        throw UsageError(fmt::format("{}: holds no main.tf.json for stack {}", base.string(), options.stack));
    // git would read a value such as "--output=x" as its own option.
    if (options.against.rfind('-', 0) == 0)
        throw UsageError(fmt::format("--against {}: not a folder, and not a git revision (none starts with '-')",
                                     options.against));
    const std::string spec = fmt::format("{}:{}", options.against,
                                         (context.out_dir / "stacks" / options.stack / "main.tf.json").generic_string());
    try {
        // git's own complaint ("fatal: not a git repository") would be a
        // second line before ours, which says what was tried.
        return capture_child("git", {"show", spec}, ChildStderr::discard);
    } catch (const Error&) {
        throw UsageError(fmt::format("--against {}: not a folder, and `git show {}` found nothing", options.against, spec));
    }
}

int run_diff(Context& context, const DiffOptions& options) {
    check_stack_names(context, {options.stack});
    const std::string before_text = previous_configuration(context, options);
    nlohmann::json before;
    try {
        before = parse_json_no_deeper_than(before_text);
    } catch (const nlohmann::json::exception&) {
        throw UsageError(fmt::format("the previous configuration of stack {} is not valid JSON", options.stack));
    } catch (const Error& e) {
        throw UsageError(fmt::format("the previous configuration of stack {} is not Terraform JSON: {}", options.stack,
                                     e.what()));
    }
    // What terraform reads from a .tf.json file: an object of blocks.
    if (!before.is_object())
        throw UsageError(fmt::format("the previous configuration of stack {} is not Terraform JSON: its top level is "
                                     "{}, not an object of blocks",
                                     options.stack, before.type_name()));
    const SynthesisResult result = synthesize_in_memory(context, {options.stack});
    std::string after_text;
    for (const auto& s : result.stacks)
        if (s.name == options.stack) after_text = s.json;
    const auto changes = diff_configurations(before, nlohmann::json::parse(after_text));
    fmt::print("{}", format_changes(changes));
    return changes.empty() ? 0 : kExitChanged;
}

}  // namespace

void add_diff_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<DiffOptions>();
    auto* cmd = cli.add_subcommand("diff", "Compare a fresh synth of a stack with a previous one, by address and attribute");
    cmd->add_option("stack", options->stack, "The stack")->required();
    cmd->add_option("--against", options->against,
                    "A previous output folder, stack folder or main.tf.json, or a git revision (default: the output folder)");
    cmd->add_option("-o,--out", context.out_dir, "Output folder (default: infra.out)")->check(non_empty_path());
    add_settings_options(*cmd, context);
    cmd->footer("Exit code 0: no changes; 3: the configuration changed. Needs no cloud credentials; writes nothing.\n\n"
                "Examples:\n  infra diff dev\n  infra diff dev --against main\n  infra diff prod --against old-out/");
    cmd->callback([&context, options] { context.action = [&context, options] { return run_diff(context, *options); }; });
}

}  // namespace infra::cli
