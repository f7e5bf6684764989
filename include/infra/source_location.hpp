// Where in the user's program something was asked for. Errors found while
// the tree is being built (a duplicate construct id, a module's props out of
// range) name the line of C++ that made the construct as well as its path:
// the path says what is wrong, the line says which call to change.
//
//   error: duplicate construct id "vpc": dev/network/vpc already exists (at stacks/dev.cpp:42)
#pragma once

#include <string>

namespace infra {

// A file and line, taken where SourceLocation::current() is called, or,
// as a default argument, where the function that has it is called: what
// SourceLocation gives. Not SourceLocation itself: libstdc++
// implements it with __builtin_source_location, which clang before 15 does
// not have, so a project built with clang 14 (and the sanitizer build)
// would not compile. __builtin_FILE and __builtin_LINE work in GCC and clang.
class SourceLocation {
public:
    constexpr SourceLocation() = default;
    static constexpr SourceLocation current(const char* file = __builtin_FILE(),
                                            unsigned line = __builtin_LINE()) noexcept {
        SourceLocation where;
        where.file_ = file;
        where.line_ = line;
        return where;
    }
    constexpr const char* file_name() const noexcept { return file_; }
    constexpr unsigned line() const noexcept { return line_; }

private:
    const char* file_ = "";
    unsigned line_ = 0;
};

// "stacks/dev.cpp:42". A relative file name is kept as the compiler gave it
// (this project's build maps its source root away, see CMakeLists.txt); an
// absolute one is made relative to the working folder when it lies below it,
// and otherwise shortened to its folder and file name. "" for an empty
// location (line 0), such as a default-constructed one.
std::string location_text(const SourceLocation& where);

// `message` + " (at stacks/dev.cpp:42)", or `message` alone when `where` is
// empty.
std::string with_location(std::string message, const SourceLocation& where);

}  // namespace infra
