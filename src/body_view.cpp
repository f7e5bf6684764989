#include "infra/body_view.hpp"

#include <algorithm>

#include "infra/construct.hpp"

namespace infra {

std::vector<BodyView::Entry>::iterator BodyView::lower_bound(std::string_view key) {
    return std::lower_bound(entries_.begin(), entries_.end(), key,
                            [](const Entry& e, std::string_view k) { return e.key < k; });
}

const Value* BodyView::find(std::string_view key) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const Entry& e, std::string_view k) { return e.key < k; });
    return it != entries_.end() && it->key == key ? it->value : nullptr;
}

Value::Map BodyView::to_map() const {
    Value::Map out;
    for (const Entry& e : entries_) out.emplace_hint(out.end(), std::string(e.key), *e.value);
    return out;
}

void BodyView::clear() {
    entries_.clear();
    owned_.clear();
    whole_.clear();
}

void BodyView::borrow(const Value::Map& map) {
    entries_.reserve(map.size() + 4);
    for (const auto& [key, value] : map) entries_.push_back({key, &value});
}

void BodyView::own(Value::Map map) {
    whole_ = std::move(map);
    borrow(whole_);
}

void BodyView::set(std::string_view key, const Value* value, bool replace) {
    auto it = lower_bound(key);
    if (it != entries_.end() && it->key == key) {
        if (replace) it->value = value;
        return;
    }
    entries_.insert(it, Entry{key, value});
}

void BodyView::set_borrowed(std::string_view key, const Value& value, bool replace) { set(key, &value, replace); }

void BodyView::set_owned(std::string_view key, Value value, bool replace) {
    auto it = lower_bound(key);
    const bool exists = it != entries_.end() && it->key == key;
    if (exists && !replace) return;
    auto& slot = owned_.emplace_back(std::string(key), std::move(value));
    if (exists) {
        *it = Entry{slot.first, &slot.second};
    } else {
        entries_.insert(it, Entry{slot.first, &slot.second});
    }
}

void BodyView::set_path_metadata(std::string_view key, const Construct& construct) {
    auto it = lower_bound(key);
    if (it != entries_.end() && it->key == key) return;
    if (path_metadata_.is_null()) {
        Value::Map metadata;
        metadata.emplace("path", std::string());
        Value::Map comment;
        comment.emplace("metadata", std::move(metadata));
        path_metadata_ = Value(std::move(comment));
    }
    std::string& path = path_metadata_.as_map().begin()->second.as_map().begin()->second.as_string();
    path.clear();
    construct.append_path(path);
    entries_.insert(it, Entry{key, &path_metadata_});
}

}  // namespace infra
