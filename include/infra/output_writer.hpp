// Puts a synthesis on disk: `<out>/stacks/<name>/main.tf.json` per stack and
// `<out>/manifest.json`. Every file is written to a temporary name first and
// renamed into place only when all were written, so a failure leaves the
// previous output as it was. Only files this tool wrote are ever replaced or
// removed; terraform's own files in a stack folder (.terraform/, state,
// plans) are left alone.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra {

struct WrittenOutput {
    std::vector<std::filesystem::path> files;  // relative to the output folder
};

WrittenOutput write_output(const std::filesystem::path& out_dir, const SynthesisResult& result);

// The stack's previous main.tf.json in `out_dir`, or "" when there is none.
std::string read_previous_stack(const std::filesystem::path& out_dir, const std::string& stack_name);

}  // namespace infra
