// Aspects visit every construct of a subtree before synthesis: the place for
// cross-cutting changes (tags on every taggable resource) and checks (policy
// rules that annotate what they find).
#pragma once

#include <functional>
#include <memory>

namespace infra {

class Construct;

class Aspect {
public:
    virtual ~Aspect() = default;
    virtual void visit(Construct& node) = 0;
};

// An aspect from a lambda, for the common one-function case.
std::shared_ptr<Aspect> make_aspect(std::function<void(Construct&)> visit);

// Applies every aspect to the constructs it covers (the construct it was added
// to and all below), parents before children. Constructs that aspects add are
// visited too.
void apply_aspects(Construct& root);

}  // namespace infra
