#include "infra/aspect.hpp"

#include <utility>
#include <vector>

#include "infra/construct.hpp"

namespace infra {

namespace {

class LambdaAspect : public Aspect {
public:
    explicit LambdaAspect(std::function<void(Construct&)> f) : f_(std::move(f)) {}
    void visit(Construct& node) override { f_(node); }

private:
    std::function<void(Construct&)> f_;
};

void apply(Construct& node, std::vector<Aspect*>& inherited) {
    const std::size_t mark = inherited.size();
    for (const auto& a : node.aspects()) inherited.push_back(a.get());
    for (std::size_t i = 0; i < inherited.size(); ++i) inherited[i]->visit(node);
    // By index: an aspect may add children while we walk them.
    for (std::size_t i = 0; i < node.children().size(); ++i) apply(*node.children()[i], inherited);
    inherited.resize(mark);
}

}  // namespace

std::shared_ptr<Aspect> make_aspect(std::function<void(Construct&)> visit) {
    return std::make_shared<LambdaAspect>(std::move(visit));
}

void apply_aspects(Construct& root) {
    std::vector<Aspect*> inherited;
    apply(root, inherited);
}

}  // namespace infra
