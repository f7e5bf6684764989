// The generic `infra` command a user installs. `init`, `get`, `version` and
// `completion` it runs itself; every other command belongs to a project: it
// finds the project file (infra.json) in the working folder or above,
// builds the project's app incrementally (configuring the build folder the
// first time, with the installed SDK on CMAKE_PREFIX_PATH) and becomes the
// app, with the same arguments.
#pragma once

namespace infra::cli {

int run_infra_command(int argc, char** argv);

}  // namespace infra::cli
