// Synthesis sorts what it writes, so the order in which siblings were added
// must never show in the output: not in logical IDs, not in a single byte.
// (Moved and import blocks are lists in the order the user declared them;
// they are not siblings and are left out here.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "infra/app.hpp"
#include "infra/data_source.hpp"
#include "infra/functions.hpp"
#include "infra/local.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"
#include "infra/synthesizer.hpp"
#include "infra/variable.hpp"

using namespace infra;

namespace {

// The elements of one stack, each added by one step; the steps of a group
// are siblings and can run in any order. References between siblings are
// resolved by name through `made` after every step ran, so a step never
// depends on another one having run before it.
struct Scenario {
    std::vector<std::function<void(Stack&)>> providers;
    std::vector<std::function<void(Construct&)>> network;  // children of "network"
    std::vector<std::function<void(Stack&)>> top;          // other children of the stack
};

std::map<std::string, TerraformElement*>* made = nullptr;

template <class T>
T& get(const std::string& name) {
    return static_cast<T&>(*made->at(name));
}

Scenario scenario() {
    Scenario s;
    s.providers = {
        [](Stack& st) { st.add<Provider>("aws", ProviderConfig{.name = "aws", .source = "hashicorp/aws"}); },
        [](Stack& st) {
            st.add<Provider>("aws_west", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .alias = "west"});
        },
        [](Stack& st) {
            st.add<Provider>("aws_east", ProviderConfig{.name = "aws", .source = "hashicorp/aws", .alias = "east"});
        },
    };
    for (int i = 0; i < 40; ++i) {
        s.network.push_back([i](Construct& network) {
            auto& subnet = network.add<Resource>("subnet_" + std::to_string(i), "aws_subnet");
            subnet.set("cidr_block", "10.0." + std::to_string(i) + ".0/24");
            (*made)["subnet_" + std::to_string(i)] = &subnet;
        });
    }
    s.network.push_back([](Construct& network) {
        auto& vpc = network.add<Resource>("vpc", "aws_vpc");
        vpc.set("cidr_block", "10.0.0.0/16");
        (*made)["vpc"] = &vpc;
    });
    s.network.push_back([](Construct& network) {
        // "Default" is left out of the logical ID: network_Default -> network.
        auto& gw = network.add<Resource>("Default", "aws_internet_gateway");
        (*made)["gw"] = &gw;
    });
    s.top = {
        [](Stack& st) { st.add<DataSource>("region", "aws_region"); },
        [](Stack& st) { (*made)["azs"] = &st.add<DataSource>("azs", "aws_availability_zones"); },
        [](Stack& st) { (*made)["env"] = &st.add<Variable>("env", VariableConfig{.type = "string"}); },
        [](Stack& st) { st.add<Variable>("cidr", VariableConfig{.type = "string"}); },
        [](Stack& st) { st.add<Local>("name", Value("demo")); },
        [](Stack& st) { st.add<Local>("tags", Value::map({{"Team", "infra"}})); },
        [](Stack& st) { st.add<Output>("vpc_cidr", OutputConfig{.value = "10.0.0.0/16"}); },
        [](Stack& st) { st.add<Output>("team", OutputConfig{.value = "infra", .sensitive = true}); },
    };
    return s;
}

// Wires the references once every element exists: the same edges whatever
// order the elements were added in.
void wire() {
    auto& vpc = get<Resource>("vpc");
    vpc.set("tags", Value::map({{"Name", Str("vpc-") + get<Variable>("env").as_str()}}));
    for (int i = 0; i < 40; ++i) {
        auto& subnet = get<Resource>("subnet_" + std::to_string(i));
        subnet.set("vpc_id", vpc.attr("id"));
        if (i > 0) subnet.depends_on(get<Resource>("subnet_" + std::to_string(i - 1)));
        subnet.set("availability_zone", fn::element(get<DataSource>("azs").attr("names"), i));
        if (i % 2 == 0) subnet.set_provider(get<Provider>("west"));
    }
    get<Resource>("gw").set("vpc_id", vpc.attr("id"));
}

std::string synth_in_order(std::uint32_t seed) {
    std::map<std::string, TerraformElement*> elements;
    made = &elements;
    App app;
    auto& stack = app.add<Stack>("dev");
    Scenario s = scenario();
    std::mt19937 shuffle(seed);
    if (seed != 0) {
        std::shuffle(s.providers.begin(), s.providers.end(), shuffle);
        std::shuffle(s.network.begin(), s.network.end(), shuffle);
        std::shuffle(s.top.begin(), s.top.end(), shuffle);
    }
    // The network group before or after the other children of the stack.
    const bool network_first = seed % 2 == 0;
    if (!network_first)
        for (auto& step : s.top) step(stack);
    for (auto& step : s.providers) step(stack);
    auto& network = stack.add<Construct>("network");
    for (auto& step : s.network) step(network);
    if (network_first)
        for (auto& step : s.top) step(stack);
    elements["west"] = static_cast<Provider*>(stack.find_child("aws_west"));
    wire();
    std::string json = synthesize_stack(stack);
    made = nullptr;
    return json;
}

}  // namespace

TEST_CASE("output bytes do not depend on the order siblings were added in") {
    const std::string reference = synth_in_order(0);
    REQUIRE(reference.find("\"network_subnet_39\"") != std::string::npos);
    REQUIRE(reference.find("\"network\": {") != std::string::npos);  // the Default gateway
    for (std::uint32_t seed = 1; seed <= 8; ++seed) {
        INFO("construction order " << seed);
        CHECK(synth_in_order(seed) == reference);
    }
}

TEST_CASE("logical IDs come from paths, not from sibling positions") {
    App first;
    auto& a = first.add<Stack>("dev");
    auto& a_group = a.add<Construct>("group");
    auto& a_x = a_group.add<Resource>("x", "null_resource");
    auto& a_y = a_group.add<Resource>("y", "null_resource");

    App second;
    auto& b = second.add<Stack>("dev");
    auto& b_group = b.add<Construct>("group");
    auto& b_y = b_group.add<Resource>("y", "null_resource");
    auto& b_x = b_group.add<Resource>("x", "null_resource");

    CHECK(a_x.logical_id() == "group_x");
    CHECK(a_x.logical_id() == b_x.logical_id());
    CHECK(a_y.logical_id() == b_y.logical_id());
    CHECK(a_x.reference_prefix() == "null_resource.group_x");
    CHECK(synthesize_stack(a) == synthesize_stack(b));
}
