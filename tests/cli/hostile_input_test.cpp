// Inputs and output-folder states an adversarial user (or a bad day) hands
// the command line, which the table of bad_input_test.cpp cannot express:
// FIFOs, devices, pipes, links planted where infra writes its temporaries,
// and a git option smuggled into a revision. Each case says what must hold:
// no hang (every run has a timeout, exit 124 is a failure), one error line,
// and nothing written outside what the run owns.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::TempDir;
using infra_test::write_file;
namespace fs = std::filesystem;

namespace {

// `infra <args>` in `cwd`, ended after 60 s (exit 124) instead of hanging.
infra_test::RunResult run_bounded(const std::string& args, const fs::path& cwd) {
    return infra_test::run_infra_with_env("NO_COLOR=1 timeout 60 ", args, cwd);
}

bool is_one_error_line(const std::string& output) {
    return output.rfind("error: ", 0) == 0 && output.find('\n') == output.size() - 1;
}

void make_fifo(const fs::path& path) { REQUIRE(::mkfifo(path.c_str(), 0644) == 0); }

}  // namespace

TEST_CASE("a config file that is a FIFO with no writer is read as empty, without waiting") {
    TempDir work;
    make_fifo(work.path() / "settings.json");
    const auto result = run_bounded("synth dev --config settings.json", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("settings.json: malformed JSON") != std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "infra.out"));
}

TEST_CASE("a config file linked to /dev/zero stops at the size cap with one line") {
    TempDir work;
    fs::create_symlink("/dev/zero", work.path() / "settings.json");
    const auto result = run_bounded("synth dev --config settings.json", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("settings.json: cannot read the config file: is larger than 16 MiB") != std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "infra.out"));
}

TEST_CASE("a config file from a pipe is read once and its settings apply") {
    TempDir work;
    SECTION("/dev/stdin") {
        const auto result = infra_test::run_infra_with_env(
            "printf '{\"vpc_cidr\": \"10.9.0.0/16\"}' | timeout 60 ", "-q synth dev --config /dev/stdin", work.path());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
    }
    SECTION("a process substitution") {
        // bash's <(...), which /bin/sh lacks: through a script.
        write_file(work.path() / "run.sh",
                   "timeout 60 '" INFRA_BINARY "' -q synth dev --config <(printf '{\"vpc_cidr\": \"10.9.0.0/16\"}')\n");
        const auto result = test_support::run_command("bash run.sh", work.path());
        INFO(result.output);
        REQUIRE(result.exit_code == 0);
    }
    const std::string dev = read_file(work.path() / "infra.out/stacks/dev/main.tf.json");
    CHECK(dev.find("10.9.0.0/16") != std::string::npos);
}

TEST_CASE("a config file with bytes after a NUL is refused, naming the offset") {
    TempDir work;
    write_file(work.path() / "settings.json", std::string("{\"region\": \"eu-west-1\"}\0garbage", 31));
    const auto result = run_bounded("synth dev --config settings.json", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("settings.json: a NUL byte at offset 23") != std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "infra.out"));
}

TEST_CASE("a config file naming one key twice is refused instead of keeping the last") {
    TempDir work;
    write_file(work.path() / "settings.json", "{\"region\": \"eu-west-1\", \"region\": \"us-east-1\"}");
    const auto result = run_bounded("synth dev --config settings.json", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("settings.json: the key \"region\" appears twice in one object") != std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "infra.out"));
}

TEST_CASE("diff --against never passes an option to git") {
    TempDir work;
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    REQUIRE(test_support::run_command("git init -q .", work.path()).exit_code == 0);
    const auto result = run_bounded("diff dev --against '--output=written-by-git'", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("--against --output=written-by-git: not a folder, and not a git revision") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "written-by-git"));
}

TEST_CASE("a FIFO in place of a previous output never makes a run wait") {
    TempDir work;
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    SECTION("manifest.json: refused, the output left as it was") {
        fs::remove(work.path() / "infra.out/manifest.json");
        make_fifo(work.path() / "infra.out/manifest.json");
        const std::string dev_before = read_file(work.path() / "infra.out/stacks/dev/main.tf.json");
        const auto result = run_bounded("synth dev --set vpc_cidr=10.9.0.0/16", work.path());
        INFO(result.output);
        CHECK(result.exit_code == 1);
        CHECK(is_one_error_line(result.output));
        CHECK(result.output.find("manifest.json: cannot read: is not a regular file") != std::string::npos);
        CHECK(read_file(work.path() / "infra.out/stacks/dev/main.tf.json") == dev_before);
    }
    SECTION("a stack's main.tf.json: replaced by the new output") {
        const fs::path dev = work.path() / "infra.out/stacks/dev/main.tf.json";
        fs::remove(dev);
        make_fifo(dev);
        const auto result = run_bounded("-q synth dev", work.path());
        INFO(result.output);
        CHECK(result.exit_code == 0);
        CHECK(fs::is_regular_file(fs::symlink_status(dev)));
        CHECK(read_file(dev).find("\"aws_vpc\"") != std::string::npos);
    }
}

TEST_CASE("a link planted at a temporary's name is replaced, never written through") {
    TempDir work;
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    write_file(work.path() / "victim", "not infra's\n");
    // The run's temporaries are "<file>.tmp-<pid>-<n>"; `exec` keeps the
    // shell's pid, so links at the names of its first temporaries are in
    // place before it starts (no `timeout` here: it would run infra under
    // another pid).
    std::string plant;
    for (const char* file : {"stacks/bootstrap/main.tf.json", "stacks/dev/main.tf.json", "manifest.json"})
        for (int n = 0; n < 16; ++n)
            plant += "ln -s \"$PWD/victim\" infra.out/" + std::string(file) + ".tmp-$$-" + std::to_string(n) + "; ";
    write_file(work.path() / "run.sh", plant + "exec '" INFRA_BINARY "' -q synth dev --set vpc_cidr=10.9.0.0/16\n");
    const auto result = test_support::run_command("sh run.sh", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(read_file(work.path() / "victim") == "not infra's\n");
    const fs::path dev = work.path() / "infra.out/stacks/dev/main.tf.json";
    CHECK(fs::is_regular_file(fs::symlink_status(dev)));
    CHECK(read_file(dev).find("10.9.0.0/16") != std::string::npos);
}

TEST_CASE("a manifest edited to list files outside a stack's assets never makes synth delete them") {
    TempDir work;
    REQUIRE(run_bounded("-q synth bootstrap dev", work.path()).exit_code == 0);
    const fs::path out = work.path() / "infra.out";
    write_file(out / "stacks/bootstrap/terraform.tfstate", "bootstrap's state\n");
    write_file(out / "stacks/dev/terraform.tfstate", "dev's state\n");
    write_file(work.path() / "outside.txt", "not in the output folder\n");
    write_file(out / "stacks/dev/assets/old-0000.zip", "an asset an earlier synth wrote\n");
    auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    for (const char* planted : {"stacks/bootstrap/terraform.tfstate", "stacks/dev/terraform.tfstate", "../outside.txt",
                                "stacks/dev/assets/../terraform.tfstate", "stacks/dev/assets/old-0000.zip"})
        manifest["stacks"]["dev"]["files"].push_back(planted);
    write_file(out / "manifest.json", manifest.dump(2));

    const auto result = run_bounded("-q synth dev", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 0);
    CHECK(read_file(out / "stacks/bootstrap/terraform.tfstate") == "bootstrap's state\n");
    CHECK(read_file(out / "stacks/dev/terraform.tfstate") == "dev's state\n");
    CHECK(read_file(work.path() / "outside.txt") == "not in the output folder\n");
    // What synthesis does own still goes when it is stale.
    CHECK_FALSE(fs::exists(out / "stacks/dev/assets/old-0000.zip"));
}

namespace {

// `open` `n` times, then `middle`, then `close` `n` times.
std::string nested(int n, const std::string& open, const std::string& middle, const std::string& close) {
    std::string out;
    for (int i = 0; i < n; ++i) out += open;
    out += middle;
    for (int i = 0; i < n; ++i) out += close;
    return out;
}

std::string schema_with_resource_block(const std::string& block) {
    return "{\"format_version\": \"1.0\", \"provider_schemas\": {\"registry.terraform.io/x/toy\": "
           "{\"resource_schemas\": {\"toy_thing\": {\"version\": 0, \"block\": " +
           block + "}}}}}";
}

}  // namespace

TEST_CASE("a provider schema nested 30,000 levels deep is refused in one line, without a crash") {
    const int depth = 30'000;
    const std::vector<std::pair<std::string, std::string>> schemas = {
        {"types", schema_with_resource_block("{\"attributes\": {\"a\": {\"type\": " +
                                             nested(depth, "[\"list\", ", "\"string\"", "]") + ", \"optional\": true}}}")},
        {"block types", schema_with_resource_block(nested(depth, "{\"block_types\": {\"b\": {\"nesting_mode\": \"list\", \"block\": ",
                                                          "{}", "}}}"))},
        {"nested types", schema_with_resource_block(
                             "{\"attributes\": {\"a\": " +
                             nested(depth, "{\"optional\": true, \"nested_type\": {\"nesting_mode\": \"single\", \"attributes\": {\"n\": ",
                                    "{\"type\": \"string\", \"optional\": true}", "}}}") +
                             "}}")},
    };
    for (const auto& [what, text] : schemas) {
        DYNAMIC_SECTION(what) {
            TempDir work;
            write_file(work.path() / "schema.json", text);
            const auto result = run_bounded("get --schema schema.json --out generated", work.path());
            INFO(result.output.substr(0, 2000));
            CHECK(result.exit_code == 2);
            CHECK(is_one_error_line(result.output));
            CHECK(result.output.find("schema.json: not valid JSON: nested deeper than 512 levels") != std::string::npos);
            CHECK_FALSE(fs::exists(work.path() / "generated"));
        }
    }
}

TEST_CASE("a diff baseline that is not a Terraform JSON document is refused") {
    TempDir work;
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    SECTION("nested 30,000 levels deep") {
        write_file(work.path() / "old.tf.json", nested(30'000, "[", "", "]"));
        const auto result = run_bounded("diff dev --against old.tf.json", work.path());
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK(is_one_error_line(result.output));
        CHECK(result.output.find("not Terraform JSON: nested deeper than 512 levels") != std::string::npos);
    }
    SECTION("a list, not an object of blocks") {
        write_file(work.path() / "old.tf.json", "[{\"resource\": {}}]");
        const auto result = run_bounded("diff dev --against old.tf.json", work.path());
        INFO(result.output);
        CHECK(result.exit_code == 2);
        CHECK(is_one_error_line(result.output));
        CHECK(result.output.find("not Terraform JSON: its top level is array") != std::string::npos);
    }
}

TEST_CASE("a value of ten million characters makes a short error, not a copy of itself") {
    TempDir work;
    write_file(work.path() / "settings.json", "{\"project\": \"" + std::string(10'000'000, 'p') + "\"}");
    const auto result = run_bounded("synth dev --config settings.json", work.path());
    INFO(result.output.substr(0, 500));
    CHECK(result.exit_code == 2);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.size() < 400);
    CHECK(result.output.find("(10000000 characters) is longer than 63 characters") != std::string::npos);
}

TEST_CASE("a dependencies folder holding an 8 GiB sparse file fails at synth on its size, without reading it") {
    TempDir work;
    write_file(work.path() / "deps/pg8000/__init__.py", "# stand-in\n");
    write_file(work.path() / "deps/big.bin", "");
    fs::resize_file(work.path() / "deps/big.bin", std::uintmax_t{8} << 30);  // sparse: no disk used
    const auto result = run_bounded("synth dev --set lambda_dependencies=deps", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("dev/lambda/code: the asset's files come to more than 262144000 bytes unzipped with") !=
          std::string::npos);
    CHECK(result.output.find("(8589934592 bytes); Lambda takes at most 250 MB of code") != std::string::npos);
    CHECK_FALSE(fs::exists(work.path() / "infra.out"));
}

TEST_CASE("a stack file that cannot be replaced leaves the earlier output whole, not a mix of old and new") {
    TempDir work;
    REQUIRE(run_bounded("-q synth", work.path()).exit_code == 0);
    const fs::path out = work.path() / "infra.out";
    const std::string bootstrap = read_file(out / "stacks/bootstrap/main.tf.json");
    const std::string dev = read_file(out / "stacks/dev/main.tf.json");
    const std::string manifest = read_file(out / "manifest.json");
    // prod, renamed into place after bootstrap and dev, cannot be: a folder
    // holds its name.
    fs::remove(out / "stacks/prod/main.tf.json");
    fs::create_directories(out / "stacks/prod/main.tf.json/in-the-way");

    const auto result = run_bounded("synth --set project=other", work.path());
    INFO(result.output);
    CHECK(result.exit_code == 1);
    CHECK(is_one_error_line(result.output));
    CHECK(result.output.find("stacks/prod/main.tf.json: cannot replace file: Is a directory") != std::string::npos);
    CHECK(read_file(out / "stacks/bootstrap/main.tf.json") == bootstrap);
    CHECK(read_file(out / "stacks/dev/main.tf.json") == dev);
    CHECK(read_file(out / "manifest.json") == manifest);
    for (const auto& entry : fs::recursive_directory_iterator(out)) {
        INFO(entry.path());
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
    }
}

TEST_CASE("temporaries a killed run left are removed by the next run") {
    TempDir work;
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    const fs::path out = work.path() / "infra.out";
    const std::vector<fs::path> left = {out / "manifest.json.tmp-99999-0", out / "stacks/dev/main.tf.json.tmp-4242-7",
                                        out / "stacks/dev/assets/lambda_code-0000.zip.tmp-4242-8"};
    for (const auto& file : left) write_file(file, "half a file");
    write_file(out / "stacks/dev/notes.tmp-draft", "not infra's: a name of another shape");
    REQUIRE(run_bounded("-q synth dev", work.path()).exit_code == 0);
    for (const auto& file : left) {
        INFO(file);
        CHECK_FALSE(fs::exists(file));
    }
    CHECK(fs::exists(out / "stacks/dev/notes.tmp-draft"));
}
