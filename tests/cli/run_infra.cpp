#include "run_infra.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace infra_test {

namespace {

RunResult run(const char* binary, const std::string& args, const std::filesystem::path& cwd,
              const std::string& env = "") {
    const std::string command = "cd '" + cwd.string() + "' && NO_COLOR=1 " + env + "'" + binary + "' " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    RunResult result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace

RunResult run_infra(const std::string& args, const std::filesystem::path& cwd) { return run(INFRA_BINARY, args, cwd); }

RunResult run_test_stacks_cli(const std::string& args, const std::filesystem::path& cwd) {
    return run(INFRA_TEST_STACKS_BINARY, args, cwd);
}

RunResult run_infra_with_env(const std::string& env, const std::string& args, const std::filesystem::path& cwd) {
    return run(INFRA_BINARY, args, cwd, env);
}

RunResult run_test_stacks_cli_with_env(const std::string& env, const std::string& args,
                                       const std::filesystem::path& cwd) {
    return run(INFRA_TEST_STACKS_BINARY, args, cwd, env);
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("infra-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
}

}  // namespace infra_test
