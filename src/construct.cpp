#include "infra/construct.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <functional>

#include "infra/error.hpp"
#include "infra/source_location.hpp"
#include "infra/stack.hpp"

namespace infra {

namespace {
// Below this many children a linear scan is faster than a hash lookup.
constexpr std::size_t kIndexThreshold = 16;

std::size_t slot_of(std::string_view id, std::size_t mask) { return std::hash<std::string_view>{}(id) & mask; }
}  // namespace

struct Construct::Extras {
    std::vector<std::shared_ptr<Aspect>> aspects;
    std::vector<Annotation> annotations;
    std::vector<std::pair<std::string, std::string>> metadata;
    // The children by id, once there are many: an open-addressing table
    // (nullptr marks a free slot) kept at most half full. Adding the n-th
    // child of a stack with very many resources stays O(1), at two to four
    // pointers per child.
    std::vector<Construct*> child_slots;

    void index(Construct* child) {
        const std::size_t mask = child_slots.size() - 1;
        std::size_t slot = slot_of(child->id_, mask);
        while (child_slots[slot] != nullptr) slot = (slot + 1) & mask;
        child_slots[slot] = child;
    }
};

Construct::Extras& Construct::extras() {
    if (!extras_) extras_ = std::make_unique<Extras>();
    return *extras_;
}

const std::vector<std::shared_ptr<Aspect>>& Construct::aspects() const {
    static const std::vector<std::shared_ptr<Aspect>> none;
    return extras_ ? extras_->aspects : none;
}

Annotations Construct::annotations() { return Annotations(extras().annotations); }

const std::vector<Annotation>& Construct::annotation_list() const {
    static const std::vector<Annotation> none;
    return extras_ ? extras_->annotations : none;
}

void Construct::set_metadata(std::string key, std::string value) {
    auto& entries = extras().metadata;
    for (auto& [k, v] : entries)
        if (k == key) {
            v = std::move(value);
            return;
        }
    entries.emplace_back(std::move(key), std::move(value));
}

const std::string* Construct::metadata(std::string_view key) const {
    if (!extras_) return nullptr;
    for (const auto& [k, v] : extras_->metadata)
        if (k == key) return &v;
    return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& Construct::metadata_entries() const {
    static const std::vector<std::pair<std::string, std::string>> none;
    return extras_ ? extras_->metadata : none;
}

Construct::Construct(Scope scope)
    : parent_(&scope.parent()), stack_(scope.parent().stack_), id_(scope.id()) {}

Construct::Construct(RootTag) {}

Construct::~Construct() = default;

std::string Construct::path() const {
    std::string out;
    append_path(out);
    return out;
}

void Construct::append_path(std::string& out) const {
    // Sized first, then filled from the end: no list of ancestors to build.
    std::size_t length = 0;
    for (const Construct* c = this; c != nullptr && c->parent_ != nullptr; c = c->parent_)
        length += c->id_.size() + (c->parent_->parent_ != nullptr ? 1 : 0);
    const std::size_t start = out.size();
    out.resize(start + length);
    std::size_t end = out.size();
    for (const Construct* c = this; c != nullptr && c->parent_ != nullptr; c = c->parent_) {
        end -= c->id_.size();
        std::copy(c->id_.begin(), c->id_.end(), out.begin() + static_cast<std::ptrdiff_t>(end));
        if (c->parent_->parent_ != nullptr) out[--end] = '/';
    }
}

Stack& Construct::stack() const {
    if (stack_ == nullptr) throw Error(fmt::format("{}: construct is not inside a stack", path()));
    return *stack_;
}

Construct* Construct::find_child(std::string_view id) const {
    if (extras_ && !extras_->child_slots.empty()) {
        const auto& slots = extras_->child_slots;
        const std::size_t mask = slots.size() - 1;
        for (std::size_t slot = slot_of(id, mask); slots[slot] != nullptr; slot = (slot + 1) & mask)
            if (slots[slot]->id_ == id) return slots[slot];
        return nullptr;
    }
    for (const auto& child : children_)
        if (child->id_ == id) return child.get();
    return nullptr;
}

void Construct::check_new_child_id(const ChildId& child) const {
    const std::string& id = child.id();
    if (id.empty())
        throw Error(with_location(
            fmt::format("{}: a construct id must not be empty", path().empty() ? "app" : path()), child.where()));
    if (id.find('/') != std::string::npos)
        throw Error(with_location(fmt::format("{}: construct id \"{}\" must not contain '/' (it separates the ids of a "
                                              "path)",
                                              path().empty() ? "app" : path(), id),
                                  child.where()));
    if (const Construct* existing = find_child(id))
        throw Error(with_location(fmt::format("duplicate construct id \"{}\": {} already exists; give one of them "
                                              "another id",
                                              id, existing->path()),
                                  child.where()));
}

void Construct::adopt(std::unique_ptr<Construct> child) {
    Construct* raw = child.get();
    children_.push_back(std::move(child));
    if (children_.size() <= kIndexThreshold) return;
    Extras& x = extras();
    if (children_.size() * 2 <= x.child_slots.size()) {
        x.index(raw);
        return;
    }
    // Full (or not built yet): rebuild at four slots per child.
    x.child_slots.assign(std::bit_ceil(children_.size() * 4), nullptr);
    for (const auto& c : children_) x.index(c.get());
}

void Construct::add_aspect(std::shared_ptr<Aspect> aspect) { extras().aspects.push_back(std::move(aspect)); }

}  // namespace infra
