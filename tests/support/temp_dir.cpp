#include "support/temp_dir.hpp"

#include <stdlib.h>  // mkdtemp

#include <cerrno>
#include <string>
#include <system_error>

namespace test_support {

TempDir::TempDir() {
    // mkdtemp picks the name and creates the folder in one step, so tests
    // running in parallel (ctest -j) never share or race for a folder.
    std::string pattern = (std::filesystem::temp_directory_path() / "infra-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw std::system_error(errno, std::generic_category(), "cannot create a folder like " + pattern);
    path_ = pattern;
}

TempDir::~TempDir() {
    // A destructor must not throw: a folder that cannot be removed is left behind.
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace test_support
