#include "rule_check.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "infra/stack.hpp"

namespace infra::cli {

void add_rules_option(CLI::App& command, Context& context) {
    command
        .add_option_function<std::string>(
            "--rules",
            [&context](const std::string& list) {
                context.rule_packs.clear();
                std::stringstream in(list);
                for (std::string pack; std::getline(in, pack, ',');)
                    if (!pack.empty()) context.rule_packs.push_back(pack);
            },
            "Rule packs to run, comma-separated (default: all; none: no rules)")
        ->type_name("PACKS");
}

void check_rules(Context& context, App& app, SynthesisResult& result) {
    const rules::RuleSet& rules = context.catalog->rules();
    if (rules.rules().empty()) return;
    if (context.rule_packs.size() == 1 && context.rule_packs.front() == "none") return;
    std::vector<Stack*> stacks;
    for (const auto& artifact : result.stacks) stacks.push_back(app.find_stack(artifact.name));
    rules::RuleReport report = rules::run_rules(stacks, rules, context.rule_packs);

    std::vector<Diagnostic> errors;
    for (const auto& f : report.findings) {
        if (f.suppressed || f.severity == Severity::Info) continue;
        Diagnostic d{f.severity, f.path, fmt::format("{} ({}): {}. Fix: {}", f.rule_id, f.address, f.message, f.fix)};
        (f.severity == Severity::Error ? errors : result.diagnostics).push_back(std::move(d));
    }
    for (const auto& unused : report.unused_suppressions)
        result.diagnostics.push_back({Severity::Warning, unused, "unused suppression: no finding matches it; remove it"});
    spdlog::debug("rules: {} finding(s), {} suppressed", report.findings.size(),
                  report.findings.size() - report.count(Severity::Error) - report.count(Severity::Warning) -
                      report.count(Severity::Info));
    context.rule_report = std::move(report);
    if (context.rule_errors_fail && !errors.empty()) throw SynthesisError(std::move(errors));
}

}  // namespace infra::cli
