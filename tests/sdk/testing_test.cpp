// The testing helpers users write their stack tests with.
#include "infra/testing.hpp"

#include <cstdlib>
#include <optional>
#include <sstream>

#include "infra/data_source.hpp"
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

// The text of `match`'s explanation; whether it holds every one of `parts`.
bool explains(const testing::Match& match, std::initializer_list<std::string> parts) {
    for (const auto& p : parts)
        if (match.explanation().find(p) == std::string::npos) return false;
    return true;
}

// Unsets INFRA_UPDATE_GOLDEN for a test's scope and puts back what was
// there, so a run that refreshes golden files elsewhere does not turn these
// comparisons into writes.
class NoGoldenUpdate {
public:
    NoGoldenUpdate() {
        if (const char* value = std::getenv("INFRA_UPDATE_GOLDEN")) saved_ = value;
        ::unsetenv("INFRA_UPDATE_GOLDEN");
    }
    ~NoGoldenUpdate() {
        if (saved_) ::setenv("INFRA_UPDATE_GOLDEN", saved_->c_str(), 1);
    }
    NoGoldenUpdate(const NoGoldenUpdate&) = delete;
    NoGoldenUpdate& operator=(const NoGoldenUpdate&) = delete;

private:
    std::optional<std::string> saved_;
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
    NoGoldenUpdate no_update;
    sdk_test::TempDir dir;
    const auto golden = dir.path() / "golden/dev.tf.json";
    CHECK_FALSE(testing::matches_golden("{}\n", golden));  // no file yet
    ::setenv("INFRA_UPDATE_GOLDEN", "1", 1);
    CHECK(testing::matches_golden("{}\n", golden));
    ::unsetenv("INFRA_UPDATE_GOLDEN");
    CHECK(testing::matches_golden("{}\n", golden));
    CHECK_FALSE(testing::matches_golden("{\"a\": 1}\n", golden));
}

TEST_CASE("a failed has_resource shows the closest resources of the type, key by key, expected vs actual") {
    Sample s;
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    const auto match = synthesized.has_resource("aws_subnet", {{"vpc_id", "vpc-123"}, {"security_group_ids", {"sg-4", "sg-1"}}});
    CHECK_FALSE(match);
    const std::string& text = match.explanation();
    INFO(text);
    CHECK(explains(match, {R"(no aws_subnet matches {"security_group_ids":["sg-4","sg-1"],"vpc_id":"vpc-123"})",
                           "the 2 aws_subnet, closest first:"}));
    // "other" has one of the two keys right, so it comes first, with the
    // construct path that leads to it in the code.
    CHECK(explains(match, {"aws_subnet.other at dev/other (1 of 2 keys match)",
                           R"(security_group_ids: expected to include "sg-4", actual ["sg-1","sg-2","sg-3"])",
                           R"(vpc_id: matches "vpc-123")"}));
    CHECK(explains(match, {"aws_subnet.subnet at dev/subnet (0 of 2 keys match)",
                           R"(security_group_ids: expected ["sg-4","sg-1"], actual: absent)",
                           R"(vpc_id: expected "vpc-123", actual "${aws_vpc.vpc.id}")"}));
    CHECK(text.find("aws_subnet.other") < text.find("aws_subnet.subnet"));

    // Nested objects are followed to the key that differs; reference_to()
    // shows as what it matches, not as its marker.
    const auto nested = synthesized.has_resource("aws_subnet", {{"tags", {{"Tier", "public"}}},
                                                                {"vpc_id", testing::reference_to(s.other)}});
    CHECK_FALSE(nested);
    INFO(nested.explanation());
    CHECK(explains(nested, {R"(tags.Tier: expected "public", actual "private")",
                            R"(vpc_id: expected <any reference to aws_subnet.other>, actual "${aws_vpc.vpc.id}")",
                            R"(tags: expected {"Tier":"public"}, actual: absent)"}));
    CHECK(nested.explanation().find("infra:testing") == std::string::npos);
}

TEST_CASE("a has_resource explanation stays short: three resources, long values cut") {
    Sample s;
    const std::string long_value(5000, 'x');
    for (int i = 0; i < 6; ++i)
        s.stack.add<Resource>(sdk_test::numbered("policy_", i), "aws_iam_policy").set("policy", long_value);
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    const auto match = synthesized.has_resource("aws_iam_policy", {{"policy", "{}"}});
    CHECK_FALSE(match);
    INFO(match.explanation());
    CHECK(explains(match, {"the closest 3 of the 6 aws_iam_policy:", "aws_iam_policy.policy_0", "aws_iam_policy.policy_2",
                           "... (5002 characters)"}));
    CHECK(match.explanation().find("aws_iam_policy.policy_3") == std::string::npos);
    CHECK(match.explanation().size() < 1500);
}

TEST_CASE("has_resource of a type the stack lacks lists the types it has") {
    Sample s;
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    const auto match = synthesized.has_resource("aws_instance", {{"ami", "ami-1"}});
    CHECK_FALSE(match);
    CHECK(match.explanation() == "no resource of type aws_instance (types present: aws_subnet, aws_vpc)");

    // A data source of the type is the likely mix-up: say so.
    s.stack.add<DataSource>("current", "aws_region");
    const auto data = testing::SynthesizedStack::of(s.app, "dev").has_resource("aws_region");
    CHECK(data.explanation() == "no resource of type aws_region (types present: aws_subnet, aws_vpc); the stack has data "
                                "sources of type aws_region, which find_data() looks at");

    App empty;
    empty.add<Stack>("dev");
    const auto none = testing::SynthesizedStack::of(empty, "dev").has_resource("aws_vpc");
    CHECK_FALSE(none);
    CHECK(none.explanation() == "no resource of type aws_vpc (the stack has no resources)");
}

TEST_CASE("a Match tests as a bool and prints its explanation, also to Catch2; a success names the matches") {
    Sample s;
    const auto synthesized = testing::SynthesizedStack::of(s.app, "dev");
    const auto found = synthesized.has_resource("aws_subnet");
    REQUIRE(found);
    CHECK(found.matched());
    CHECK(!!found);
    CHECK(found.explanation() == "aws_subnet.other, aws_subnet.subnet match {}");
    const auto one = synthesized.has_resource("aws_subnet", {{"tags", {{"Tier", "private"}}}});
    CHECK(one.explanation() == R"(aws_subnet.subnet matches {"tags":{"Tier":"private"}})");
    CHECK(!synthesized.has_resource("aws_subnet", {{"tags", {{"Tier", "public"}}}}));

    const auto missing = synthesized.has_resource("aws_instance");
    std::ostringstream out;
    out << missing;
    CHECK(out.str() == missing.explanation());
    // What Catch2 prints as the value of CHECK(s.has_resource(...)).
    CHECK(Catch::Detail::stringify(missing) == missing.explanation());
}

TEST_CASE("a golden mismatch gives the first differing line, expected and actual, and how to update") {
    NoGoldenUpdate no_update;
    sdk_test::TempDir dir;
    const auto golden = dir.path() / "dev.tf.json";
    sdk_test::write_file(golden, "{\n  \"a\": 1,\n  \"b\": 2\n}\n");

    const auto changed = testing::matches_golden("{\n  \"a\": 1,\n  \"b\": 3\n}\n", golden);
    CHECK_FALSE(changed);
    INFO(changed.explanation());
    CHECK(explains(changed, {"differs from golden file " + golden.string(), "first difference at line 3, column 8:",
                             "\n  expected:   \"b\": 2\n", "\n  actual:     \"b\": 3\n", "golden file: 4 lines, actual: 4 lines",
                             "INFRA_UPDATE_GOLDEN=1"}));

    const auto longer = testing::matches_golden("{\n  \"a\": 1,\n  \"b\": 2\n}\nextra\n", golden);
    CHECK(explains(longer, {"the golden file ends before line 5, the actual output goes on", "expected: (end of file)", "actual:   extra"}));
    const auto shorter = testing::matches_golden("{\n  \"a\": 1,\n", golden);
    CHECK(explains(shorter, {"the actual output ends before line 3, the golden file goes on", "expected:   \"b\": 2", "actual:   (end of output)"}));
    const auto no_newline = testing::matches_golden("{\n  \"a\": 1,\n  \"b\": 2\n}", golden);
    CHECK(explains(no_newline, {"the golden file ends with a newline, the actual output does not"}));
    // Differences a terminal would not show are made visible.
    const auto crlf = testing::matches_golden("{\r\n  \"a\": 1,\n  \"b\": 2\n}\n", golden);
    CHECK(explains(crlf, {"line 1, column 2:", "expected: {\n", "actual:   {\\r\n"}));

    // A long line is shown around its first difference, cut.
    const std::string line(3000, 'a');
    sdk_test::write_file(golden, line + "\n");
    const auto deep = testing::matches_golden(line.substr(0, 2000) + "b" + line.substr(2001) + "\n", golden);
    INFO(deep.explanation());
    CHECK(explains(deep, {"line 1, column 2001:", "  expected: ..." + std::string(40, 'a') + "aaa",
                          "  actual:   ..." + std::string(40, 'a') + "b"}));
    CHECK(deep.explanation().size() < 800);

    CHECK(testing::matches_golden(line + "\n", golden).explanation() == "the actual output matches golden file " + golden.string());
}

TEST_CASE("a missing golden file says how to create it") {
    NoGoldenUpdate no_update;
    sdk_test::TempDir dir;
    const auto golden = dir.path() / "golden/dev.tf.json";
    const auto missing = testing::matches_golden("{}\n", golden);
    CHECK_FALSE(missing);
    CHECK(missing.explanation() == "golden file " + golden.string() +
                                       " is missing; to create it, run the test with INFRA_UPDATE_GOLDEN=1 set in the "
                                       "environment (it writes the actual output there)");

    // A relative path also says where it resolved, the usual surprise when
    // tests run from a build folder.
    const auto relative = testing::matches_golden("{}\n", "no-such-folder/dev.tf.json");
    CHECK(explains(relative, {"golden file no-such-folder/dev.tf.json (resolved to " +
                                  (std::filesystem::current_path() / "no-such-folder/dev.tf.json").string() + ") is missing",
                              "INFRA_UPDATE_GOLDEN=1"}));

    ::setenv("INFRA_UPDATE_GOLDEN", "1", 1);
    const auto written = testing::matches_golden("{}\n", golden);
    ::unsetenv("INFRA_UPDATE_GOLDEN");
    CHECK(written);
    CHECK(written.explanation() == "wrote golden file " + golden.string() + " (INFRA_UPDATE_GOLDEN is set)");
    CHECK(sdk_test::read_file(golden) == "{}\n");
}
