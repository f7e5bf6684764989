#include "infra/zip_archive.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <memory>

#include "infra/error.hpp"

namespace infra {

namespace {

// 1980-01-01 00:00:00, the earliest DOS date: written as raw DOS fields
// because libzip's time_t setter converts through the local time zone.
constexpr zip_uint16_t kDosTime = 0;
constexpr zip_uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;

struct SourceDeleter {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};

[[noreturn]] void fail(const std::string& what, zip_t* archive) {
    std::string detail = archive != nullptr ? zip_strerror(archive) : "unknown error";
    if (archive != nullptr) zip_discard(archive);
    throw Error(fmt::format("zip: {}: {}", what, detail));
}

}  // namespace

std::string make_reproducible_zip(std::vector<ZipEntry> entries) {
    std::sort(entries.begin(), entries.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < entries.size(); ++i)
        if (entries[i].name == entries[i - 1].name)
            throw Error(fmt::format("zip: two entries named \"{}\"", entries[i].name));

    zip_error_t error;
    zip_error_init(&error);
    std::unique_ptr<zip_source_t, SourceDeleter> buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) throw Error("zip: cannot create an in-memory buffer");
    zip_source_keep(buffer.get());  // we read the bytes back after zip_close
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (archive == nullptr) {
        zip_source_free(buffer.get());  // drop the reference zip_open_from_source did not take
        throw Error(fmt::format("zip: cannot open archive: {}", zip_error_strerror(&error)));
    }

    for (const ZipEntry& e : entries) {
        zip_source_t* data = zip_source_buffer(archive, e.content.data(), e.content.size(), 0);
        if (data == nullptr) fail("cannot add " + e.name, archive);
        const zip_int64_t index = zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(data);
            fail("cannot add " + e.name, archive);
        }
        const auto i = static_cast<zip_uint64_t>(index);
        const zip_uint32_t mode = S_IFREG | (e.executable ? 0755u : 0644u);
        if (zip_set_file_compression(archive, i, ZIP_CM_DEFLATE, 9) != 0 ||
            zip_file_set_dostime(archive, i, kDosTime, kDosDate, 0) != 0 ||
            zip_file_set_external_attributes(archive, i, 0, ZIP_OPSYS_UNIX, mode << 16) != 0)
            fail("cannot set attributes of " + e.name, archive);
    }
    if (zip_close(archive) != 0) fail("cannot write archive", archive);

    zip_stat_t st;
    if (zip_source_stat(buffer.get(), &st) != 0 || zip_source_open(buffer.get()) != 0)
        throw Error("zip: cannot read the archive back");
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    const zip_int64_t n = zip_source_read(buffer.get(), bytes.data(), bytes.size());
    zip_source_close(buffer.get());
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) throw Error("zip: short read of the archive");
    return bytes;
}

}  // namespace infra
