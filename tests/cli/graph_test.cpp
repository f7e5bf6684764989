// `infra graph`: the seed dev stack drawn as DOT, Mermaid and SVG; the
// constructs view shows the architecture (api -> lambda -> database ->
// network); Graphviz parses what we write.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "run_infra.hpp"

using infra_test::read_file;
using infra_test::run_infra;
using infra_test::run_infra_with_env;
using infra_test::TempDir;
using infra_test::write_file;
using test_support::run_command;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool graphviz_installed() { return std::system("command -v dot > /dev/null 2>&1") == 0; }

void warn_graphviz_missing() {
    std::cerr << "\n!!! SKIPPED: graphviz not installed (Debian package graphviz): the DOT output is not checked "
                 "by dot, --format svg is not run\n\n";
    WARN("!!! SKIPPED: graphviz not installed");
}

}  // namespace

TEST_CASE("graph dev --level constructs shows api to lambda to database to network") {
    TempDir dir;
    const auto r = run_infra("graph dev --level constructs", dir.path());
    REQUIRE(r.exit_code == 0);
    const std::string& dot = r.output;
    CHECK(dot.rfind("digraph \"dev\" {\n", 0) == 0);
    CHECK(contains(dot, "rankdir=LR;"));
    for (const char* c : {"api", "lambda", "database", "network", "migration", "bastion"})
        CHECK(contains(dot, std::string("\"construct_") + c + "\" [label=\"" + c + "\""));
    CHECK(contains(dot, "\"construct_api\" -> \"construct_lambda\";"));
    CHECK(contains(dot, "\"construct_lambda\" -> \"construct_database\";"));
    CHECK(contains(dot, "\"construct_lambda\" -> \"construct_network\";"));
    CHECK(contains(dot, "\"construct_database\" -> \"construct_network\";"));
    CHECK(contains(dot, "\"construct_migration\" -> \"construct_database\";"));
    CHECK(contains(dot, "\"construct_bastion\" -> \"construct_network\";"));
    // The ci-tester role lives in bootstrap: read through its remote state.
    CHECK(contains(dot, "\"construct_db_tester\" -> \"data_terraform_remote_state_bootstrap\";"));
    // Nothing points back up, and no construct points at itself.
    CHECK_FALSE(contains(dot, "\"construct_lambda\" -> \"construct_api\""));
    CHECK_FALSE(contains(dot, "\"construct_network\" -> "));
    for (const char* c : {"api", "lambda", "database", "network", "migration", "bastion"})
        CHECK_FALSE(contains(dot, std::string("\"construct_") + c + "\" -> \"construct_" + c + "\""));
    CHECK_FALSE(contains(dot, "subgraph"));
    CHECK_FALSE(fs::exists(dir.path() / "infra.out"));  // graph writes nothing else
}

TEST_CASE("graph dev --format mermaid is a flowchart with subgraphs per construct") {
    TempDir dir;
    const auto constructs = run_infra("graph dev --level constructs --format mermaid", dir.path());
    REQUIRE(constructs.exit_code == 0);
    CHECK(constructs.output.rfind("flowchart LR\n", 0) == 0);
    CHECK(contains(constructs.output, "  construct_api --> construct_lambda\n"));
    CHECK(contains(constructs.output, "  construct_lambda --> construct_database\n"));
    CHECK(contains(constructs.output, "  construct_database --> construct_network\n"));

    const auto resources = run_infra("graph dev --format mermaid", dir.path());
    REQUIRE(resources.exit_code == 0);
    CHECK(resources.output.rfind("flowchart LR\n", 0) == 0);
    CHECK(contains(resources.output, "  subgraph cluster_network[\"dev/network\"]\n"));
    CHECK(contains(resources.output, "  subgraph cluster_lambda[\"dev/lambda\"]\n"));
    CHECK(contains(resources.output,
                   "    aws_lambda_function_lambda_get_animals[\"aws_lambda_function<br/>get_animals\"]\n"));
    CHECK(contains(resources.output, "  aws_lambda_function_lambda_get_animals --> aws_db_proxy_database_proxy\n"));
    CHECK(contains(resources.output,
                   "  aws_api_gateway_integration_api_get_integration --> aws_lambda_function_lambda_get_animals\n"));
}

TEST_CASE("graph dev DOT clusters resources by construct and draws their references") {
    TempDir dir;
    const auto r = run_infra("graph dev", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(contains(r.output, "  subgraph \"cluster_network\" {\n    label=\"dev/network\";\n"));
    CHECK(contains(r.output, "  subgraph \"cluster_database\" {\n    label=\"dev/database\";\n"));
    CHECK(contains(r.output, "\"aws_lambda_function_lambda_get_animals\" [label=\"aws_lambda_function\\nget_animals\""));
    CHECK(contains(r.output, "\"aws_lambda_function_lambda_get_animals\" -> \"aws_db_proxy_database_proxy\";"));
    CHECK(contains(r.output, "\"data_terraform_remote_state_bootstrap\" [label=\"terraform_remote_state\\nbootstrap\""));
    CHECK_FALSE(contains(r.output, "provider"));
}

TEST_CASE("graph output is the same bytes twice") {
    TempDir dir;
    for (const char* args : {"graph dev", "graph dev --format mermaid", "graph dev --level constructs",
                             "graph prod --level constructs --format mermaid"}) {
        const auto a = run_infra(args, dir.path());
        const auto b = run_infra(args, dir.path());
        REQUIRE(a.exit_code == 0);
        CHECK(a.output == b.output);
    }
}

TEST_CASE("graph --out writes the file and nothing to stdout") {
    TempDir dir;
    const auto r = run_infra("-q graph dev --format mermaid --out dev.mmd", dir.path());
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.empty());
    CHECK(read_file(dir.path() / "dev.mmd") == run_infra("graph dev --format mermaid", dir.path()).output);
    for (const auto& entry : fs::directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("graph dev DOT is parsed by Graphviz and --format svg writes an svg") {
    TempDir dir;
    if (!graphviz_installed()) {
        warn_graphviz_missing();
        return;
    }
    for (const char* level : {"resources", "constructs"}) {
        const auto dot = run_infra(std::string("graph dev --level ") + level, dir.path());
        REQUIRE(dot.exit_code == 0);
        write_file(dir.path() / "dev.dot", dot.output);
        CHECK(run_command("dot -Tsvg dev.dot > dev-from-dot.svg", dir.path()).exit_code == 0);
    }
    const auto svg = run_infra("graph dev --format svg --out dev.svg", dir.path());
    REQUIRE(svg.exit_code == 0);
    CHECK(contains(read_file(dir.path() / "dev.svg"), "<svg"));
    const auto svg_stdout = run_infra("graph dev --level constructs --format svg", dir.path());
    REQUIRE(svg_stdout.exit_code == 0);
    CHECK(contains(svg_stdout.output, "<svg"));
    CHECK(contains(svg_stdout.output, "construct_lambda"));
}

TEST_CASE("graph --format svg without Graphviz is a usage error that says what to install") {
    TempDir dir;
    const auto r = run_infra_with_env("PATH=/nonexistent ", "graph dev --format svg", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(contains(r.output, "svg needs Graphviz's dot on PATH (Debian package graphviz); use --format dot or mermaid"));
}

TEST_CASE("graph of an unknown stack or with bad options is a usage error") {
    TempDir dir;
    const auto r = run_infra("graph nope", dir.path());
    CHECK(r.exit_code == 2);
    CHECK(contains(r.output, "unknown stack \"nope\""));
    CHECK(contains(r.output, "bootstrap, dev, prod"));
    CHECK(run_infra("graph", dir.path()).exit_code == 2);
    CHECK(run_infra("graph dev --format png", dir.path()).exit_code == 2);
    CHECK(run_infra("graph dev --level everything", dir.path()).exit_code == 2);
    CHECK(run_infra("graph dev --set no_such_setting=1", dir.path()).exit_code == 2);
}
