// The command line both programs share: an app's (`infra::run_cli` with its
// stacks) and the generic `infra` command's (src/cli/launcher.cpp), which
// runs the commands that need no project itself and hands the others to the
// project's app.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "infra/stack_catalog.hpp"

namespace infra::cli {

struct CommandLine {
    std::string name;         // what --help and errors call the program
    std::string description;  // the first line of --help
    const StackCatalog* catalog = nullptr;
    std::string footer{};     // more text for the top-level --help
    // When set, a project command (synth, plan, ...) is not run but fails
    // with this message: the generic command outside a project.
    std::function<std::string()> project_command_error{};
};

int run_command_line(int argc, char** argv, const CommandLine& which);

// Whether `command` needs a project's stacks: every command but init, get,
// version and completion.
bool is_project_command(std::string_view command);

}  // namespace infra::cli
