// Architecture diagrams: nodes, clusters and edges of a small stack, and
// their DOT and Mermaid renderings, byte for byte.
#include "infra/app.hpp"
#include "cross_stack_references.hpp"
#include "infra/data_source.hpp"
#include "graph.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "sdk_test_support.hpp"

using namespace infra;

namespace {

// shared/role                       (another stack)
// dev/aws                           provider (left out)
// dev/region                        data source
// dev/network/vpc                   resource
// dev/network/subnet                -> vpc
// dev/network/vpc_id                local -> vpc (followed, not drawn)
// dev/app/function/fn               -> subnet, -> vpc through the local, -> shared/role, -> region
// dev/app/function/logs             depends_on fn
// dev/app/permission                -> fn
// dev/url                           output -> fn (not drawn)
struct SmallApp {
    App app;
    Stack& shared = app.add<Stack>("shared");
    Stack& dev = app.add<Stack>("dev");

    SmallApp() {
        auto& role = shared.add<Resource>("role", "aws_iam_role");
        role.set("name", "fn-role");
        auto& provider = dev.add<Provider>("aws", ProviderConfig{.name = "aws"});
        auto& region = dev.add<DataSource>("region", "aws_region");
        auto& network = dev.add<Construct>("network");
        auto& vpc = network.add<Resource>("vpc", "aws_vpc");
        vpc.set("cidr_block", "10.0.0.0/16");
        auto& subnet = network.add<Resource>("subnet", "aws_subnet");
        subnet.set("vpc_id", vpc.attr("id"));
        subnet.set_provider(provider);
        auto& vpc_id = network.add<Local>("vpc_id", Value(vpc.attr("id")));
        auto& app_construct = dev.add<Construct>("app");
        auto& function = app_construct.add<Construct>("function");
        auto& fn = function.add<Resource>("fn", "aws_lambda_function");
        fn.set("subnet", subnet.attr("id"));
        fn.set("vpc", vpc_id.ref());
        fn.set("role", role.attr("arn"));
        fn.set("region", region.attr("name"));
        auto& logs = function.add<Resource>("logs", "aws_cloudwatch_log_group");
        logs.depends_on(fn);
        auto& permission = app_construct.add<Resource>("permission", "aws_lambda_permission");
        permission.set("function_name", fn.attr("function_name"));
        dev.add<Output>("url", OutputConfig{.value = fn.attr("invoke_arn")});
        link_cross_stack_references(app);
    }
};

constexpr const char* kExpectedDot = R"(digraph "dev" {
  rankdir=LR;
  label="dev";
  labelloc=t;
  fontname="Helvetica";
  node [fontname="Helvetica", fontsize=10];
  edge [color="#555555"];
  "data_aws_region_region" [label="aws_region\nregion", shape=box, style=dashed];
  "data_terraform_remote_state_shared" [label="terraform_remote_state\nshared", shape=cylinder];
  subgraph "cluster_app" {
    label="dev/app";
    "aws_lambda_permission_app_permission" [label="aws_lambda_permission\npermission", shape=box];
    subgraph "cluster_app_function" {
      label="dev/app/function";
      "aws_cloudwatch_log_group_app_function_logs" [label="aws_cloudwatch_log_group\nlogs", shape=box];
      "aws_lambda_function_app_function_fn" [label="aws_lambda_function\nfn", shape=box];
    }
  }
  subgraph "cluster_network" {
    label="dev/network";
    "aws_subnet_network_subnet" [label="aws_subnet\nsubnet", shape=box];
    "aws_vpc_network_vpc" [label="aws_vpc\nvpc", shape=box];
  }
  "aws_cloudwatch_log_group_app_function_logs" -> "aws_lambda_function_app_function_fn";
  "aws_lambda_function_app_function_fn" -> "aws_subnet_network_subnet";
  "aws_lambda_function_app_function_fn" -> "aws_vpc_network_vpc";
  "aws_lambda_function_app_function_fn" -> "data_aws_region_region";
  "aws_lambda_function_app_function_fn" -> "data_terraform_remote_state_shared";
  "aws_lambda_permission_app_permission" -> "aws_lambda_function_app_function_fn";
  "aws_subnet_network_subnet" -> "aws_vpc_network_vpc";
}
)";

constexpr const char* kExpectedMermaid = R"(flowchart LR
  data_aws_region_region(["aws_region<br/>region"])
  data_terraform_remote_state_shared[("terraform_remote_state<br/>shared")]
  subgraph cluster_app["dev/app"]
    aws_lambda_permission_app_permission["aws_lambda_permission<br/>permission"]
    subgraph cluster_app_function["dev/app/function"]
      aws_cloudwatch_log_group_app_function_logs["aws_cloudwatch_log_group<br/>logs"]
      aws_lambda_function_app_function_fn["aws_lambda_function<br/>fn"]
    end
  end
  subgraph cluster_network["dev/network"]
    aws_subnet_network_subnet["aws_subnet<br/>subnet"]
    aws_vpc_network_vpc["aws_vpc<br/>vpc"]
  end
  aws_cloudwatch_log_group_app_function_logs --> aws_lambda_function_app_function_fn
  aws_lambda_function_app_function_fn --> aws_subnet_network_subnet
  aws_lambda_function_app_function_fn --> aws_vpc_network_vpc
  aws_lambda_function_app_function_fn --> data_aws_region_region
  aws_lambda_function_app_function_fn --> data_terraform_remote_state_shared
  aws_lambda_permission_app_permission --> aws_lambda_function_app_function_fn
  aws_subnet_network_subnet --> aws_vpc_network_vpc
)";

std::vector<GraphEdge> edges_of(const ArchitectureGraph& g) { return g.edges; }

}  // namespace

TEST_CASE("graph: resources and data sources are nodes, constructs clusters, references edges") {
    SmallApp s;
    const ArchitectureGraph g = build_architecture_graph(s.dev);
    CHECK(g.name == "dev");
    REQUIRE(g.clusters.size() == 3);
    CHECK(g.clusters[0].id == "cluster_app");
    CHECK(g.clusters[0].label == "dev/app");
    CHECK(g.clusters[0].parent.empty());
    CHECK(g.clusters[1].id == "cluster_app_function");
    CHECK(g.clusters[1].parent == "cluster_app");
    CHECK(g.clusters[2].id == "cluster_network");
    // Providers, locals and outputs are not drawn; the other stack is its
    // remote state.
    REQUIRE(g.nodes.size() == 7);
    CHECK(g.nodes[0].id == "aws_cloudwatch_log_group_app_function_logs");
    CHECK(g.nodes[0].cluster == "cluster_app_function");
    CHECK(g.nodes[0].path == "dev/app/function/logs");
    CHECK(g.nodes[2].label == "aws_lambda_permission\npermission");
    CHECK(g.nodes[5].id == "data_aws_region_region");
    CHECK(g.nodes[5].kind == GraphNodeKind::DataSource);
    CHECK(g.nodes[6].id == "data_terraform_remote_state_shared");
    CHECK(g.nodes[6].kind == GraphNodeKind::RemoteState);
    CHECK(g.nodes[6].cluster.empty());
    // The edge through the local lands on the vpc; depends_on counts.
    CHECK(edges_of(g) == std::vector<GraphEdge>{
                             {"aws_cloudwatch_log_group_app_function_logs", "aws_lambda_function_app_function_fn"},
                             {"aws_lambda_function_app_function_fn", "aws_subnet_network_subnet"},
                             {"aws_lambda_function_app_function_fn", "aws_vpc_network_vpc"},
                             {"aws_lambda_function_app_function_fn", "data_aws_region_region"},
                             {"aws_lambda_function_app_function_fn", "data_terraform_remote_state_shared"},
                             {"aws_lambda_permission_app_permission", "aws_lambda_function_app_function_fn"},
                             {"aws_subnet_network_subnet", "aws_vpc_network_vpc"},
                         });
}

TEST_CASE("graph: DOT of a small stack, byte for byte") {
    SmallApp s;
    CHECK(render_dot(build_architecture_graph(s.dev)) == kExpectedDot);
}

TEST_CASE("graph: Mermaid of a small stack, byte for byte") {
    SmallApp s;
    CHECK(render_mermaid(build_architecture_graph(s.dev)) == kExpectedMermaid);
}

TEST_CASE("graph: the same tree gives the same bytes, whatever order siblings were added in") {
    SmallApp a, b;
    CHECK(render_dot(build_architecture_graph(a.dev)) == render_dot(build_architecture_graph(b.dev)));
    CHECK(render_mermaid(build_architecture_graph(a.dev)) == render_mermaid(build_architecture_graph(b.dev)));

    App one, two;
    auto& s1 = one.add<Stack>("s");
    auto& x1 = s1.add<Resource>("x", "aws_vpc");
    s1.add<Resource>("y", "aws_subnet").set("vpc_id", x1.attr("id"));
    auto& s2 = two.add<Stack>("s");
    auto& y2 = s2.add<Resource>("y", "aws_subnet");
    auto& x2 = s2.add<Resource>("x", "aws_vpc");
    y2.set("vpc_id", x2.attr("id"));
    CHECK(render_dot(build_architecture_graph(s1)) == render_dot(build_architecture_graph(s2)));
}

TEST_CASE("graph: the constructs level has one node per child of the stack and deduplicated edges") {
    SmallApp s;
    const ArchitectureGraph g = build_architecture_graph(s.dev, GraphLevel::Constructs);
    CHECK(g.clusters.empty());
    REQUIRE(g.nodes.size() == 4);
    CHECK(g.nodes[0].id == "construct_app");
    CHECK(g.nodes[0].label == "app");
    CHECK(g.nodes[0].kind == GraphNodeKind::Construct);
    CHECK(g.nodes[1].id == "construct_network");
    CHECK(g.nodes[2].id == "data_aws_region_region");
    CHECK(g.nodes[3].id == "data_terraform_remote_state_shared");
    // fn -> subnet and fn -> vpc are one edge; logs -> fn is inside app.
    CHECK(edges_of(g) == std::vector<GraphEdge>{
                             {"construct_app", "construct_network"},
                             {"construct_app", "data_aws_region_region"},
                             {"construct_app", "data_terraform_remote_state_shared"},
                         });
    CHECK(render_mermaid(g) ==
          "flowchart LR\n"
          "  construct_app[[\"app\"]]\n"
          "  construct_network[[\"network\"]]\n"
          "  data_aws_region_region([\"aws_region<br/>region\"])\n"
          "  data_terraform_remote_state_shared[(\"terraform_remote_state<br/>shared\")]\n"
          "  construct_app --> construct_network\n"
          "  construct_app --> data_aws_region_region\n"
          "  construct_app --> data_terraform_remote_state_shared\n");
}

TEST_CASE("graph: a read of another stack before linking still gets a remote state node") {
    App app;
    auto& shared = app.add<Stack>("shared");
    auto& dev = app.add<Stack>("dev");
    auto& role = shared.add<Resource>("role", "aws_iam_role");
    auto& a = dev.add<Resource>("a", "aws_iam_role_policy_attachment");
    a.set("role", role.attr("name"));
    auto& b = dev.add<Resource>("b", "aws_iam_role_policy_attachment");
    b.set("role", role.attr("arn"));
    const ArchitectureGraph g = build_architecture_graph(dev);
    REQUIRE(g.nodes.size() == 3);
    CHECK(g.nodes[2].id == "data_terraform_remote_state_shared");
    CHECK(g.nodes[2].kind == GraphNodeKind::RemoteState);
    CHECK(edges_of(g) == std::vector<GraphEdge>{
                             {"aws_iam_role_policy_attachment_a", "data_terraform_remote_state_shared"},
                             {"aws_iam_role_policy_attachment_b", "data_terraform_remote_state_shared"},
                         });
}

TEST_CASE("graph: ids that sanitize alike stay apart, labels are escaped") {
    App app;
    auto& s = app.add<Stack>("s");
    auto& one = s.add<Resource>("a_b", "x_c");  // x_c.a_b -> x_c_a_b
    auto& two = s.add<Resource>("c_a_b", "x");  // x.c_a_b -> x_c_a_b
    two.set("v", one.attr("id"));
    auto& quoted = s.add<Construct>("q\"<x>");
    quoted.add<Resource>("r", "aws_vpc");
    const ArchitectureGraph g = build_architecture_graph(s);
    REQUIRE(g.nodes.size() == 3);
    CHECK(g.nodes[1].id == "x_c_a_b");
    CHECK(g.nodes[2].id == "x_c_a_b_2");
    CHECK(g.nodes[1].path != g.nodes[2].path);
    REQUIRE(g.edges.size() == 1);
    REQUIRE(g.clusters.size() == 1);
    CHECK(g.clusters[0].id == "cluster_q__x_");
    CHECK(render_dot(g).find("label=\"s/q\\\"<x>\";") != std::string::npos);
    CHECK(render_mermaid(g).find("subgraph cluster_q__x_[\"s/q#quot;#lt;x#gt;\"]") != std::string::npos);
}
