#include <catch2/catch.hpp>

#include "did_you_mean.hpp"

TEST_CASE("did you mean: edit distance") {
    CHECK(infra::edit_distance("", "") == 0);
    CHECK(infra::edit_distance("runtime", "runtimee") == 1);
    CHECK(infra::edit_distance("kitten", "sitting") == 3);
    CHECK(infra::edit_distance("abc", "") == 3);
}

TEST_CASE("did you mean: the nearest candidate, if near enough to be a typo") {
    const std::vector<std::string_view> names = {"runtime", "role", "function_name", "handler"};
    CHECK(infra::closest_match("runtimee", names) == "runtime");
    CHECK(infra::closest_match("functon_name", names) == "function_name");
    CHECK(infra::closest_match("rol", names) == "role");
    CHECK_FALSE(infra::closest_match("timeout", names).has_value());
    CHECK_FALSE(infra::closest_match("xyz", names).has_value());
    CHECK(infra::did_you_mean("handlr", names) == "; did you mean \"handler\"?");
    CHECK(infra::did_you_mean("memory_size", names).empty());
}
