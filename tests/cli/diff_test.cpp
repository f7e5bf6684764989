// `infra diff`: a semantic diff against a previous synth, by address and
// attribute, with exit code 0 for no change and 3 for a change.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "config_diff.hpp"
#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::TempDir;
using infra_test::write_file;
using nlohmann::json;

TEST_CASE("config diff reports added, removed and changed blocks by address") {
    const json before = json::parse(R"({
      "resource": {"aws_vpc": {"main": {"//": {"metadata": {"path": "dev/vpc"}}, "cidr_block": "10.0.0.0/16",
                                        "tags": {"Name": "a"}}},
                   "aws_subnet": {"old": {"vpc_id": "${aws_vpc.main.id}"}}},
      "output": {"vpc_id": {"value": "${aws_vpc.main.id}"}}
    })");
    const json after = json::parse(R"({
      "resource": {"aws_vpc": {"main": {"//": {"metadata": {"path": "dev/network/vpc"}}, "cidr_block": "10.1.0.0/16",
                                        "tags": {"Name": "a", "Env": "dev"}}},
                   "aws_subnet": {"new": {"vpc_id": "${aws_vpc.main.id}"}}},
      "data": {"aws_region": {"current": {}}},
      "output": {"vpc_id": {"value": "${aws_vpc.main.id}"}}
    })");
    const auto changes = infra::diff_configurations(before, after);
    REQUIRE(changes.size() == 4);
    CHECK(changes[0].address == "aws_subnet.new");
    CHECK(changes[0].kind == infra::BlockChange::Kind::Added);
    CHECK(changes[1].address == "aws_subnet.old");
    CHECK(changes[1].kind == infra::BlockChange::Kind::Removed);
    CHECK(changes[2].address == "aws_vpc.main");
    CHECK(changes[2].kind == infra::BlockChange::Kind::Changed);
    REQUIRE(changes[2].changes.size() == 2);  // the "//" path move is not a change
    CHECK(changes[2].changes[0].path == "cidr_block");
    CHECK(changes[2].changes[1].path == "tags.Env");
    CHECK_FALSE(changes[2].changes[1].before.has_value());
    CHECK(changes[3].address == "data.aws_region.current");

    const std::string text = infra::format_changes(changes);
    CHECK(text.find("~ aws_vpc.main\n    cidr_block: \"10.0.0.0/16\" -> \"10.1.0.0/16\"\n") != std::string::npos);
    CHECK(text.find("2 to add, 1 to change, 1 to remove") != std::string::npos);
    CHECK(infra::diff_configurations(before, before).empty());
}

TEST_CASE("config diff follows lists by index and sees providers by alias") {
    const json before = json::parse(R"({"provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-2"}]},
        "resource": {"aws_security_group": {"sg": {"ingress": [{"from_port": 80}]}}}})");
    const json after = json::parse(R"({"provider": {"aws": [{"region": "us-east-1"}, {"alias": "west", "region": "us-west-1"}]},
        "resource": {"aws_security_group": {"sg": {"ingress": [{"from_port": 443}, {"from_port": 22}]}}}})");
    const auto changes = infra::diff_configurations(before, after);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].address == "aws_security_group.sg");
    REQUIRE(changes[0].changes.size() == 2);
    CHECK(changes[0].changes[0].path == "ingress[0].from_port");
    CHECK(changes[0].changes[1].path == "ingress[1]");
    CHECK(changes[1].address == "provider.aws.west");
}

TEST_CASE("infra diff exits 0 without changes and 3 with, and writes nothing") {
    TempDir dir;
    REQUIRE(run_infra("synth dev", dir.path()).exit_code == 0);
    const std::string before = read_file(dir.path() / "infra.out/stacks/dev/main.tf.json");

    auto same = run_infra("diff dev", dir.path());
    CHECK(same.exit_code == 0);
    CHECK(same.output.find("no changes") != std::string::npos);

    auto changed = run_infra("diff dev --set vpc_cidr=10.9.0.0/16", dir.path());
    CHECK(changed.exit_code == 3);
    CHECK(changed.output.find("~ aws_vpc.network_vpc\n    cidr_block: \"10.0.0.0/16\" -> \"10.9.0.0/16\"") !=
          std::string::npos);
    CHECK(read_file(dir.path() / "infra.out/stacks/dev/main.tf.json") == before);

    auto more = run_infra("diff dev --set availability_zones=us-east-1a,us-east-1b,us-east-1c", dir.path());
    CHECK(more.exit_code == 3);
    CHECK(more.output.find("+ aws_subnet.network_private_subnet_2") != std::string::npos);
}

TEST_CASE("infra diff --against a folder or a file, and clear errors without one") {
    TempDir dir;
    // Zones belong to a region: moving the region moves them too.
    const std::string eu_west = "--set region=eu-west-1 --set availability_zones=eu-west-1a,eu-west-1b";
    REQUIRE(run_infra("synth dev --out old " + eu_west, dir.path()).exit_code == 0);
    auto folder = run_infra("diff dev --against old", dir.path());
    CHECK(folder.exit_code == 3);
    CHECK(folder.output.find("~ provider.aws\n    region: \"eu-west-1\" -> \"us-east-1\"") != std::string::npos);
    CHECK(run_infra("diff dev --against old/stacks/dev/main.tf.json " + eu_west, dir.path()).exit_code == 0);

    auto none = run_infra("diff dev", dir.path());
    CHECK(none.exit_code == 2);
    CHECK(none.output.find("no previous synth of stack dev") != std::string::npos);

    auto bad_ref = run_infra("diff dev --against no-such-ref", dir.path());
    CHECK(bad_ref.exit_code == 2);
    CHECK(bad_ref.output.find("--against no-such-ref") != std::string::npos);
}
