#include "packed_zip_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

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
bool disk_folder_checked = false;  // whether disk_folder was found private

// A digest of everything the zip's bytes depend on, with lengths so that no
// two different entry lists give the same text.
std::string key_of(const std::vector<ZipEntry>& entries) {
    Sha256 digest;
    digest.update(kReproducibleZipFormat).update(std::string_view("\0", 1));
    for (const auto& e : entries) {
        const std::string header = std::to_string(e.name.size()) + ':' + e.name + (e.executable ? '1' : '0') +
                                   std::to_string(e.content_size()) + ':';
        digest.update(header);
        for_each_chunk(e, [&](std::string_view chunk) { digest.update(chunk); });
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

// The digest stored beside a cached zip: "<key>.zip.sha256".
fs::path digest_file_of(const fs::path& zip_file) {
    fs::path digest = zip_file;
    digest += ".sha256";
    return digest;
}

// Whether the cache folder (made if missing, mode 0700) is this user's own
// and nobody else may write to it: a zip someone else could plant there
// would be deployed as the user's code.
bool folder_is_private(const fs::path& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return false;
    struct stat st {};
    if (::lstat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return false;
    return (st.st_mode & (S_IWGRP | S_IWOTH)) == 0 || ::chmod(folder.c_str(), st.st_mode & ~(S_IWGRP | S_IWOTH)) == 0;
}

// A cached zip and its digest, used only when the bytes still match the
// digest stored with them: a file damaged on disk is packed again, never
// shipped under a new hash. Best effort both ways: a cache that cannot be
// read or written only makes the synth slower.
std::optional<PackedZip> read_cached(const fs::path& file) {
    PackedZip zip;
    std::optional<std::string> bytes, stored_digest;
    try {
        bytes = read_file_if_exists(file);
        stored_digest = read_file_if_exists(digest_file_of(file));
    } catch (const FileError&) {
        return std::nullopt;
    }
    if (!bytes || !stored_digest || !looks_complete(*bytes)) return std::nullopt;
    const Sha256Digest digest = sha256(*bytes);
    zip.hex_sha256 = to_hex(digest);
    if (zip.hex_sha256 != *stored_digest) return std::nullopt;
    zip.base64_sha256 = to_base64(digest);
    zip.bytes = std::move(*bytes);
    return zip;
}

// Replaced atomically, so a reader never sees a partial file and two
// processes storing the same zip do not collide. The digest goes last: a
// reader that finds a zip without its digest (or with an older one) packs
// the zip again.
void store_cached(const fs::path& file, const PackedZip& zip) {
    try {
        write_file_atomically(file, zip.bytes);
        write_file_atomically(digest_file_of(file), zip.hex_sha256);
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

    if (disk_folder && !disk_folder_checked) {
        disk_folder_checked = true;
        if (!folder_is_private(*disk_folder)) disk_folder.reset();
    }
    const std::optional<fs::path> file =
        disk_folder ? std::optional<fs::path>(*disk_folder / (key + ".zip")) : std::nullopt;
    if (std::optional<PackedZip> cached = file ? read_cached(*file) : std::nullopt)
        return packed_in_process.emplace(key, std::move(*cached)).first->second;
    PackedZip zip;
    zip.bytes = make_reproducible_zip(std::move(entries));
    const Sha256Digest digest = sha256(zip.bytes);
    zip.hex_sha256 = to_hex(digest);
    zip.base64_sha256 = to_base64(digest);
    if (file) store_cached(*file, zip);
    return packed_in_process.emplace(key, std::move(zip)).first->second;
}

void use_zip_disk_cache(std::optional<fs::path> folder) {
    std::lock_guard lock(cache_mutex);
    disk_folder = std::move(folder);
    disk_folder_checked = false;
}

}  // namespace infra
