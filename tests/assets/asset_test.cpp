// Reproducible Lambda assets: the zip's bytes and hash depend only on file
// names, contents and the executable bit, and real zip readers accept it.
#include <catch2/catch.hpp>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "infra/app.hpp"
#include "infra/asset.hpp"
#include "infra/error.hpp"
#include "output_writer.hpp"
#include "infra/resource.hpp"
#include "infra/synthesizer.hpp"
#include "zip_archive.hpp"
#include "support/file_contents.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using test_support::read_file;
using test_support::run_command;
using test_support::TempDir;
using test_support::write_file;
namespace fs = std::filesystem;

namespace {

// A handler folder like modules/lambda/src.
void make_handlers(const fs::path& dir) {
    write_file(dir / "get_animals.py", "def handler(event, context):\n    return {'statusCode': 200}\n");
    write_file(dir / "db.py", "CONNECTION = None\n");
    write_file(dir / "lib/helper.py", "X = 1\n");
    write_file(dir / "__pycache__/db.cpython-311.pyc", "compiled");
    write_file(dir / "run.sh", "#!/bin/sh\necho hi\n");
    fs::permissions(dir / "run.sh", fs::perms::owner_exec, fs::perm_options::add);
}

const infra::Asset& make_asset(infra::App& app, const fs::path& dir, const char* stack = "dev") {
    auto& s = app.add<infra::Stack>(stack);
    return s.add<infra::Asset>("get_code", infra::AssetConfig{.source = dir, .exclude = {"__pycache__"}});
}

}  // namespace

TEST_CASE("the same folder gives byte-identical zips and hashes") {
    TempDir f;
    make_handlers(f.path() / "src");
    infra::App a, b;
    const auto& first = make_asset(a, f.path() / "src");
    const auto& second = make_asset(b, f.path() / "src");
    CHECK(first.zip_bytes() == second.zip_bytes());
    CHECK(first.hex_sha256() == second.hex_sha256());
    CHECK(first.path_in_stack() == "assets/get_code-" + first.hex_sha256().substr(0, 16) + ".zip");
}

TEST_CASE("touching a file's mtime does not change the zip but one changed byte does") {
    TempDir f;
    make_handlers(f.path() / "src");
    infra::App before;
    const std::string hash = make_asset(before, f.path() / "src").hex_sha256();

    fs::last_write_time(f.path() / "src/db.py", fs::file_time_type::clock::now() - std::chrono::hours(1000));
    infra::App touched;
    CHECK(make_asset(touched, f.path() / "src").hex_sha256() == hash);

    write_file(f.path() / "src/db.py", "CONNECTION = 0\n");
    infra::App changed;
    CHECK(make_asset(changed, f.path() / "src").hex_sha256() != hash);
}

TEST_CASE("source_code_hash is base64 of the SHA-256 of the zip bytes") {
    TempDir f;
    make_handlers(f.path() / "src");
    infra::App app;
    const auto& asset = make_asset(app, f.path() / "src");
    write_file(f.path() / "out.zip", asset.zip_bytes());
    const auto openssl = run_command("openssl dgst -sha256 -binary '" + (f.path() / "out.zip").string() + "' | base64");
    REQUIRE(openssl.exit_code == 0);
    const infra::Str hash = asset.base64_sha256();
    CHECK(hash.value().as_string() + "\n" == openssl.output);
    CHECK(hash.value().as_string().size() == 44);
}

TEST_CASE("python zipfile and unzip -t read the zip with sorted entries and exclusions and modes") {
    TempDir f;
    make_handlers(f.path() / "src");
    infra::App app;
    const auto& asset = make_asset(app, f.path() / "src");
    const fs::path zip = f.path() / "out.zip";
    write_file(zip, asset.zip_bytes());

    const auto unzip = run_command("unzip -t '" + zip.string() + "'");
    INFO(unzip.output);
    CHECK(unzip.exit_code == 0);
    CHECK(unzip.output.find("No errors detected") != std::string::npos);

    const auto py = run_command("/usr/bin/python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                        "assert z.testzip() is None; "
                        "print(','.join(i.filename for i in z.infolist())); "
                        "print(','.join(oct(i.external_attr >> 16) for i in z.infolist())); "
                        "print(','.join(str(i.date_time) for i in z.infolist()))\" '" +
                        zip.string() + "'");
    INFO(py.output);
    REQUIRE(py.exit_code == 0);
    CHECK(py.output.find("db.py,get_animals.py,lib/helper.py,run.sh\n") == 0);
    CHECK(py.output.find("0o100644,0o100644,0o100644,0o100755\n") != std::string::npos);
    CHECK(py.output.find("(1980, 1, 1, 0, 0, 0)") != std::string::npos);
}

TEST_CASE("the zip writer stores what deflate cannot shrink and real readers get every byte back") {
    TempDir f;
    std::mt19937 random(7);  // fixed seed: incompressible, and the same bytes every run
    std::string noise(100000, '\0');
    for (char& c : noise) c = static_cast<char>(random() & 0xff);
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a compressible file\n";
    const std::vector<infra::ZipEntry> entries = {
        {"empty.txt", "", false},
        {"noise.bin", noise, false},
        {"text.txt", text, true},
        {"d\xc3\xa9j\xc3\xa0/vu.py", "x = 1\n", false},  // a non-ASCII (UTF-8) name
    };
    const std::string bytes = infra::make_reproducible_zip(entries);
    CHECK(bytes == infra::make_reproducible_zip({entries.rbegin(), entries.rend()}));  // order of the list does not matter
    CHECK(bytes.size() < noise.size() + text.size() / 4);  // the text is deflated, the noise is not grown
    const fs::path zip = f.path() / "out.zip";
    write_file(zip, bytes);
    write_file(f.path() / "expected/noise.bin", noise);
    write_file(f.path() / "expected/text.txt", text);

    const auto unzip = run_command("unzip -t '" + zip.string() + "'");
    INFO(unzip.output);
    CHECK(unzip.exit_code == 0);
    const auto py = run_command("/usr/bin/python3 -c \"import zipfile,sys,os; z=zipfile.ZipFile(sys.argv[1]); e=sys.argv[2]; "
                        "assert z.testzip() is None; "
                        "print([(i.filename, i.compress_type, oct(i.external_attr >> 16)) for i in z.infolist()]); "
                        "assert z.read('empty.txt') == b''; "
                        "assert z.read('noise.bin') == open(os.path.join(e, 'noise.bin'), 'rb').read(); "
                        "assert z.read('text.txt') == open(os.path.join(e, 'text.txt'), 'rb').read(); "
                        "assert z.read('d\u00e9j\u00e0/vu.py') == b'x = 1\\n'; print('ok')\" '" +
                        zip.string() + "' '" + (f.path() / "expected").string() + "'");
    INFO(py.output);
    REQUIRE(py.exit_code == 0);
    CHECK(py.output.find("('empty.txt', 0, '0o100644')") != std::string::npos);   // stored
    CHECK(py.output.find("('noise.bin', 0, '0o100644')") != std::string::npos);   // stored
    CHECK(py.output.find("('text.txt', 8, '0o100755')") != std::string::npos);    // deflated, executable
    CHECK(py.output.find("('d\u00e9j\u00e0/vu.py', 0, '0o100644')") != std::string::npos);  // 6 bytes: stored
    CHECK(py.output.find("ok\n") != std::string::npos);
}

TEST_CASE("the zip writer refuses what a zip without zip64 cannot hold, and empty or duplicate names") {
    std::vector<infra::ZipEntry> many;
    for (int i = 0; i < 65535; ++i) many.push_back({"f" + std::to_string(i), "", false});
    CHECK_THROWS_WITH(infra::make_reproducible_zip(many), Catch::Contains("65535 entries"));
    many.pop_back();
    CHECK_NOTHROW(infra::make_reproducible_zip(many));
    CHECK_THROWS_WITH(infra::make_reproducible_zip({{"", "x", false}}), Catch::Contains("empty name"));
    CHECK_THROWS_WITH(infra::make_reproducible_zip({{"a", "1", false}, {"a", "2", false}}),
                      Catch::Contains("two entries named \"a\""));
}

TEST_CASE("extra folders merge at the root and a name in two folders is an error") {
    TempDir f;
    make_handlers(f.path() / "src");
    write_file(f.path() / "deps/pg8000/__init__.py", "");
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");
    const auto& asset = stack.add<infra::Asset>(
        "code", infra::AssetConfig{.source = f.path() / "src", .extra_dirs = {f.path() / "deps"}, .exclude = {"__pycache__"}});
    CHECK(asset.zip_bytes().find("pg8000/__init__.py") != std::string::npos);

    write_file(f.path() / "clash/db.py", "");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("clash", infra::AssetConfig{.source = f.path() / "src",
                                                                         .extra_dirs = {f.path() / "clash"}}),
                      Catch::Contains("dev/clash: \"db.py\" is in more than one of the asset's folders"));
}

TEST_CASE("a missing or empty source folder is an error naming the construct") {
    TempDir f;
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("code", infra::AssetConfig{.source = f.path() / "nope"}),
                      Catch::Contains("dev/code: asset source") && Catch::Contains("does not exist"));
    fs::create_directories(f.path() / "empty");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("code2", infra::AssetConfig{.source = f.path() / "empty"}),
                      Catch::Contains("holds no files"));
}

TEST_CASE("synthesis writes the zip beside main.tf.json and removes the zip it replaces") {
    TempDir f;
    make_handlers(f.path() / "src");
    const fs::path out = f.path() / "infra.out";
    auto synth = [&] {
        infra::App app;
        auto& stack = app.add<infra::Stack>("dev");
        const auto& code = stack.add<infra::Asset>("code", infra::AssetConfig{.source = f.path() / "src"});
        auto& fn = stack.add<infra::Resource>("fn", "aws_lambda_function");
        fn.set("filename", code.filename());
        fn.set("source_code_hash", code.base64_sha256());
        infra::write_output(out, infra::synthesize(app));
        return code.path_in_stack();
    };
    const std::string first = synth();
    CHECK(fs::exists(out / "stacks/dev" / first));
    const std::string json = read_file(out / "stacks/dev/main.tf.json");
    CHECK(json.find("\"filename\": \"" + first + "\"") != std::string::npos);
    CHECK(read_file(out / "manifest.json").find("stacks/dev/" + first) != std::string::npos);

    write_file(f.path() / "src/db.py", "CONNECTION = 2\n");
    const std::string second = synth();
    CHECK(second != first);
    CHECK(fs::exists(out / "stacks/dev" / second));
    CHECK_FALSE(fs::exists(out / "stacks/dev" / first));
}

TEST_CASE("a symlink pointing outside the asset folder is an error naming the construct, the link and its target") {
    TempDir f;
    make_handlers(f.path() / "src");
    write_file(f.path() / "secret.txt", "not for the zip");
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");

    fs::create_symlink("../secret.txt", f.path() / "src/relative.txt");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("relative", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/relative: symlink " + (f.path() / "src/relative.txt").string() +
                                      " points outside the asset folder") &&
                          Catch::Contains("its target is ../secret.txt"));
    fs::remove(f.path() / "src/relative.txt");

    fs::create_symlink(f.path() / "secret.txt", f.path() / "src/lib/absolute.txt");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("absolute", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/absolute: symlink " + (f.path() / "src/lib/absolute.txt").string()) &&
                          Catch::Contains("its target is " + (f.path() / "secret.txt").string()));
    fs::remove(f.path() / "src/lib/absolute.txt");

    // A folder outside, and a link to a file that does not exist, outside.
    fs::create_symlink("/etc", f.path() / "src/etc");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("folder", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/folder: symlink") && Catch::Contains("its target is /etc"));
    fs::remove(f.path() / "src/etc");
    fs::create_symlink("../../nowhere/x.py", f.path() / "src/dangling.py");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("dangling", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/dangling: symlink") && Catch::Contains("points outside"));
    fs::remove(f.path() / "src/dangling.py");

    // Nothing was packed for the refused assets: the folder as it is now packs fine.
    CHECK_NOTHROW(stack.add<infra::Asset>("fine", infra::AssetConfig{.source = f.path() / "src"}));
}

TEST_CASE("a symlink inside the asset folder is stored as the file or folder it points to") {
    TempDir f;
    make_handlers(f.path() / "src");
    fs::create_symlink("db.py", f.path() / "src/alias.py");
    fs::create_symlink("lib", f.path() / "src/shared");
    fs::create_symlink("../run.sh", f.path() / "src/lib/run_link.sh");
    infra::App app;
    const auto& asset = make_asset(app, f.path() / "src");
    const fs::path zip = f.path() / "out.zip";
    write_file(zip, asset.zip_bytes());
    const auto py = run_command("/usr/bin/python3 -c \"import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                        "print(','.join(i.filename for i in z.infolist())); "
                        "print(','.join(oct(i.external_attr >> 16) for i in z.infolist())); "
                        "print(z.read('alias.py').decode(), end='')\" '" +
                        zip.string() + "'");
    INFO(py.output);
    REQUIRE(py.exit_code == 0);
    CHECK(py.output.find("alias.py,db.py,get_animals.py,lib/helper.py,lib/run_link.sh,run.sh,shared/helper.py,"
                         "shared/run_link.sh\n") == 0);
    // Regular files (0o100...), an executable where the target is one: no link entries.
    CHECK(py.output.find("0o100644,0o100644,0o100644,0o100644,0o100755,0o100755,0o100644,0o100755\n") !=
          std::string::npos);
    CHECK(py.output.find("CONNECTION = None\n") != std::string::npos);

    // The same content without links gives the same zip: links leave no trace.
    TempDir g;
    make_handlers(g.path() / "src");
    write_file(g.path() / "src/alias.py", "CONNECTION = None\n");
    write_file(g.path() / "src/shared/helper.py", "X = 1\n");
    for (const auto* name : {"src/lib/run_link.sh", "src/shared/run_link.sh"}) {
        write_file(g.path() / name, "#!/bin/sh\necho hi\n");
        fs::permissions(g.path() / name, fs::perms::owner_exec, fs::perm_options::add);
    }
    infra::App other;
    CHECK(make_asset(other, g.path() / "src").hex_sha256() == asset.hex_sha256());
}

TEST_CASE("a folder symlink that leads back into the folder being packed is an error") {
    TempDir f;
    make_handlers(f.path() / "src");
    fs::create_symlink("..", f.path() / "src/lib/up");
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("code", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/code: symlink " + (f.path() / "src/lib/up").string() + " leads back into"));
    fs::remove(f.path() / "src/lib/up");
    // Two links that lead into each other's folders.
    fs::create_directories(f.path() / "src/a/b");
    fs::create_symlink("../../c", f.path() / "src/a/b/to_c");
    fs::create_directories(f.path() / "src/c");
    fs::create_symlink("../a", f.path() / "src/c/to_a");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("code2", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/code2: symlink") && Catch::Contains("leads back into"));
}

TEST_CASE("entry names are relative to the folder however its path is spelled, never with ..") {
    TempDir f;
    make_handlers(f.path() / "src");
    infra::App a, b, c;
    const auto& plain = make_asset(a, f.path() / "src");
    const auto& dotted = make_asset(b, f.path() / "src/lib/..");
    const auto& trailing = make_asset(c, fs::path((f.path() / "src").string() + "/"));
    CHECK(dotted.hex_sha256() == plain.hex_sha256());
    CHECK(trailing.hex_sha256() == plain.hex_sha256());
    CHECK(plain.zip_bytes().find("..") == std::string::npos);

    // A relative source path, from another working folder.
    const fs::path cwd = fs::current_path();
    fs::current_path(f.path() / "src/lib");
    infra::App d;
    const std::string relative_hash = make_asset(d, "../../src").hex_sha256();
    fs::current_path(cwd);
    CHECK(relative_hash == plain.hex_sha256());
}

TEST_CASE("an unreadable file in the asset folder is an error naming it") {
    TempDir f;
    make_handlers(f.path() / "src");
    fs::permissions(f.path() / "src/db.py", fs::perms::none);
    std::ifstream probe(f.path() / "src/db.py");
    if (probe.good()) {
        WARN("running with permission to read any file (root): the unreadable case cannot be made here");
        fs::permissions(f.path() / "src/db.py", fs::perms::owner_all);
        return;
    }
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");
    CHECK_THROWS_WITH(stack.add<infra::Asset>("code", infra::AssetConfig{.source = f.path() / "src"}),
                      Catch::Contains("dev/code: cannot read asset file " + (f.path() / "src/db.py").string()) &&
                          Catch::Contains("Permission denied"));
    fs::permissions(f.path() / "src/db.py", fs::perms::owner_all);
}

TEST_CASE("an asset's files count against its size limit together, across its folders") {
    TempDir f;
    write_file(f.path() / "src/a.py", std::string(600, 'a'));
    write_file(f.path() / "extra/b.py", std::string(500, 'b'));
    infra::App app;
    auto& stack = app.add<infra::Stack>("dev");
    // Each folder fits alone; together they are 1,100 bytes.
    CHECK_NOTHROW(stack.add<infra::Asset>("one", infra::AssetConfig{.source = f.path() / "src", .max_unzipped_bytes = 1000}));
    CHECK_THROWS_WITH(stack.add<infra::Asset>("both", infra::AssetConfig{.source = f.path() / "src",
                                                                          .extra_dirs = {f.path() / "extra"},
                                                                          .max_unzipped_bytes = 1000}),
                      Catch::Contains("dev/both: the asset's files come to more than 1000 bytes unzipped with") &&
                          Catch::Contains("b.py (500 bytes)"));
    CHECK(infra::AssetConfig{}.max_unzipped_bytes == 262'144'000);
}

TEST_CASE("an asset's files are read a chunk at a time, never held whole") {
    TempDir f;
    // 192 MiB of zeros that take no disk (a sparse file): held whole, it
    // alone would raise the peak by that much.
    constexpr off_t kLarge = off_t{192} << 20;
    write_file(f.path() / "src/handler.py", "def handler(event, context):\n    return 1\n");
    {
        std::ofstream large(f.path() / "src/model.bin");
    }
    fs::resize_file(f.path() / "src/model.bin", static_cast<std::uintmax_t>(kLarge));
    // Measured in a child process, whose peak is its own.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int code = 3;
        try {
            infra::App app;
            auto& stack = app.add<infra::Stack>("dev");
            rusage before{};
            ::getrusage(RUSAGE_SELF, &before);
            const auto& asset = stack.add<infra::Asset>("code", infra::AssetConfig{.source = f.path() / "src"});
            rusage after{};
            ::getrusage(RUSAGE_SELF, &after);
            const long grown_kib = after.ru_maxrss - before.ru_maxrss;
            // The zip of 192 MiB of zeros is about 190 KiB; 1 MiB chunks.
            code = asset.zip_bytes().size() < (1 << 20) ? (grown_kib < 48 * 1024 ? 0 : 1) : 2;
        } catch (...) {
            code = 4;
        }
        ::_exit(code);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    INFO("1: the peak grew by 48 MiB or more; 2: the zip is not small; 3, 4: packing failed");
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a file read from disk zips to the same bytes as the same content in memory, and a changed one is an error") {
    TempDir f;
    std::string text;
    for (int i = 0; i < 300000; ++i) text += "line " + std::to_string(i) + "\n";  // several 1 MiB chunks
    write_file(f.path() / "big.txt", text);
    write_file(f.path() / "small.txt", "abc");
    const auto size_of = [&](const char* name) { return static_cast<std::uint64_t>(fs::file_size(f.path() / name)); };
    const std::string from_memory = infra::make_reproducible_zip({{"big.txt", text, false}, {"small.txt", "abc", true}});
    const std::string from_disk = infra::make_reproducible_zip(
        {{.name = "big.txt", .source = f.path() / "big.txt", .size = size_of("big.txt")},
         {.name = "small.txt", .executable = true, .source = f.path() / "small.txt", .size = size_of("small.txt")}});
    CHECK(from_disk == from_memory);

    // The size found by the folder walk no longer holds.
    CHECK_THROWS_WITH(infra::make_reproducible_zip({{.name = "small.txt", .source = f.path() / "small.txt", .size = 5}}),
                      Catch::Contains("small.txt: cannot read: it changed while it was being packed (5 bytes when "
                                      "found, 3 now)"));
    CHECK_THROWS_WITH(infra::make_reproducible_zip({{.name = "big.txt", .source = f.path() / "big.txt", .size = 10}}),
                      Catch::Contains("big.txt: cannot read: it changed while it was being packed (10 bytes when "
                                      "found, more now)"));
    // A FIFO put in the file's place is not read (nor waited on).
    fs::remove(f.path() / "small.txt");
    REQUIRE(::mkfifo((f.path() / "small.txt").c_str(), 0644) == 0);
    CHECK_THROWS_WITH(infra::make_reproducible_zip({{.name = "small.txt", .source = f.path() / "small.txt", .size = 3}}),
                      Catch::Contains("small.txt: cannot read: is not a regular file"));
}
