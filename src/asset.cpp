#include "infra/asset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "infra/error.hpp"
#include "infra/hashing.hpp"
#include "infra/logical_id.hpp"
#include "infra/stack.hpp"
#include "infra/zip_archive.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

std::string read_bytes(const fs::path& file, const std::string& where) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot read {}", where, file.string()));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

bool excluded(const fs::path& relative, const std::vector<std::string>& exclude) {
    for (const auto& part : relative)
        if (std::find(exclude.begin(), exclude.end(), part.string()) != exclude.end()) return true;
    return false;
}

void collect(const fs::path& root, const std::vector<std::string>& exclude, const std::string& where,
             std::vector<ZipEntry>& out) {
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) throw Error(fmt::format("{}: asset source {} does not exist", where, root.string()));
    auto add_file = [&](const fs::path& file, const fs::path& relative) {
        const auto perms = fs::status(file).permissions();
        out.push_back({relative.generic_string(), read_bytes(file, where),
                       (perms & fs::perms::owner_exec) != fs::perms::none});
    };
    if (fs::is_regular_file(status)) {
        add_file(root, root.filename());
        return;
    }
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::follow_directory_symlink);
         it != fs::recursive_directory_iterator(); ++it) {
        const fs::path relative = fs::relative(it->path(), root);
        if (excluded(relative, exclude)) {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) add_file(it->path(), relative);
    }
}

struct PackedZip {
    std::string bytes;
    std::string hex_sha256;
    std::string base64_sha256;
};

// The zip of `entries`, packed once per process for the same content: an app
// whose environments ship the same code (dev and prod) compresses it once.
// The key is a digest of everything the zip's bytes depend on.
const PackedZip& pack(std::vector<ZipEntry> entries) {
    std::string key_input;
    for (const auto& e : entries) {
        key_input += e.name;
        key_input += '\0';
        key_input += e.executable ? '1' : '0';
        key_input += std::to_string(e.content.size());
        key_input += '\0';
        key_input += e.content;
    }
    const std::string key = to_hex(sha256(key_input));
    static std::mutex mutex;
    static std::map<std::string, PackedZip> packed;
    std::lock_guard lock(mutex);
    auto it = packed.find(key);
    if (it == packed.end()) {
        PackedZip zip;
        zip.bytes = make_reproducible_zip(std::move(entries));
        const Sha256Digest digest = sha256(zip.bytes);
        zip.hex_sha256 = to_hex(digest);
        zip.base64_sha256 = to_base64(digest);
        it = packed.emplace(key, std::move(zip)).first;
    }
    return it->second;
}

}  // namespace

Asset::Asset(Scope scope, AssetConfig config) : Construct(std::move(scope)) {
    const std::string where = path();
    if (stack_or_null() == nullptr) throw Error(fmt::format("{}: an asset must be created inside a stack", where));
    std::vector<ZipEntry> entries;
    collect(config.source, config.exclude, where, entries);
    for (const auto& extra : config.extra_dirs) collect(extra, config.exclude, where, entries);
    std::sort(entries.begin(), entries.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < entries.size(); ++i)
        if (entries[i].name == entries[i - 1].name)
            throw Error(fmt::format("{}: \"{}\" is in more than one of the asset's folders", where, entries[i].name));
    if (entries.empty()) throw Error(fmt::format("{}: asset source {} holds no files", where, config.source.string()));

    const PackedZip& zip = pack(std::move(entries));
    zip_ = zip.bytes;
    hex_sha256_ = zip.hex_sha256;
    base64_sha256_ = zip.base64_sha256;

    std::vector<std::string_view> components;
    for (const Construct* c = this; c != nullptr && c != static_cast<const Construct*>(stack_or_null()); c = c->parent())
        components.push_back(c->construct_id());
    std::reverse(components.begin(), components.end());
    file_name_ = fmt::format("assets/{}-{}.zip", derive_logical_id(components), hex_sha256_.substr(0, 16));
}

}  // namespace infra
