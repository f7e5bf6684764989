#include "lambda_dependencies.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "infra/cache_folder.hpp"
#include "infra/error.hpp"
#include "infra/hashing.hpp"

namespace infra::stacks {

namespace {

namespace fs = std::filesystem;

// The Lambda platform the packages are installed for: pg8000 is pure
// Python, but a later requirement may not be.
std::string pip_platform(const std::string& python_version) {
    return fmt::format("--platform manylinux2014_x86_64 --implementation cp --python-version {} --only-binary=:all:",
                       python_version);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(fmt::format("setting \"lambda_dependencies\": cannot read {}", path.string()));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string last_line(const std::string& text) {
    std::string line, last;
    std::istringstream in(text);
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

// A path in single quotes for /bin/sh.
std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

fs::path pip_install(const fs::path& requirements, const std::string& python_version) {
    const std::string wanted = read_file(requirements);
    const std::string platform = pip_platform(python_version);
    const std::string key = to_hex(sha256(wanted + platform)).substr(0, 16);
    const fs::path folder = user_cache_folder() / "lambda-deps" / key;
    // The marker sits beside the folder, not in it: everything inside goes
    // into the zip.
    const fs::path complete = fs::path(folder.string() + ".complete");
    if (fs::exists(complete) && fs::is_directory(folder)) return folder;

    const fs::path staging = fs::path(folder.string() + ".tmp-" + std::to_string(::getpid()));
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    fs::create_directories(staging);
    const char* python = std::getenv("INFRA_PYTHON");
    const fs::path log = fs::path(staging.string() + ".log");
    const std::string command =
        fmt::format("{} -m pip install --quiet --disable-pip-version-check --no-compile --target {} {} -r {} > {} 2>&1",
                    python != nullptr && *python != '\0' ? shell_quote(python) : std::string("python3"),
                    shell_quote(staging.string()), platform, shell_quote(requirements.string()),
                    shell_quote(log.string()));
    const int status = std::system(command.c_str());
    if (status != 0) {
        std::string output;
        if (std::ifstream in(log); in) output.assign(std::istreambuf_iterator<char>(in), {});
        fs::remove_all(staging, ignored);
        fs::remove(log, ignored);
        throw Error(fmt::format("lambda_dependencies=pip: pip install -r {} failed: {}; install the packages "
                                "elsewhere (pip install -r requirements.txt --target DIR) and set "
                                "lambda_dependencies=DIR",
                                requirements.string(), last_line(output).empty() ? "no output" : last_line(output)));
    }
    fs::remove(log, ignored);
    fs::remove_all(folder, ignored);
    fs::rename(staging, folder);
    std::ofstream(complete) << wanted;
    return folder;
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

LambdaDependencies resolve_lambda_dependencies(const std::string& setting, const fs::path& requirements,
                                               const std::string& python_version) {
    if (setting.empty())
        return {{},
                fmt::format("the function zip holds no third-party packages, so the deployed functions cannot import "
                            "pg8000: set lambda_dependencies=pip (installs {} into a cache) or to a folder holding "
                            "the installed packages",
                            requirements.filename().string())};
    if (setting == "pip") return {{pip_install(requirements, python_version)}, {}};
    const fs::path folder = fs::absolute(setting);
    if (!fs::is_directory(folder))
        throw UsageError(fmt::format("setting \"lambda_dependencies\": \"{}\" is not \"pip\" or an existing folder",
                                     setting));
    for (const auto& name : required_names(read_file(requirements)))
        if (!holds_package(folder, name))
            return {{folder},
                    fmt::format("lambda_dependencies folder \"{}\" does not hold {} (from {}), so the deployed "
                                "functions cannot import it: install the packages into it (pip install -r {} --target "
                                "DIR) or set lambda_dependencies=pip",
                                setting, name, requirements.filename().string(), requirements.filename().string())};
    return {{folder}, {}};
}

}  // namespace infra::stacks
