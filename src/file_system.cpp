#include "infra/file_system.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace fs = std::filesystem;

namespace infra {

namespace {

constexpr mode_t kFileMode = 0644;

std::string errno_message(int err) { return std::error_code(err, std::generic_category()).message(); }

// errno read before anything else can change it.
[[noreturn]] void throw_errno(const fs::path& path, const char* action) {
    const int err = errno;
    throw FileError(path, action, errno_message(err));
}

// Closes the descriptor on every path out of a function.
class Descriptor {
public:
    explicit Descriptor(int fd) : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }
    // Holds `fd` instead (closing what it held).
    void reset(int fd) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }
    // Closes now, returning errno when close fails (a write the kernel
    // deferred can fail here) and 0 otherwise.
    int close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result == 0 ? 0 : errno;
    }

private:
    int fd_;
};

// Which files a read accepts besides regular ones.
enum class Accept { regular_files, pipes_and_devices_too };

// Opens for reading without waiting: open(2) of a FIFO blocks until a writer
// comes, which may be never.
int open_for_reading(const fs::path& path) { return ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC); }

std::string size_text(std::size_t bytes) {
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    return bytes % kMiB == 0 ? fmt::format("{} MiB", bytes / kMiB) : fmt::format("{} bytes", bytes);
}

// What fstat says of an open file, refused when it is a folder, or not a
// regular file and only those are accepted.
struct stat stat_for_reading(const Descriptor& fd, const fs::path& path, Accept accept) {
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_errno(path, "cannot read");
    if (S_ISDIR(st.st_mode)) throw FileError(path, "cannot read", "is a folder");
    if (!S_ISREG(st.st_mode) && accept == Accept::regular_files)
        throw FileError(path, "cannot read", "is not a regular file (a FIFO, socket or device is in its place)");
    return st;
}

// Plain read(2) into a string sized from fstat: a stream's buffer would be a
// second copy of a file that can be hundreds of megabytes (a large stack's
// main.tf.json). Reads past the stat size, for pipes and growing files, and
// stops with an error past `max_bytes`.
std::string read_open_file(const Descriptor& fd, const fs::path& path, Accept accept, std::size_t max_bytes) {
    const struct stat st = stat_for_reading(fd, path, accept);
    const bool regular = S_ISREG(st.st_mode);
    // A pipe whose writer is there blocks for its data as usual; one with no
    // writer reads as empty at once.
    if (!regular) {
        const int flags = ::fcntl(fd.get(), F_GETFL);
        if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) throw_errno(path, "cannot read");
    }
    const auto too_large = [&] {
        return FileError(path, "cannot read", fmt::format("is larger than {}, the most read from it", size_text(max_bytes)));
    };
    if (regular && static_cast<std::uintmax_t>(st.st_size) > max_bytes) throw too_large();
    std::string bytes;
    std::size_t size = 0;
    bytes.resize(regular && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : 4096);
    for (;;) {
        if (size == bytes.size()) bytes.resize(bytes.size() * 2);
        const ssize_t n = ::read(fd.get(), bytes.data() + size, bytes.size() - size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(path, "cannot read");
        if (n == 0) break;
        size += static_cast<std::size_t>(n);
        if (size > max_bytes) throw too_large();
    }
    bytes.resize(size);
    return bytes;
}

}  // namespace

FileError::FileError(fs::path path, std::string action, std::string reason)
    : Error(fmt::format("{}: {}: {}", path.string(), action, reason)), path_(std::move(path)), reason_(std::move(reason)) {}

std::string read_file(const fs::path& path, std::size_t max_bytes) {
    const Descriptor fd(open_for_reading(path));
    if (fd.get() < 0) throw_errno(path, "cannot read");
    return read_open_file(fd, path, Accept::pipes_and_devices_too, max_bytes);
}

std::optional<std::string> read_file_if_exists(const fs::path& path) {
    const Descriptor fd(open_for_reading(path));
    if (fd.get() < 0) {
        const int err = errno;
        // ENOTDIR: a folder on the way is a file, so there is no such file.
        if (err == ENOENT || err == ENOTDIR) return std::nullopt;
        throw FileError(path, "cannot read", errno_message(err));
    }
    return read_open_file(fd, path, Accept::regular_files, kNoSizeLimit);
}

std::uint64_t read_file_in_chunks(const fs::path& path, std::uint64_t max_bytes,
                                  const std::function<void(std::string_view)>& take) {
    const Descriptor fd(open_for_reading(path));
    if (fd.get() < 0) throw_errno(path, "cannot read");
    stat_for_reading(fd, path, Accept::regular_files);
    constexpr std::uint64_t kChunk = 1 << 20;
    std::string chunk(static_cast<std::size_t>(std::min(kChunk, max_bytes + 1)), '\0');
    std::uint64_t held = 0;
    while (held <= max_bytes) {
        const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(path, "cannot read");
        if (n == 0) break;
        const auto read = static_cast<std::uint64_t>(n);
        if (held < max_bytes)
            take(std::string_view(chunk.data(), static_cast<std::size_t>(std::min(read, max_bytes - held))));
        held += read;
    }
    return std::min(held, max_bytes + 1);
}

namespace {

// Writes all of `bytes` to the open `fd`.
void write_all(const Descriptor& fd, const fs::path& path, std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_errno(path, "cannot write");
        if (n == 0) throw FileError(path, "cannot write", errno_message(ENOSPC));
        done += static_cast<std::size_t>(n);
    }
}

// Writes all of `bytes` to the open `fd` and closes it.
void write_and_close(Descriptor& fd, const fs::path& path, std::string_view bytes) {
    write_all(fd, path, bytes);
    if (const int err = fd.close(); err != 0) throw FileError(path, "cannot write", errno_message(err));
}

// Creates `path` for writing, never through a link: something at the name
// already (a temporary of a dead run, or a link planted to make us write
// elsewhere) is unlinked first, which removes the name itself, never what a
// link points to; then the name must be free.
int create_new_file(const fs::path& path) {
    constexpr int kFlags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = ::open(path.c_str(), kFlags, kFileMode);
    if (fd < 0 && errno == EEXIST && ::unlink(path.c_str()) == 0) fd = ::open(path.c_str(), kFlags, kFileMode);
    if (fd < 0) throw_errno(path, "cannot write");
    return fd;
}

}  // namespace

void write_file(const fs::path& path, std::string_view bytes) {
    Descriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kFileMode));
    if (fd.get() < 0) throw_errno(path, "cannot write");
    // O_CREAT's mode applies only to a new file: an old one keeps whatever
    // permissions it had.
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_errno(path, "cannot write");
    if ((st.st_mode & 07777 & ~kFileMode) != 0 && ::fchmod(fd.get(), st.st_mode & kFileMode) != 0)
        throw_errno(path, "cannot write");
    write_and_close(fd, path, bytes);
}

void write_new_file(const fs::path& path, std::string_view bytes) {
    Descriptor fd(create_new_file(path));
    write_and_close(fd, path, bytes);
}

namespace {

// The writer behind write_new_file_unless_same: compares each piece with
// `existing` at the same offset and creates `path` at the first difference.
class WriteUnlessSame {
public:
    WriteUnlessSame(const fs::path& path, const fs::path& existing)
        : path_(path), existing_path_(existing),
          existing_(::open(existing.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) {
        struct stat st {};
        // Only a file this program could have written counts as a match.
        if (existing_.get() >= 0 && ::fstat(existing_.get(), &st) == 0 && S_ISREG(st.st_mode) &&
            (st.st_mode & 07777 & ~kFileMode) == 0)
            existing_size_ = static_cast<std::uint64_t>(st.st_size);
        else
            start_writing();
    }
    ~WriteUnlessSame() {
        // Not finished: an exception is on its way; no half file stays.
        if (out_.get() >= 0) {
            out_.close();
            ::unlink(path_.c_str());
        }
    }
    WriteUnlessSame(const WriteUnlessSame&) = delete;
    WriteUnlessSame& operator=(const WriteUnlessSame&) = delete;

    void take(std::string_view piece) {
        if (!writing()) {
            if (matches(piece)) {
                matched_ += piece.size();
                return;
            }
            start_writing();
        }
        write_all(out_, path_, piece);
    }

    bool finish() {
        if (!writing() && matched_ == existing_size_) return false;
        if (!writing()) start_writing();  // `existing` goes on past the content
        if (const int err = out_.close(); err != 0) {
            ::unlink(path_.c_str());
            throw FileError(path_, "cannot write", errno_message(err));
        }
        return true;
    }

private:
    bool writing() const { return out_.get() >= 0; }

    // The read buffer, at least `want` bytes long or 1 MiB, whichever is less.
    std::string& buffer_for(std::uint64_t want) {
        constexpr std::uint64_t kChunk = 1 << 20;
        const auto size = static_cast<std::size_t>(std::min(kChunk, want));
        if (buffer_.size() < size) buffer_.resize(size);
        return buffer_;
    }

    // Whether `existing` holds `piece` at the offset reached so far, read
    // in pieces of at most 1 MiB.
    bool matches(std::string_view piece) {
        if (matched_ + piece.size() > existing_size_) return false;
        buffer_for(piece.size());
        for (std::size_t done = 0; done < piece.size();) {
            const std::size_t want = std::min(buffer_.size(), piece.size() - done);
            const ssize_t n = ::pread(existing_.get(), buffer_.data(), want, static_cast<off_t>(matched_ + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            if (piece.compare(done, static_cast<std::size_t>(n), buffer_.data(), static_cast<std::size_t>(n)) != 0)
                return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Creates `path` and copies the part of `existing` that matched so far.
    void start_writing() {
        out_.reset(create_new_file(path_));  // as write_new_file does
        buffer_for(matched_);
        for (std::uint64_t copied = 0; copied < matched_;) {
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), matched_ - copied));
            const ssize_t n = ::pread(existing_.get(), buffer_.data(), want, static_cast<off_t>(copied));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw_errno(existing_path_, "cannot read");
            if (n == 0) throw FileError(existing_path_, "cannot read", "it became shorter while being read");
            write_all(out_, path_, std::string_view(buffer_.data(), static_cast<std::size_t>(n)));
            copied += static_cast<std::uint64_t>(n);
        }
    }

    const fs::path& path_;
    const fs::path& existing_path_;
    Descriptor existing_;
    std::uint64_t existing_size_ = 0;
    std::uint64_t matched_ = 0;
    Descriptor out_{-1};  // open once the content differs
    std::string buffer_;
};

}  // namespace

bool write_new_file_unless_same(const fs::path& path, const fs::path& existing, const ContentProducer& produce) {
    WriteUnlessSame writer(path, existing);
    produce([&](std::string_view piece) { writer.take(piece); });
    return writer.finish();
}

void write_file_atomically(const fs::path& path, std::string_view bytes) {
    const fs::path temporary = temporary_path_beside(path);
    std::error_code ignored;
    try {
        write_new_file(temporary, bytes);
    } catch (const FileError& e) {
        fs::remove(temporary, ignored);
        throw FileError(path, "cannot write", e.reason());
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int err = errno;
        fs::remove(temporary, ignored);
        throw FileError(path, "cannot write", errno_message(err));
    }
}

fs::path temporary_path_beside(const fs::path& path) {
    static std::atomic<unsigned> counter{0};
    return fs::path(fmt::format("{}.tmp-{}-{}", path.string(), ::getpid(), counter.fetch_add(1)));
}

}  // namespace infra
