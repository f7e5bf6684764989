// Packing an asset (deflating its files) is most of the work of a synth
// whose stacks ship Lambda code, so a zip is packed once per content. In a
// process, the first asset with some content packs it and later ones (dev
// and prod ship the same code) reuse its bytes. Across processes, when the
// disk cache is on, the zip is kept as `<folder>/<digest of its entries>.zip`
// and read back instead of packed again: a second `infra synth` of unchanged
// code deflates nothing. The key covers every input of the zip's bytes
// (names, contents, executable bits and kReproducibleZipFormat), so a cached
// zip is byte-identical to a fresh one. The zip's SHA-256 is kept beside it
// (`<key>.zip.sha256`) and checked on every read: a zip damaged on disk is
// packed again, never shipped. The folder is used only when it is the
// user's own and nobody else can write to it.
//
// The CLI turns the disk cache on; the library leaves it off, so tests and
// programs embedding the SDK write nothing outside their output folder.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "zip_archive.hpp"

namespace infra {

struct PackedZip {
    std::string bytes;
    std::string hex_sha256;
    std::string base64_sha256;
};

// The zip of `entries` (any order), packed or found in a cache. The
// reference stays valid for the life of the process.
const PackedZip& packed_zip(std::vector<ZipEntry> entries);

// Where packed zips are kept between runs, or std::nullopt (the default) for
// no disk cache. A folder that cannot be created or written only costs
// speed: the zip is packed as if there were no cache.
void use_zip_disk_cache(std::optional<std::filesystem::path> folder);

}  // namespace infra
