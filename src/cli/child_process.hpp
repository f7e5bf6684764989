// Runs a program the way a user's shell would: inherits stdin, stdout,
// stderr and the environment, so terraform's output streams live and its
// prompts work. While it runs, SIGINT and SIGTERM sent to us are passed on to
// it (and not acted on by us), so terraform can release its state lock and
// exit on its own terms.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infra::cli {

// Returns the child's exit code, or 128 + signal number if a signal ended it.
// Throws infra::Error if the program cannot be started.
int run_child(const std::string& program, const std::vector<std::string>& args, const std::filesystem::path& cwd);

// Runs a program and returns its standard output (stderr passes through).
// Throws infra::Error if it cannot be started or exits non-zero.
std::string capture_child(const std::string& program, const std::vector<std::string>& args);

}  // namespace infra::cli
