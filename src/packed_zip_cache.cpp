#include "packed_zip_cache.hpp"

#include <map>
#include <mutex>
#include <system_error>

#include "infra/file_system.hpp"
#include "infra/hashing.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

std::mutex cache_mutex;
std::map<std::string, PackedZip> packed_in_process;
std::optional<fs::path> disk_folder;

// A digest of everything the zip's bytes depend on, with lengths so that no
// two different entry lists give the same text.
std::string key_of(const std::vector<ZipEntry>& entries) {
    Sha256 digest;
    digest.update(kReproducibleZipFormat).update(std::string_view("\0", 1));
    for (const auto& e : entries) {
        const std::string header =
            std::to_string(e.name.size()) + ':' + e.name + (e.executable ? '1' : '0') + std::to_string(e.content.size()) + ':';
        digest.update(header).update(e.content);
    }
    return to_hex(digest.finish());
}

// A zip file as written by make_reproducible_zip: it starts with a local
// header and ends with an end-of-central-directory record (no comment).
// Anything else (a truncated or foreign file) is not used.
bool looks_complete(const std::string& bytes) {
    constexpr std::size_t kEndRecordSize = 22;
    return bytes.size() >= kEndRecordSize && bytes.compare(0, 4, "PK\x03\x04") == 0 &&
           bytes.compare(bytes.size() - kEndRecordSize, 4, "PK\x05\x06") == 0;
}

// Best effort both ways: a cache that cannot be read or written only makes
// the synth slower.
std::optional<std::string> read_cached(const fs::path& file) {
    std::optional<std::string> bytes;
    try {
        bytes = read_file_if_exists(file);
    } catch (const FileError&) {
        return std::nullopt;
    }
    if (!bytes || !looks_complete(*bytes)) return std::nullopt;
    return bytes;
}

// Replaced atomically, so a reader never sees a partial file and two
// processes storing the same zip do not collide.
void store_cached(const fs::path& file, const std::string& bytes) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return;
    try {
        write_file_atomically(file, bytes);
    } catch (const FileError&) {
        // Not stored: the next synth packs the zip again.
    }
}

}  // namespace

const PackedZip& packed_zip(std::vector<ZipEntry> entries) {
    const std::string key = key_of(entries);
    std::lock_guard lock(cache_mutex);
    auto it = packed_in_process.find(key);
    if (it != packed_in_process.end()) return it->second;

    PackedZip zip;
    const std::optional<fs::path> file =
        disk_folder ? std::optional<fs::path>(*disk_folder / (key + ".zip")) : std::nullopt;
    std::optional<std::string> cached = file ? read_cached(*file) : std::nullopt;
    if (cached) {
        zip.bytes = std::move(*cached);
    } else {
        zip.bytes = make_reproducible_zip(std::move(entries));
        if (file) store_cached(*file, zip.bytes);
    }
    const Sha256Digest digest = sha256(zip.bytes);
    zip.hex_sha256 = to_hex(digest);
    zip.base64_sha256 = to_base64(digest);
    return packed_in_process.emplace(key, std::move(zip)).first->second;
}

void use_zip_disk_cache(std::optional<fs::path> folder) {
    std::lock_guard lock(cache_mutex);
    disk_folder = std::move(folder);
}

}  // namespace infra
