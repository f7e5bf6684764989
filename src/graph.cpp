#include "graph.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "dependency_graph.hpp"
#include "infra/resource_base.hpp"
#include "infra/stack.hpp"
#include "infra/terraform_element.hpp"

namespace infra {

namespace {

// Letters, digits and '_' stay; anything else becomes '_'. The result is a
// valid bare identifier in DOT and Mermaid.
std::string sanitize(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        out += keep ? c : '_';
    }
    if (out.empty()) out = "_";
    return out;
}

// Hands out ids unique across the whole graph: the wanted one, or with
// "_2", "_3", ... when sanitizing made two of them equal. Callers ask in a
// sorted order, so the same tree always gets the same ids.
class IdAllocator {
public:
    std::string take(const std::string& wanted) {
        std::string id = wanted;
        for (int n = 2; taken_.count(id) != 0; ++n) id = wanted + "_" + std::to_string(n);
        taken_.insert(id);
        return id;
    }

private:
    std::set<std::string> taken_;
};

bool is_node_element(const TerraformElement& e) {
    return e.element_kind() == ElementKind::Resource || e.element_kind() == ElementKind::DataSource;
}

bool is_remote_state(const TerraformElement& e) {
    return e.element_kind() == ElementKind::DataSource &&
           static_cast<const ResourceBase&>(e).terraform_type() == "terraform_remote_state";
}

// The path below the stack: "network/vpc" for dev/network/vpc.
std::string relative_path(const Construct& c, const Stack& stack) {
    std::string path = c.path();
    const std::string prefix = stack.path() + "/";
    if (path.rfind(prefix, 0) == 0) path.erase(0, prefix.size());
    return path;
}

// The child of `stack` that `c` lies in (or `c` itself).
const Construct* top_level_owner(const Construct& c, const Stack& stack) {
    const Construct* current = &c;
    while (current->parent() != nullptr && current->parent() != &stack) current = current->parent();
    return current;
}

// A node before its id is final: sorted by what it wants to be called and
// its path, then given ids in that order.
struct PendingNode {
    std::string wanted_id;
    GraphNode node;
};

class Builder {
public:
    Builder(const Stack& stack, GraphLevel level) : stack_(stack), level_(level) {}

    ArchitectureGraph build() {
        collect_elements();
        if (level_ == GraphLevel::Resources) build_clusters();
        build_nodes();
        build_edges();
        ArchitectureGraph graph;
        graph.name = stack_.name();
        graph.clusters = std::move(clusters_);
        graph.nodes = std::move(nodes_);
        graph.edges.assign(edges_.begin(), edges_.end());
        std::sort(graph.clusters.begin(), graph.clusters.end(),
                  [](const GraphCluster& a, const GraphCluster& b) { return a.id < b.id; });
        std::sort(graph.nodes.begin(), graph.nodes.end(),
                  [](const GraphNode& a, const GraphNode& b) { return a.id < b.id; });
        return graph;
    }

private:
    void collect_elements() {
        std::vector<const Construct*> pending{&stack_};
        while (!pending.empty()) {
            const Construct* c = pending.back();
            pending.pop_back();
            if (const TerraformElement* e = c->as_element(); e != nullptr && is_node_element(*e)) elements_.push_back(e);
            for (const auto& child : c->children()) pending.push_back(child.get());
        }
    }

    // The constructs between the stack and each element, outermost first;
    // an element never encloses a cluster (an element below an element is
    // drawn beside it).
    std::vector<const Construct*> enclosing_constructs(const TerraformElement& e) const {
        std::vector<const Construct*> chain;
        for (const Construct* c = e.parent(); c != nullptr && c != &stack_; c = c->parent())
            if (c->as_element() == nullptr) chain.push_back(c);
        std::reverse(chain.begin(), chain.end());
        return chain;
    }

    void build_clusters() {
        std::map<std::string, const Construct*> by_path;  // relative path -> construct, sorted
        for (const TerraformElement* e : elements_)
            for (const Construct* c : enclosing_constructs(*e)) by_path.emplace(relative_path(*c, stack_), c);
        for (const auto& [path, c] : by_path) cluster_ids_[c] = ids_.take("cluster_" + sanitize(path));
        for (const auto& [path, c] : by_path) {
            GraphCluster cluster{.id = cluster_ids_.at(c), .label = c->path(), .parent = {}};
            for (const Construct* p = c->parent(); p != nullptr && p != &stack_; p = p->parent())
                if (auto it = cluster_ids_.find(p); it != cluster_ids_.end()) {
                    cluster.parent = it->second;
                    break;
                }
            clusters_.push_back(std::move(cluster));
        }
    }

    static GraphNode element_node(const TerraformElement& e) {
        const auto& r = static_cast<const ResourceBase&>(e);
        GraphNode node;
        node.path = e.path();
        if (is_remote_state(e)) {
            node.kind = GraphNodeKind::RemoteState;
            node.label = r.terraform_type() + "\n" + e.logical_id();
        } else {
            node.kind = e.element_kind() == ElementKind::DataSource ? GraphNodeKind::DataSource : GraphNodeKind::Resource;
            node.label = r.terraform_type() + "\n" + e.construct_id();
        }
        return node;
    }

    void build_nodes() {
        // Keyed by (wanted id, path): a deterministic order to hand out ids in.
        std::map<std::pair<std::string, std::string>, std::pair<const Construct*, GraphNode>> pending;
        for (const TerraformElement* e : elements_) {
            const Construct* key = e;
            GraphNode node;
            std::string wanted;
            if (level_ == GraphLevel::Constructs) {
                key = top_level_owner(*e, stack_);
                if (pending_keys_.count(key) != 0) {
                    owner_of_[e] = key;
                    continue;
                }
                const TerraformElement* as_element = key->as_element();
                if (as_element != nullptr && is_node_element(*as_element)) {
                    node = element_node(*as_element);
                    wanted = sanitize(as_element->reference_prefix());
                } else {
                    node.kind = GraphNodeKind::Construct;
                    node.label = key->construct_id();
                    node.path = key->path();
                    wanted = "construct_" + sanitize(key->construct_id());
                }
                pending_keys_.insert(key);
            } else {
                node = element_node(*e);
                wanted = sanitize(e->reference_prefix());
                const auto chain = enclosing_constructs(*e);
                if (!chain.empty()) node.cluster = cluster_ids_.at(chain.back());
            }
            owner_of_[e] = key;
            auto sort_key = std::make_pair(std::move(wanted), node.path);  // before node is moved
            pending.emplace(std::move(sort_key), std::make_pair(key, std::move(node)));
        }
        for (auto& [sort_key, entry] : pending) {
            entry.second.id = ids_.take(sort_key.first);
            node_ids_[entry.first] = entry.second.id;
            nodes_.push_back(std::move(entry.second));
        }
    }

    // The node through which this stack reads `other` (its
    // terraform_remote_state), created if cross-stack references were not
    // linked yet.
    std::string remote_state_node(const Stack& other) {
        if (const TerraformElement* remote = stack_.remote_state_of(other)) {
            auto it = owner_of_.find(remote);
            if (it != owner_of_.end()) return node_ids_.at(it->second);
        }
        if (auto it = unlinked_remote_states_.find(&other); it != unlinked_remote_states_.end()) return it->second;
        GraphNode node{.id = ids_.take(sanitize("data.terraform_remote_state." + other.name())),
                       .label = "terraform_remote_state\n" + other.name(),
                       .cluster = {},
                       .path = other.path(),
                       .kind = GraphNodeKind::RemoteState};
        unlinked_remote_states_[&other] = node.id;
        nodes_.push_back(node);
        return node.id;
    }

    // The nodes `target` stands for, seen from this stack: itself (its
    // owner at the constructs level), the remote state of another stack, or
    // what a local, variable or output refers to in turn.
    void resolve(const TerraformElement& target, std::unordered_set<const TerraformElement*>& seen,
                 std::vector<std::string>& out) {
        if (target.element_kind() == ElementKind::Provider) return;
        if (!seen.insert(&target).second) return;
        const Stack* other = target.stack_or_null();
        if (other != nullptr && other != &stack_) {
            out.push_back(remote_state_node(*other));
            return;
        }
        if (auto it = owner_of_.find(&target); it != owner_of_.end()) {
            out.push_back(node_ids_.at(it->second));
            return;
        }
        for (const TerraformElement* d : dependencies_of(target)) resolve(*d, seen, out);
    }

    void build_edges() {
        std::vector<std::string> targets;
        std::unordered_set<const TerraformElement*> seen;
        for (const TerraformElement* e : elements_) {
            const std::string& from = node_ids_.at(owner_of_.at(e));
            targets.clear();
            seen.clear();
            seen.insert(e);
            for (const TerraformElement* d : dependencies_of(*e)) resolve(*d, seen, targets);
            for (const std::string& to : targets)
                if (to != from) edges_.insert(GraphEdge{.from = from, .to = to});
        }
    }

    const Stack& stack_;
    GraphLevel level_;
    IdAllocator ids_;
    std::vector<const TerraformElement*> elements_;
    std::unordered_map<const Construct*, std::string> cluster_ids_;
    // Each element -> the construct its node stands for (itself, or its
    // top-level owner); that construct -> the node id.
    std::unordered_map<const Construct*, const Construct*> owner_of_;
    std::unordered_set<const Construct*> pending_keys_;
    std::unordered_map<const Construct*, std::string> node_ids_;
    std::unordered_map<const Stack*, std::string> unlinked_remote_states_;
    std::vector<GraphCluster> clusters_;
    std::vector<GraphNode> nodes_;
    std::set<GraphEdge> edges_;
};

// A DOT quoted string; a label's lines are joined with DOT's "\n".
std::string dot_quote(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else out += c;
    }
    out += '"';
    return out;
}

// Text inside a Mermaid ["..."] label: quotes and angle brackets as
// entities, lines joined with <br/>.
std::string mermaid_text(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '"': out += "#quot;"; break;
            case '<': out += "#lt;"; break;
            case '>': out += "#gt;"; break;
            case '\n': out += "<br/>"; break;
            default: out += c;
        }
    }
    return out;
}

const char* dot_node_attributes(GraphNodeKind kind) {
    switch (kind) {
        case GraphNodeKind::Resource: return "shape=box";
        case GraphNodeKind::DataSource: return "shape=box, style=dashed";
        case GraphNodeKind::RemoteState: return "shape=cylinder";
        case GraphNodeKind::Construct: return "shape=box3d";
    }
    return "shape=box";
}

std::string mermaid_node(const GraphNode& node) {
    const std::string text = "\"" + mermaid_text(node.label) + "\"";
    switch (node.kind) {
        case GraphNodeKind::Resource: return node.id + "[" + text + "]";
        case GraphNodeKind::DataSource: return node.id + "([" + text + "])";
        case GraphNodeKind::RemoteState: return node.id + "[(" + text + ")]";
        case GraphNodeKind::Construct: return node.id + "[[" + text + "]]";
    }
    return node.id + "[" + text + "]";
}

// Walks the clusters as a tree: calls open(cluster, depth) and
// close(cluster, depth) around each cluster's nodes and sub-clusters, and
// node(node, depth) for each node, in id order.
template <class Open, class Close, class Node>
void walk_clusters(const ArchitectureGraph& graph, Open&& open, Close&& close, Node&& node) {
    std::map<std::string, std::vector<const GraphCluster*>> children;  // parent id -> clusters
    std::map<std::string, std::vector<const GraphNode*>> members;      // cluster id -> nodes
    for (const auto& c : graph.clusters) children[c.parent].push_back(&c);
    for (const auto& n : graph.nodes) members[n.cluster].push_back(&n);
    auto visit = [&](auto&& self, const std::string& cluster_id, int depth) -> void {
        for (const GraphNode* n : members[cluster_id]) node(*n, depth);
        for (const GraphCluster* c : children[cluster_id]) {
            open(*c, depth);
            self(self, c->id, depth + 1);
            close(*c, depth);
        }
    };
    visit(visit, "", 1);
}

std::string indent(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }

}  // namespace

ArchitectureGraph build_architecture_graph(const Stack& stack, GraphLevel level) {
    return Builder(stack, level).build();
}

std::string render_dot(const ArchitectureGraph& graph) {
    std::string out = "digraph " + dot_quote(graph.name) + " {\n";
    out += "  rankdir=LR;\n";
    out += "  label=" + dot_quote(graph.name) + ";\n";
    out += "  labelloc=t;\n";
    out += "  fontname=\"Helvetica\";\n";
    out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
    out += "  edge [color=\"#555555\"];\n";
    walk_clusters(
        graph,
        [&](const GraphCluster& c, int depth) {
            out += indent(depth) + "subgraph " + dot_quote(c.id) + " {\n";
            out += indent(depth + 1) + "label=" + dot_quote(c.label) + ";\n";
        },
        [&](const GraphCluster&, int depth) { out += indent(depth) + "}\n"; },
        [&](const GraphNode& n, int depth) {
            out += indent(depth) + dot_quote(n.id) + " [label=" + dot_quote(n.label) + ", " +
                   dot_node_attributes(n.kind) + "];\n";
        });
    for (const auto& e : graph.edges) out += "  " + dot_quote(e.from) + " -> " + dot_quote(e.to) + ";\n";
    out += "}\n";
    return out;
}

std::string render_mermaid(const ArchitectureGraph& graph) {
    std::string out = "flowchart LR\n";
    walk_clusters(
        graph,
        [&](const GraphCluster& c, int depth) {
            out += indent(depth) + "subgraph " + c.id + "[\"" + mermaid_text(c.label) + "\"]\n";
        },
        [&](const GraphCluster&, int depth) { out += indent(depth) + "end\n"; },
        [&](const GraphNode& n, int depth) { out += indent(depth) + mermaid_node(n) + "\n"; });
    for (const auto& e : graph.edges) out += "  " + e.from + " --> " + e.to + "\n";
    return out;
}

}  // namespace infra
