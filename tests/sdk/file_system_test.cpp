// The file layer (include/infra/file_system.hpp): whole-file reads that name
// the file and the reason when they fail, and atomic replacement that leaves
// nothing behind when it fails.
#include <sys/stat.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "infra/file_system.hpp"
#include "sdk_test_support.hpp"

using infra::FileError;
using sdk_test::message_has;
using sdk_test::TempDir;
namespace fs = std::filesystem;

namespace {

// The names in `dir`, sorted.
std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("read_file returns the bytes of a file, binary and empty ones too") {
    TempDir dir;
    const std::string binary("a\0b\r\n\xff", 6);
    sdk_test::write_file(dir.path() / "data.bin", binary);
    sdk_test::write_file(dir.path() / "empty", "");
    const std::string large(100'000, 'x');
    sdk_test::write_file(dir.path() / "large", large);
    CHECK(infra::read_file(dir.path() / "data.bin") == binary);
    CHECK(infra::read_file(dir.path() / "empty").empty());
    CHECK(infra::read_file(dir.path() / "large") == large);
}

TEST_CASE("reading a missing file throws naming the path and the reason") {
    TempDir dir;
    const fs::path missing = dir.path() / "missing.json";
    CHECK_THROWS_MATCHES(infra::read_file(missing), FileError,
                         message_has({missing.string() + ": cannot read: No such file or directory"}));
    try {
        infra::read_file(missing);
    } catch (const FileError& e) {
        CHECK(e.path() == missing);
        CHECK(e.reason() == "No such file or directory");
    }
}

TEST_CASE("reading a folder throws saying it is one") {
    TempDir dir;
    CHECK_THROWS_MATCHES(infra::read_file(dir.path()), FileError,
                         message_has({dir.path().string() + ": cannot read: is a folder"}));
    CHECK_THROWS_AS(infra::read_file_if_exists(dir.path()), FileError);
}

TEST_CASE("read_file_if_exists tells a missing file from an unreadable one") {
    TempDir dir;
    CHECK_FALSE(infra::read_file_if_exists(dir.path() / "missing").has_value());
    sdk_test::write_file(dir.path() / "file", "content");
    CHECK_FALSE(infra::read_file_if_exists(dir.path() / "file" / "below").has_value());  // under a file
    CHECK(infra::read_file_if_exists(dir.path() / "file") == std::optional<std::string>("content"));
}

TEST_CASE("write_file_atomically creates and replaces the content, leaving no temporary") {
    TempDir dir;
    const fs::path file = dir.path() / "graph.dot";
    infra::write_file_atomically(file, "first, and longer than the second");
    CHECK(sdk_test::read_file(file) == "first, and longer than the second");
    infra::write_file_atomically(file, "second");
    CHECK(sdk_test::read_file(file) == "second");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"graph.dot"});
    CHECK((fs::status(file).permissions() & (fs::perms::group_write | fs::perms::others_write)) == fs::perms::none);
}

TEST_CASE("a write into a missing folder throws naming the path and leaves nothing behind") {
    TempDir dir;
    const fs::path file = dir.path() / "no-such-folder" / "file.txt";
    CHECK_THROWS_MATCHES(infra::write_file_atomically(file, "bytes"), FileError,
                         message_has({file.string() + ": cannot write: No such file or directory"}));
    CHECK_FALSE(fs::exists(file.parent_path()));
    CHECK(names_in(dir.path()).empty());
}

TEST_CASE("a write over a folder throws and leaves the folder and no temporary") {
    TempDir dir;
    fs::create_directory(dir.path() / "taken");
    CHECK_THROWS_MATCHES(infra::write_file_atomically(dir.path() / "taken", "bytes"), FileError,
                         message_has({(dir.path() / "taken").string() + ": cannot write"}));
    CHECK(fs::is_directory(dir.path() / "taken"));
    CHECK(names_in(dir.path()) == std::vector<std::string>{"taken"});
}

TEST_CASE("write_file narrows a stale file's permissions to 0644 before writing") {
    TempDir dir;
    const fs::path file = dir.path() / "stale";
    sdk_test::write_file(file, "old content");
    fs::permissions(file, fs::perms::all);
    infra::write_file(file, "new");
    CHECK(sdk_test::read_file(file) == "new");
    CHECK((fs::status(file).permissions() & ~(fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                              fs::perms::others_read)) == fs::perms::none);
}

TEST_CASE("temporary names beside a path are in its folder and differ from call to call") {
    const fs::path target = "/some/folder/main.tf.json";
    const fs::path a = infra::temporary_path_beside(target);
    const fs::path b = infra::temporary_path_beside(target);
    CHECK(a.parent_path() == target.parent_path());
    CHECK(a.filename().string().rfind("main.tf.json.tmp-", 0) == 0);
    CHECK(a != b);
}

TEST_CASE("read_file stops past its size cap, for files and for endless devices") {
    TempDir dir;
    sdk_test::write_file(dir.path() / "ten", "0123456789");
    CHECK(infra::read_file(dir.path() / "ten", 10) == "0123456789");
    CHECK_THROWS_MATCHES(infra::read_file(dir.path() / "ten", 9), FileError,
                         message_has({"ten: cannot read: is larger than 9 bytes"}));
    CHECK_THROWS_MATCHES(infra::read_file("/dev/zero", std::size_t{1} << 20), FileError,
                         message_has({"/dev/zero: cannot read: is larger than 1 MiB"}));
}

TEST_CASE("read_file reads a FIFO with no writer as empty; read_file_if_exists refuses anything but a file") {
    TempDir dir;
    const fs::path fifo = dir.path() / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    CHECK(infra::read_file(fifo).empty());
    CHECK_THROWS_MATCHES(infra::read_file_if_exists(fifo), FileError,
                         message_has({"fifo: cannot read: is not a regular file"}));
    CHECK_THROWS_AS(infra::read_file_if_exists("/dev/null"), FileError);
}

TEST_CASE("write_new_file replaces a link at its name instead of writing through it") {
    TempDir dir;
    sdk_test::write_file(dir.path() / "victim", "kept");
    fs::create_symlink(dir.path() / "victim", dir.path() / "file.tmp");
    infra::write_new_file(dir.path() / "file.tmp", "new");
    CHECK(infra::read_file(dir.path() / "victim") == "kept");
    CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "file.tmp")));
    CHECK(infra::read_file(dir.path() / "file.tmp") == "new");
}

TEST_CASE("read_file_in_chunks passes a file on a megabyte at a time, at most max_bytes of it") {
    TempDir dir;
    std::string bytes;
    for (int i = 0; bytes.size() < (5u << 19); ++i) bytes += std::to_string(i) + ",";  // about 2.5 MiB
    sdk_test::write_file(dir.path() / "f", bytes);
    std::string seen;
    std::size_t largest = 0;
    const auto take = [&](std::string_view chunk) {
        seen += chunk;
        largest = std::max(largest, chunk.size());
    };
    CHECK(infra::read_file_in_chunks(dir.path() / "f", bytes.size(), take) == bytes.size());
    CHECK(seen == bytes);
    CHECK(largest <= (1u << 20));
    // A file holding more than max_bytes: only max_bytes are passed on, and
    // max_bytes + 1 says there was more.
    seen.clear();
    CHECK(infra::read_file_in_chunks(dir.path() / "f", 1500000, take) == 1500001);
    CHECK(seen == bytes.substr(0, 1500000));
    // Not a regular file: refused without waiting.
    REQUIRE(::mkfifo((dir.path() / "fifo").c_str(), 0644) == 0);
    CHECK_THROWS_WITH(infra::read_file_in_chunks(dir.path() / "fifo", 10, take),
                      Catch::Contains("fifo: cannot read: is not a regular file"));
    CHECK_THROWS_WITH(infra::read_file_in_chunks(dir.path(), 10, take), Catch::Contains("cannot read: is a folder"));
}

namespace {

// Hands `content` over in pieces of `piece` bytes.
infra::ContentProducer in_pieces(const std::string& content, std::size_t piece) {
    return [content, piece](const std::function<void(std::string_view)>& take) {
        for (std::size_t at = 0; at < content.size(); at += piece)
            take(std::string_view(content).substr(at, piece));
    };
}

// `size` bytes that differ from offset to offset, so a copy from the wrong
// place shows.
std::string varied(std::size_t size) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 4096) % 26);
    return s;
}

}  // namespace

TEST_CASE("write_new_file_unless_same creates nothing when the existing file holds the content already") {
    TempDir dir;
    const std::string content = varied(3'000'000);  // over a megabyte: compared in chunks
    const fs::path existing = dir.path() / "main.tf.json";
    sdk_test::write_file(existing, content);
    for (std::size_t piece : {std::size_t{1} << 20, std::size_t{4096} + 3, content.size()}) {
        CHECK_FALSE(infra::write_new_file_unless_same(dir.path() / "new", existing, in_pieces(content, piece)));
        CHECK(names_in(dir.path()) == std::vector<std::string>{"main.tf.json"});
    }
}

TEST_CASE("write_new_file_unless_same writes the whole content when it differs anywhere") {
    TempDir dir;
    const std::string old_content = varied(3'000'000);
    const fs::path existing = dir.path() / "main.tf.json";
    const fs::path created = dir.path() / "new";
    std::vector<std::string> changes;
    std::string middle = old_content;
    middle[2'500'001] = '#';  // in the third megabyte: two matched megabytes are copied from the old file
    changes.push_back(middle);
    changes.push_back(old_content.substr(0, 2'000'000));    // shorter: the old file goes on
    changes.push_back(old_content + "tail");                // longer
    changes.push_back("#" + old_content.substr(1));         // differs at once
    changes.push_back("");
    for (const std::string& content : changes) {
        sdk_test::write_file(existing, old_content);
        REQUIRE(infra::write_new_file_unless_same(created, existing, in_pieces(content, 65'536 + 1)));
        CHECK(infra::read_file(created) == content);
        CHECK(infra::read_file(existing) == old_content);
        fs::remove(created);
    }
}

TEST_CASE("write_new_file_unless_same writes when there is nothing to compare with or it is not our file") {
    TempDir dir;
    const fs::path created = dir.path() / "new";
    CHECK(infra::write_new_file_unless_same(created, dir.path() / "missing", in_pieces("data", 2)));
    CHECK(infra::read_file(created) == "data");
    fs::remove(created);

    // Same bytes, but wider permissions than the writer gives, or a link.
    const fs::path wide = dir.path() / "wide";
    sdk_test::write_file(wide, "data");
    fs::permissions(wide, fs::perms(0666));
    CHECK(infra::write_new_file_unless_same(created, wide, in_pieces("data", 2)));
    fs::remove(created);
    const fs::path link = dir.path() / "link";
    fs::create_symlink(dir.path() / "wide", link);
    CHECK(infra::write_new_file_unless_same(created, link, in_pieces("data", 2)));
    CHECK(infra::read_file(created) == "data");
}

TEST_CASE("write_new_file_unless_same leaves nothing behind when the content fails part-way") {
    TempDir dir;
    const fs::path existing = dir.path() / "old";
    sdk_test::write_file(existing, "old content");
    const infra::ContentProducer failing = [](const std::function<void(std::string_view)>& take) {
        take("new content that differs");
        throw std::runtime_error("rendering failed");
    };
    CHECK_THROWS_WITH(infra::write_new_file_unless_same(dir.path() / "new", existing, failing), "rendering failed");
    CHECK(names_in(dir.path()) == std::vector<std::string>{"old"});
    CHECK(infra::read_file(existing) == "old content");
}
