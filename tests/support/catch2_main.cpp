// Catch2's main, compiled once for every test executable of the suite
// (catch2_main in CMakeLists.txt): CATCH_CONFIG_MAIN is the largest part of
// Catch2 to compile, and it never changes.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
