// Errors found while the tree is being built name the line of the program
// that asked for the construct, " (at <file>:<line>)", as well as its path:
// when several calls build under the same parent, the path alone does not
// say which call to change. Each test computes the expected line with
// __LINE__ and checks the message ends with this file and that line.
#include <filesystem>
#include "infra/source_location.hpp"
#include <string>

#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/resource.hpp"
#include "infra/source_location.hpp"
#include "infra/stack.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using sdk_test::error_of;

namespace fs = std::filesystem;

namespace {

// What a message must end with when the construct was asked for on `line`
// of this file. Only the file name is fixed: the folder in front of it
// depends on how the build names source files.
std::string at_line(long line) { return "construct_location_test.cpp:" + std::to_string(line) + ")"; }

}  // namespace

// Defined at the end of this file, after `#line` directives that give them
// made-up file names (which would renumber every line below them).
infra::SourceLocation location_in_absolute_file();
infra::SourceLocation location_in_relative_file();

TEST_CASE("a duplicate construct id names the line that added the second one") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Resource>("vpc", "aws_vpc");
    const long line = __LINE__ + 1;
    const std::string message = error_of([&] { dev.add<Resource>("vpc", "aws_vpc"); });
    CHECK_THAT(message, Catch::StartsWith("duplicate construct id \"vpc\": dev/vpc already exists"));
    CHECK_THAT(message, Catch::Contains(" (at "));
    CHECK_THAT(message, Catch::EndsWith(at_line(line)));
}

TEST_CASE("an empty construct id or one with a '/' names the caller's line") {
    App app;
    auto& dev = app.add<Stack>("dev");
    const long empty_line = __LINE__ + 1;
    const std::string empty = error_of([&] { dev.add<Construct>(""); });
    CHECK_THAT(empty, Catch::StartsWith("dev: a construct id must not be empty"));
    CHECK_THAT(empty, Catch::EndsWith(at_line(empty_line)));

    const long slash_line = __LINE__ + 1;
    const std::string slash = error_of([&] { dev.add<Construct>("network/vpc"); });
    CHECK_THAT(slash, Catch::StartsWith("dev: construct id \"network/vpc\" must not contain '/'"));
    CHECK_THAT(slash, Catch::EndsWith(at_line(slash_line)));
}

TEST_CASE("the location is where add was called, also when its arguments span lines") {
    App app;
    auto& dev = app.add<Stack>("dev");
    dev.add<Construct>("network");
    // The id's line: the statement starts there.
    const long line = __LINE__ + 2;
    const std::string message = error_of([&] {
        dev.add<Construct>("network"
                           );
    });
    CHECK_THAT(message, Catch::EndsWith(at_line(line)));
}

TEST_CASE("stack and element constructors that reject their arguments name the caller's line") {
    App app;
    const long stack_line = __LINE__ + 1;
    const std::string stack = error_of([&] { app.add<Stack>("9 lives"); });
    CHECK_THAT(stack, Catch::StartsWith("stack name \"9 lives\" must start with a letter"));
    CHECK_THAT(stack, Catch::EndsWith(at_line(stack_line)));

    const long outside_line = __LINE__ + 1;
    const std::string outside = error_of([&] { app.add<Resource>("vpc", "aws_vpc"); });
    CHECK_THAT(outside, Catch::StartsWith("vpc: a resource must be created inside a stack"));
    CHECK_THAT(outside, Catch::EndsWith(at_line(outside_line)));

    auto& dev = app.add<Stack>("dev");
    const long type_line = __LINE__ + 1;
    const std::string type = error_of([&] { dev.add<Resource>("vpc", ""); });
    CHECK_THAT(type, Catch::StartsWith("dev/vpc: resource type must not be empty"));
    CHECK_THAT(type, Catch::EndsWith(at_line(type_line)));
}

TEST_CASE("a helper that creates constructs for its caller passes the caller's line on with ChildId") {
    App app;
    auto& dev = app.add<Stack>("dev");
    // What a module function does with its own `where` parameter.
    auto helper = [&](const std::string& id, infra::SourceLocation where = infra::SourceLocation::current()) {
        dev.add<Resource>(ChildId(id, where), "aws_vpc");
    };
    helper("vpc");
    const long line = __LINE__ + 1;
    const std::string message = error_of([&] { helper("vpc"); });
    CHECK_THAT(message, Catch::EndsWith(at_line(line)));
}

TEST_CASE("location_text shortens the file name and says nothing for an empty location") {
    // Relative names (this project's build maps its source root away) stay
    // as the compiler gave them.
    CHECK(location_text(location_in_relative_file()) == "stacks/app.cpp:7");
    // An absolute name below the working folder becomes relative to it ...
    const fs::path before = fs::current_path();
    fs::current_path("/tmp");
    const std::string below = location_text(location_in_absolute_file());
    fs::current_path("/");
    const std::string root = location_text(location_in_absolute_file());
    fs::current_path("/proc");
    // ... and one elsewhere keeps its folder and file name.
    const std::string elsewhere = location_text(location_in_absolute_file());
    fs::current_path(before);
    CHECK(below == "infra-location-test/stacks/app.cpp:12");
    CHECK(root == "tmp/infra-location-test/stacks/app.cpp:12");
    CHECK(elsewhere == "stacks/app.cpp:12");

    CHECK(location_text(infra::SourceLocation{}).empty());
    CHECK(with_location("unchanged", infra::SourceLocation{}) == "unchanged");
    CHECK(with_location("what", location_in_relative_file()) == "what (at stacks/app.cpp:7)");
}

// Nothing but these two definitions may follow: `#line` renames the file
// and renumbers the lines for the rest of it.
#line 7 "stacks/app.cpp"
infra::SourceLocation location_in_relative_file() { return infra::SourceLocation::current(); }
#line 12 "/tmp/infra-location-test/stacks/app.cpp"
infra::SourceLocation location_in_absolute_file() { return infra::SourceLocation::current(); }
