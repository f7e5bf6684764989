// Helpers shared by the module tests: a stack with the aws provider, its
// synthesized JSON parsed, lookups by type, and a full synthesis that checks
// every resource against the aws provider schema.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/provider.hpp"
#include "infra/schema_registry.hpp"
#include "infra/stack.hpp"
#include "infra/synthesizer.hpp"
#include "infra/testing.hpp"

namespace module_test {

// An App with one stack "test" holding an aws provider.
struct TestStack {
    infra::App app;
    infra::Stack& stack;

    TestStack() : stack(app.add<infra::Stack>("test")) {
        stack.add<infra::Provider>("aws", infra::ProviderConfig{.name = "aws",
                                                               .source = "hashicorp/aws",
                                                               .version = "~> 5.100",
                                                               .arguments = infra::Value::map({{"region", "us-east-1"}}).as_map()});
    }

    // The stack's Terraform JSON, parsed, after a synthesis that validated
    // every resource and data source against the aws provider schema (a
    // schema error fails the test with the validator's message).
    nlohmann::json synth() { return synthesized().document(); }

    // The same through the SDK's testing helpers, for find()/has_resource().
    infra::testing::SynthesizedStack synthesized() {
        static const infra::SchemaRegistry registry = [] {
            infra::SchemaRegistry r;
            infra::aws::register_schemas(r);
            return r;
        }();
        auto synthesized = infra::testing::SynthesizedStack::of(app, "test", &registry);
        CHECK(synthesized.unvalidated_types().empty());
        return synthesized;
    }
};

// The message of the infra::UsageError that creating `Module` with `props`
// (as construct `id` of a fresh test stack) throws; "(no error)" if none.
template <class Module, class Props>
std::string usage_error(const std::string& id, Props props) {
    TestStack t;
    try {
        t.stack.add<Module>(id, std::move(props));
    } catch (const infra::UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

// resource.<type>.<id> (throws nlohmann::json::out_of_range if absent).
inline const nlohmann::json& resource(const nlohmann::json& doc, const std::string& type, const std::string& id) {
    return doc.at("resource").at(type).at(id);
}

// The bodies of every resource of `type` (empty if none).
inline std::vector<nlohmann::json> resources_of_type(const nlohmann::json& doc, const std::string& type) {
    std::vector<nlohmann::json> out;
    if (!doc.contains("resource") || !doc["resource"].contains(type)) return out;
    for (const auto& [id, body] : doc["resource"][type].items()) out.push_back(body);
    return out;
}

// How many resources of `type` the document has.
inline std::size_t count_of_type(const nlohmann::json& doc, const std::string& type) {
    return resources_of_type(doc, type).size();
}

// "${<type>.<id>.<attribute>}" as the JSON holds a reference.
inline std::string reference(const std::string& type, const std::string& id, const std::string& attribute) {
    return "${" + type + "." + id + "." + attribute + "}";
}

}  // namespace module_test
