#include "gen_test_support.hpp"
#include "generated_files.hpp"

using namespace infra::gen;

namespace {

std::size_t regular_files(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("generated files: written once, then left alone while unchanged") {
    gen_test::TempDir dir;
    const std::vector<GeneratedFile> files = {{"include/a/x.hpp", "x"}, {"src/a/x.cpp", "y"}};
    const auto first = write_generated_files(files, dir.path());
    CHECK(first.written == 2);
    CHECK(gen_test::read_file(dir.path() / "src/a/x.cpp") == "y");
    const auto stamp = std::filesystem::last_write_time(dir.path() / "include/a/x.hpp");
    const auto second = write_generated_files({{"include/a/x.hpp", "x"}, {"src/a/x.cpp", "z"}}, dir.path());
    CHECK(second.written == 1);
    CHECK(second.unchanged == 1);
    CHECK(std::filesystem::last_write_time(dir.path() / "include/a/x.hpp") == stamp);
    CHECK(gen_test::read_file(dir.path() / "src/a/x.cpp") == "z");
    CHECK(regular_files(dir.path()) == 2);  // no temporary left behind
}

TEST_CASE("generated files: all or nothing when one cannot be written") {
    gen_test::TempDir dir;
    // A plain file where the src folder must go.
    gen_test::write_file(dir.path() / "src", "in the way");
    const std::vector<GeneratedFile> files = {{"include/a/x.hpp", "x"}, {"src/a/x.cpp", "y"}};
    CHECK_THAT(gen_test::error_of([&] { write_generated_files(files, dir.path()); }),
               Catch::Contains("src/a/x.cpp: cannot be written"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "include/a/x.hpp"));
    CHECK(regular_files(dir.path()) == 1);  // only the file that was in the way
}
