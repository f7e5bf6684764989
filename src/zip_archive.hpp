// Reproducible zip archives: the bytes depend only on entry names, contents
// and the executable bit. Entries are sorted, timestamps fixed, no
// host-dependent metadata (owner, time zone, extra timestamp fields), so two
// synths on two machines give the same zip and the same hash.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace infra {

struct ZipEntry {
    std::string name{};  // '/'-separated path inside the archive
    std::string content{};  // the bytes, unless `source` names a file
    bool executable = false;
    // A file whose bytes are read a chunk at a time whenever they are
    // needed (the cache key, the zip), never held whole: a Lambda package
    // may be 250 MB. `size` is what the file held when it was found; a file
    // that reads otherwise changed while being packed, which is an error.
    std::filesystem::path source{};
    std::uint64_t size = 0;

    std::uint64_t content_size() const { return source.empty() ? content.size() : size; }
};

// Calls `take` with the entry's bytes in order, at most 1 MiB at a time.
// Throws infra::FileError naming the source file when it cannot be read, is
// not a regular file, or does not hold `size` bytes.
void for_each_chunk(const ZipEntry& entry, const std::function<void(std::string_view)>& take);

// Names the bytes make_reproducible_zip gives for a list of entries. Zips
// cached on disk are keyed by it: change it with any change to those bytes
// (compression level, header fields, when an entry is stored), or old
// cached zips would keep being used.
inline constexpr const char* kReproducibleZipFormat = "infra-zip-2 zlib-deflate-9-or-stored dos-1980";

// Builds the archive in memory, reading each source file as it goes:
// deflate (zlib, level 9), or stored when that is not smaller. Throws infra::Error on a duplicate or empty name, or when
// the archive would need zip64 (4 GiB, 65,535 entries).
std::string make_reproducible_zip(std::vector<ZipEntry> entries);

}  // namespace infra
