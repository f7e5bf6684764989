// The root of the construct tree. Stacks are its children:
//   infra::App app;
//   auto& dev = app.add<infra::Stack>("dev");
#pragma once

#include <string>
#include <vector>

#include "infra/construct.hpp"
#include "infra/stack.hpp"

namespace infra {

class App : public Construct {
public:
    App();

    std::vector<Stack*> stacks() const;
    Stack* find_stack(std::string_view name) const;
};

}  // namespace infra
