// Runs the built `infra` binary in a folder and captures what a user sees.
#pragma once

#include <filesystem>
#include <string>

namespace infra_test {

struct RunResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// Runs `infra <args>` with `cwd` as working directory.
RunResult run_infra(const std::string& args, const std::filesystem::path& cwd);
// The same for the CLI with test stacks (test_stacks_cli.cpp).
RunResult run_test_stacks_cli(const std::string& args, const std::filesystem::path& cwd);
// With environment assignments ("A=1 B=2 ") before the command.
RunResult run_infra_with_env(const std::string& env, const std::string& args, const std::filesystem::path& cwd);
RunResult run_test_stacks_cli_with_env(const std::string& env, const std::string& args,
                                       const std::filesystem::path& cwd);

// A fresh empty folder under the system temp folder, removed on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace infra_test
