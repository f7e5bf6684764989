// The third-party Python packages the functions import (pg8000 and what it
// needs; the Lambda runtime ships boto3 but not pg8000), merged into the
// function zip. Chosen by the `lambda_dependencies` setting:
//
//   ""      nothing is bundled, and synth warns: the deployed functions would
//           fail to import pg8000;
//   "pip"   `python3 -m pip install -r requirements.txt` for the Lambda
//           platform (manylinux x86_64, the functions' CPython, wheels only)
//           into a cache folder keyed by the requirements' hash, reused by
//           later synths. pip runs in the CLI's prepare step, before the
//           stacks are built (prepare_lambda_dependencies); building a stack
//           only looks for the folder;
//   a path  a folder that already holds the installed packages (e.g. from a
//           CI step or a vendored copy); a requirement it does not hold is
//           warned about as if nothing were bundled.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "infra/stack_catalog.hpp"

namespace crud_api::stacks {
using namespace infra;

// What the functions need installed, and for which Python.
struct LambdaRequirements {
    std::filesystem::path file;  // requirements.txt
    std::string python_version;  // "3.13": pip picks wheels for it
};

// The requirements of the functions in modules/lambda, for `runtime`
// ("python3.13").
LambdaRequirements lambda_requirements(const std::string& runtime);

struct LambdaDependencies {
    std::vector<std::filesystem::path> dirs;  // merged at the root of the zip
    std::string warning;                      // set when a requirement is not bundled
};

// For "pip": the cache folder pip installs into, with the command that makes
// it; nothing for any other setting. The CLI runs it before it builds the
// stacks, when the folder is missing. Throws infra::UsageError when the
// requirements cannot be read.
std::vector<PreparedFolder> prepare_lambda_dependencies(const std::string& setting,
                                                        const LambdaRequirements& requirements);

// What goes into the zip, while the stack is built: starts no process. With
// "pip" and no installed folder (a stack built without the CLI's prepare
// step), nothing is bundled and the warning says why. Throws
// infra::UsageError for a folder that does not exist or requirements that
// cannot be read.
LambdaDependencies resolve_lambda_dependencies(const std::string& setting, const LambdaRequirements& requirements);

}  // namespace crud_api::stacks
