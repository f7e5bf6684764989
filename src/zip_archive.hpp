// Reproducible zip archives: the bytes depend only on entry names, contents
// and the executable bit. Entries are sorted, timestamps fixed, no
// host-dependent metadata (owner, time zone, extra timestamp fields), so two
// synths on two machines give the same zip and the same hash.
#pragma once

#include <string>
#include <vector>

namespace infra {

struct ZipEntry {
    std::string name;  // '/'-separated path inside the archive
    std::string content;
    bool executable = false;
};

// Names the bytes make_reproducible_zip gives for a list of entries. Zips
// cached on disk are keyed by it: change it with any change to those bytes
// (compression level, header fields, when an entry is stored), or old
// cached zips would keep being used.
inline constexpr const char* kReproducibleZipFormat = "infra-zip-2 zlib-deflate-9-or-stored dos-1980";

// Builds the archive in memory: deflate (zlib, level 9), or stored when that
// is not smaller. Throws infra::Error on a duplicate or empty name, or when
// the archive would need zip64 (4 GiB, 65,535 entries).
std::string make_reproducible_zip(std::vector<ZipEntry> entries);

}  // namespace infra
