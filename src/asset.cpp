#include "infra/asset.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "logical_id.hpp"
#include "packed_zip_cache.hpp"
#include "infra/stack.hpp"
#include "zip_archive.hpp"

namespace fs = std::filesystem;

namespace infra {

namespace {

bool excluded(const fs::path& relative, const std::vector<std::string>& exclude) {
    for (const auto& part : relative)
        if (std::find(exclude.begin(), exclude.end(), part.string()) != exclude.end()) return true;
    return false;
}

// `inner` is `outer` or below it (both canonical).
bool within(const fs::path& inner, const fs::path& outer) {
    auto o = outer.begin();
    auto i = inner.begin();
    for (; o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // a trailing separator
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

// A name as stored in the zip: relative, forward slashes, no "." or ".."
// component. Names come from the folder walk, so this holds; checked anyway
// because an unzip of a name with ".." writes outside its folder.
std::string entry_name(const fs::path& relative, const std::string& where) {
    const std::string name = relative.generic_string();
    bool bad = name.empty() || relative.is_absolute() || name.front() == '/';
    for (const auto& part : relative) bad = bad || part == ".." || part == ".";
    if (bad) throw Error(fmt::format("{}: refusing to store \"{}\" in an asset zip", where, name));
    return name;
}

// Every file below `root` (or `root` itself, when it is a file). A symbolic
// link is stored as what it points to (a file's content, a folder's files
// under the link's name), so the zip holds no links and stays the same
// wherever it is built; a link whose target is outside `root` is refused, as
// is a folder link that leads back into a folder being walked.
// The bytes an asset's files hold so far, against its limit.
struct SizeBudget {
    std::uint64_t used = 0;
    std::uint64_t limit = 0;
};

void collect(const fs::path& root, const std::vector<std::string>& exclude, const std::string& where,
             SizeBudget& budget, std::vector<ZipEntry>& out) {
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) throw Error(fmt::format("{}: asset source {} does not exist", where, root.string()));
    auto add_file = [&](const fs::path& file, const fs::path& relative) {
        std::error_code stat_ec;
        const auto perms = fs::status(file, stat_ec).permissions();
        const std::uintmax_t size = stat_ec ? 0 : fs::file_size(file, stat_ec);
        if (stat_ec)
            throw Error(fmt::format("{}: cannot read asset file {}: {}", where, file.string(), stat_ec.message()));
        // Checked on the size before reading, so a huge (or sparse) file
        // is an error, not an attempt to read it.
        if (size > budget.limit - budget.used)
            throw Error(fmt::format("{}: the asset's files come to more than {} bytes unzipped with {} ({} bytes); "
                                    "Lambda takes at most 250 MB of code",
                                    where, budget.limit, file.string(), size));
        budget.used += size;
        // Read a chunk at a time when the zip is made, never whole.
        out.push_back({.name = entry_name(relative, where),
                       .content = {},
                       .executable = (perms & fs::perms::owner_exec) != fs::perms::none,
                       .source = file,
                       .size = size});
    };
    if (fs::is_regular_file(status)) {
        add_file(root, root.filename());
        return;
    }
    // Walk from the normalized path without a trailing separator, so each
    // entry's name is its path relative to `base`, taken lexically: never
    // through a link's target.
    fs::path base = root.lexically_normal();
    if (!base.has_filename() && base.has_parent_path() && base != base.root_path()) base = base.parent_path();
    const fs::path canonical_root = fs::canonical(base, ec);
    if (ec) throw Error(fmt::format("{}: cannot read asset source {}: {}", where, root.string(), ec.message()));
    // The canonical folder at each depth of the walk, to catch link loops.
    std::vector<fs::path> open_dirs{canonical_root};
    try {
        for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::follow_directory_symlink);
             it != fs::recursive_directory_iterator(); ++it) {
            const fs::path& path = it->path();
            const fs::path relative = path.lexically_relative(base);
            if (excluded(relative, exclude)) {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            const bool is_link = it->is_symlink();
            fs::path target;
            if (is_link) {
                // Resolved by hand rather than through status(), so a link
                // whose target does not exist is judged by where it points.
                const fs::path link_target = fs::read_symlink(path);
                target = fs::weakly_canonical(fs::canonical(path.parent_path()) / link_target);
                if (!within(target, canonical_root))
                    throw Error(fmt::format(
                        "{}: symlink {} points outside the asset folder {}: its target is {}{}", where, path.string(),
                        root.string(), link_target.string(),
                        link_target == target ? std::string() : fmt::format(" ({})", target.string())));
            }
            if (it->is_directory()) {
                const fs::path dir = is_link ? target : fs::canonical(path);
                const std::size_t depth = static_cast<std::size_t>(it.depth()) + 1;
                open_dirs.resize(std::min(open_dirs.size(), depth));
                if (std::find(open_dirs.begin(), open_dirs.end(), dir) != open_dirs.end())
                    throw Error(fmt::format("{}: symlink {} leads back into {}, a folder already being packed", where,
                                            path.string(), dir.string()));
                open_dirs.push_back(dir);
            } else if (it->is_regular_file()) {
                add_file(path, relative);
            }
        }
    } catch (const fs::filesystem_error& e) {
        throw Error(fmt::format("{}: cannot read asset folder {}: {}", where, e.path1().string(), e.code().message()));
    }
}

}  // namespace

Asset::Asset(Scope scope, AssetConfig config) : Construct(std::move(scope)) {
    const std::string where = path();
    if (stack_or_null() == nullptr) throw Error(fmt::format("{}: an asset must be created inside a stack", where));
    std::vector<ZipEntry> entries;
    SizeBudget budget{.limit = config.max_unzipped_bytes};
    collect(config.source, config.exclude, where, budget, entries);
    for (const auto& extra : config.extra_dirs) collect(extra, config.exclude, where, budget, entries);
    std::sort(entries.begin(), entries.end(), [](const ZipEntry& a, const ZipEntry& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < entries.size(); ++i)
        if (entries[i].name == entries[i - 1].name)
            throw Error(fmt::format("{}: \"{}\" is in more than one of the asset's folders", where, entries[i].name));
    if (entries.empty()) throw Error(fmt::format("{}: asset source {} holds no files", where, config.source.string()));

    const PackedZip* zip = nullptr;
    try {
        zip = &packed_zip(std::move(entries));
    } catch (const FileError& e) {
        throw Error(fmt::format("{}: cannot read asset file {}: {}", where, e.path().string(), e.reason()));
    }
    zip_ = &zip->bytes;
    hex_sha256_ = zip->hex_sha256;
    base64_sha256_ = zip->base64_sha256;

    std::vector<std::string_view> components;
    for (const Construct* c = this; c != nullptr && c != static_cast<const Construct*>(stack_or_null()); c = c->parent())
        components.push_back(c->construct_id());
    std::reverse(components.begin(), components.end());
    file_name_ = fmt::format("assets/{}-{}.zip", derive_logical_id(components), hex_sha256_.substr(0, 16));
}

}  // namespace infra
