// The construct tree: ids, paths, ownership, and the rules on where stacks and
// Terraform elements may live.
#include <string>

#include "infra/app.hpp"
#include "infra/resource.hpp"
#include "infra/stack.hpp"
#include "sdk_test_support.hpp"

using namespace infra;
using sdk_test::message_has;

TEST_CASE("construct paths run from the stack down, joined with '/'") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    auto& subnet = network.add<Resource>("private_subnet_0", "aws_subnet");

    CHECK(app.path().empty());
    CHECK(dev.path() == "dev");
    CHECK(network.path() == "dev/network");
    CHECK(subnet.path() == "dev/network/private_subnet_0");
    CHECK(subnet.construct_id() == "private_subnet_0");
}

TEST_CASE("parents own their children in the order they were added") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    auto& a = network.add<Construct>("a");
    auto& b = network.add<Construct>("b");

    CHECK(app.parent() == nullptr);
    CHECK(dev.parent() == &app);
    CHECK(network.parent() == &dev);
    CHECK(a.parent() == &network);
    REQUIRE(network.children().size() == 2);
    CHECK(network.children()[0].get() == &a);
    CHECK(network.children()[1].get() == &b);
    CHECK(network.find_child("b") == &b);
    CHECK(network.find_child("c") == nullptr);

    CHECK(&a.stack() == &dev);
    CHECK(&dev.stack() == &dev);
    CHECK(app.find_stack("dev") == &dev);
    CHECK(app.find_stack("prod") == nullptr);
    REQUIRE(app.stacks().size() == 1);
    CHECK(app.stacks()[0] == &dev);
}

TEST_CASE("walk visits parents before children, children in order") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& x = dev.add<Construct>("x");
    x.add<Construct>("x1");
    dev.add<Construct>("y");
    std::string order;
    walk(dev, [&](Construct& c) { order += c.path() + ";"; });
    CHECK(order == "dev;dev/x;dev/x/x1;dev/y;");
}

TEST_CASE("a duplicate id names the full path of the existing construct") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    network.add<Resource>("private_subnet_0", "aws_subnet");

    REQUIRE_THROWS_MATCHES(network.add<Resource>("private_subnet_0", "aws_subnet"), Error,
                           message_has({"duplicate", "\"private_subnet_0\"", "dev/network/private_subnet_0"}));
    // The failed add leaves the tree as it was.
    CHECK(network.children().size() == 1);
    // The same id under another parent is fine.
    CHECK_NOTHROW(dev.add<Construct>("private_subnet_0"));
    // Duplicate stacks are duplicates too.
    REQUIRE_THROWS_MATCHES(app.add<Stack>("dev"), Error, message_has({"duplicate", "\"dev\""}));
}

TEST_CASE("an empty id or an id containing '/' is rejected") {
    App app;
    auto& dev = app.add<Stack>("dev");
    auto& network = dev.add<Construct>("network");
    REQUIRE_THROWS_MATCHES(network.add<Construct>(""), Error, message_has({"dev/network", "empty"}));
    REQUIRE_THROWS_MATCHES(network.add<Construct>("a/b"), Error, message_has({"dev/network", "a/b", "'/'"}));
    REQUIRE_THROWS_AS(app.add<Stack>(""), Error);
    CHECK(network.children().empty());
}

TEST_CASE("Terraform elements must live inside a stack") {
    App app;
    auto& loose = app.add<Construct>("loose");
    REQUIRE_THROWS_MATCHES(loose.add<Resource>("vpc", "aws_vpc"), Error,
                           message_has({"loose/vpc", "resource", "inside a stack"}));
    REQUIRE_THROWS_MATCHES(app.add<Resource>("vpc", "aws_vpc"), Error, message_has({"inside a stack"}));
    REQUIRE_THROWS_MATCHES(loose.stack(), Error, message_has({"loose", "not inside a stack"}));
    CHECK(loose.stack_or_null() == nullptr);
}

TEST_CASE("a stack must be a direct child of the app") {
    App app;
    auto& dev = app.add<Stack>("dev");
    REQUIRE_THROWS_MATCHES(dev.add<Stack>("inner"), Error, message_has({"dev/inner", "direct child of the app"}));
    auto& group = app.add<Construct>("group");
    REQUIRE_THROWS_MATCHES(group.add<Stack>("nested"), Error, message_has({"group/nested", "direct child of the app"}));
    CHECK(app.stacks().size() == 1);
}

TEST_CASE("stack names must be valid Terraform names") {
    App app;
    REQUIRE_THROWS_MATCHES(app.add<Stack>("1dev"), Error, message_has({"\"1dev\""}));
    REQUIRE_THROWS_MATCHES(app.add<Stack>("dev stack"), Error, message_has({"\"dev stack\""}));
    CHECK_NOTHROW(app.add<Stack>("dev-eu_1"));
}

TEST_CASE("with many children (indexed lookup) duplicates are still found") {
    App app;
    auto& dev = app.add<Stack>("dev");
    constexpr int kChildren = 40;
    std::vector<Construct*> added;
    for (int i = 0; i < kChildren; ++i) added.push_back(&dev.add<Construct>(sdk_test::numbered("c", i)));

    for (int i = 0; i < kChildren; ++i) {
        INFO("child " << i);
        CHECK(dev.find_child(sdk_test::numbered("c", i)) == added[static_cast<std::size_t>(i)]);
        REQUIRE_THROWS_MATCHES(dev.add<Construct>(sdk_test::numbered("c", i)), Error,
                               message_has({sdk_test::numbered("dev/c", i) + " already exists"}));
    }
    CHECK(dev.find_child("c40") == nullptr);
    CHECK(dev.children().size() == kChildren);
    // Children added after the index was built are found too.
    auto& late = dev.add<Construct>("late");
    CHECK(dev.find_child("late") == &late);
    REQUIRE_THROWS_AS(dev.add<Construct>("late"), Error);
}

TEST_CASE("the app's stacks are found by name when there are many") {
    App app;
    for (int i = 0; i < 20; ++i) app.add<Stack>(sdk_test::numbered("s", i));
    REQUIRE(app.find_stack("s17") != nullptr);
    CHECK(app.find_stack("s17")->name() == "s17");
    CHECK(app.stacks().size() == 20);
    REQUIRE_THROWS_AS(app.add<Stack>("s3"), Error);
}
