#include "support/file_contents.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace test_support {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL("cannot read " << path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();  // a full disk shows up when the buffer is flushed
    if (!out) FAIL("cannot write " << path);
}

}  // namespace test_support
