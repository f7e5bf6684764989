// Puts generated files on disk, all or none: each is written to a temporary
// name first and renamed into place only when every one was written. A file
// whose content did not change is left alone, so its timestamp stays and the
// build system recompiles only what changed.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "binding_generator.hpp"

namespace infra::gen {

struct WriteSummary {
    std::size_t written = 0;
    std::size_t unchanged = 0;
};

// Throws infra::Error naming the file that could not be written.
WriteSummary write_generated_files(const std::vector<GeneratedFile>& files, const std::filesystem::path& out_dir);

// Writes one file the same way (used for the filtered schema).
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace infra::gen
