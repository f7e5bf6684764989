// Keeps the app a command built alive until the process exits, instead of
// tearing it down when the command returns. Destroying a large construct
// tree (every construct, every argument map and expression) took a tenth
// of a synth of 100,000 resources, moments before the process ends and the
// system takes the memory back at once.
#pragma once

#include <memory>

#include "infra/app.hpp"

namespace infra::cli {

// Holds one app: a program that runs several commands in one process (the
// tests) frees the previous app when it retains the next.
App& retain_until_exit(std::unique_ptr<App> app);

}  // namespace infra::cli
