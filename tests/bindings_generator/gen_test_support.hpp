// Shared by the generator tests: the test folder, and the shared helpers
// (reading and writing files, a scratch folder, the infra::Error message of a call)
// under the names these tests use.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>

#include "support/error_message.hpp"
#include "support/file_contents.hpp"
#include "support/temp_dir.hpp"

namespace gen_test {

inline std::filesystem::path test_dir() { return INFRA_GEN_TEST_DIR; }
inline std::filesystem::path repo_dir() { return test_dir().parent_path().parent_path(); }

using test_support::error_of;
using test_support::read_file;
using test_support::TempDir;
using test_support::write_file;

}  // namespace gen_test
