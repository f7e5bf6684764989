// Whole files as strings, for tests that prepare inputs on disk and check
// what a program wrote. Bytes go in and come out unchanged (binary mode).
#pragma once

#include <filesystem>
#include <string>

namespace test_support {

// The bytes of `path`; fails the running test when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// Writes `content` to `path`, replacing the file and creating the folders
// above it; fails the running test when it cannot be written.
void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace test_support
