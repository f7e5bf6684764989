#include "infra/construct.hpp"

#include <fmt/format.h>

#include "infra/error.hpp"
#include "infra/stack.hpp"

namespace infra {

namespace {
// Below this many children a linear scan is faster than a hash lookup.
constexpr std::size_t kIndexThreshold = 16;
}  // namespace

Construct::Construct(Scope scope)
    : parent_(&scope.parent()), stack_(scope.parent().stack_), id_(scope.id()) {}

Construct::Construct(RootTag) {}

Construct::~Construct() = default;

std::string Construct::path() const {
    std::vector<const Construct*> chain;
    for (const Construct* c = this; c != nullptr && c->parent_ != nullptr; c = c->parent_) chain.push_back(c);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!out.empty()) out += '/';
        out += (*it)->id_;
    }
    return out;
}

Stack& Construct::stack() const {
    if (stack_ == nullptr) throw Error(fmt::format("{}: construct is not inside a stack", path()));
    return *stack_;
}

Construct* Construct::find_child(std::string_view id) const {
    if (!child_index_.empty()) {
        auto it = child_index_.find(id);
        return it == child_index_.end() ? nullptr : it->second;
    }
    for (const auto& child : children_)
        if (child->id_ == id) return child.get();
    return nullptr;
}

void Construct::check_new_child_id(const std::string& id) const {
    if (id.empty()) throw Error(fmt::format("{}: a construct id must not be empty", path().empty() ? "app" : path()));
    if (id.find('/') != std::string::npos)
        throw Error(fmt::format("{}: construct id \"{}\" must not contain '/'", path().empty() ? "app" : path(), id));
    if (const Construct* existing = find_child(id)) {
        throw Error(fmt::format("duplicate construct id \"{}\": {} already exists", id, existing->path()));
    }
}

void Construct::adopt(std::unique_ptr<Construct> child) {
    Construct* raw = child.get();
    children_.push_back(std::move(child));
    if (!child_index_.empty()) {
        child_index_.emplace(raw->id_, raw);
    } else if (children_.size() > kIndexThreshold) {
        child_index_.reserve(children_.size() * 2);
        for (const auto& c : children_) child_index_.emplace(c->id_, c.get());
    }
}

void Construct::add_aspect(std::shared_ptr<Aspect> aspect) { aspects_.push_back(std::move(aspect)); }

}  // namespace infra
