// Files in and out: the one place that reads a file (whole, or a chunk at a
// time) and the one place that replaces a file so that no reader ever sees
// half of it.
// Failures throw infra::FileError, whose message names the file and the
// reason ("infra.out/manifest.json: cannot read: Permission denied").
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "infra/content_producer.hpp"
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

inline constexpr std::size_t kNoSizeLimit = std::numeric_limits<std::size_t>::max();

// The bytes of `path`, read to its end (a pipe such as /dev/stdin works).
// Opening never waits: a FIFO nobody writes to reads as empty instead of
// hanging. Throws FileError for a missing, unreadable file, a folder, or
// more than `max_bytes` bytes (so /dev/zero ends with an error, not with
// all memory).
std::string read_file(const std::filesystem::path& path, std::size_t max_bytes = kNoSizeLimit);

// A file this program wrote earlier (a previous output, a cache entry):
// std::nullopt when there is no such file. Only a regular file is read; a
// FIFO, a device or a folder in its place is a FileError, as is any other
// failure (no permission).
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

// Passes the bytes of the regular file `path` to `take` in order, at most
// 1 MiB at a time, so that a file of hundreds of megabytes (a Lambda
// package) is never held whole, and returns how many bytes it held: at most
// `max_bytes` are passed on, and max_bytes + 1 is returned when there were
// more. Opening never waits; a FIFO, device or folder in its place is a
// FileError, as is any other failure.
std::uint64_t read_file_in_chunks(const std::filesystem::path& path, std::uint64_t max_bytes,
                                  const std::function<void(std::string_view)>& take);

// Writes `bytes` to `path` in place, creating it with mode 0644 (less what
// the umask takes) or truncating it; a file with wider permissions is
// narrowed to 0644 before anything is written. Not atomic: the building
// block for callers that rename the result themselves (a whole folder
// written all-or-nothing). Throws FileError naming `path`.
void write_file(const std::filesystem::path& path, std::string_view bytes);

// Creates `path` holding `bytes`, for a temporary file: never through a
// link, and never into a file someone else holds open (whatever is at the
// name is unlinked first, not written). Throws FileError naming `path`.
void write_new_file(const std::filesystem::path& path, std::string_view bytes);

// Creates `path` (as write_new_file does) holding what `produce` hands over,
// unless `existing` holds exactly that already (a regular file, not a link,
// with no permission bits beyond 0644): then nothing is created. Returns
// whether `path` was created. The content is compared with `existing` and
// written piece by piece: nothing is written while it matches, and at the
// first difference the matching part is copied from `existing` and the
// rest follows. A failure leaves no `path` behind and throws FileError
// naming `path` (or `existing`, when reading it fails).
bool write_new_file_unless_same(const std::filesystem::path& path, const std::filesystem::path& existing,
                                const ContentProducer& produce);

// Replaces `path` with `bytes`: written to a temporary file in the same
// folder, then renamed over it, so a reader (or a crash) sees the old file
// or the new one, never a mix. The folder must exist. On failure nothing is
// left behind and FileError names `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

// A name beside `path` for a temporary copy of it ("<path>.tmp-<pid>-<n>"),
// unique among the processes and threads writing the same path.
std::filesystem::path temporary_path_beside(const std::filesystem::path& path);

}  // namespace infra
