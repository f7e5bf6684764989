// Architecture diagrams of a stack, drawn from its construct tree: nodes
// for resources and data sources, clusters for the constructs that hold
// them, edges for the references between them (and for reads of another
// stack's state). Rendered as Graphviz DOT or as a Mermaid flowchart; both
// are deterministic (sorted nodes and edges, ids derived from addresses).
//
//   infra::synthesize(app, {"dev"});   // links cross-stack references first
//   const auto graph = infra::build_architecture_graph(*app.find_stack("dev"));
//   std::cout << infra::render_dot(graph);
#pragma once

#include <string>
#include <vector>

namespace infra {

class Stack;

enum class GraphLevel {
    Resources,   // one node per resource and data source, nested construct clusters
    Constructs,  // one node per child of the stack (a construct or a lone element)
};

enum class GraphNodeKind {
    Resource,
    DataSource,
    RemoteState,  // the terraform_remote_state through which the stack reads another stack
    Construct,    // GraphLevel::Constructs: a whole construct
};

struct GraphNode {
    std::string id;       // unique, [A-Za-z0-9_] only: safe in DOT and Mermaid
    std::string label;    // lines separated by '\n': "aws_lambda_function\nget_animals"
    std::string cluster;  // id of the enclosing cluster; empty at the top level
    std::string path;     // construct path: "dev/lambda/get_animals"
    GraphNodeKind kind = GraphNodeKind::Resource;
};

struct GraphCluster {
    std::string id;      // "cluster_" + sanitized path below the stack
    std::string label;   // the construct path: "dev/network"
    std::string parent;  // id of the enclosing cluster; empty at the top level
};

struct GraphEdge {
    std::string from;  // the node that refers ...
    std::string to;    // ... to this one
    friend bool operator==(const GraphEdge&, const GraphEdge&) = default;
    friend auto operator<=>(const GraphEdge&, const GraphEdge&) = default;
};

struct ArchitectureGraph {
    std::string name;                    // the stack's name
    std::vector<GraphCluster> clusters;  // sorted by id
    std::vector<GraphNode> nodes;        // sorted by id
    std::vector<GraphEdge> edges;        // sorted, no duplicates, no self-edges
};

// The diagram of `stack`. References are followed through locals, variables
// and explicit depends_on (providers are left out); a reference to an
// element of another stack becomes an edge to the node of the
// terraform_remote_state that reads it. Call after cross-stack references
// were linked (infra::synthesize or link_cross_stack_references), so those
// nodes exist; before, such a read is drawn to a node named after the
// other stack all the same.
ArchitectureGraph build_architecture_graph(const Stack& stack, GraphLevel level = GraphLevel::Resources);

// Graphviz: `digraph`, rankdir=LR, one `subgraph "cluster_..."` per cluster.
std::string render_dot(const ArchitectureGraph& graph);
// Mermaid: `flowchart LR`, `subgraph` blocks, `-->` edges.
std::string render_mermaid(const ArchitectureGraph& graph);

}  // namespace infra
