// The lambda_dependencies setting: what goes into the function zip besides
// the handlers, and the warning when nothing does.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::run_infra_with_env;
using infra_test::TempDir;
using infra_test::write_file;
namespace fs = std::filesystem;

namespace {

// The names in dev's function zip, one per line (python's zipfile reads it).
std::string zip_listing(const fs::path& dir) {
    fs::path zip;
    for (const auto& entry : fs::directory_iterator(dir / "infra.out/stacks/dev/assets")) zip = entry.path();
    REQUIRE_FALSE(zip.empty());
    const fs::path listing = dir / "listing.txt";
    const std::string command = "/usr/bin/python3 -c 'import sys, zipfile; print(\"\\n\".join(zipfile.ZipFile(sys.argv[1]).namelist()))' '" +
                                zip.string() + "' > '" + listing.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    return read_file(listing);
}

// A stand-in for python3 that "installs" by creating pg8000/__init__.py in
// the --target folder and counts its calls; or fails like pip does.
void write_fake_python(const fs::path& path, bool fail) {
    write_file(path, fail ? "#!/bin/sh\necho 'ERROR: Could not find a version that satisfies the requirement pg8000==1.31.2'\nexit 1\n"
                          : "#!/bin/sh\necho call >> \"$(dirname \"$0\")/calls\"\n"
                            "while [ $# -gt 0 ]; do if [ \"$1\" = --target ]; then t=$2; fi; shift; done\n"
                            "mkdir -p \"$t/pg8000\" && echo '# fake' > \"$t/pg8000/__init__.py\"\n");
    fs::permissions(path, fs::perms::owner_all);
}

}  // namespace

TEST_CASE("without lambda_dependencies the zip holds the handlers only and synth warns") {
    TempDir dir;
    auto r = run_infra("synth dev", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("cannot import pg8000") != std::string::npos);
    const std::string names = zip_listing(dir.path());
    CHECK(names.find("get_animals.py") != std::string::npos);
    CHECK(names.find("pg8000/") == std::string::npos);
    CHECK(names.find("requirements.txt") == std::string::npos);
}

TEST_CASE("lambda_dependencies as a folder merges its packages into the zip") {
    TempDir dir;
    write_file(dir.path() / "deps/pg8000/__init__.py", "# vendored\n");
    auto r = run_infra("synth dev --set lambda_dependencies=deps", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("cannot import pg8000") == std::string::npos);
    const std::string names = zip_listing(dir.path());
    CHECK(names.find("pg8000/__init__.py") != std::string::npos);
    CHECK(names.find("get_animals.py") != std::string::npos);
}

TEST_CASE("lambda_dependencies naming a missing folder is a usage error") {
    TempDir dir;
    auto r = run_infra("synth dev --set lambda_dependencies=no-such-folder", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("setting \"lambda_dependencies\": \"no-such-folder\"") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
}

TEST_CASE("lambda_dependencies=pip installs once into the cache and reuses it") {
    TempDir dir;
    write_fake_python(dir.path() / "bin/python3", false);
    const std::string env = "INFRA_PYTHON='" + (dir.path() / "bin/python3").string() + "' INFRA_CACHE_DIR='" +
                            (dir.path() / "cache").string() + "' ";
    REQUIRE(run_infra_with_env(env, "synth dev --set lambda_dependencies=pip", dir.path()).exit_code == 0);
    const std::string first = read_file(dir.path() / "infra.out/stacks/dev/main.tf.json");
    CHECK(zip_listing(dir.path()).find("pg8000/__init__.py") != std::string::npos);
    REQUIRE(run_infra_with_env(env, "synth dev --set lambda_dependencies=pip", dir.path()).exit_code == 0);
    CHECK(read_file(dir.path() / "bin/calls") == "call\n");  // the second synth used the cache
    CHECK(read_file(dir.path() / "infra.out/stacks/dev/main.tf.json") == first);
}

TEST_CASE("a missing python stops the synth saying so") {
    TempDir dir;
    auto r = run_infra_with_env("INFRA_PYTHON=/nonexistent/python3 INFRA_CACHE_DIR='" + (dir.path() / "cache").string() + "' ",
                                "synth dev --set lambda_dependencies=pip", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("/nonexistent/python3") != std::string::npos);
    CHECK(r.output.find("set lambda_dependencies=DIR") != std::string::npos);
}

TEST_CASE("a failing pip stops the synth with pip's message and writes nothing") {
    TempDir dir;
    write_fake_python(dir.path() / "bin/python3", true);
    const std::string env = "INFRA_PYTHON='" + (dir.path() / "bin/python3").string() + "' INFRA_CACHE_DIR='" +
                            (dir.path() / "cache").string() + "' ";
    auto r = run_infra_with_env(env, "synth dev --set lambda_dependencies=pip", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("pip install") != std::string::npos);
    CHECK(r.output.find("Could not find a version that satisfies the requirement pg8000") != std::string::npos);
    CHECK(r.output.find("set lambda_dependencies=DIR") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    // Nor half an installation in the cache: the next synth tries again.
    const fs::path installs = dir.path() / "cache/lambda-deps";
    CHECK((!fs::exists(installs) || fs::is_empty(installs)));
}

TEST_CASE("graph and validate install with pip too, before they build the stacks") {
    TempDir dir;
    write_fake_python(dir.path() / "bin/python3", false);
    const std::string env = "INFRA_PYTHON='" + (dir.path() / "bin/python3").string() + "' INFRA_CACHE_DIR='" +
                            (dir.path() / "cache").string() + "' ";
    auto graph = run_infra_with_env(env, "graph dev --set lambda_dependencies=pip", dir.path());
    REQUIRE(graph.exit_code == 0);
    CHECK(read_file(dir.path() / "bin/calls") == "call\n");
    auto validate = run_infra_with_env(env, "validate dev --set lambda_dependencies=pip", dir.path());
    CHECK(validate.exit_code == 0);
    CHECK(validate.output.find("cannot import pg8000") == std::string::npos);
    CHECK(read_file(dir.path() / "bin/calls") == "call\n");  // installed once, for both
}
