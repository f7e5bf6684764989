// The synth step every command starts with: build the requested stacks from
// the catalog and the settings, synthesize them, and (for all but diff) write
// them to the output folder.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"
#include "infra/synthesizer.hpp"

namespace infra::cli {

// Throws the usage error of the first name the catalog does not know. The
// commands call it before anything else (finding terraform, reading a
// previous synth), so a typo is reported as such and nothing runs.
void check_stack_names(const Context& context, const std::vector<std::string>& stacks);

// Builds `stacks` into an App kept until the program exits: every catalog
// stack when the catalog builds every stack (a stack's outputs depend on
// the stacks that read it), else the named ones (all when empty).
App& build_stacks(Context& context, const std::vector<std::string>& stacks);

// Builds and synthesizes `stacks` (every catalog stack when empty) without
// writing anything. With `stream_json`, each stack's document is prepared
// (everything that can fail checked) but left to its json_producer.
SynthesisResult synthesize_in_memory(Context& context, const std::vector<std::string>& stacks,
                                     bool stream_json = false);

// The same, then writes the output folder and reports diagnostics (moved
// hints included) and progress.
SynthesisResult synthesize_to_disk(Context& context, const std::vector<std::string>& stacks);

// The same for the commands that deploy (plan, deploy): before anything is
// written, throws the usage error of the first diagnostic that blocks
// deploying one of `stacks` (every synthesized stack when empty), such as a
// function zip without its packages.
SynthesisResult synthesize_to_deploy(Context& context, const std::vector<std::string>& stacks);

}  // namespace infra::cli
