// The third-party Python packages the functions import (pg8000 and what it
// needs; the Lambda runtime ships boto3 but not pg8000), merged into the
// function zip. Chosen by the `lambda_dependencies` setting:
//
//   ""      nothing is bundled, and synth warns: the deployed functions would
//           fail to import pg8000;
//   "pip"   `python3 -m pip install -r requirements.txt` for the Lambda
//           platform (manylinux x86_64, the functions' CPython, wheels only) into a
//           cache keyed by the requirements' hash, reused by later synths;
//   a path  a folder that already holds the installed packages (e.g. from a
//           CI step or a vendored copy); a requirement it does not hold is
//           warned about as if nothing were bundled.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infra::stacks {

struct LambdaDependencies {
    std::vector<std::filesystem::path> dirs;  // merged at the root of the zip
    std::string warning;                      // set when a requirement is not bundled
};

// Throws infra::UsageError for a folder that does not exist and
// infra::Error when pip fails (with its last line of output).
// `python_version` is the functions' ("3.13"): pip picks wheels for it.
LambdaDependencies resolve_lambda_dependencies(const std::string& setting, const std::filesystem::path& requirements,
                                               const std::string& python_version);

}  // namespace infra::stacks
