// The rules step of synth and validate: the catalog's rules over the
// synthesized stacks, after schema validation.
#pragma once

#include "command.hpp"
#include "infra/app.hpp"
#include "infra/synthesizer.hpp"

namespace infra::cli {

// Runs context.rule_packs of the catalog's rules over the stacks in
// `result`, keeps the report in context.rule_report, adds unsuppressed
// warnings and unused suppressions to result.diagnostics, and (when
// context.rule_errors_fail) throws SynthesisError for unsuppressed errors.
void check_rules(Context& context, App& app, SynthesisResult& result);

}  // namespace infra::cli
