#include "zip_archive.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "infra/error.hpp"
#include "infra/file_system.hpp"

// The archive is written here byte by byte rather than through a zip
// library: the format is small (a local header per entry, a central
// directory, an end record), every field we write is fixed or derived from
// the entry, and a library would bring its dependencies (libzip pulls in
// OpenSSL and bzip2) into every `infra` process start for a feature most
// runs serve from the disk cache.

namespace infra {

namespace {

// 1980-01-01 00:00:00, the earliest DOS date and time.
constexpr std::uint16_t kDosTime = 0;
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;
// Version 2.0 of the format: deflate, no zip64. "Made by" Unix (3), so
// readers take the permission bits from the external attributes.
constexpr std::uint16_t kVersionNeeded = 20;
constexpr std::uint16_t kVersionMadeBy = (3 << 8) | 20;
constexpr std::uint16_t kFlagUtf8Name = 1 << 11;
constexpr std::uint16_t kMethodStored = 0;
constexpr std::uint16_t kMethodDeflate = 8;
constexpr std::uint32_t kUnixRegularFile = 0100000;

void put16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>(v >> 8));
}

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

bool is_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// One entry as it is stored: what both its local header and its central
// directory record say about it.
struct StoredEntry {
    const ZipEntry* entry;
    std::uint16_t flags;
    std::uint16_t method;
    std::uint32_t crc;
    std::uint32_t compressed_size;
    std::uint32_t offset;  // of its local header
};

// Raw deflate (no zlib header), level 9, fed a chunk at a time.
class Deflater {
public:
    Deflater() {
        if (deflateInit2(&stream_, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            throw Error("zip: cannot start deflate");
    }
    ~Deflater() { deflateEnd(&stream_); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    // Starts an entry: one stream reused for every entry.
    void reset() {
        if (deflateReset(&stream_) != Z_OK) throw Error("zip: cannot reset deflate");
    }
    // Appends to `out` what deflate gives for `data`; `last` ends the entry.
    void add(std::string_view data, std::string& out, bool last) {
        constexpr std::size_t kStep = 64 * 1024;
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        stream_.avail_in = static_cast<uInt>(data.size());
        int result = Z_OK;
        do {
            const std::size_t at = out.size();
            out.resize(at + kStep);
            stream_.next_out = reinterpret_cast<Bytef*>(out.data() + at);
            stream_.avail_out = static_cast<uInt>(kStep);
            result = ::deflate(&stream_, last ? Z_FINISH : Z_NO_FLUSH);
            out.resize(out.size() - stream_.avail_out);
            if (result == Z_STREAM_ERROR) throw Error("zip: deflate failed");
        } while (last ? result != Z_STREAM_END : stream_.avail_out == 0);
    }

private:
    z_stream stream_{};
};

// The run of fields the local header and the central directory record
// share, from "version needed" to "extra field length" (none).
void write_shared_fields(std::string& out, const StoredEntry& s) {
    put16(out, kVersionNeeded);
    put16(out, s.flags);
    put16(out, s.method);
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, s.crc);
    put32(out, s.compressed_size);
    put32(out, static_cast<std::uint32_t>(s.entry->content_size()));
    put16(out, static_cast<std::uint16_t>(s.entry->name.size()));
    put16(out, 0);  // extra field length
}

void write_local_header(std::string& out, const StoredEntry& s) {
    put32(out, 0x04034b50);
    write_shared_fields(out, s);
    out += s.entry->name;
}

// The local header at `s.offset` again, once method, CRC and size are known
// (its length does not change).
void rewrite_local_header(std::string& out, const StoredEntry& s) {
    std::string header;
    write_local_header(header, s);
    out.replace(s.offset, header.size(), header);
}

void write_central_record(std::string& out, const StoredEntry& s) {
    const ZipEntry& e = *s.entry;
    const std::uint32_t mode = kUnixRegularFile | (e.executable ? 0755u : 0644u);
    put32(out, 0x02014b50);
    put16(out, kVersionMadeBy);
    write_shared_fields(out, s);
    put16(out, 0);  // comment length
    put16(out, 0);  // disk number
    put16(out, 0);  // internal attributes
    put32(out, mode << 16);
    put32(out, s.offset);
    out += e.name;
}

// Without zip64 every size and offset is 32 bits and the entry count 16.
void check_fits(const std::vector<ZipEntry>& entries) {
    constexpr auto kMax32 = std::numeric_limits<std::uint32_t>::max();
    if (entries.size() >= std::numeric_limits<std::uint16_t>::max())
        throw Error(fmt::format("zip: {} entries is more than a zip without zip64 holds (65,534)", entries.size()));
    std::uint64_t total = 0;
    for (const ZipEntry& e : entries) {
        if (e.name.empty()) throw Error("zip: an entry has an empty name");
        if (e.name.size() >= std::numeric_limits<std::uint16_t>::max())
            throw Error(fmt::format("zip: the name \"{}...\" is too long", e.name.substr(0, 40)));
        // Deflate can exceed the input by a few bytes per block: leave room.
        total += e.content_size() + e.content_size() / 1000 + 2 * e.name.size() + 128;
    }
    if (total >= kMax32) throw Error("zip: the contents add up to more than 4 GiB, which needs zip64");
}

}  // namespace

void for_each_chunk(const ZipEntry& entry, const std::function<void(std::string_view)>& take) {
    if (entry.source.empty()) {
        take(entry.content);
        return;
    }
    const std::uint64_t held = read_file_in_chunks(entry.source, entry.size, take);
    if (held != entry.size)
        throw FileError(entry.source, "cannot read",
                        fmt::format("it changed while it was being packed ({} bytes when found, {} now)", entry.size,
                                    held > entry.size ? std::string("more") : std::to_string(held)));
}

std::string make_reproducible_zip(std::vector<ZipEntry> entries) {
    std::sort(entries.begin(), entries.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < entries.size(); ++i)
        if (entries[i].name == entries[i - 1].name)
            throw Error(fmt::format("zip: two entries named \"{}\"", entries[i].name));
    check_fits(entries);

    std::string out;
    std::vector<StoredEntry> stored;
    stored.reserve(entries.size());
    Deflater deflater;
    for (const ZipEntry& e : entries) {
        StoredEntry s{};
        s.entry = &e;
        s.flags = is_ascii(e.name) ? 0 : kFlagUtf8Name;
        s.method = kMethodDeflate;
        s.offset = static_cast<std::uint32_t>(out.size());
        write_local_header(out, s);  // CRC and size written once known
        const std::size_t data_at = out.size();
        uLong crc = crc32_z(0, nullptr, 0);
        deflater.reset();
        for_each_chunk(e, [&](std::string_view chunk) {
            crc = crc32_z(crc, reinterpret_cast<const Bytef*>(chunk.data()), chunk.size());
            deflater.add(chunk, out, false);
        });
        deflater.add({}, out, true);
        // Stored as is when deflate does not make it smaller (already
        // compressed files, tiny or empty ones): the file is read again.
        if (out.size() - data_at >= e.content_size()) {
            out.resize(data_at);
            uLong again = crc32_z(0, nullptr, 0);
            for_each_chunk(e, [&](std::string_view chunk) {
                again = crc32_z(again, reinterpret_cast<const Bytef*>(chunk.data()), chunk.size());
                out.append(chunk);
            });
            if (again != crc)
                throw FileError(e.source, "cannot read", "it changed while it was being packed");
            s.method = kMethodStored;
        }
        s.crc = static_cast<std::uint32_t>(crc);
        s.compressed_size = static_cast<std::uint32_t>(out.size() - data_at);
        rewrite_local_header(out, s);
        stored.push_back(s);
    }

    const auto directory_offset = static_cast<std::uint32_t>(out.size());
    for (const StoredEntry& s : stored) write_central_record(out, s);
    const auto directory_size = static_cast<std::uint32_t>(out.size() - directory_offset);

    put32(out, 0x06054b50);
    put16(out, 0);  // this disk
    put16(out, 0);  // disk of the central directory
    put16(out, static_cast<std::uint16_t>(stored.size()));
    put16(out, static_cast<std::uint16_t>(stored.size()));
    put32(out, directory_size);
    put32(out, directory_offset);
    put16(out, 0);  // comment length
    return out;
}

}  // namespace infra
