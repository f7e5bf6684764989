// `infra validate`, `infra synth` and `infra get` as a user runs them: exit
// codes, messages, and what is (not) written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "support/file_contents.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

using test_support::CommandResult;
using test_support::TempDir;
using test_support::write_file;

namespace {

// VALIDATION_STACKS_CLI and INFRA_BINARY are the build's paths of the two
// executables (CMakeLists.txt).
CommandResult stacks_cli(const std::string& args, const TempDir& dir) {
    return test_support::run_command("'" VALIDATION_STACKS_CLI "' " + args, dir.path());
}

CommandResult infra_cli(const std::string& args, const TempDir& dir) {
    return test_support::run_command("'" INFRA_BINARY "' " + args, dir.path());
}

}  // namespace

TEST_CASE("validate: every aws type built from its binding is valid") {
    TempDir dir;
    const auto r = stacks_cli("validate every_type", dir);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("info: every_type: valid") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "infra.out"));  // validate writes nothing
}

TEST_CASE("validate: an error names path, address and argument, with exit code 1") {
    TempDir dir;
    const auto r = stacks_cli("validate reject_unknown_argument", dir);
    CHECK(r.exit_code == 1);
    CHECK(r.output == "error: reject_unknown_argument/vpc (aws_vpc.vpc): unknown argument \"cidr_blockk\"; did you "
                      "mean \"cidr_block\"?\n");
}

TEST_CASE("validate: every rejected case fails, every accepted case passes") {
    TempDir dir;
    const auto list = stacks_cli("list", dir);
    REQUIRE(list.exit_code == 0);
    int rejected = 0, accepted = 0;
    std::size_t start = 0;
    while (start < list.output.size()) {
        const std::size_t end = list.output.find('\n', start);
        const std::string line = list.output.substr(start, end - start);
        start = end == std::string::npos ? list.output.size() : end + 1;
        const std::string name = line.substr(0, line.find(' '));
        if (name.rfind("reject_", 0) == 0) {
            ++rejected;
            const auto r = stacks_cli("validate " + name, dir);
            INFO(name << ": " << r.output);
            CHECK(r.exit_code == 1);
            CHECK(r.output.rfind("error: " + name + "/", 0) == 0);
        } else if (name.rfind("accept_", 0) == 0) {
            ++accepted;
            const auto r = stacks_cli("validate " + name, dir);
            INFO(name << ": " << r.output);
            CHECK(r.exit_code == 0);
        }
    }
    CHECK(rejected >= 10);
    CHECK(accepted >= 3);
}

TEST_CASE("validate: warnings pass, unless --strict") {
    TempDir dir;
    const auto r = stacks_cli("validate accept_deprecated_argument", dir);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("warning: accept_deprecated_argument/eip (aws_eip.eip): argument \"vpc\" is deprecated") !=
          std::string::npos);
    const auto strict = stacks_cli("validate --strict accept_deprecated_argument", dir);
    CHECK(strict.exit_code == 1);
    CHECK(strict.output.find("error: 1 warning and --strict: validation failed") != std::string::npos);
}

TEST_CASE("validate: a provider without a registered schema is not validated, said at debug level") {
    TempDir dir;
    const auto quiet = stacks_cli("validate other_provider", dir);
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.output.find("not validated") == std::string::npos);
    const auto verbose = stacks_cli("-v validate other_provider", dir);
    CHECK(verbose.exit_code == 0);
    CHECK(verbose.output.find("debug: google_compute_network: not validated, no schema of its provider is loaded") !=
          std::string::npos);
}

TEST_CASE("synth: schema errors stop synthesis and write nothing, and --no-validate skips the check") {
    TempDir dir;
    const auto r = stacks_cli("synth reject_read_only", dir);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("error: reject_read_only/vpc (aws_vpc.vpc): argument \"owner_id\" is read-only") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "infra.out/stacks/reject_read_only/main.tf.json"));
    const auto skipped = stacks_cli("synth --no-validate reject_read_only", dir);
    CHECK(skipped.exit_code == 0);
    CHECK(std::filesystem::exists(dir.path() / "infra.out/stacks/reject_read_only/main.tf.json"));
}

TEST_CASE("validate: the shipped dev stack is valid") {
    TempDir dir;
    const auto r = infra_cli("validate dev", dir);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("dev: valid") != std::string::npos);
}

TEST_CASE("get: bindings for a provider schema the user brings") {
    TempDir dir;
    const std::string schema = std::string(TOY_SCHEMA);
    const auto r = infra_cli("get --schema '" + schema + "' --out gen --namespace acme::toy", dir);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(std::filesystem::exists(dir.path() / "gen/include/acme/toy/widget.hpp"));
    CHECK(std::filesystem::exists(dir.path() / "gen/src/acme/toy/widget.cpp"));
    CHECK(std::filesystem::exists(dir.path() / "gen/include/acme/toy/provider_schema.hpp"));
    const auto again = infra_cli("get --schema '" + schema + "' --out gen --namespace acme::toy", dir);
    CHECK(again.output.find("0 files written, 8 unchanged") != std::string::npos);
}

TEST_CASE("get: bad input is one line, exit code 2, and no output") {
    TempDir dir;
    write_file(dir.path() / "broken.json", "{\"format_version\": \"1.0\", \"provider_schemas\": {");
    const auto broken = infra_cli("get --schema broken.json --out gen", dir);
    CHECK(broken.exit_code == 2);
    CHECK(broken.output.rfind("error: broken.json: not valid JSON: parse error at line 1", 0) == 0);
    CHECK(std::count(broken.output.begin(), broken.output.end(), '\n') == 1);

    write_file(dir.path() / "my.types", "toy_widget\ntoy_gadget\n");
    const auto unknown = infra_cli("get --schema '" + std::string(TOY_SCHEMA) + "' --types my.types --out gen", dir);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.output == "error: my.types:2: unknown resource type \"toy_gadget\" (not in " + std::string(TOY_SCHEMA) +
                                "); did you mean \"toy_widget\"?\n");
    CHECK_FALSE(std::filesystem::exists(dir.path() / "gen"));
}
