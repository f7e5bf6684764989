// Golden files: the synthesized output of the shipped stacks, byte for byte.
// After an intended change, regenerate them with
//   INFRA_UPDATE_GOLDEN=1 ctest --test-dir build -R golden
// (or `make update-golden`) and review the diff in git.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::TempDir;
using infra_test::write_file;

namespace {

void check_golden(const std::string& stack) {
    TempDir dir;
    REQUIRE(run_infra("synth " + stack, dir.path()).exit_code == 0);
    const std::string actual = read_file(dir.path() / "infra.out/stacks" / stack / "main.tf.json");
    const std::filesystem::path golden = std::filesystem::path(INFRA_GOLDEN_DIR) / (stack + ".tf.json");
    if (std::getenv("INFRA_UPDATE_GOLDEN") != nullptr) {
        write_file(golden, actual);
        WARN("updated golden file " << golden.string());
        return;
    }
    INFO("golden file " << golden.string() << " differs; if the change is intended, run "
                        << "INFRA_UPDATE_GOLDEN=1 ctest --test-dir build -R golden and review the diff");
    CHECK(read_file(golden) == actual);
}

}  // namespace

TEST_CASE("golden: bootstrap stack") { check_golden("bootstrap"); }
TEST_CASE("golden: dev stack") { check_golden("dev"); }
TEST_CASE("golden: prod stack") { check_golden("prod"); }
