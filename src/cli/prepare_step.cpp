#include "prepare_step.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <sstream>
#include <system_error>

#include "child_process.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/stack_catalog.hpp"

namespace fs = std::filesystem;

namespace infra::cli {

namespace {

std::string last_line(const std::string& text) {
    std::string line, last;
    std::istringstream in(text);
    while (std::getline(in, line))
        if (!line.empty() && line != "\r") last = line;
    return last;
}

// `command` with every kStagingFolder replaced by `staging`.
std::vector<std::string> with_staging(const std::vector<std::string>& command, const fs::path& staging) {
    std::vector<std::string> args;
    for (std::string arg : command) {
        for (auto at = arg.find(kStagingFolder); at != std::string::npos;
             at = arg.find(kStagingFolder, at + staging.string().size()))
            arg.replace(at, kStagingFolder.size(), staging.string());
        args.push_back(std::move(arg));
    }
    return args;
}

// Removes the staging folder on every way out (after a successful rename
// nothing is left at its path).
class StagingFolder {
public:
    explicit StagingFolder(fs::path path) : path_(std::move(path)) {}
    ~StagingFolder() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

void prepare(const PreparedFolder& prepared) {
    if (prepared.command.empty())
        throw Error(fmt::format("{}: no command to make {}", prepared.description, prepared.folder.string()));
    const auto fail = [&](const std::string& why) {
        return Error(fmt::format("{} failed: {}{}{}", prepared.description, why, prepared.remedy.empty() ? "" : "; ",
                                 prepared.remedy));
    };
    const StagingFolder staging(temporary_path_beside(prepared.folder));
    try {
        fs::create_directories(staging.path());
    } catch (const fs::filesystem_error& e) {
        throw fail(fmt::format("cannot create {}: {}", staging.path().string(), e.code().message()));
    }
    spdlog::info("{} (into {})", prepared.description, prepared.folder.string());
    const std::vector<std::string> command = with_staging(prepared.command, staging.path());
    const std::string& program = command.front();
    CapturedChild child;
    try {
        child = run_child_capturing(program, {command.begin() + 1, command.end()}, {}, ChildStderr::capture);
    } catch (const Error& e) {
        throw fail(e.what());  // "cannot run python3: No such file or directory"
    }
    if (child.exit_code != 0) {
        const std::string last = last_line(child.output);
        throw fail(last.empty() ? fmt::format("{} {} without output", program, describe_exit(child.exit_code, child.killed_by))
                                : last);
    }
    std::error_code ec;
    fs::rename(staging.path(), prepared.folder, ec);
    // Another run may have made the same folder meanwhile: theirs is as good.
    if (ec && !fs::is_directory(prepared.folder))
        throw fail(fmt::format("cannot move {} to {}: {}", staging.path().string(), prepared.folder.string(), ec.message()));
}

}  // namespace

void prepare_stacks(const Context& context, const std::vector<std::string>& names) {
    for (const PreparedFolder& prepared : context.catalog->folders_to_prepare(names, context.settings)) {
        std::error_code ec;
        if (fs::is_directory(prepared.folder, ec)) {
            spdlog::debug("{}: {} is there already", prepared.description, prepared.folder.string());
            continue;
        }
        prepare(prepared);
    }
}

}  // namespace infra::cli
