// `infra init NAME [--dir DIR]`: scaffolds an out-of-tree project that builds
// a stack against the installed SDK, with a test, ready to build.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <regex>
#include <system_error>

#include "command.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "project_template.hpp"

namespace infra::cli {

namespace {

namespace fs = std::filesystem;

struct InitOptions {
    std::string name;
    std::string dir;  // default: ./NAME
};

int run_init(const InitOptions& options) {
    // A C++ namespace and CMake target name.
    static const std::regex valid(R"(^[a-z][a-z0-9_]{0,62}$)");
    if (!std::regex_match(options.name, valid))
        throw UsageError(fmt::format("project name \"{}\" must be a lowercase C++ identifier (letters, digits, '_')",
                                     options.name));
    const fs::path target = fs::absolute(options.dir.empty() ? fs::path(options.name) : fs::path(options.dir));
    std::error_code ec;
    if (fs::exists(target, ec) && !(fs::is_directory(target, ec) && fs::is_empty(target, ec)))
        throw UsageError(fmt::format("{} already exists and is not an empty folder", target.string()));
    // Written beside the target and renamed into place: an interrupted init
    // leaves nothing half-written.
    const fs::path staging = target.parent_path() / (".infra-init-" + target.filename().string());
    fs::remove_all(staging, ec);
    try {
        for (const auto& [path, content] : project_template(options.name)) {
            const fs::path file = staging / path;
            fs::create_directories(file.parent_path());
            write_file(file, content);  // in place: the whole folder is renamed below
        }
        if (fs::exists(target, ec)) fs::remove(target);  // the empty folder
        fs::rename(staging, target);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(staging, ec);
        throw Error(fmt::format("cannot create {}: {}", target.string(), e.code().message()));
    } catch (...) {
        fs::remove_all(staging, ec);
        throw;
    }
    spdlog::info("created {}; build it, synthesize its dev stack and run its tests with:", target.string());
    fmt::print("  cd {} && infra synth dev && ctest --test-dir build\n", target.string());
    return kExitOk;
}

}  // namespace

void add_init_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<InitOptions>();
    auto* cmd = cli.add_subcommand("init", "Create a new project: a stack, its test and a CMake build against the SDK");
    cmd->add_option("name", options->name, "Project name (a lowercase C++ identifier)")->required();
    cmd->add_option("--dir", options->dir, "Folder to create (default: ./NAME)");
    cmd->footer("Example:\n  infra init webshop && cd webshop && infra synth dev");
    cmd->callback([&context, options] { context.action = [options] { return run_init(*options); }; });
}

}  // namespace infra::cli
