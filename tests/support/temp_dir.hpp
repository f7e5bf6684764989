// A scratch folder for one test: created empty under the system temp folder
// with a name no other test (or test process) can get, and removed with
// everything in it when the test leaves the scope, pass or fail.
#pragma once

#include <filesystem>

namespace test_support {

class TempDir {
public:
    // Throws std::system_error when the folder cannot be created.
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace test_support
