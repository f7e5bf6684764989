// `infra validate [STACK...] [--strict]`: everything synth checks (the
// construct tree, references, cycles, annotations, and every resource and
// data source against its provider's schema), with nothing written.
#include <spdlog/spdlog.h>

#include "command.hpp"
#include "infra/cli.hpp"
#include "step_timer.hpp"
#include "synth_step.hpp"

namespace infra::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> stacks;
    bool strict = false;
};

int run_validate(Context& context, const ValidateOptions& options) {
    SynthesisResult result;
    {
        StepTimer timer("validate");
        if (context.catalog->schemas().empty())
            spdlog::warn("no provider schema is registered: resources are not checked against one");
        result = synthesize_in_memory(context, options.stacks);  // errors throw: exit code 1
    }
    std::size_t warnings = 0;
    for (const auto& d : result.diagnostics) {
        if (d.severity == Severity::Warning) {
            ++warnings;
            spdlog::warn("{}: {}", d.path, d.message);
        } else {
            spdlog::info("{}: {}", d.path, d.message);
        }
    }
    if (options.strict && warnings > 0) {
        spdlog::error("{} warning{} and --strict: validation failed", warnings, warnings == 1 ? "" : "s");
        return kExitSynthesisError;
    }
    for (const auto& stack : result.stacks) spdlog::info("{}: valid", stack.name);
    return kExitOk;
}

}  // namespace

void add_validate_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<ValidateOptions>();
    auto* cmd = cli.add_subcommand(
        "validate", "Check stacks (all when none is named) as synth does, against the provider schemas; write nothing");
    cmd->add_option("stacks", options->stacks, "Stacks to check, with the stacks they depend on");
    cmd->add_flag("--strict", options->strict, "Fail on warnings too (deprecated arguments, ...)");
    add_settings_options(*cmd, context);
    cmd->footer(
        "Examples:\n"
        "  infra validate dev\n"
        "  infra validate --strict");
    cmd->callback([&context, options] {
        context.action = [&context, options] { return run_validate(context, *options); };
    });
}

}  // namespace infra::cli
