// The `infra` command line as a user meets it: exit codes, one-line errors,
// what lands on disk and what does not.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_test_stacks_cli;
using infra_test::run_infra;
using infra_test::TempDir;
using infra_test::write_file;
namespace fs = std::filesystem;

namespace {

std::size_t line_count(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

nlohmann::json synthesized_dev(const fs::path& dir) {
    return nlohmann::json::parse(read_file(dir / "infra.out/stacks/dev/main.tf.json"));
}

}  // namespace

TEST_CASE("version and help exit 0 and document exit codes") {
    TempDir dir;
    auto v = run_infra("version", dir.path());
    CHECK(v.exit_code == 0);
    CHECK(v.output.rfind("infra ", 0) == 0);

    auto help = run_infra("--help", dir.path());
    CHECK(help.exit_code == 0);
    CHECK(help.output.find("Exit codes") != std::string::npos);
    CHECK(help.output.find("2  usage error") != std::string::npos);

    auto synth_help = run_infra("synth --help", dir.path());
    CHECK(synth_help.exit_code == 0);
    CHECK(synth_help.output.find("--config") != std::string::npos);
    CHECK(synth_help.output.find("Exit codes") != std::string::npos);
}

TEST_CASE("the help of every command that takes arguments shows an example of it") {
    TempDir dir;
    for (const char* command : {"synth", "validate", "list", "plan", "deploy", "destroy", "output", "diff", "get",
                                "init", "graph", "completion"}) {
        INFO(command);
        const auto help = run_infra(std::string(command) + " --help", dir.path());
        CHECK(help.exit_code == 0);
        CHECK(help.output.find("Example") != std::string::npos);
        CHECK(help.output.find(std::string("  infra ") + command) != std::string::npos);
    }
}

TEST_CASE("usage errors exit 2") {
    TempDir dir;
    CHECK(run_infra("", dir.path()).exit_code == 2);
    CHECK(run_infra("frobnicate", dir.path()).exit_code == 2);
    CHECK(run_infra("synth --no-such-flag", dir.path()).exit_code == 2);
}

TEST_CASE("synth dev writes the stack and the manifest") {
    TempDir dir;
    auto r = run_infra("synth dev", dir.path());
    REQUIRE(r.exit_code == 0);
    const auto doc = synthesized_dev(dir.path());
    CHECK(doc["resource"]["aws_vpc"]["network_vpc"]["cidr_block"] == "10.0.0.0/16");
    CHECK(doc["terraform"]["required_providers"]["aws"]["source"] == "hashicorp/aws");
    const auto manifest = nlohmann::json::parse(read_file(dir.path() / "infra.out/manifest.json"));
    CHECK(manifest["stacks"]["dev"]["synthesized_file"] == "stacks/dev/main.tf.json");
    CHECK(manifest["version"].is_string());
    // dev reads bootstrap through cross-stack references: written too, and
    // recorded as a dependency.
    CHECK(manifest["stacks"]["dev"]["dependencies"] == nlohmann::json::array({"bootstrap"}));
    CHECK(manifest["stacks"]["bootstrap"]["synthesized_file"] == "stacks/bootstrap/main.tf.json");
    CHECK_FALSE(manifest["stacks"].contains("prod"));
    CHECK(doc["data"]["terraform_remote_state"]["bootstrap"]["backend"] == "local");
}

TEST_CASE("synth output is byte-identical across runs and folders") {
    TempDir a, b;
    REQUIRE(run_infra("synth dev", a.path()).exit_code == 0);
    REQUIRE(run_infra("synth dev", b.path()).exit_code == 0);
    CHECK(read_file(a.path() / "infra.out/stacks/dev/main.tf.json") ==
          read_file(b.path() / "infra.out/stacks/dev/main.tf.json"));
    const std::string json = read_file(a.path() / "infra.out/stacks/dev/main.tf.json");
    CHECK(json.find(a.path().string()) == std::string::npos);  // no absolute paths
    CHECK(json.back() == '\n');

    // Every file of the two output folders, the lock file included: a team
    // that commits its synthesized output sees no change from a rerun.
    const auto files = [](const std::filesystem::path& out) {
        std::map<std::string, std::string> found;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(out))
            if (entry.is_regular_file())
                found[std::filesystem::relative(entry.path(), out).string()] = read_file(entry.path());
        return found;
    };
    const auto in_a = files(a.path() / "infra.out");
    CHECK(in_a.count(".infra.lock") == 1);
    CHECK(in_a.size() > 5);
    CHECK(in_a == files(b.path() / "infra.out"));
}

TEST_CASE("synth --out writes elsewhere and nothing in the working folder") {
    TempDir dir;
    REQUIRE(run_infra("synth dev --out build/tf", dir.path()).exit_code == 0);
    CHECK(fs::exists(dir.path() / "build/tf/stacks/dev/main.tf.json"));
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
}

TEST_CASE("an unknown stack is a one-line usage error and writes nothing") {
    TempDir dir;
    auto r = run_infra("synth prod-eu", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("unknown stack \"prod-eu\"") != std::string::npos);
    CHECK(r.output.find("known stacks: bootstrap, dev, prod") != std::string::npos);
    CHECK(line_count(r.output) == 1);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
}

TEST_CASE("synth --set overrides settings and mistakes name the key") {
    TempDir dir;
    SECTION("a list setting, comma-separated") {
        REQUIRE(run_infra("synth dev --set availability_zones=eu-west-1a,eu-west-1b,eu-west-1c --set region=eu-west-1",
                          dir.path())
                    .exit_code == 0);
        const auto doc = synthesized_dev(dir.path());
        // A public and a private subnet per zone.
        CHECK(doc["resource"]["aws_subnet"].size() == 6);
        CHECK(doc["provider"]["aws"][0]["region"] == "eu-west-1");
    }
    SECTION("s3 backend in the bucket the bootstrap stack creates") {
        REQUIRE(run_infra("synth dev --set state_bucket=my-state", dir.path()).exit_code == 0);
        const auto doc = synthesized_dev(dir.path());
        CHECK(doc["terraform"]["backend"]["s3"]["bucket"] == "my-state");
        CHECK(doc["terraform"]["backend"]["s3"]["key"] == "dev/terraform.tfstate");
        CHECK(doc["terraform"]["backend"]["s3"]["use_lockfile"] == true);
        const auto bootstrap =
            nlohmann::json::parse(read_file(dir.path() / "infra.out/stacks/bootstrap/main.tf.json"));
        CHECK(bootstrap["resource"]["aws_s3_bucket"]["state_bucket"]["bucket"] == "my-state");
    }
    SECTION("bootstrap state migrated into the bucket: dev reads it from there") {
        REQUIRE(run_infra("synth dev --set bootstrap_backend=s3 --set state_bucket=my-state", dir.path()).exit_code == 0);
        const auto bootstrap =
            nlohmann::json::parse(read_file(dir.path() / "infra.out/stacks/bootstrap/main.tf.json"));
        CHECK(bootstrap["terraform"]["backend"]["s3"]["key"] == "bootstrap/terraform.tfstate");
        const auto remote = synthesized_dev(dir.path())["data"]["terraform_remote_state"]["bootstrap"];
        CHECK(remote["backend"] == "s3");
        CHECK(remote["config"] == nlohmann::json{{"bucket", "my-state"}, {"key", "bootstrap/terraform.tfstate"},
                                                 {"region", "us-east-1"}});
    }
    SECTION("local backend") {
        REQUIRE(run_infra("synth dev --set backend=local", dir.path()).exit_code == 0);
        CHECK(synthesized_dev(dir.path())["terraform"]["backend"].contains("local"));
    }
    SECTION("unknown key") {
        auto r = run_infra("synth dev --set vpc_cdir=10.1.0.0/16", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("unknown setting \"vpc_cdir\"") != std::string::npos);
        CHECK(line_count(r.output) == 1);
    }
    SECTION("value the type allows but the setting does not") {
        auto r = run_infra("synth dev --set vpc_cidr=banana", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("vpc_cidr") != std::string::npos);
    }
    SECTION("not key=value") {
        auto r = run_infra("synth dev --set region", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("expected key=value") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(dir.path() / "infra.out/stacks/dev/main.tf.json.tmp"));
}

TEST_CASE("synth --config applies a JSON file and bad files are one-line usage errors") {
    TempDir dir;
    SECTION("valid") {
        write_file(dir.path() / "settings.json", R"({"vpc_cidr": "10.42.0.0/16", "project": "zoo"})");
        REQUIRE(run_infra("synth dev --config settings.json", dir.path()).exit_code == 0);
        const auto doc = synthesized_dev(dir.path());
        CHECK(doc["resource"]["aws_vpc"]["network_vpc"]["cidr_block"] == "10.42.0.0/16");
        CHECK(doc["resource"]["aws_vpc"]["network_vpc"]["tags"]["Name"] == "zoo-dev-vpc");
    }
    SECTION("--set wins over the file") {
        write_file(dir.path() / "settings.json", R"({"region": "eu-west-1"})");
        REQUIRE(run_infra("synth dev --config settings.json --set region=ap-south-1 "
                          "--set availability_zones=ap-south-1a,ap-south-1b",
                          dir.path())
                    .exit_code == 0);
        CHECK(synthesized_dev(dir.path())["provider"]["aws"][0]["region"] == "ap-south-1");
    }
    SECTION("missing file") {
        auto r = run_infra("synth dev --config nope.json", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("nope.json") != std::string::npos);
        CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    }
    SECTION("malformed JSON names the file and the position") {
        write_file(dir.path() / "bad.json", "{\"region\": \"eu-west-1\",\n \"vpc_cidr\": }");
        auto r = run_infra("synth dev --config bad.json", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("bad.json: malformed JSON") != std::string::npos);
        CHECK(r.output.find("line 2") != std::string::npos);
        CHECK(line_count(r.output) == 1);
        CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    }
    SECTION("wrong type") {
        write_file(dir.path() / "typed.json", R"({"availability_zones": "us-east-1a"})");
        auto r = run_infra("synth dev --config typed.json", dir.path());
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("setting \"availability_zones\" must be a list of strings, got a string") != std::string::npos);
        CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    }
    SECTION("not an object") {
        write_file(dir.path() / "list.json", R"(["a"])");
        CHECK(run_infra("synth dev --config list.json", dir.path()).exit_code == 2);
        CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    }
}

TEST_CASE("a failed synth leaves the previous output untouched") {
    TempDir dir;
    REQUIRE(run_infra("synth dev", dir.path()).exit_code == 0);
    const std::string before = read_file(dir.path() / "infra.out/stacks/dev/main.tf.json");
    const std::string manifest = read_file(dir.path() / "infra.out/manifest.json");
    CHECK(run_infra("synth dev --set vpc_cidr=10.0.0.0/8", dir.path()).exit_code == 2);
    CHECK(read_file(dir.path() / "infra.out/stacks/dev/main.tf.json") == before);
    CHECK(read_file(dir.path() / "infra.out/manifest.json") == manifest);
}

TEST_CASE("terraform's own files in the stack folder survive a synth") {
    TempDir dir;
    REQUIRE(run_infra("synth dev", dir.path()).exit_code == 0);
    write_file(dir.path() / "infra.out/stacks/dev/terraform.tfstate", "{\"state\": 1}");
    write_file(dir.path() / "infra.out/stacks/dev/.terraform/marker", "x");
    REQUIRE(run_infra("synth dev", dir.path()).exit_code == 0);
    CHECK(read_file(dir.path() / "infra.out/stacks/dev/terraform.tfstate") == "{\"state\": 1}");
    CHECK(fs::exists(dir.path() / "infra.out/stacks/dev/.terraform/marker"));
}

TEST_CASE("a renamed resource gets a moved-block suggestion") {
    TempDir dir;
    REQUIRE(run_infra("synth dev", dir.path()).exit_code == 0);
    const fs::path file = dir.path() / "infra.out/stacks/dev/main.tf.json";
    auto doc = nlohmann::json::parse(read_file(file));
    doc["resource"]["aws_vpc"]["main_vpc"] = doc["resource"]["aws_vpc"]["network_vpc"];
    doc["resource"]["aws_vpc"].erase("network_vpc");
    write_file(file, doc.dump(2));
    auto r = run_infra("synth dev", dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("warning: dev: aws_vpc.main_vpc disappeared and aws_vpc.network_vpc (dev/network/vpc) appeared")
          != std::string::npos);
    CHECK(r.output.find("add_moved(\"aws_vpc.main_vpc\"") != std::string::npos);
}

TEST_CASE("list shows stacks and on request their settings") {
    TempDir dir;
    auto r = run_infra("list", dir.path());
    CHECK(r.exit_code == 0);
    for (const char* stack : {"bootstrap", "dev", "prod"}) CHECK(r.output.find(stack) != std::string::npos);
    auto s = run_infra("list --settings --set region=eu-north-1 --set availability_zones=eu-north-1a,eu-north-1b",
                       dir.path());
    CHECK(s.exit_code == 0);
    CHECK(s.output.find("vpc_cidr") != std::string::npos);
    CHECK(s.output.find("\"eu-north-1\"") != std::string::npos);
}

TEST_CASE("list refuses the settings synth refuses, with the same one line") {
    TempDir dir;
    for (const char* bad : {"--set region=Not_A_Region", "--set region=eu-north-1",
                            "--set db_engine_version=12.1", "--set tags=Project=x"}) {
        INFO(bad);
        const auto listed = run_infra(std::string("list --settings ") + bad, dir.path());
        const auto synthesized = run_infra(std::string("-q synth ") + bad, dir.path());
        CHECK(listed.exit_code == 2);
        CHECK(synthesized.exit_code == 2);
        CHECK(listed.output == synthesized.output);
        CHECK(listed.output.rfind("error: setting \"", 0) == 0);
        CHECK(std::count(listed.output.begin(), listed.output.end(), '\n') == 1);
    }
}

TEST_CASE("the config file is read once a run, so it may be a pipe") {
    TempDir dir;
    write_file(dir.path() / "settings.json", R"({"vpc_cidr": "10.42.0.0/16", "region": "us-east-1"})");
    // Every stack of the run applies it; /dev/stdin can be read only once.
    const auto r = run_infra("-q synth --config /dev/stdin < settings.json", dir.path());
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(dir.path() / "infra.out/stacks/dev/main.tf.json").find("\"10.42.0.0/16\"") != std::string::npos);
    CHECK(read_file(dir.path() / "infra.out/stacks/prod/main.tf.json").find("\"10.42.0.0/16\"") != std::string::npos);
    const auto listed = run_infra("list --settings --config /dev/stdin < settings.json", dir.path());
    CHECK(listed.exit_code == 0);
    CHECK(listed.output.find("\"10.42.0.0/16\"") != std::string::npos);
}

TEST_CASE("quiet hides progress and verbose shows step timing") {
    TempDir dir;
    auto quiet = run_infra("-q synth dev", dir.path());
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.output.empty());
    auto verbose = run_infra("-v synth dev", dir.path());
    CHECK(verbose.exit_code == 0);
    CHECK(verbose.output.find("debug: [synth] took") != std::string::npos);
}

TEST_CASE("synthesis errors exit 1 with the construct path and write nothing") {
    TempDir dir;
    SECTION("reference cycle") {
        auto r = run_test_stacks_cli("synth cycle", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("reference cycle: aws_security_group.a (cycle/a) -> aws_security_group.b (cycle/b) -> "
                            "aws_security_group.a (cycle/a)") != std::string::npos);
    }
    SECTION("error annotation") {
        auto r = run_test_stacks_cli("synth annotated", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("error: annotated/bucket: bucket has no encryption") != std::string::npos);
    }
    SECTION("duplicate construct id") {
        auto r = run_test_stacks_cli("synth duplicate", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("duplicate construct id \"vpc\": duplicate/vpc already exists") != std::string::npos);
    }
    SECTION("logical ID collision") {
        auto r = run_test_stacks_cli("synth collision", dir.path());
        CHECK(r.exit_code == 1);
        CHECK(r.output.find("collision/a/b_c and collision/a_b/c both map to the logical ID \"a_b_c\"") !=
              std::string::npos);
    }
    CHECK(line_count(run_test_stacks_cli("synth cycle", dir.path()).output) == 1);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
}

TEST_CASE("one failing stack stops the whole synth before anything is written") {
    TempDir dir;
    REQUIRE(run_test_stacks_cli("synth good", dir.path()).exit_code == 0);
    const std::string before = read_file(dir.path() / "infra.out/stacks/good/main.tf.json");
    CHECK(run_test_stacks_cli("synth good cycle", dir.path()).exit_code == 1);
    CHECK(read_file(dir.path() / "infra.out/stacks/good/main.tf.json") == before);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out/stacks/cycle"));
}

TEST_CASE("init refuses a bad name or a folder in use, and writes nothing") {
    TempDir dir;
    auto bad = run_infra("init Web-Shop", dir.path());
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("project name \"Web-Shop\"") != std::string::npos);
    write_file(dir.path() / "shop/keep.txt", "mine");
    auto taken = run_infra("init shop", dir.path());
    CHECK(taken.exit_code == 2);
    CHECK(taken.output.find("already exists") != std::string::npos);
    CHECK(read_file(dir.path() / "shop/keep.txt") == "mine");
    REQUIRE(run_infra("init webshop", dir.path()).exit_code == 0);
    CHECK(fs::exists(dir.path() / "webshop/CMakeLists.txt"));
    CHECK(fs::exists(dir.path() / "webshop/tests/stacks_test.cpp"));
    CHECK(read_file(dir.path() / "webshop/src/main.cpp").find("webshop::catalog()") != std::string::npos);
}

TEST_CASE("the bash completion script completes subcommands, stacks and options") {
    // An app's script completes the app's program (here the seed app, crud_api).
    TempDir dir;
    auto script = run_infra("completion bash", dir.path());
    REQUIRE(script.exit_code == 0);
    write_file(dir.path() / "completion.bash", script.output);
    write_file(dir.path() / "complete.sh",
               "source completion.bash\n"
               "COMP_WORDS=(crud_api sy); COMP_CWORD=1; _crud_api; echo \"1:${COMPREPLY[*]}\"\n"
               "COMP_WORDS=(crud_api -q synth d); COMP_CWORD=3; _crud_api; echo \"2:${COMPREPLY[*]}\"\n"
               "COMP_WORDS=(crud_api validate --for); COMP_CWORD=2; _crud_api; echo \"3:${COMPREPLY[*]}\"\n");
    const auto completions = test_support::run_command("bash complete.sh", dir.path());
    REQUIRE(completions.exit_code == 0);
    const std::string& out = completions.output;
    CHECK(out.find("1:synth\n") != std::string::npos);
    CHECK(out.find("2:dev\n") != std::string::npos);
    CHECK(out.find("3:--format\n") != std::string::npos);
}
