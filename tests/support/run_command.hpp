// Runs a command line as a child process and captures what a user at a
// terminal would see: its exit code and its output.
#pragma once

#include <filesystem>
#include <string>

namespace test_support {

struct CommandResult {
    int exit_code = -1;  // -1 when a signal ended the command
    // stdout and stderr together, in the order the command wrote them: one
    // pipe holds both, as a terminal does, so a test can compare a message
    // that mixes the two whole.
    std::string output;
};

// Runs `command_line` with /bin/sh (redirections, pipes and "NAME=value "
// prefixes work as in a shell) in `cwd`, or in this process's folder when
// `cwd` is empty, and waits for it to end. NO_COLOR=1 is set so programs
// print plain text to compare. Throws std::system_error when the child
// cannot be started.
CommandResult run_command(const std::string& command_line, const std::filesystem::path& cwd = {});

}  // namespace test_support
