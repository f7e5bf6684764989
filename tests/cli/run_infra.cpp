#include "run_infra.hpp"

namespace infra_test {

namespace {

// INFRA_BINARY and INFRA_TEST_STACKS_BINARY are the build's paths of the two
// executables (tests/CMakeLists.txt).
RunResult run(const char* binary, const std::string& args, const std::filesystem::path& cwd,
              const std::string& env = "") {
    return test_support::run_command(env + "'" + binary + "' " + args, cwd);
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

}  // namespace infra_test
