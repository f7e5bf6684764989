// A configuration value as Terraform sees it: null, bool, number, string,
// list, map (also used for nested blocks), or an expression that Terraform
// evaluates (a reference, a template, a function call).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "infra/sorted_map.hpp"

namespace infra {

struct ExprNode;

// An expression that Terraform evaluates. It is a structured value, never a
// string glued together, so the synthesizer can see every reference in it.
// Build one with the factories in expression.hpp.
class Expr {
public:
    explicit Expr(std::shared_ptr<const ExprNode> node) : node_(std::move(node)) {}
    const ExprNode& node() const { return *node_; }

private:
    std::shared_ptr<const ExprNode> node_;
};

// Integers are kept apart from reals so that `count = 2` is written as 2,
// not 2.0, and large integers keep every digit.
struct Number {
    bool is_integer = true;
    std::int64_t integer = 0;
    double real = 0.0;

    static Number of_integer(std::int64_t v) { return {true, v, 0.0}; }
    static Number of_real(double v) { return {false, 0, v}; }
    double as_double() const { return is_integer ? static_cast<double>(integer) : real; }
    bool operator==(const Number& o) const {
        return is_integer == o.is_integer && (is_integer ? integer == o.integer : real == o.real);
    }
};

class Value {
public:
    using List = std::vector<Value>;
    using Map = SortedMap<std::string, Value>;  // sorted_map.hpp: one vector, not a tree
    enum class Kind : std::uint8_t { Null, Bool, Number, String, List, Map, Expr };

    Value() = default;
    Value(std::nullptr_t) {}
    Value(bool b) : data_(b) {}
    template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
    Value(I i) : data_(Number::of_integer(static_cast<std::int64_t>(i))) {}
    Value(double d) : data_(Number::of_real(d)) {}
    Value(Number n) : data_(n) {}
    Value(const char* s) : data_(std::string(s)) {}
    Value(std::string s) : data_(std::move(s)) {}
    Value(std::string_view s) : data_(std::string(s)) {}
    Value(List l) : data_(std::move(l)) {}
    Value(Map m) : data_(std::move(m)) {}
    Value(Expr e) : data_(std::move(e)) {}

    static Value list(std::initializer_list<Value> items) { return Value(List(items)); }
    static Value map(std::initializer_list<std::pair<const std::string, Value>> entries) {
        return Value(Map(entries.begin(), entries.end()));
    }

    Kind kind() const { return static_cast<Kind>(data_.index()); }
    bool is_null() const { return kind() == Kind::Null; }
    bool is_expr() const { return kind() == Kind::Expr; }

    bool as_bool() const { return std::get<bool>(data_); }
    const Number& as_number() const { return std::get<Number>(data_); }
    const std::string& as_string() const { return std::get<std::string>(data_); }
    std::string& as_string() { return std::get<std::string>(data_); }
    const List& as_list() const { return std::get<List>(data_); }
    List& as_list() { return std::get<List>(data_); }
    const Map& as_map() const { return std::get<Map>(data_); }
    Map& as_map() { return std::get<Map>(data_); }
    const Expr& as_expr() const { return std::get<Expr>(data_); }

    // Whether this value, or anything nested in it, is an expression.
    bool contains_expr() const;

private:
    std::variant<std::monostate, bool, Number, std::string, List, Map, Expr> data_;
};

const char* kind_name(Value::Kind kind);

}  // namespace infra
