#include "infra/app.hpp"

namespace infra {

App::App() : Construct(RootTag{}) {}

std::vector<Stack*> App::stacks() const {
    std::vector<Stack*> out;
    for (const auto& child : children())
        if (auto* s = dynamic_cast<Stack*>(child.get())) out.push_back(s);
    return out;
}

Stack* App::find_stack(std::string_view name) const { return dynamic_cast<Stack*>(find_child(name)); }

}  // namespace infra
