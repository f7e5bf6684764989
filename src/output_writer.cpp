#include "output_writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <thread>

#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "infra/quoted_value.hpp"
#include "manifest.hpp"
#include "output_commit.hpp"
#include "infra/version.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

// The mode infra::write_file gives the files it creates.
constexpr mode_t kFileMode = 0644;
constexpr mode_t kDirectoryMode = 0755;

std::string errno_message(int err) { return std::error_code(err, std::generic_category()).message(); }

// Creates `dir` and its missing parents with mode 0755, recording each folder
// it created (parents first) so a failed write can take them away again.
void make_directories(const fs::path& dir, std::vector<fs::path>& created) {
    if (dir.empty()) return;
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) return;
        throw fs::filesystem_error("cannot create directory", dir, std::make_error_code(std::errc::not_a_directory));
    }
    const fs::path parent = dir.parent_path();
    if (!parent.empty() && parent != dir) make_directories(parent, created);
    if (::mkdir(dir.c_str(), kDirectoryMode) == 0) {
        created.push_back(dir);
        return;
    }
    const int err = errno;
    if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
    throw fs::filesystem_error("cannot create directory", dir, std::error_code(err, std::generic_category()));
}

void remove_directories(const std::vector<fs::path>& created) {
    std::error_code ignored;
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove(*it, ignored);  // only if empty
}

// The output folder's name within what Linux file systems take (a name of
// at most 255 bytes, a path of at most 4,095, with room for the files
// below it), checked before any folder is made. The message shows the start
// of the name: echoing thousands of characters helps nobody.
void check_path_length(const fs::path& out_dir) {
    constexpr std::size_t kLongestName = 255;
    constexpr std::size_t kLongestPath = 3000;  // 4,095 less room for stacks/<name>/assets/<file>
    const std::string text = out_dir.string();
    bool too_long = text.size() > kLongestPath;
    for (const auto& part : out_dir) too_long = too_long || part.string().size() > kLongestName;
    if (too_long)
        throw UsageError(fmt::format("output folder {}: too long for a file system (at most {} characters, each name "
                                     "in it at most {})",
                                     quoted_value(text), kLongestPath, kLongestName));
}

// An exclusive flock on <out>/.infra.lock for the lifetime of the object.
// The file stays empty, so the output folder holds no byte of the run that
// wrote it. It is never removed: removing a lock file someone else has open
// would let a third run lock a new file while the second still holds the
// old one.
class OutputLock {
public:
    OutputLock(const fs::path& out_dir, std::chrono::milliseconds wait) : path_(out_dir / kOutputLockFile) {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kFileMode);
        if (fd_ < 0)
            throw UsageError(fmt::format("{}: output folder is not writable: {}", out_dir.string(), errno_message(errno)));
        const auto deadline = std::chrono::steady_clock::now() + wait;
        while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            if (err == EINTR) continue;
            if (err != EWOULDBLOCK) {
                ::close(fd_);
                throw Error(fmt::format("{}: cannot lock: {}", path_.string(), errno_message(err)));
            }
            const auto now = std::chrono::steady_clock::now();
            if (now >= deadline) {
                ::close(fd_);
                throw Error(fmt::format("another infra run holds {}; wait for it to end", path_.string()));
            }
            std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                std::chrono::milliseconds(20), deadline - now));
        }
        // An earlier version wrote its pid here.
        [[maybe_unused]] const int truncated = ::ftruncate(fd_, 0);
    }
    ~OutputLock() { ::close(fd_); }  // closing the descriptor releases the lock
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

private:
    fs::path path_;
    int fd_ = -1;
};

void remove_temporaries(const fs::path& out_dir, const std::vector<StagedFile>& files) {
    std::error_code ignored;
    for (const auto& f : files) fs::remove(out_dir / f.temporary, ignored);
}

// Temporaries a killed run left behind. Called under the output lock, so no
// live run is writing any: every one found is a dead run's. Only the folders
// the writer writes to are looked at (not terraform's .terraform).
void remove_temporaries_of_dead_runs(const fs::path& out_dir) {
    std::error_code ec;
    std::vector<fs::path> folders{out_dir};
    for (const auto& stack : fs::directory_iterator(out_dir / "stacks", ec)) {
        folders.push_back(stack.path());
        folders.push_back(stack.path() / "assets");
    }
    for (const auto& folder : folders)
        for (const auto& entry : fs::directory_iterator(folder, ec))
            if (is_temporary_name(entry.path().filename().string())) fs::remove(entry.path(), ec);
}

}  // namespace

bool check_output_owner(const fs::path& out_dir, const OutputOwner& owner) {
    std::optional<Manifest> manifest;
    try {
        manifest = read_manifest(out_dir / "manifest.json");
    } catch (const Error&) {
        return false;  // no owner to name: write_output reports what is wrong with the folder
    }
    if (!manifest) return false;
    if (manifest->app.empty() || owner.app.empty() || manifest->app == owner.app) return true;
    if (owner.replace) return false;
    throw UsageError(fmt::format(
        "{} holds the output of app {}, not of {}: synthesize into another folder (--out DIR), or take it over with "
        "--replace-output",
        out_dir.string(), quoted_value(manifest->app), quoted_value(owner.app)));
}

WrittenOutput write_output(const fs::path& out_dir, const SynthesisResult& result, const OutputOwner& owner,
                           std::chrono::milliseconds lock_wait, const StackChangeHook& on_stack_changed) {
    // An output folder the user named that cannot be one (a file, a path
    // under a file, a folder nobody may write) is a usage error, as a bad
    // argument is; a write that fails midway below is not.
    if (out_dir.empty()) throw UsageError("the output folder name is empty");
    std::error_code ec;
    if (fs::exists(out_dir, ec) && !fs::is_directory(out_dir, ec))
        throw UsageError(fmt::format("{}: output path exists and is not a directory", out_dir.string()));
    // The folder itself, for the lock file. Folders created below it are
    // taken away again if the write fails.
    check_path_length(out_dir);
    std::vector<fs::path> created;
    try {
        make_directories(out_dir, created);
    } catch (const fs::filesystem_error& e) {
        remove_directories(created);  // a failed run leaves no empty folders
        throw UsageError(fmt::format("{}: cannot create output folder: {}", out_dir.string(), e.code().message()));
    }
    created.clear();
    const OutputLock lock(out_dir, lock_wait);
    if (::access(out_dir.c_str(), W_OK | X_OK) != 0)
        throw UsageError(fmt::format("{}: output folder is not writable: {}", out_dir.string(), errno_message(errno)));

    // A run killed while renaming its files into place is finished first;
    // then what dead runs left half written goes.
    finish_interrupted_commit(out_dir);
    remove_temporaries_of_dead_runs(out_dir);

    const fs::path manifest_path = out_dir / "manifest.json";
    // Checked again under the lock: another app may have written the folder
    // since the caller's check.
    const bool same_app = check_output_owner(out_dir, owner);
    Manifest manifest = read_manifest(manifest_path).value_or(Manifest{});
    const Manifest previous = manifest;
    if (!same_app) manifest.stacks.clear();
    manifest.version = version();
    manifest.app = owner.app;

    WrittenOutput written;
    // What each file holds, read from `result` when the file is written: a
    // stack's JSON can be hundreds of megabytes, and a copy of it here would
    // double the peak memory of a synth (a streamed one is rendered straight
    // into its file).
    struct PlannedFile {
        fs::path relative;
        ContentProducer content;
        const std::string* stack = nullptr;  // the stack whose main.tf.json this is
    };
    const auto bytes_of = [](std::string_view bytes) {
        return ContentProducer([bytes](const auto& take) { take(bytes); });
    };
    std::vector<PlannedFile> planned;
    std::string manifest_text;
    for (const auto& stack : result.stacks) {
        ManifestStack entry;
        entry.name = stack.name;
        entry.directory = "stacks/" + stack.name;
        entry.synthesized_file = entry.directory + "/main.tf.json";
        entry.dependencies = stack.dependencies;
        entry.files = {entry.synthesized_file};
        planned.push_back(
            {entry.synthesized_file, stack.json_producer ? stack.json_producer : bytes_of(stack.json), &stack.name});
        for (const auto& file : stack.files) {
            entry.files.push_back(entry.directory + "/" + file.path);
            planned.push_back({entry.files.back(), bytes_of(file.bytes)});
        }
        manifest.stacks.insert_or_assign(stack.name, std::move(entry));
    }
    // Entries for stacks whose folder is gone are dropped.
    for (auto it = manifest.stacks.begin(); it != manifest.stacks.end();) {
        if (!fs::exists(out_dir / it->second.synthesized_file) &&
            std::none_of(result.stacks.begin(), result.stacks.end(), [&](const auto& s) { return s.name == it->first; }))
            it = manifest.stacks.erase(it);
        else
            ++it;
    }
    manifest_text = manifest_json(manifest);
    planned.push_back({"manifest.json", bytes_of(manifest_text)});

    // Phase 1: every file to a temporary name. A failure here changes nothing
    // visible. A file that already holds its content (a re-run with nothing
    // changed) is left as it is: same bytes, and its mtime says when its
    // content last changed.
    // The temporaries sit beside their targets (same file system), so each
    // rename is atomic.
    OutputCommit commit;
    try {
        for (const auto& file : planned) {
            const fs::path target = out_dir / file.relative;
            make_directories(target.parent_path(), created);
            commit.files.push_back(StagedFile{file.relative.string(), temporary_path_beside(file.relative).string()});
            const fs::path temporary = out_dir / commit.files.back().temporary;
            bool staged = false;
            try {
                staged = write_new_file_unless_same(temporary, target, file.content);
            } catch (const FileError& e) {
                // The user knows the file by its own name, not the temporary's.
                throw Error(fmt::format("{}: cannot write file: {}", target.string(), e.reason()));
            }
            if (!staged) {
                commit.files.pop_back();
                continue;
            }
            if (file.stack != nullptr && on_stack_changed) on_stack_changed(*file.stack, target, temporary);
        }
    } catch (const fs::filesystem_error& e) {
        remove_temporaries(out_dir, commit.files);
        remove_directories(created);
        throw Error(fmt::format("{}: cannot create output folder: {}: {}", out_dir.string(), e.path1().string(),
                                e.code().message()));
    } catch (...) {
        remove_temporaries(out_dir, commit.files);
        remove_directories(created);
        throw;
    }
    // Phase 2: rename into place, stacks first and the manifest last, so a
    // manifest never names a file that is not there yet; then remove the
    // assets an earlier synthesis wrote for these stacks that this one did
    // not (only assets go stale: main.tf.json is always rewritten). A
    // failure puts the old output back, a kill is finished by the next run
    // (output_commit.hpp).
    for (const auto& stack : result.stacks) {
        auto old = previous.stacks.find(stack.name);
        if (old == previous.stacks.end()) continue;
        const auto& now = manifest.stacks.at(stack.name).files;
        for (const auto& file : old->second.files) {
            if (std::find(now.begin(), now.end(), file) != now.end()) continue;
            // The manifest is a file on disk anyone can edit: whatever it
            // says, a path outside stacks/<stack>/assets/ (terraform's state
            // beside it, another stack's folder, "..") is never removed.
            if (is_asset_of_stack(file, stack.name)) commit.removals.push_back(file);
        }
    }
    commit_output(out_dir, commit);
    for (const auto& file : planned) written.files.push_back(file.relative);
    return written;
}

}  // namespace infra
