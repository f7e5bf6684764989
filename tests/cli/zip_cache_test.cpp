// The disk cache of packed asset zips: a synth of unchanged code reads its
// zips from `$INFRA_CACHE_DIR/zips` instead of deflating again, the output
// is byte-identical either way, and a damaged cache file (truncated, or
// changed in the middle so its digest no longer matches) is packed afresh.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra_with_env;
using infra_test::TempDir;
using infra_test::write_file;
namespace fs = std::filesystem;

namespace {

// Every file under `root`, by relative path, with its bytes.
std::map<std::string, std::string> files_under(const fs::path& root) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file() && entry.path().filename() != ".infra.lock")
            files[entry.path().lexically_relative(root).generic_string()] = read_file(entry.path());
    return files;
}

// The cached zips alone, without their digest files.
std::map<std::string, std::string> zips_under(const fs::path& root) {
    std::map<std::string, std::string> zips;
    for (auto& [name, bytes] : files_under(root))
        if (name.ends_with(".zip")) zips.emplace(name, std::move(bytes));
    return zips;
}

std::string cache_env(const TempDir& dir) { return "INFRA_CACHE_DIR='" + (dir.path() / "cache").string() + "' "; }

void synth(const TempDir& dir) {
    const auto r = run_infra_with_env(cache_env(dir), "-q synth dev", dir.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("packed zips are cached on disk and a second synth writes the same bytes from the cache") {
    TempDir dir;
    synth(dir);
    const auto first = files_under(dir.path() / "infra.out");
    const auto cached = zips_under(dir.path() / "cache/zips");
    // dev ships two zips (API functions, migration); prod the same code.
    // Each has its SHA-256 beside it.
    REQUIRE(cached.size() == 2);
    CHECK(files_under(dir.path() / "cache/zips").size() == 4);
    std::set<std::string> output_zips;
    for (const auto& [name, bytes] : first)
        if (name.ends_with(".zip")) output_zips.insert(bytes);
    for (const auto& [name, bytes] : cached) {
        INFO(name);
        CHECK(name.size() == 64 + 4);  // <sha-256 hex of the inputs>.zip
        CHECK(output_zips.count(bytes) == 1);
    }

    fs::remove_all(dir.path() / "infra.out");
    synth(dir);
    CHECK(files_under(dir.path() / "infra.out") == first);
    CHECK(zips_under(dir.path() / "cache/zips") == cached);
}

TEST_CASE("a cached zip is what the synth uses, and a truncated one is packed afresh") {
    TempDir dir;
    synth(dir);
    const auto first = files_under(dir.path() / "infra.out");
    const fs::path cache = dir.path() / "cache/zips";
    const auto cached = zips_under(cache);
    const auto cached_with_digests = files_under(cache);
    REQUIRE(cached.size() == 2);

    SECTION("truncated cache files are not used, and are rewritten whole") {
        for (const auto& [name, bytes] : cached) write_file(cache / name, bytes.substr(0, bytes.size() / 2));
        fs::remove_all(dir.path() / "infra.out");
        synth(dir);
        CHECK(files_under(dir.path() / "infra.out") == first);
        CHECK(files_under(cache) == cached_with_digests);
    }
    SECTION("a cached zip changed in the middle is not shipped: its digest no longer matches") {
        for (const auto& [name, bytes] : cached) {
            std::string damaged = bytes;
            damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
            write_file(cache / name, damaged);
        }
        fs::remove_all(dir.path() / "infra.out");
        synth(dir);
        CHECK(files_under(dir.path() / "infra.out") == first);
        CHECK(files_under(cache) == cached_with_digests);
    }
    SECTION("a complete cached zip is read, not repacked") {
        // Swap the two cached zips and their digests: each key now names
        // the other's bytes, so an output that follows proves the synth read
        // the cache.
        const auto a = cached.begin();
        const auto b = std::next(a);
        write_file(cache / a->first, b->second);
        write_file(cache / b->first, a->second);
        write_file(cache / (a->first + ".sha256"), cached_with_digests.at(b->first + ".sha256"));
        write_file(cache / (b->first + ".sha256"), cached_with_digests.at(a->first + ".sha256"));
        fs::remove_all(dir.path() / "infra.out");
        synth(dir);
        const auto swapped = files_under(dir.path() / "infra.out");
        std::set<std::string> zips;
        for (const auto& [name, bytes] : swapped)
            if (name.ends_with(".zip")) zips.insert(bytes);
        CHECK(zips == std::set<std::string>{a->second, b->second});
        CHECK(swapped != first);
    }
}

TEST_CASE("with no home and no cache setting, the cache is a folder of the user's own, not a shared name") {
    TempDir dir;
    const auto r = run_infra_with_env("env -u HOME -u XDG_CACHE_HOME -u INFRA_CACHE_DIR TMPDIR='" + dir.path().string() + "' ",
                                      "-q synth dev", dir.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const fs::path cache = dir.path() / ("infra-cache-" + std::to_string(::geteuid()));
    CHECK(zips_under(cache / "zips").size() == 2);
    CHECK_FALSE(fs::exists(dir.path() / "infra-cache"));
    // Nobody else may write where the zips that get deployed are kept.
    const auto perms = fs::status(cache / "zips").permissions();
    CHECK((perms & (fs::perms::group_write | fs::perms::others_write)) == fs::perms::none);
}

TEST_CASE("a cache folder others may write to is made private before it is used") {
    TempDir dir;
    fs::create_directories(dir.path() / "cache/zips");
    fs::permissions(dir.path() / "cache/zips", fs::perms::all);
    synth(dir);
    const auto perms = fs::status(dir.path() / "cache/zips").permissions();
    CHECK((perms & (fs::perms::group_write | fs::perms::others_write)) == fs::perms::none);
    CHECK(zips_under(dir.path() / "cache/zips").size() == 2);
}
