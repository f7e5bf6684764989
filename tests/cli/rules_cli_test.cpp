// The security rules through the command line: synth fails on an error
// finding, validate reports in text, JSON and SARIF, --rules selects packs.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "run_infra.hpp"

using infra_test::run_infra;
using infra_test::TempDir;
namespace fs = std::filesystem;

namespace {

// The JSON document that `output` holds (validate's report on stdout, mixed
// with the log lines on stderr): from the first '{' line to the last '}' line.
nlohmann::json json_in(const std::string& output) {
    const auto begin = output.find("{\n");
    const auto end = output.rfind("\n}");
    REQUIRE(begin != std::string::npos);
    REQUIRE(end != std::string::npos);
    return nlohmann::json::parse(output.substr(begin, end + 2 - begin));
}

}  // namespace

TEST_CASE("synth fails on an error finding, naming the rule, the construct and the fix, and writes nothing") {
    TempDir dir;
    auto r = run_infra("synth prod --set db_deletion_protection=false", dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("INFRA-RDS-005") != std::string::npos);
    CHECK(r.output.find("prod/database/cluster") != std::string::npos);
    CHECK(r.output.find("Fix:") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));
    // Development is exempt from the production-only rule.
    CHECK(run_infra("synth dev --set db_deletion_protection=false", dir.path()).exit_code == 0);
}

TEST_CASE("validate reports rule findings as JSON with ids, paths and fixes") {
    TempDir dir;
    auto r = run_infra("-q validate dev --format json", dir.path());
    REQUIRE(r.exit_code == 0);
    const auto report = json_in(r.output);
    REQUIRE(report.at("findings").is_array());
    bool suppressed_public_api = false;
    for (const auto& f : report.at("findings")) {
        CHECK(f.at("rule").get<std::string>().rfind("INFRA-", 0) == 0);
        CHECK_FALSE(f.at("path").get<std::string>().empty());
        CHECK_FALSE(f.at("fix").get<std::string>().empty());
        if (f.at("rule") == "INFRA-APIGW-003" && f.at("suppressed") == true) suppressed_public_api = true;
    }
    CHECK(suppressed_public_api);
    CHECK(report.at("summary").at("errors") == 0);
}

TEST_CASE("validate exits 1 on rule errors and still prints the SARIF report") {
    TempDir dir;
    auto r = run_infra("-q validate prod --format sarif --set db_deletion_protection=false", dir.path());
    CHECK(r.exit_code == 1);
    const auto sarif = json_in(r.output);
    CHECK(sarif.at("version") == "2.1.0");
    bool found = false;
    for (const auto& result : sarif.at("runs")[0].at("results"))
        if (result.at("ruleId") == "INFRA-RDS-005" && result.at("level") == "error") found = true;
    CHECK(found);
}

TEST_CASE("rule packs are selected with --rules and an unknown pack is a usage error") {
    TempDir dir;
    auto only_network = run_infra("-q validate dev --rules network --format json", dir.path());
    REQUIRE(only_network.exit_code == 0);
    // Held in a variable: a range-for over a member of a temporary reads freed memory.
    const auto report = json_in(only_network.output);
    for (const auto& f : report.at("findings")) {
        const std::string rule = f.at("rule");
        CHECK((rule.rfind("INFRA-SG-", 0) == 0 || rule.rfind("INFRA-VPC-", 0) == 0));
    }
    auto bogus = run_infra("validate dev --rules bogus", dir.path());
    CHECK(bogus.exit_code == 2);
    CHECK(bogus.output.find("unknown rule pack \"bogus\"") != std::string::npos);
    CHECK(run_infra("synth prod --rules none --set db_deletion_protection=false", dir.path()).exit_code == 0);
}
