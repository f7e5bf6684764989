#include "generated_files.hpp"

#include <fmt/format.h>

#include <system_error>

#include "infra/error.hpp"
#include "infra/file_system.hpp"

namespace infra::gen {

namespace {

bool same_content(const std::filesystem::path& path, const std::string& content) {
    try {
        return read_file_if_exists(path) == content;
    } catch (const FileError&) {
        return false;  // unreadable: written again
    }
}

void write_temporary(const std::filesystem::path& tmp, const std::string& content, const std::filesystem::path& shown) {
    std::error_code ec;
    std::filesystem::create_directories(tmp.parent_path(), ec);
    if (ec) throw Error(fmt::format("{}: cannot be written: {}", shown.string(), ec.message()));
    try {
        write_file(tmp, content);
    } catch (const FileError& e) {
        throw Error(fmt::format("{}: cannot be written: {}", shown.string(), e.reason()));
    }
}

}  // namespace

WriteSummary write_generated_files(const std::vector<GeneratedFile>& files, const std::filesystem::path& out_dir) {
    WriteSummary summary;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> pending;  // temporary, final
    try {
        for (const GeneratedFile& f : files) {
            const std::filesystem::path path = out_dir / f.path;
            if (same_content(path, f.content)) {
                ++summary.unchanged;
                continue;
            }
            const auto tmp = temporary_path_beside(path);
            pending.emplace_back(tmp, path);
            write_temporary(tmp, f.content, path);
        }
    } catch (...) {
        std::error_code ignored;
        for (const auto& [tmp, path] : pending) std::filesystem::remove(tmp, ignored);
        throw;
    }
    for (const auto& [tmp, path] : pending) {
        std::error_code ec;
        std::filesystem::rename(tmp, path, ec);
        if (ec) throw Error(fmt::format("{}: cannot be written: {}", path.string(), ec.message()));
        ++summary.written;
    }
    return summary;
}

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
    write_generated_files({{path.filename().string(), content}}, path.parent_path().empty() ? "." : path.parent_path());
}

}  // namespace infra::gen
