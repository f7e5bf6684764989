// Whole files in and out: the one place that reads a file into memory and
// the one place that replaces a file so that no reader ever sees half of it.
// Failures throw infra::FileError, whose message names the file and the
// reason ("infra.out/manifest.json: cannot read: Permission denied").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "infra/error.hpp"

namespace infra {

// A file that could not be read or written. what() is the whole one-line
// message; path() and reason() are its parts, for callers that say more
// about what the file was ("dev/code: cannot read asset file ...").
class FileError : public Error {
public:
    FileError(std::filesystem::path path, std::string action, std::string reason);
    const std::filesystem::path& path() const { return path_; }
    const std::string& reason() const { return reason_; }

private:
    std::filesystem::path path_;
    std::string reason_;
};

// The bytes of `path`, read to its end (a pipe such as /dev/stdin works).
// Throws FileError for a missing, unreadable file or a folder.
std::string read_file(const std::filesystem::path& path);

// The same, but std::nullopt when there is no such file; any other failure
// (a folder, no permission) still throws.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

// Writes `bytes` to `path` in place, creating it with mode 0644 (less what
// the umask takes) or truncating it; a file with wider permissions is
// narrowed to 0644 before anything is written. Not atomic: the building
// block for callers that rename the result themselves (a whole folder
// written all-or-nothing). Throws FileError naming `path`.
void write_file(const std::filesystem::path& path, std::string_view bytes);

// Replaces `path` with `bytes`: written to a temporary file in the same
// folder, then renamed over it, so a reader (or a crash) sees the old file
// or the new one, never a mix. The folder must exist. On failure nothing is
// left behind and FileError names `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// A name beside `path` for a temporary copy of it ("<path>.tmp-<pid>-<n>"),
// unique among the processes and threads writing the same path.
std::filesystem::path temporary_path_beside(const std::filesystem::path& path);

}  // namespace infra
