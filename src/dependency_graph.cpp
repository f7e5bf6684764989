#include "dependency_graph.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "element_index.hpp"

#include "infra/body_view.hpp"
#include "infra/error.hpp"
#include "infra/expression.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource_base.hpp"
#include "infra/variable.hpp"

namespace infra {

namespace {

std::string describe(const TerraformElement& e) {
    std::string prefix = e.reference_prefix();
    if (prefix.empty()) prefix = e.id_namespace() + "." + e.logical_id();
    return fmt::format("{} ({})", prefix, e.path());
}

}  // namespace

namespace {

// Calls `emit` for each element `element` depends on, in the order
// dependencies_of lists them. `view` is scratch space for the body.
template <class Emit>
void each_dependency(const TerraformElement& element, BodyView& view, Emit&& emit) {
    for (const TerraformElement* d : element.explicit_dependencies()) emit(d);
    // A variable's validation naming var.<self> is not a dependency. Any
    // other reference to itself is kept: Terraform rejects a self-referential
    // block, so it must show up here as a cycle.
    const bool is_variable = element.element_kind() == ElementKind::Variable;
    auto collect = [&](const TerraformElement& target) {
        if (&target != &element || !is_variable) emit(&target);
    };
    // References come from the rendered body, so overrides count too. The
    // view borrows the body instead of copying it.
    element.view_rendered_body(view);
    for (const auto& entry : view.entries()) visit_references(*entry.value, collect);
    if (element.element_kind() == ElementKind::Resource || element.element_kind() == ElementKind::DataSource) {
        if (const Provider* p = static_cast<const ResourceBase&>(element).provider()) emit(p);
    }
}

}  // namespace

std::vector<const TerraformElement*> dependencies_of(const TerraformElement& element) {
    std::vector<const TerraformElement*> deps;
    BodyView view;
    each_dependency(element, view, [&](const TerraformElement* d) { deps.push_back(d); });
    return deps;
}

void check_for_cycles(const std::vector<const TerraformElement*>& elements) {
    // Iterative three-colour depth-first search over element positions:
    // linear in elements + edges, no recursion depth limit for long
    // reference chains. An element's edges are collected when the search
    // first reaches it (so errors in a body surface in the same order as
    // they always did) into one shared array.
    enum class Colour : unsigned char { White, Grey, Black };
    const ElementIndex index(elements);
    std::vector<Colour> colour(elements.size(), Colour::White);
    std::vector<std::uint32_t> edges;  // positions; npos for targets outside this stack
    // The edges of the frames on the stack are the tail of `edges`, the top
    // frame's last, so popping a frame gives its edges back.
    struct Frame {
        std::uint32_t element;
        std::size_t begin;  // into edges
        std::size_t next;
        std::size_t end;
    };
    std::vector<Frame> stack;
    BodyView view;
    const auto push = [&](std::uint32_t i) {
        colour[i] = Colour::Grey;
        const std::size_t begin = edges.size();
        each_dependency(*elements[i], view, [&](const TerraformElement* d) { edges.push_back(index.find(d)); });
        stack.push_back({i, begin, begin, edges.size()});
    };
    for (std::size_t r = 0; r < elements.size(); ++r) {
        const std::uint32_t root = index.find(elements[r]);
        if (colour[root] != Colour::White) continue;
        push(root);
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next == top.end) {
                colour[top.element] = Colour::Black;
                edges.resize(top.begin);
                stack.pop_back();
                continue;
            }
            const std::uint32_t dep = edges[top.next++];
            if (dep == ElementIndex::npos) continue;  // outside this stack: not part of a cycle here
            if (colour[dep] == Colour::Grey) {
                std::string cycle;
                bool in_cycle = false;
                for (const Frame& f : stack) {
                    if (f.element == dep) in_cycle = true;
                    if (in_cycle) cycle += describe(*elements[f.element]) + " -> ";
                }
                cycle += describe(*elements[dep]);
                throw Error("reference cycle: " + cycle);
            }
            if (colour[dep] == Colour::White) push(dep);
        }
    }
}

}  // namespace infra
