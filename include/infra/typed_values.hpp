// Typed arguments: a Str, Num or Bool is either a literal of that type or an
// expression that Terraform will evaluate to that type. Generated resource
// bindings take these, so a number cannot be passed where a string or a
// bool belongs, nor a bool where a number or a string belongs.
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "infra/expression.hpp"
#include "infra/value.hpp"

namespace infra {

class Str {
public:
    Str() : value_(std::string()) {}
    Str(const char* s) : value_(s) {}
    Str(std::string s) : value_(std::move(s)) {}
    Str(std::string_view s) : value_(s) {}
    Str(Expr e) : value_(std::move(e)) {}
    // Not from a number, a bool or a char: a literal 0 would otherwise be
    // taken for a null `const char*`.
    template <class N>
        requires std::is_arithmetic_v<N>
    Str(N) = delete;
    Str(std::nullptr_t) = delete;
    operator const Value&() const { return value_; }
    const Value& value() const { return value_; }

private:
    Value value_;
};

// Concatenation builds a template, so `Str("arn:") + bucket.arn()` keeps the
// reference structured.
Str operator+(const Str& lhs, const Str& rhs);

class Num {
public:
    template <class I, std::enable_if_t<std::is_arithmetic_v<I> && !std::is_same_v<I, bool>, int> = 0>
    Num(I n) : value_(n) {}
    Num(Expr e) : value_(std::move(e)) {}
    operator const Value&() const { return value_; }
    const Value& value() const { return value_; }

private:
    Value value_;
};

class Bool {
public:
    // Only a bool: an int or a pointer would convert to bool silently, so
    // `.fifo_queue = 1` or `.enabled = "false"` would compile (and the
    // second would mean true).
    template <class B>
        requires std::same_as<B, bool>
    Bool(B b) : value_(b) {}
    Bool(Expr e) : value_(std::move(e)) {}
    operator const Value&() const { return value_; }
    const Value& value() const { return value_; }

private:
    Value value_;
};

template <class T>
class List {
public:
    List() : value_(Value::List{}) {}
    List(std::initializer_list<T> items) : value_(to_list(items.begin(), items.end())) {}
    List(const std::vector<T>& items) : value_(to_list(items.begin(), items.end())) {}
    List(Expr e) : value_(std::move(e)) {}
    operator const Value&() const { return value_; }
    const Value& value() const { return value_; }

private:
    template <class It>
    static Value to_list(It first, It last) {
        Value::List out;
        for (; first != last; ++first) out.push_back(Value(*first));
        return Value(std::move(out));
    }
    Value value_;
};

template <class T>
class Map {
public:
    Map() : value_(Value::Map{}) {}
    Map(std::initializer_list<std::pair<const std::string, T>> entries) {
        Value::Map out;
        for (const auto& [k, v] : entries) out.emplace(k, Value(v));
        value_ = Value(std::move(out));
    }
    Map(Expr e) : value_(std::move(e)) {}
    operator const Value&() const { return value_; }
    const Value& value() const { return value_; }

private:
    Value value_;
};

}  // namespace infra
