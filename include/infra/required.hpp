// A required argument of a generated resource binding. It has no default
// constructor, so leaving it out of a designated initializer does not
// compile:
//
//   infra::aws::SubnetArgs{.cidr_block = "10.0.1.0/24"}   // error: ... Name = "vpc_id"
//
// The argument's name is part of the type so that every compiler names the
// missing member in its error message (clang also says "in implicit
// initialization of field 'vpc_id'"; GCC only prints the template arguments).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace infra {

// A string literal usable as a template argument: Required<Str, "vpc_id">.
template <std::size_t N>
struct ArgumentName {
    char text[N];
    constexpr ArgumentName(const char (&name)[N]) {
        for (std::size_t i = 0; i < N; ++i) text[i] = name[i];
    }
};

template <class T, ArgumentName Name>
class Required {
public:
    Required() = delete;  // the point of the type: the argument must be given
    Required(T value) : value_(std::move(value)) {}
    // Anything T is implicitly made from: "10.0.0.0/16" for a Str, 42 for a Num.
    template <class U>
        requires(std::is_convertible_v<U &&, T> && !std::is_same_v<std::remove_cvref_t<U>, T> &&
                 !std::is_same_v<std::remove_cvref_t<U>, Required>)
    Required(U&& value) : value_(std::forward<U>(value)) {}

    const T& get() const { return value_; }
    const T& operator*() const { return value_; }
    const T* operator->() const { return &value_; }

    static constexpr const char* name() { return Name.text; }

private:
    T value_;
};

}  // namespace infra
