// `infra validate [STACK...] [--strict] [--rules PACKS] [--format F]`:
// everything synth checks (the construct tree, references, cycles,
// annotations, every resource and data source against its provider's
// schema, and the security rules), with nothing written. The rule report
// goes to stdout as text, JSON or SARIF; progress and errors to stderr.
#include <spdlog/spdlog.h>

#include <iostream>

#include "command.hpp"
#include "infra/cli.hpp"
#include "rules/report_format.hpp"
#include "infra/version.hpp"
#include "step_timer.hpp"
#include "synth_step.hpp"

namespace infra::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> stacks;
    bool strict = false;
    std::string format = "text";
};

int run_validate(Context& context, const ValidateOptions& options) {
    SynthesisResult result;
    {
        StepTimer timer("validate");
        if (context.catalog->schemas().empty())
            spdlog::warn("no provider schema is registered: resources are not checked against one");
        // Rule errors are reported below, in the requested format, rather
        // than thrown; every other error throws: exit code 1.
        context.rule_errors_fail = false;
        // The documents are prepared (what only rendering checks is checked)
        // but never written: validation keeps none of them.
        result = synthesize_in_memory(context, options.stacks, /*stream_json=*/true);
    }
    if (result.rule_report) {
        const rules::RuleReport& report = *result.rule_report;
        if (options.format == "json") std::cout << rules::format_json(report);
        else if (options.format == "sarif") std::cout << rules::format_sarif(report, context.catalog->rules(), version());
        else std::cout << rules::format_text(report);
        std::cout.flush();
        if (report.has_errors()) {
            spdlog::error("{} rule error(s): validation failed", report.count(Severity::Error));
            return kExitSynthesisError;
        }
    }
    std::size_t warnings = 0;
    for (const auto& d : result.diagnostics) {
        if (d.severity == Severity::Warning) {
            ++warnings;
            // Rule warnings are in the report already.
            if (!result.rule_report) spdlog::warn("{}: {}", d.path, d.message);
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
    cmd->add_flag("--strict", options->strict, "Fail on warnings too (deprecated arguments, rule warnings, ...)");
    cmd->add_option("--format", options->format, "Rule report format: text, json or sarif (SARIF 2.1.0)")
        ->check(CLI::IsMember({"text", "json", "sarif"}));
    add_rules_option(*cmd, context);
    add_settings_options(*cmd, context);
    cmd->footer(
        "Examples:\n"
        "  infra validate dev\n"
        "  infra validate --strict\n"
        "  infra validate --rules iam,network --format sarif > infra.sarif");
    cmd->callback([&context, options] {
        context.action = [&context, options] { return run_validate(context, *options); };
    });
}

}  // namespace infra::cli
