#include "launcher.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.hpp"
#include "command_line.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"
#include "infra/quoted_value.hpp"
#include "project_file.hpp"

namespace infra::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDescription = "infra: typed C++ infrastructure constructs, synthesized to Terraform JSON";

// The first word that is not an option: the command. The options before it
// (-v, -q) take no value.
std::string_view command_word(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (!word.empty() && word.front() != '-') return word;
    }
    return {};
}

bool has_quiet_flag(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (word == "-q" || word == "--quiet") return true;
        if (!word.empty() && word.front() != '-') return false;  // the command's own options are the app's
    }
    return false;
}

std::string no_project_message() {
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    return fmt::format("no infra project here: no {} in {} or any folder above it; create a project with `infra init "
                       "NAME`, or run the command inside one",
                       kProjectFileName, here.string());
}

// The prefix infra is installed in (/usr/local for /usr/local/bin/infra)
// when its CMake package is there, so a project's first configure finds
// the SDK that belongs to this command without -DCMAKE_PREFIX_PATH.
std::optional<fs::path> installed_prefix() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return std::nullopt;
    const fs::path prefix = self.parent_path().parent_path();
    if (fs::exists(prefix / INFRA_INSTALL_LIBDIR / "cmake" / "infra" / "infraConfig.cmake", ec)) return prefix;
    return std::nullopt;
}

// Holds an exclusive lock on the build folder while the app is built: two
// `infra` commands at once in one project build one after the other, never
// two build tools in one folder.
class BuildLock {
public:
    explicit BuildLock(const fs::path& build_folder) {
        const fs::path file = build_folder / ".infra-build.lock";
        fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd_ < 0) throw Error(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            fmt::print(stderr, "infra: waiting for another build in {}\n", build_folder.string());
            while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
            }
        }
    }
    ~BuildLock() { ::close(fd_); }
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

private:
    int fd_ = -1;
};

// Runs a build step. Its output is progress, not the command's result: it
// goes to standard error, so `infra output dev --json | jq` still gets only
// the app's output. With -q it is shown only when the step fails.
void run_build_step(const std::vector<std::string>& args, const fs::path& cwd, bool quiet, const std::string& what) {
    CapturedChild step;
    if (quiet) {
        step = run_child_capturing("cmake", args, cwd, ChildStderr::capture);
        if (step.exit_code != 0) fmt::print(stderr, "{}", step.output);
    } else {
        step.exit_code = run_child_reading_lines(
            "cmake", args, cwd,
            [](std::string_view line) {
                // Said on every run of an up-to-date app: noise.
                if (line == "ninja: no work to do." || line.find("] Re-checking globbed directories...") != line.npos)
                    return;
                fmt::print(stderr, "{}\n", line);
            },
            &step.killed_by);
    }
    if (step.exit_code != 0) {
        std::string command = "cmake";
        for (const auto& a : args) command += " " + a;
        throw Error(fmt::format("{} failed: `{}` {}{}", what, command, describe_exit(step.exit_code, step.killed_by),
                                quiet ? "" : " (its messages are above)"));
    }
}

void build_app(const ProjectFile& project, bool quiet) {
    std::error_code ec;
    fs::create_directories(project.build_folder, ec);
    if (ec)
        throw UsageError(fmt::format("cannot create the build folder {}: {}", project.build_folder.string(), ec.message()));
    const BuildLock lock(project.build_folder);
    if (!fs::exists(project.build_folder / "CMakeCache.txt", ec)) {
        if (const auto prefix = installed_prefix()) {
            const char* old = std::getenv("CMAKE_PREFIX_PATH");
            const std::string value = prefix->string() + (old != nullptr && *old != '\0' ? ":" + std::string(old) : "");
            ::setenv("CMAKE_PREFIX_PATH", value.c_str(), 1);
        }
        std::vector<std::string> args = {"-S", project.root.string(), "-B", project.build_folder.string()};
        bool names_generator = false;
        for (const auto& option : project.configure_options)
            if (option.rfind("-G", 0) == 0) names_generator = true;
        if (!names_generator && on_path("ninja")) args.insert(args.end(), {"-G", "Ninja"});
        args.insert(args.end(), project.configure_options.begin(), project.configure_options.end());
        run_build_step(args, project.root, quiet, "configuring the app's build");
    }
    run_build_step({"--build", project.build_folder.string(), "--target", project.app, "--parallel"}, project.root,
                   quiet, fmt::format("building app {}", quoted_value(project.app)));
    if (::access(project.program.c_str(), X_OK) != 0)
        throw UsageError(fmt::format("building app {} made no program {}; name it in {} (\"program\")",
                                     quoted_value(project.app), project.program.string(),
                                     (project.root / kProjectFileName).string()));
}

int run_project_command(const fs::path& project_file, int argc, char** argv) {
    const ProjectFile project = read_project_file(project_file);
    build_app(project, has_quiet_flag(argc, argv));
    // The app writes its default output folder at the project root, wherever
    // in the project the command was typed (run_command_line reads this).
    ::setenv("INFRA_PROJECT_ROOT", project.root.c_str(), 1);
    std::vector<std::string> args(argv + 1, argv + argc);
    replace_process(project.program, args);
}

}  // namespace

int run_infra_command(int argc, char** argv) {
    const std::string_view word = command_word(argc, argv);
    const bool project_command = !word.empty() && is_project_command(word);
    static const StackCatalog no_stacks;
    const CommandLine generic{
        .name = "infra",
        .description = kDescription,
        .catalog = &no_stacks,
        .footer = fmt::format("synth, list, diff, validate, graph, plan, deploy, destroy and output run inside a project "
                              "(a folder with {} or below it): infra builds the project's app and runs it with the "
                              "same arguments, so `infra synth --help` shows the app's own help.",
                              kProjectFileName),
        .project_command_error = no_project_message,
    };
    if (!project_command) return run_command_line(argc, argv, generic);
    try {
        const std::optional<fs::path> project_file = find_project_file(".");
        if (!project_file) {
            fmt::print(stderr, "error: {}\n", no_project_message());
            return kExitUsageError;
        }
        return run_project_command(*project_file, argc, argv);
    } catch (const UsageError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitUsageError;
    } catch (const Error& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitSynthesisError;
    }
}

}  // namespace infra::cli
