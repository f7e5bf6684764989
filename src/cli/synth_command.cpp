#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "command.hpp"
#include "infra/app.hpp"
#include "infra/output_writer.hpp"
#include "infra/refactor_hints.hpp"
#include "infra/synthesizer.hpp"

namespace infra::cli {

namespace {

struct SynthOptions {
    std::vector<std::string> stacks;
};

int run_synth(Context& context, const SynthOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    finish_settings(context);
    App app;
    std::vector<std::string> names = options.stacks;
    if (names.empty())
        for (const auto& d : context.catalog->definitions()) names.push_back(d.name);
    for (const auto& name : names) context.catalog->build(app, name, context.settings);

    SynthesisResult result = synthesize(app, options.stacks);
    for (const auto& stack : result.stacks) {
        auto hints = moved_hints(stack.name, read_previous_stack(context.out_dir, stack.name), stack.json);
        result.diagnostics.insert(result.diagnostics.end(), hints.begin(), hints.end());
    }
    write_output(context.out_dir, result);

    for (const auto& d : result.diagnostics) {
        if (d.severity == Severity::Warning) spdlog::warn("{}: {}", d.path, d.message);
        else spdlog::info("{}: {}", d.path, d.message);
    }
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
    for (const auto& stack : result.stacks)
        spdlog::info("synthesized {} -> {}", stack.name,
                     (context.out_dir / "stacks" / stack.name / "main.tf.json").string());
    spdlog::debug("synthesis took {:.2f} ms", elapsed.count());
    return 0;
}

}  // namespace

void add_synth_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<SynthOptions>();
    auto* cmd = cli.add_subcommand("synth", "Synthesize stacks to Terraform JSON (all stacks when none is named)");
    cmd->add_option("stacks", options->stacks, "Stacks to synthesize, with the stacks they depend on");
    cmd->add_option("-o,--out", context.out_dir, "Output folder (default: infra.out)");
    add_settings_options(*cmd, context);
    cmd->footer(
        "Examples:\n"
        "  infra synth dev\n"
        "  infra synth dev --set region=eu-west-1 --out build/tf\n"
        "  infra synth --config settings.json");
    cmd->callback([&context, options] { context.action = [&context, options] { return run_synth(context, *options); }; });
}

}  // namespace infra::cli
