// lambda_dependencies=pip split in two: the catalog says which folder pip
// must make (the CLI runs it), and building a stack only looks for that
// folder. Building a stack never starts a process.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "infra/stack_catalog.hpp"
#include "lambda_dependencies.hpp"

using infra::PreparedFolder;
using crud_api::stacks::lambda_requirements;
using crud_api::stacks::prepare_lambda_dependencies;
using crud_api::stacks::resolve_lambda_dependencies;
namespace fs = std::filesystem;

namespace {

// INFRA_CACHE_DIR pointing at a fresh folder for the test's lifetime.
class TempCache {
public:
    TempCache() {
        static std::atomic<unsigned> counter{0};
        path_ = fs::temp_directory_path() /
                ("infra-stacks-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
                 std::to_string(counter++));
        fs::create_directories(path_);
        ::setenv("INFRA_CACHE_DIR", path_.c_str(), 1);
    }
    ~TempCache() {
        ::unsetenv("INFRA_CACHE_DIR");
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempCache(const TempCache&) = delete;
    TempCache& operator=(const TempCache&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

bool contains(const std::vector<std::string>& args, const std::string& arg) {
    return std::find(args.begin(), args.end(), arg) != args.end();
}

}  // namespace

TEST_CASE("pip is a folder to prepare in the cache, with a command that installs into the staging folder") {
    TempCache cache;
    const auto requirements = lambda_requirements("python3.12");
    const std::vector<PreparedFolder> folders = prepare_lambda_dependencies("pip", requirements);
    REQUIRE(folders.size() == 1);
    const PreparedFolder& pip = folders.front();
    CHECK(pip.folder.parent_path() == cache.path() / "lambda-deps");
    CHECK(contains(pip.command, "pip"));
    CHECK(contains(pip.command, std::string(infra::kStagingFolder)));
    CHECK(contains(pip.command, "3.12"));
    CHECK(contains(pip.command, requirements.file.string()));
    CHECK(pip.description.find("lambda_dependencies=pip") != std::string::npos);
    CHECK(pip.remedy.find("lambda_dependencies=DIR") != std::string::npos);
    CHECK_FALSE(fs::exists(pip.folder));  // described, not run
    // Another Python gets other wheels, so another folder.
    CHECK(prepare_lambda_dependencies("pip", lambda_requirements("python3.13")).front().folder != pip.folder);
}

TEST_CASE("no folder to prepare without pip") {
    TempCache cache;
    CHECK(prepare_lambda_dependencies("", lambda_requirements("python3.13")).empty());
    CHECK(prepare_lambda_dependencies(cache.path().string(), lambda_requirements("python3.13")).empty());
}

TEST_CASE("building with pip before the folder is prepared bundles nothing and warns, then uses the folder") {
    TempCache cache;
    const auto requirements = lambda_requirements("python3.13");
    const auto missing = resolve_lambda_dependencies("pip", requirements);
    CHECK(missing.dirs.empty());
    CHECK(missing.warning.find("not installed") != std::string::npos);
    CHECK(missing.warning.find("cannot import pg8000") != std::string::npos);
    CHECK(fs::is_empty(cache.path()));  // nothing was installed

    const fs::path folder = prepare_lambda_dependencies("pip", requirements).front().folder;
    fs::create_directories(folder / "pg8000");
    const auto prepared = resolve_lambda_dependencies("pip", requirements);
    CHECK(prepared.dirs == std::vector<fs::path>{folder});
    CHECK(prepared.warning.empty());
}

TEST_CASE("the catalog asks for the pip folder once, however many stacks share it") {
    TempCache cache;
    const infra::StackCatalog& catalog = crud_api::stacks::builtin_catalog();
    const std::vector<std::string> names{"bootstrap", "dev", "prod"};
    CHECK(catalog.folders_to_prepare(names, {}).empty());
    const infra::SettingsSource pip{.config_file = std::nullopt, .assignments = {"lambda_dependencies=pip"}};
    const auto folders = catalog.folders_to_prepare(names, pip);
    REQUIRE(folders.size() == 1);
    CHECK(folders.front().folder == prepare_lambda_dependencies("pip", lambda_requirements("python3.13")).front().folder);
    CHECK(catalog.folders_to_prepare({"bootstrap"}, pip).empty());
}
