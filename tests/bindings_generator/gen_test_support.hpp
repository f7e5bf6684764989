// Shared by the generator tests: the test folder, reading files, a scratch
// folder, and the infra::Error message of a call.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <unistd.h>

#include "infra/error.hpp"

namespace gen_test {

inline std::filesystem::path test_dir() { return INFRA_GEN_TEST_DIR; }
inline std::filesystem::path repo_dir() { return test_dir().parent_path().parent_path(); }

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const infra::Error& e) {
        return e.what();
    }
    FAIL("expected an infra::Error");
    return {};
}

class TempDir {
public:
    TempDir() {
        static std::atomic<unsigned> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("infra-gen-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" +
                 std::to_string(counter++));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace gen_test
