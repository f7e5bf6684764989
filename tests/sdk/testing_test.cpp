// The testing helpers users write their stack tests with.
#include "infra/testing.hpp"

#include "infra/functions.hpp"
#include "infra/resource.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using nlohmann::json;

namespace {

struct Sample {
    App app;
    Stack& stack = app.add<Stack>("dev");
    Resource& vpc = stack.add<Resource>("vpc", "aws_vpc");
    Resource& subnet = stack.add<Resource>("subnet", "aws_subnet");
    Resource& other = stack.add<Resource>("other", "aws_subnet");
    Sample() {
        vpc.set("cidr_block", "10.0.0.0/16");
        subnet.set("vpc_id", vpc.attr("id"));
        subnet.set("tags", Value::map({{"Name", "a"}, {"Tier", "private"}}));
        subnet.set("cidr_block", fn::cidrsubnet(vpc.str_attr("cidr_block"), 8, 1));
        other.set("vpc_id", "vpc-123");
        other.set("security_group_ids", Value::list({"sg-1", "sg-2", "sg-3"}));
    }
};

}  // namespace

TEST_CASE("find matches resources by type and a partial, nested match of their properties") {
    Sample s;
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    CHECK(synthesized.count("aws_subnet") == 2);
    CHECK(synthesized.find("aws_subnet", {{"tags", {{"Tier", "private"}}}}) == std::vector<std::string>{"subnet"});
    CHECK(synthesized.find("aws_subnet", {{"tags", {{"Tier", "public"}}}}).empty());
    // An array matches when each wanted item is among the actual ones.
    CHECK(synthesized.has_resource("aws_subnet", {{"security_group_ids", {"sg-3", "sg-1"}}}));
    CHECK_FALSE(synthesized.has_resource("aws_subnet", {{"security_group_ids", {"sg-4"}}}));
    CHECK(synthesized.resource("aws_vpc", "vpc").at("cidr_block") == "10.0.0.0/16");
    CHECK_THROWS_AS(synthesized.resource("aws_vpc", "nope"), std::out_of_range);
}

TEST_CASE("reference_to matches any reference to the element, also inside calls, and nothing else") {
    Sample s;
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    CHECK(synthesized.find("aws_subnet", {{"vpc_id", testing::reference_to(s.vpc)}}) == std::vector<std::string>{"subnet"});
    CHECK(synthesized.has_resource("aws_subnet", {{"cidr_block", testing::reference_to(s.vpc)}}));
    CHECK_FALSE(synthesized.has_resource("aws_subnet", {{"vpc_id", testing::reference_to(s.other)}}));
    // A prefix of another address is not a reference to it.
    CHECK_FALSE(testing::contains("${aws_vpc.vpc2.id}", testing::reference_to(s.vpc)));
    CHECK(testing::contains("${aws_vpc.vpc.id}", testing::reference_to(s.vpc)));
}

TEST_CASE("validation_errors lists what would fail a synth, and nothing for a valid stack") {
    Sample s;
    CHECK(testing::validation_errors(s.app, "dev", nullptr, nullptr).empty());
    s.stack.add<Resource>("a", "aws_security_group").set("x", s.stack.add<Resource>("b", "aws_security_group").attr("id"));
    auto& b = static_cast<Resource&>(*s.stack.find_child("b"));
    b.set("y", static_cast<Resource&>(*s.stack.find_child("a")).attr("id"));
    const auto errors = testing::validation_errors(s.app, "dev", nullptr, nullptr);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("reference cycle") != std::string::npos);
}

TEST_CASE("matches_golden compares, and with INFRA_UPDATE_GOLDEN writes the file") {
    sdk_test::TempDir dir;
    const auto golden = dir.path() / "golden/dev.tf.json";
    CHECK_FALSE(testing::matches_golden("{}\n", golden));  // no file yet
    ::setenv("INFRA_UPDATE_GOLDEN", "1", 1);
    CHECK(testing::matches_golden("{}\n", golden));
    ::unsetenv("INFRA_UPDATE_GOLDEN");
    CHECK(testing::matches_golden("{}\n", golden));
    CHECK_FALSE(testing::matches_golden("{\"a\": 1}\n", golden));
}
