#include "output_commit.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <system_error>

#include "bounded_json.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

// The record's size cap: a line per file of the run, far below this.
constexpr std::size_t kLargestRecord = 64u << 20;

// Which way a half-done commit goes: on into place (the run was killed while
// renaming), or back to the previous output (the run was putting back what a
// failed rename had left when it was killed).
enum class Direction { forward, back };

struct RecordedFile {
    std::string target;
    std::string temporary;
    std::string backup;  // a hard link to the previous file, "" when there was none or it could not be made
    bool existed = false;
};

struct CommitRecord {
    Direction direction = Direction::forward;
    std::vector<RecordedFile> files;
    std::vector<std::string> removals;
};

bool exists_no_follow(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

void remove_quietly(const fs::path& path) {
    std::error_code ignored;
    fs::remove(path, ignored);
}

std::string record_text(const CommitRecord& record) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : record.files)
        files.push_back({{"target", f.target}, {"temporary", f.temporary}, {"backup", f.backup}, {"existed", f.existed}});
    const nlohmann::json j = {{"direction", record.direction == Direction::forward ? "forward" : "back"},
                              {"files", std::move(files)},
                              {"removals", record.removals}};
    return j.dump(1) + "\n";
}

// The stack a path of the form stacks/<stack>/... belongs to, "" for any
// other path.
std::string stack_of(const std::string& file) {
    const fs::path p(file);
    auto it = p.begin();
    if (it == p.end() || *it != "stacks") return {};
    if (++it == p.end()) return {};
    const std::string stack = it->string();
    if (stack.empty() || stack == "." || stack == "..") return {};
    return stack;
}

// A file the writer owns: the manifest, a stack's main.tf.json, an asset.
bool is_written_file(const std::string& file) {
    if (file == "manifest.json") return true;
    const std::string stack = stack_of(file);
    if (stack.empty()) return false;
    return file == "stacks/" + stack + "/main.tf.json" || is_asset_of_stack(file, stack);
}

// A temporary the writer names beside `target`.
bool is_temporary_of(const std::string& temporary, const std::string& target) {
    return temporary.size() > target.size() && temporary.compare(0, target.size(), target) == 0 &&
           temporary.find('/', target.size()) == std::string::npos &&
           is_temporary_name(fs::path(temporary).filename().string()) &&
           temporary.compare(target.size(), 5, ".tmp-") == 0;
}

CommitRecord parse_record(const fs::path& file, const std::string& text) {
    const auto refused = [&](const std::string& why) {
        return Error(fmt::format("{}: record of an interrupted output commit refused: {}; remove it and synthesize again",
                                 file.string(), why));
    };
    CommitRecord record;
    try {
        const nlohmann::json j = parse_json_no_deeper_than(text, 8);
        const std::string direction = j.at("direction").get<std::string>();
        if (direction != "forward" && direction != "back") throw refused("unknown direction");
        record.direction = direction == "forward" ? Direction::forward : Direction::back;
        for (const auto& f : j.at("files")) {
            RecordedFile entry{f.at("target").get<std::string>(), f.at("temporary").get<std::string>(),
                               f.at("backup").get<std::string>(), f.at("existed").get<bool>()};
            if (!is_written_file(entry.target)) throw refused("it names a file infra does not write");
            if (!is_temporary_of(entry.temporary, entry.target) ||
                (!entry.backup.empty() && !is_temporary_of(entry.backup, entry.target)))
                throw refused("it names a file that is not a temporary of infra's");
            record.files.push_back(std::move(entry));
        }
        for (const auto& r : j.at("removals")) {
            std::string removal = r.get<std::string>();
            const std::string stack = stack_of(removal);
            if (stack.empty() || !is_asset_of_stack(removal, stack)) throw refused("it removes a file that is not an asset");
            record.removals.push_back(std::move(removal));
        }
    } catch (const nlohmann::json::exception& e) {
        throw refused(e.what());
    }
    return record;
}

// The previous output, back in place of whatever this commit renamed.
// Repeatable: a run killed in the middle of it is finished by the next.
void put_back(const fs::path& out_dir, const CommitRecord& record) {
    for (const auto& f : record.files) {
        const fs::path target = out_dir / f.target;
        const bool renamed = !exists_no_follow(out_dir / f.temporary);
        if (!f.backup.empty() && exists_no_follow(out_dir / f.backup)) {
            // When the target was never replaced, backup and target are one
            // file, rename does nothing, and the link is removed below.
            std::error_code ignored;
            fs::rename(out_dir / f.backup, target, ignored);
            remove_quietly(out_dir / f.backup);
        } else if (!f.existed && renamed) {
            remove_quietly(target);  // new in this commit
        }
        remove_quietly(out_dir / f.temporary);
    }
}

// Drops the backups and the record: the commit is over, either way.
void finish(const fs::path& out_dir, const CommitRecord& record) {
    for (const auto& f : record.files)
        if (!f.backup.empty()) remove_quietly(out_dir / f.backup);
    remove_quietly(out_dir / kCommitRecordFile);
}

// Renames what is still to rename, then removes the stale assets. A rename
// that fails turns the commit around: the record says so first, so that a
// kill in the middle of putting back is finished the same way.
void carry_forward(const fs::path& out_dir, CommitRecord& record) {
    for (const auto& f : record.files) {
        if (!exists_no_follow(out_dir / f.temporary)) continue;  // renamed before a kill
        std::error_code ec;
        fs::rename(out_dir / f.temporary, out_dir / f.target, ec);
        if (!ec) continue;
        const std::string failure = fmt::format("{}: cannot replace file: {}", (out_dir / f.target).string(), ec.message());
        record.direction = Direction::back;
        try {
            write_file_atomically(out_dir / kCommitRecordFile, record_text(record));
        } catch (const FileError&) {
            // Putting back goes on: a kill now would leave a mix, a failure to
            // say so must not make it certain.
        }
        put_back(out_dir, record);
        finish(out_dir, record);
        throw Error(failure);
    }
    for (const auto& removal : record.removals) remove_quietly(out_dir / removal);
    finish(out_dir, record);
}

}  // namespace

bool is_temporary_name(const std::string& name) {
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos) return false;
    const std::string_view rest = std::string_view(name).substr(at + 5);
    const auto dash = rest.find('-');
    const auto digits = [](std::string_view d) {
        return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return dash != std::string_view::npos && digits(rest.substr(0, dash)) && digits(rest.substr(dash + 1));
}

bool is_asset_of_stack(const std::string& file, const std::string& stack) {
    const fs::path relative = fs::path(file).lexically_normal();
    const fs::path assets = fs::path("stacks") / stack / "assets";
    auto it = relative.begin();
    for (const auto& part : assets) {
        if (it == relative.end() || *it != part) return false;
        ++it;
    }
    if (it == relative.end()) return false;  // the folder itself
    for (; it != relative.end(); ++it)
        if (*it == ".." || *it == "." || it->empty()) return false;
    return true;
}

void commit_output(const fs::path& out_dir, const OutputCommit& commit) {
    // A re-run that changed nothing: no record to write and take away again.
    if (commit.files.empty() && commit.removals.empty()) return;
    CommitRecord record;
    record.removals = commit.removals;
    // Each file replaced keeps its old content under a second name (a hard
    // link) until the commit is over, for putting back.
    for (const auto& staged : commit.files) {
        RecordedFile f{staged.target, staged.temporary, {}, exists_no_follow(out_dir / staged.target)};
        if (f.existed) {
            const std::string backup = temporary_path_beside(f.target).string();
            if (::link((out_dir / f.target).c_str(), (out_dir / backup).c_str()) == 0) f.backup = backup;
        }
        record.files.push_back(std::move(f));
    }
    try {
        write_file_atomically(out_dir / kCommitRecordFile, record_text(record));
    } catch (const FileError& e) {
        for (const auto& f : record.files) {
            if (!f.backup.empty()) remove_quietly(out_dir / f.backup);
            remove_quietly(out_dir / f.temporary);
        }
        throw;
    }
    carry_forward(out_dir, record);
}

void finish_interrupted_commit(const fs::path& out_dir) {
    const fs::path file = out_dir / kCommitRecordFile;
    std::optional<std::string> text;
    try {
        text = read_file_if_exists(file);
    } catch (const FileError& e) {
        throw Error(fmt::format("{}: record of an interrupted output commit cannot be read: {}; remove it and "
                                "synthesize again",
                                file.string(), e.reason()));
    }
    if (!text) return;
    if (text->size() > kLargestRecord)
        throw Error(fmt::format("{}: record of an interrupted output commit refused: larger than {} bytes",
                                file.string(), kLargestRecord));
    CommitRecord record = parse_record(file, *text);
    if (record.direction == Direction::back) {
        put_back(out_dir, record);
        finish(out_dir, record);
        return;
    }
    carry_forward(out_dir, record);
}

}  // namespace infra
