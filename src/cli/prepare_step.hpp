// The step before the stacks are built: makes the folders they read that a
// program must make first (StackDefinition::prepare), such as the Python
// packages pip installs for a function zip. Here, on the CLI side, because
// only the CLI starts processes: building a construct tree never does.
#pragma once

#include <string>
#include <vector>

#include "command.hpp"

namespace infra::cli {

// Runs the command of each folder the named stacks need that is missing,
// into a staging folder beside it, and renames that into place when the
// command succeeds: a folder is there whole or not at all. Throws
// infra::Error with the command's last line of output when it fails, and
// infra::UsageError for bad settings.
void prepare_stacks(const Context& context, const std::vector<std::string>& names);

}  // namespace infra::cli
