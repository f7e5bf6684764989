// The construct tree. Every piece of infrastructure is a Construct with an id
// unique among its siblings; its path (`dev/network/vpc`) names it in every
// message and derives its Terraform logical ID.
#pragma once

#include <concepts>
#include <memory>
#include "infra/source_location.hpp"
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infra/annotations.hpp"

namespace infra {

class Aspect;
class Construct;
class Stack;
class TerraformElement;

// The id of a new child, and the line of the program that asked for it.
// Construct::add takes one, converted implicitly from the id (a string
// literal, a std::string): the default argument is evaluated where add is
// called, so an error about the new construct (a duplicate id, a module's
// props) points at the user's line of C++ rather than at this header. A
// helper that creates constructs for its caller passes the caller's line on:
// `scope.add<T>(ChildId(id, where), ...)`.
class ChildId {
public:
    template <class S>
        requires std::convertible_to<S, std::string>
    ChildId(S&& id, infra::SourceLocation where = infra::SourceLocation::current())  // implicit on purpose
        : id_(std::forward<S>(id)), where_(where) {}

    const std::string& id() const { return id_; }
    const infra::SourceLocation& where() const { return where_; }

private:
    friend class Scope;
    std::string id_;
    infra::SourceLocation where_;
};

// Where a new construct goes: its parent, its id, and the line of the
// program that created it. Only Construct::add can make one, so every
// construct is owned by the tree and none is lost.
class Scope {
public:
    Construct& parent() const { return *parent_; }
    const std::string& id() const { return id_; }
    // Where Construct::add was called: a constructor that rejects its
    // arguments names it (infra/source_location.hpp). Not kept after
    // construction, so the tree pays nothing for it.
    const infra::SourceLocation& where() const { return where_; }

private:
    friend class Construct;
    Scope(Construct& parent, ChildId&& id) : parent_(&parent), id_(std::move(id.id_)), where_(id.where_) {}
    Construct* parent_;
    std::string id_;
    infra::SourceLocation where_;
};

class Construct {
public:
    explicit Construct(Scope scope);
    virtual ~Construct();
    Construct(const Construct&) = delete;
    Construct& operator=(const Construct&) = delete;

    // Creates a child of type T, constructed as T(Scope, args...), owned by
    // this construct. Throws infra::Error if `id` is empty, contains '/', or is
    // already used by a sibling; the message ends with the caller's line
    // (" (at stacks/dev.cpp:42)").
    template <class T, class... Args>
    T& add(ChildId id, Args&&... args) {
        check_new_child_id(id);
        auto child = std::make_unique<T>(Scope(*this, std::move(id)), std::forward<Args>(args)...);
        T& ref = *child;
        adopt(std::move(child));
        return ref;
    }

    // The id among its siblings. (Not `id()`: generated resource classes use
    // that name for the Terraform attribute, as users expect of `vpc.id()`.)
    const std::string& construct_id() const { return id_; }
    Construct* parent() const { return parent_; }
    // The ids from the stack (or the first construct under the app) down to
    // this one, joined with '/'.
    std::string path() const;
    // Appends path() to `out`, for callers that build many paths into one
    // reused buffer.
    void append_path(std::string& out) const;
    // The nearest enclosing stack; throws if this construct is not in one.
    Stack& stack() const;
    Stack* stack_or_null() const { return stack_; }

    const std::vector<std::unique_ptr<Construct>>& children() const { return children_; }
    // This construct as a Terraform block (resource, output, ...), or nullptr.
    // A virtual call rather than a dynamic_cast: synthesis asks it of every
    // construct in the tree.
    virtual const TerraformElement* as_element() const { return nullptr; }
    Construct* find_child(std::string_view id) const;

    // Aspects added here visit this construct and everything below it.
    void add_aspect(std::shared_ptr<Aspect> aspect);
    const std::vector<std::shared_ptr<Aspect>>& aspects() const;

    Annotations annotations();
    const std::vector<Annotation>& annotation_list() const;

    // Free-form key/value metadata for tools that work on the tree (e.g.
    // rule suppressions); never synthesized. Setting a key again replaces it.
    void set_metadata(std::string key, std::string value);
    const std::string* metadata(std::string_view key) const;
    const std::vector<std::pair<std::string, std::string>>& metadata_entries() const;

protected:
    struct RootTag {};
    // The root of a tree (the App) has no parent and an empty id.
    explicit Construct(RootTag);
    // A Stack is its own stack.
    void become_stack(Stack* self) { stack_ = self; }

private:
    void check_new_child_id(const ChildId& id) const;
    void adopt(std::unique_ptr<Construct> child);

    // What few constructs have: aspects, annotations, and the index of a
    // construct with many children. Kept out of line so that the leaves of
    // a large tree (nearly every construct) pay one pointer for them.
    struct Extras;
    Extras& extras();

    Construct* parent_ = nullptr;
    Stack* stack_ = nullptr;
    std::string id_;
    std::vector<std::unique_ptr<Construct>> children_;
    std::unique_ptr<Extras> extras_;
};

// Calls visit(c) for `root` and every construct below it, parents first,
// children in the order they were added.
template <class F>
void walk(Construct& root, F&& visit) {
    std::vector<Construct*> pending{&root};
    while (!pending.empty()) {
        Construct* c = pending.back();
        pending.pop_back();
        visit(*c);
        const auto& kids = c->children();
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) pending.push_back(it->get());
    }
}

}  // namespace infra
