// Refactor hints: when a synth drops an address and adds one of the same
// type, suggest the moved block that keeps the real resource.
#include "infra/app.hpp"
#include "refactor_hints.hpp"
#include "infra/resource.hpp"
#include "sdk_test_support.hpp"

using namespace infra;

namespace {

// The JSON of a stack "dev" holding one resource of `type` per id in `ids`.
std::string stack_json(const std::string& type, const std::vector<std::string>& ids, const std::string& under = "") {
    App app;
    auto& dev = app.add<Stack>("dev");
    Construct* parent = &dev;
    if (!under.empty()) parent = &dev.add<Construct>(under);
    for (const auto& id : ids) parent->add<Resource>(id, type);
    return synthesize(app).stacks.at(0).json;
}

}  // namespace

TEST_CASE("a renamed resource gets one warning naming both addresses and add_moved") {
    const std::string before = stack_json("aws_vpc", {"old"});
    const std::string after = stack_json("aws_vpc", {"new"});
    const auto hints = moved_hints("dev", before, after);
    REQUIRE(hints.size() == 1);
    CHECK(hints[0].severity == Severity::Warning);
    CHECK(hints[0].path == "dev");
    CHECK_THAT(hints[0].message, Catch::Contains("aws_vpc.old"));
    CHECK_THAT(hints[0].message, Catch::Contains("aws_vpc.new"));
    CHECK_THAT(hints[0].message, Catch::Contains("add_moved"));
    CHECK_THAT(hints[0].message, Catch::Contains("(dev/new)"));  // where the new construct lives
}

TEST_CASE("a construct moved under a parent is recognised with its new path") {
    const auto hints = moved_hints("dev", stack_json("aws_vpc", {"vpc"}), stack_json("aws_vpc", {"vpc"}, "network"));
    REQUIRE(hints.size() == 1);
    CHECK_THAT(hints[0].message, Catch::Contains("aws_vpc.vpc disappeared"));
    CHECK_THAT(hints[0].message, Catch::Contains("aws_vpc.network_vpc (dev/network/vpc)"));
    CHECK_THAT(hints[0].message, Catch::Contains("stack.add_moved(\"aws_vpc.vpc\""));
}

TEST_CASE("no hint for additions, removals alone, changes of type, or a first synth") {
    const std::string one = stack_json("aws_vpc", {"a"});
    CHECK(moved_hints("dev", one, stack_json("aws_vpc", {"a", "b"})).empty());
    CHECK(moved_hints("dev", stack_json("aws_vpc", {"a", "b"}), one).empty());
    CHECK(moved_hints("dev", one, one).empty());
    CHECK(moved_hints("dev", one, stack_json("aws_subnet", {"b"})).empty());
    CHECK(moved_hints("dev", "", one).empty());
    CHECK(moved_hints("dev", "{not json", one).empty());
}

TEST_CASE("many disappearances and appearances are summarised in one line") {
    std::vector<std::string> old_ids, new_ids;
    for (int i = 0; i < 5; ++i) {
        old_ids.push_back(sdk_test::numbered("old", i));
        new_ids.push_back(sdk_test::numbered("new", i));
    }
    const auto hints = moved_hints("dev", stack_json("aws_subnet", old_ids), stack_json("aws_subnet", new_ids));
    REQUIRE(hints.size() == 1);
    CHECK_THAT(hints[0].message, Catch::Contains("5 aws_subnet resources disappeared and 5 appeared"));
    CHECK_THAT(hints[0].message, Catch::Contains("add_moved"));
}

TEST_CASE("a few pairs get one hint each") {
    const auto hints =
        moved_hints("dev", stack_json("aws_subnet", {"a", "b"}), stack_json("aws_subnet", {"c", "d"}));
    CHECK(hints.size() == 4);  // every old/new pair is a candidate
}
