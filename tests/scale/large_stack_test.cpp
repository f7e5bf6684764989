// A stack of 100,000 resources (the benchmark's generated stack) synthesizes
// whole and right: every resource is in the output, every reference
// resolved to the right address, in sorted order.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>

#include "generated_stack.hpp"
#include "infra/app.hpp"
#include "dependency_graph.hpp"
#include "infra/resource.hpp"
#include "infra/synthesizer.hpp"

using namespace infra;

namespace {

constexpr std::int64_t kResources = 100'000;

std::size_t count_of(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// The logical ID the generated stack gives resource i.
std::string id_of(std::int64_t i) { return fmt::format("group_{}_sg_{}", i / 100, i); }

}  // namespace

TEST_CASE("a 100,000-resource stack synthesizes every resource and reference") {
    App app;
    Stack& stack = bench::build_generated_stack(app, "gen", kResources);
    const std::string json = synthesize_stack(stack);

    // References as text: each group refers to the shared VPC, and each but
    // the first to the group before it.
    CHECK(count_of(json, "\"${aws_vpc.shared.id}\"") == static_cast<std::size_t>(kResources));
    CHECK(count_of(json, "\"after ${aws_security_group.group_") == static_cast<std::size_t>(kResources - 1));

    const auto doc = nlohmann::json::parse(json);
    const auto& groups = doc.at("resource").at("aws_security_group");
    REQUIRE(groups.size() == static_cast<std::size_t>(kResources));
    CHECK(doc.at("resource").at("aws_vpc").size() == 1);

    // Keys come out sorted, as the JSON writer promises.
    std::string previous;
    bool sorted = true;
    for (const auto& [id, body] : groups.items()) {
        if (!previous.empty() && !(previous < id)) sorted = false;
        previous = id;
    }
    CHECK(sorted);

    // Spot checks across the range: the body, and the reference to the
    // group before.
    for (std::int64_t i : {std::int64_t{1}, std::int64_t{99}, std::int64_t{100}, std::int64_t{54'321}, kResources - 1}) {
        INFO("resource " << i);
        const auto& body = groups.at(id_of(i));
        CHECK(body.at("name") == fmt::format("gen-sg-{}", i));
        CHECK(body.at("vpc_id") == "${aws_vpc.shared.id}");
        CHECK(body.at("description") == fmt::format("after ${{aws_security_group.{}.id}}", id_of(i - 1)));
        CHECK(body.at("tags").at("Index") == i);
        CHECK(body.at("//").at("metadata").at("path") == fmt::format("gen/group_{}/sg_{}", i / 100, i));
    }
    CHECK(groups.at(id_of(0)).at("description") == "the first generated group");
}

TEST_CASE("dependencies of a resource deep in a large stack are its references") {
    App app;
    Stack& stack = bench::build_generated_stack(app, "gen", 1000);
    const auto* group = stack.find_child("group_7");
    REQUIRE(group != nullptr);
    const auto* sg = group->find_child("sg_789");
    REQUIRE(sg != nullptr);
    const auto deps = dependencies_of(*sg->as_element());
    REQUIRE(deps.size() == 2);
    // In body order: description (the previous group), then vpc_id (the VPC).
    CHECK(deps[0]->logical_id() == "group_7_sg_788");
    CHECK(deps[1]->logical_id() == "shared");
}
