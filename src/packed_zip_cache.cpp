#include "infra/packed_zip_cache.hpp"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <system_error>

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

std::optional<std::string> read_cached(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string bytes = std::move(buffer).str();
    if (in.bad() || !looks_complete(bytes)) return std::nullopt;
    return bytes;
}

// Written to a unique temporary name and renamed, so a reader never sees a
// partial file and two processes storing the same zip do not collide.
void store_cached(const fs::path& file, const std::string& bytes) {
    static std::atomic<unsigned> counter{0};
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) return;
    const fs::path temp =
        file.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            fs::remove(temp, ec);
            return;
        }
    }
    fs::rename(temp, file, ec);
    if (ec) fs::remove(temp, ec);
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
