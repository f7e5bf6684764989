#include "lambda_dependencies.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <system_error>

#include "infra/cache_folder.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/hashing.hpp"

namespace crud_api::stacks {
using namespace infra;

namespace {

namespace fs = std::filesystem;

// The Lambda platform the packages are installed for: pg8000 is pure
// Python, but a later requirement may not be.
std::vector<std::string> pip_platform(const std::string& python_version) {
    return {"--platform", "manylinux2014_x86_64", "--implementation", "cp", "--python-version", python_version,
            "--only-binary=:all:"};
}

std::string read_requirements(const fs::path& path) {
    try {
        return read_file(path);
    } catch (const FileError& e) {
        throw UsageError(fmt::format("setting \"lambda_dependencies\": cannot read {}: {}", path.string(), e.reason()));
    }
}

// The cache folder of these requirements for this platform: a change to
// either installs again, into a new folder.
fs::path pip_folder(const LambdaRequirements& requirements) {
    const std::string platform = fmt::format("{}", fmt::join(pip_platform(requirements.python_version), " "));
    const std::string key = to_hex(sha256(read_requirements(requirements.file) + platform)).substr(0, 16);
    return user_cache_folder() / "lambda-deps" / key;
}

// A distribution name as pip writes it in folder names: lowercase, with
// '-' and '.' as '_' ("Foo.Bar-baz" -> "foo_bar_baz").
char normalized(char c) { return c == '-' || c == '.' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// The distribution names requirements.txt asks for, normalized.
std::vector<std::string> required_names(const std::string& requirements) {
    std::vector<std::string> names;
    std::istringstream in(requirements);
    std::string line;
    while (std::getline(in, line)) {
        std::string name;
        for (char c : line) {
            if (c == '#' || c == '=' || c == '<' || c == '>' || c == '!' || c == '~' || c == '[' || c == ';' ||
                c == ' ' || c == '\t' || c == '@' || c == '\r')
                break;
            name += normalized(c);
        }
        if (!name.empty() && name.front() != '_') names.push_back(name);
    }
    return names;
}

// Whether `folder` holds the installed package `name`: its import package,
// module, or the metadata folder pip writes beside it.
bool holds_package(const fs::path& folder, const std::string& name) {
    std::error_code ec;
    if (fs::is_directory(folder / name, ec) || fs::is_regular_file(folder / (name + ".py"), ec)) return true;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        std::string file = entry.path().filename().string();
        std::transform(file.begin(), file.end(), file.begin(), normalized);
        if (file.rfind(name + "_", 0) == 0 && (file.ends_with("_dist_info") || file.ends_with("_egg_info"))) return true;
    }
    return false;
}

}  // namespace

LambdaRequirements lambda_requirements(const std::string& runtime) {
    // "python3.13" -> "3.13".
    return {INFRA_MODULES_SOURCE_DIR "/lambda/src/requirements.txt", runtime.substr(std::string("python").size())};
}

std::vector<PreparedFolder> prepare_lambda_dependencies(const std::string& setting,
                                                        const LambdaRequirements& requirements) {
    if (setting != "pip") return {};
    const char* python = std::getenv("INFRA_PYTHON");
    std::vector<std::string> command{python != nullptr && *python != '\0' ? python : "python3",
                                     "-m",
                                     "pip",
                                     "install",
                                     "--quiet",
                                     "--disable-pip-version-check",
                                     "--no-compile",
                                     "--target",
                                     std::string(kStagingFolder)};
    for (auto& arg : pip_platform(requirements.python_version)) command.push_back(std::move(arg));
    command.insert(command.end(), {"-r", requirements.file.string()});
    return {{
        .folder = pip_folder(requirements),
        .command = std::move(command),
        .description = fmt::format("lambda_dependencies=pip: pip install -r {}", requirements.file.string()),
        .remedy = "install the packages elsewhere (pip install -r requirements.txt --target DIR) and set "
                  "lambda_dependencies=DIR",
    }};
}

LambdaDependencies resolve_lambda_dependencies(const std::string& setting, const LambdaRequirements& requirements) {
    const std::string file_name = requirements.file.filename().string();
    if (setting.empty())
        return {{},
                fmt::format("the function zip holds no third-party packages, so the deployed functions cannot import "
                            "pg8000: set lambda_dependencies=pip (installs {} into a cache) or to a folder holding "
                            "the installed packages",
                            file_name)};
    if (setting == "pip") {
        const fs::path folder = pip_folder(requirements);
        if (fs::is_directory(folder)) return {{folder}, {}};
        // Only the CLI installs (it starts pip before it builds the stacks);
        // a stack built by other code, such as a test, gets no packages.
        return {{},
                fmt::format("lambda_dependencies=pip, but the packages of {} are not installed in {} (`infra synth` "
                            "installs them before it builds the stacks), so the deployed functions cannot import pg8000",
                            file_name, folder.string())};
    }
    const fs::path folder = fs::absolute(setting);
    if (!fs::is_directory(folder))
        throw UsageError(fmt::format("setting \"lambda_dependencies\": \"{}\" is not \"pip\" or an existing folder",
                                     setting));
    for (const auto& name : required_names(read_requirements(requirements.file)))
        if (!holds_package(folder, name))
            return {{folder},
                    fmt::format("lambda_dependencies folder \"{}\" does not hold {} (from {}), so the deployed "
                                "functions cannot import it: install the packages into it (pip install -r {} --target "
                                "DIR) or set lambda_dependencies=pip",
                                setting, name, file_name, file_name)};
    return {{folder}, {}};
}

}  // namespace crud_api::stacks
