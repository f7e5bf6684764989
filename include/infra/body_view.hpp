// A read-only look at an element's rendered body: its entries in key order,
// pointing into the element wherever it can. Synthesis, dependency tracking
// and validation read every body of a stack; through a view they do it
// without copying the element's arguments (a resource's body is its
// arguments plus a few meta-arguments, and copying the map per reader was
// most of the cost of a large synth).
//
//   BodyView view;
//   element.view_rendered_body(view);
//   for (const auto& [key, value] : view.entries()) ...
//
// A view is valid until the element changes or the view is refilled. One
// view can be reused for many elements; it keeps its buffers.
#pragma once

#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infra/value.hpp"

namespace infra {

class Construct;

class BodyView {
public:
    struct Entry {
        std::string_view key;
        const Value* value;
    };

    std::span<const Entry> entries() const { return entries_; }
    bool empty() const { return entries_.empty(); }
    // The value of `key`, or nullptr.
    const Value* find(std::string_view key) const;
    // A copy of the body as a map (what TerraformElement::rendered_body returns).
    Value::Map to_map() const;

    // For element implementations (TerraformElement::fill_body_view).
    void clear();
    // Every entry of `map`, borrowed: `map` must outlive the view's use.
    // Only on an empty view.
    void borrow(const Value::Map& map);
    // Takes `map` as the whole body. Only on an empty view.
    void own(Value::Map map);
    // Adds `key` -> `value` (borrowed, or owned by the view). An existing
    // entry of the same key is replaced when `replace`, kept otherwise.
    void set_borrowed(std::string_view key, const Value& value, bool replace);
    void set_owned(std::string_view key, Value value, bool replace);
    // Adds `key` -> {"metadata": {"path": <construct's path>}}, kept if the
    // key exists. Every resource has one; the view keeps the map from one
    // element to the next and only rewrites the path in it.
    void set_path_metadata(std::string_view key, const Construct& construct);

private:
    // Where `key` is or would go in entries_.
    std::vector<Entry>::iterator lower_bound(std::string_view key);
    void set(std::string_view key, const Value* value, bool replace);

    std::vector<Entry> entries_;
    // Values (and keys) made for this view; a deque so their addresses stay
    // put as more are added.
    std::deque<std::pair<std::string, Value>> owned_;
    Value::Map whole_;
    Value path_metadata_;
};

}  // namespace infra
