// A map kept as one sorted vector of (key, value) pairs: what Value::Map is.
// A synthesized stack holds a few small maps per resource (its arguments,
// its tags); as std::map each entry was a tree node of its own, allocated
// apart and reached by pointer, which made the maps most of a large
// stack's memory. Here a map is one allocation, walked in order like an
// array.
//
// The interface is std::map's (the part the SDK uses), with two
// differences a caller must know:
//  - inserting or erasing moves entries, so it invalidates iterators,
//    pointers and references into the map (std::map keeps them);
//  - an insert costs O(size) moves unless its key sorts after every key
//    already there (then it is an append). Maps built in key order (from
//    another map, a JSON object, a sorted list) or small maps cost nothing
//    extra; building a very large map by inserting keys in random order
//    is quadratic: build a vector and construct the map from it instead.
// Keys are unique; the first of equal keys given to the range constructor
// wins, as with std::map.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <utility>
#include <vector>

namespace infra {

template <class Key, class T>
class SortedMap {
public:
    using key_type = Key;
    using mapped_type = T;
    using value_type = std::pair<Key, T>;
    using size_type = std::size_t;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;

    SortedMap() = default;
    SortedMap(std::initializer_list<std::pair<const Key, T>> entries) : SortedMap(entries.begin(), entries.end()) {}
    template <class It>
    SortedMap(It first, It last) {
        entries_.reserve(static_cast<size_type>(std::distance(first, last)));
        for (; first != last; ++first) entries_.emplace_back(first->first, first->second);
        sort_and_drop_duplicates();
    }

    iterator begin() { return entries_.begin(); }
    iterator end() { return entries_.end(); }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    const_iterator cbegin() const { return entries_.begin(); }
    const_iterator cend() const { return entries_.end(); }
    size_type size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    void clear() { entries_.clear(); }
    void reserve(size_type n) { entries_.reserve(n); }

    // First entry whose key is not less than `key`.
    template <class K>
    iterator lower_bound(const K& key) {
        return begin() + static_cast<std::ptrdiff_t>(position(key));
    }
    template <class K>
    const_iterator lower_bound(const K& key) const {
        return begin() + static_cast<std::ptrdiff_t>(position(key));
    }
    template <class K>
    iterator find(const K& key) {
        auto it = lower_bound(key);
        return it != end() && !(key < it->first) ? it : end();
    }
    template <class K>
    const_iterator find(const K& key) const {
        auto it = lower_bound(key);
        return it != end() && !(key < it->first) ? it : end();
    }
    template <class K>
    size_type count(const K& key) const {
        return find(key) == end() ? 0 : 1;
    }
    template <class K>
    bool contains(const K& key) const {
        return find(key) != end();
    }
    template <class K>
    T& at(const K& key) {
        auto it = find(key);
        if (it == end()) throw std::out_of_range("SortedMap::at: no such key");
        return it->second;
    }
    template <class K>
    const T& at(const K& key) const {
        auto it = find(key);
        if (it == end()) throw std::out_of_range("SortedMap::at: no such key");
        return it->second;
    }

    T& operator[](const Key& key) { return try_emplace(key).first->second; }
    T& operator[](Key&& key) { return try_emplace(std::move(key)).first->second; }

    template <class K, class... Args>
    std::pair<iterator, bool> try_emplace(K&& key, Args&&... args) {
        auto it = lower_bound(key);
        if (it != end() && !(key < it->first)) return {it, false};
        it = entries_.emplace(it, std::piecewise_construct, std::forward_as_tuple(std::forward<K>(key)),
                              std::forward_as_tuple(std::forward<Args>(args)...));
        return {it, true};
    }
    template <class K, class V>
    std::pair<iterator, bool> insert_or_assign(K&& key, V&& value) {
        auto it = lower_bound(key);
        if (it != end() && !(key < it->first)) {
            it->second = std::forward<V>(value);
            return {it, false};
        }
        it = entries_.emplace(it, std::forward<K>(key), std::forward<V>(value));
        return {it, true};
    }
    std::pair<iterator, bool> insert(value_type entry) {
        auto it = lower_bound(entry.first);
        if (it != end() && !(entry.first < it->first)) return {it, false};
        return {entries_.insert(it, std::move(entry)), true};
    }
    template <class... Args>
    std::pair<iterator, bool> emplace(Args&&... args) {
        return insert(value_type(std::forward<Args>(args)...));
    }
    // The hint is not needed: an entry that sorts last is appended anyway.
    template <class... Args>
    iterator emplace_hint(const_iterator, Args&&... args) {
        return emplace(std::forward<Args>(args)...).first;
    }

    iterator erase(iterator it) { return entries_.erase(it); }
    iterator erase(const_iterator it) { return entries_.erase(it); }
    template <class K>
    size_type erase(const K& key) {
        auto it = find(key);
        if (it == end()) return 0;
        entries_.erase(it);
        return 1;
    }

    friend bool operator==(const SortedMap& a, const SortedMap& b) { return a.entries_ == b.entries_; }

private:
    // Index of the first entry not less than `key`; an append (the common
    // case while a map is built in order) is found without a search.
    template <class K>
    size_type position(const K& key) const {
        if (entries_.empty() || entries_.back().first < key) return entries_.size();
        return static_cast<size_type>(
            std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const value_type& e, const K& k) { return e.first < k; }) -
            entries_.begin());
    }

    void sort_and_drop_duplicates() {
        std::stable_sort(entries_.begin(), entries_.end(),
                         [](const value_type& a, const value_type& b) { return a.first < b.first; });
        entries_.erase(std::unique(entries_.begin(), entries_.end(),
                                   [](const value_type& a, const value_type& b) { return !(a.first < b.first); }),
                       entries_.end());
    }

    std::vector<value_type> entries_;
};

}  // namespace infra
