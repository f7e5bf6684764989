#include "synth_step.hpp"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "hcl_writer.hpp"
#include "output_writer.hpp"
#include "refactor_hints.hpp"
#include "prepare_step.hpp"
#include "retained_app.hpp"
#include "step_timer.hpp"

namespace infra::cli {

void check_stack_names(const Context& context, const std::vector<std::string>& stacks) {
    for (const auto& name : stacks) context.catalog->require(name);
}

App& build_stacks(Context& context, const std::vector<std::string>& stacks) {
    finish_settings(context);
    // Unknown names first, so a typo is reported before anything is built.
    check_stack_names(context, stacks);
    App& app = retain_until_exit(std::make_unique<App>());
    std::vector<std::string> names = stacks;
    if (names.empty() || context.catalog->builds_every_stack()) {
        names.clear();
        for (const auto& d : context.catalog->definitions()) names.push_back(d.name);
    }
    // The same checks as `infra list`, before any program runs or anything
    // is built.
    for (const auto& name : names)
        if (const auto& d = context.catalog->require(name); d.check_settings) d.check_settings(context.settings);
    prepare_stacks(context, names);  // e.g. pip: building a stack starts no process
    for (const auto& name : names) context.catalog->build(app, name, context.settings);
    return app;
}

SynthesisResult synthesize_in_memory(Context& context, const std::vector<std::string>& stacks, bool stream_json) {
    App& app = build_stacks(context, stacks);
    SynthesisRequest request;
    request.stacks = stacks;
    request.schemas = context.validate_schemas ? &context.catalog->schemas() : nullptr;
    request.rules = &context.catalog->rules();
    request.rule_packs = context.rule_packs;
    request.rule_errors_fail = context.rule_errors_fail;
    request.stream_json = stream_json;
    SynthesisResult result = synthesize(app, request);
    if (result.rule_report) {
        const rules::RuleReport& report = *result.rule_report;
        spdlog::debug("rules: {} finding(s), {} suppressed", report.findings.size(),
                      report.findings.size() - report.count(Severity::Error) - report.count(Severity::Warning) -
                          report.count(Severity::Info));
    }
    for (const auto& type : result.unvalidated_types)
        spdlog::debug("{}: not validated, no schema of its provider is loaded", type);
    return result;
}

namespace {

// Writes the output folder and reports diagnostics (moved hints included)
// and progress.
void write_and_report(Context& context, SynthesisResult& result) {
    const OutputOwner owner{.app = context.app_name, .replace = context.replace_output};
    // Another app's output (being replaced) is no previous version of ours:
    // it would only give bogus moved-block hints.
    const bool same_app = check_output_owner(context.out_dir, owner);
    if (context.write_hcl) {
        // In a subfolder: beside main.tf.json terraform would load both and
        // see every block twice.
        const SchemaRegistry* schemas = &context.catalog->schemas();
        for (auto& stack : result.stacks)
            stack.files.push_back({"hcl/main.tf", to_hcl(nlohmann::json::parse(stack.json), schemas->empty() ? nullptr : schemas)});
    }
    // A changed stack's hints compare its previous file with the new one,
    // both read from disk once the new one is written beside the old.
    std::vector<Diagnostic> hints;
    const auto hint_moves = [&](const std::string& stack, const std::filesystem::path& previous,
                                const std::filesystem::path& staged) {
        try {
            const std::optional<std::string> before = read_file_if_exists(previous);
            if (!before) return;
            auto found = moved_hints(stack, *before, read_file(staged));
            hints.insert(hints.end(), found.begin(), found.end());
        } catch (const FileError&) {
            // Unreadable: no previous synth to compare with; hints are advice.
        }
    };
    write_output(context.out_dir, result, owner, kDefaultLockWait,
                 same_app ? StackChangeHook(hint_moves) : StackChangeHook());
    result.diagnostics.insert(result.diagnostics.end(), hints.begin(), hints.end());
    for (const auto& d : result.diagnostics) {
        if (d.severity == Severity::Warning) spdlog::warn("{}: {}", d.path, d.message);
        else spdlog::info("{}: {}", d.path, d.message);
    }
    for (const auto& stack : result.stacks)
        spdlog::info("synthesized {} -> {}", stack.name,
                     (context.out_dir / "stacks" / stack.name / "main.tf.json").string());
}

// Throws the usage error of the first diagnostic that blocks deploying one
// of `stacks` (every synthesized stack when empty).
void refuse_undeployable(const SynthesisResult& result, const std::vector<std::string>& stacks) {
    for (const auto& d : result.diagnostics) {
        if (!d.blocks_deploy) continue;
        const std::string stack = d.path.substr(0, d.path.find('/'));
        if (!stacks.empty() && std::find(stacks.begin(), stacks.end(), stack) == stacks.end()) continue;
        throw UsageError(fmt::format("{}: {}; refusing to deploy stack {} (nothing was written or sent to terraform)",
                                     d.path, d.message, stack));
    }
}

}  // namespace

SynthesisResult synthesize_to_disk(Context& context, const std::vector<std::string>& stacks) {
    StepTimer timer("synth");
    SynthesisResult result = synthesize_in_memory(context, stacks, !context.write_hcl);
    write_and_report(context, result);
    return result;
}

SynthesisResult synthesize_to_deploy(Context& context, const std::vector<std::string>& stacks) {
    StepTimer timer("synth");
    SynthesisResult result = synthesize_in_memory(context, stacks, !context.write_hcl);
    refuse_undeployable(result, stacks);
    write_and_report(context, result);
    return result;
}

}  // namespace infra::cli
