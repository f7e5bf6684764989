// Where in the user's program something was asked for. Errors found while
// the tree is being built (a duplicate construct id, a module's props out of
// range) name the line of C++ that made the construct as well as its path:
// the path says what is wrong, the line says which call to change.
//
//   error: duplicate construct id "vpc": dev/network/vpc already exists (at stacks/dev.cpp:42)
#pragma once

#include <source_location>
#include <string>

namespace infra {

// "stacks/dev.cpp:42". A relative file name is kept as the compiler gave it
// (this project's build maps its source root away, see CMakeLists.txt); an
// absolute one is made relative to the working folder when it lies below it,
// and otherwise shortened to its folder and file name. "" for an empty
// location (line 0), such as a default-constructed one.
std::string location_text(const std::source_location& where);

// `message` + " (at stacks/dev.cpp:42)", or `message` alone when `where` is
// empty.
std::string with_location(std::string message, const std::source_location& where);

}  // namespace infra
