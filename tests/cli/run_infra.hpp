// What the cli and runner tests share: the built `infra` binary (and the CLI
// with test stacks) run in a folder, capturing what a user sees, and the
// shared scratch folder and file helpers under the names these tests use.
#pragma once

#include <filesystem>
#include <string>

#include "support/file_contents.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace infra_test {

using RunResult = test_support::CommandResult;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

// Runs `infra <args>` with `cwd` as working directory.
RunResult run_infra(const std::string& args, const std::filesystem::path& cwd);
// The same for the CLI with test stacks (test_stacks_cli.cpp).
RunResult run_test_stacks_cli(const std::string& args, const std::filesystem::path& cwd);
// With environment assignments ("A=1 B=2 ") before the command.
RunResult run_infra_with_env(const std::string& env, const std::string& args, const std::filesystem::path& cwd);
RunResult run_test_stacks_cli_with_env(const std::string& env, const std::string& args,
                                       const std::filesystem::path& cwd);

}  // namespace infra_test
