#include "infra/dependency_graph.hpp"

#include <fmt/format.h>

#include <unordered_map>

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

std::vector<const TerraformElement*> dependencies_of(const TerraformElement& element) {
    std::vector<const TerraformElement*> deps(element.explicit_dependencies());
    // A reference to itself (a variable's validation naming var.<self>) is
    // not a dependency.
    const auto collect = [&](const TerraformElement& target) {
        if (&target != &element) deps.push_back(&target);
    };
    // References come from the rendered body, so overrides count too.
    for_each_reference(Value(element.rendered_body()), collect);
    if (element.element_kind() == ElementKind::Resource || element.element_kind() == ElementKind::DataSource) {
        if (const Provider* p = static_cast<const ResourceBase&>(element).provider()) deps.push_back(p);
    }
    return deps;
}

void check_for_cycles(const std::vector<const TerraformElement*>& elements) {
    // Iterative three-colour depth-first search: linear in elements + edges,
    // and no recursion depth limit for long reference chains.
    enum class Colour : unsigned char { White, Grey, Black };
    std::unordered_map<const TerraformElement*, Colour> colour;
    colour.reserve(elements.size() * 2);
    for (const TerraformElement* e : elements) colour.emplace(e, Colour::White);

    struct Frame {
        const TerraformElement* element;
        std::vector<const TerraformElement*> deps;
        std::size_t next = 0;
    };
    std::vector<Frame> stack;
    for (const TerraformElement* root : elements) {
        if (colour[root] != Colour::White) continue;
        colour[root] = Colour::Grey;
        stack.push_back({root, dependencies_of(*root)});
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next == top.deps.size()) {
                colour[top.element] = Colour::Black;
                stack.pop_back();
                continue;
            }
            const TerraformElement* dep = top.deps[top.next++];
            auto it = colour.find(dep);
            if (it == colour.end()) continue;  // outside this stack: not part of a cycle here
            if (it->second == Colour::Grey) {
                std::string cycle;
                bool in_cycle = false;
                for (const Frame& f : stack) {
                    if (f.element == dep) in_cycle = true;
                    if (in_cycle) cycle += describe(*f.element) + " -> ";
                }
                cycle += describe(*dep);
                throw Error("reference cycle: " + cycle);
            }
            if (it->second == Colour::White) {
                it->second = Colour::Grey;
                stack.push_back({dep, dependencies_of(*dep)});
            }
        }
    }
}

}  // namespace infra
