// Helpers shared by the module tests: a stack with the aws provider, its
// synthesized JSON parsed, lookups by type and of IAM policy documents, and a
// full synthesis that checks every resource against the aws provider schema.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <exception>
#include "infra/source_location.hpp"
#include <string>
#include <utility>
#include <vector>

#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/provider.hpp"
#include "infra/schema_registry.hpp"
#include "infra/source_location.hpp"
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
        // Every aws type is checked; terraform_data belongs to terraform's
        // builtin provider, whose schema is not loaded.
        for (const auto& type : synthesized.unvalidated_types()) CHECK(type == "terraform_data");
        return synthesized;
    }
};

// The message of the infra::UsageError that creating `Module` with `props`
// (as construct `id` of a fresh test stack) throws; "(no error)" if none.
// The module is created as if at `where`, the caller's line, and the message
// must end with " (at <that line>)": it is returned without that suffix, so
// tests compare what is wrong, and a message that does not name the line
// keeps whatever it ends with and fails their comparison.
template <class Module, class Props>
std::string usage_error(const std::string& id, Props props,
                        const infra::SourceLocation& where = infra::SourceLocation::current()) {
    TestStack t;
    try {
        t.stack.add<Module>(infra::ChildId(id, where), std::move(props));
    } catch (const infra::UsageError& e) {
        std::string message = e.what();
        const std::string suffix = " (at " + infra::location_text(where) + ")";
        if (message.ends_with(suffix)) message.resize(message.size() - suffix.size());
        return message;
    }
    return "(no error)";
}

// True when `message` is `what` followed by " (at <file>:<line>)": the line
// a module error names, here a line of the test file `file`.
inline bool is_props_error(const std::string& message, const std::string& what, const std::string& file) {
    const std::string prefix = what + " (at " + file + ":";
    if (!message.starts_with(prefix) || !message.ends_with(")")) return false;
    const std::string line = message.substr(prefix.size(), message.size() - prefix.size() - 1);
    return !line.empty() && std::all_of(line.begin(), line.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Matches the message of a module error: exactly `what`, then the line of
// this test file that created the module (which line is checked by
// props_location_test.cpp; here, that one of ours is named).
class PropsErrorMatcher : public Catch::MatcherBase<std::string> {
public:
    PropsErrorMatcher(std::string what, std::string file) : what_(std::move(what)), file_(std::move(file)) {}
    bool match(const std::string& message) const override { return is_props_error(message, what_, file_); }
    std::string describe() const override { return "is \"" + what_ + " (at " + file_ + ":<line>)\""; }

private:
    std::string what_;
    std::string file_;
};

// The same for CHECK_THROWS_MATCHES, on the exception.
class PropsErrorExceptionMatcher : public Catch::MatcherBase<std::exception> {
public:
    PropsErrorExceptionMatcher(std::string what, std::string file) : what_(std::move(what)), file_(std::move(file)) {}
    bool match(const std::exception& e) const override { return is_props_error(e.what(), what_, file_); }
    std::string describe() const override { return "has message \"" + what_ + " (at " + file_ + ":<line>)\""; }

private:
    std::string what_;
    std::string file_;
};

// The file part of "tests/modules/network_test.cpp:12".
inline std::string file_of(const infra::SourceLocation& here) {
    const std::string at = infra::location_text(here);
    return at.substr(0, at.rfind(':'));
}

inline PropsErrorMatcher props_error(std::string what, const infra::SourceLocation& here = infra::SourceLocation::current()) {
    return PropsErrorMatcher(std::move(what), file_of(here));
}

inline PropsErrorExceptionMatcher props_error_message(std::string what,
                                                      const infra::SourceLocation& here = infra::SourceLocation::current()) {
    return PropsErrorExceptionMatcher(std::move(what), file_of(here));
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

// data.aws_iam_policy_document.<id> (throws nlohmann::json::out_of_range if absent).
inline const nlohmann::json& policy_document(const nlohmann::json& doc, const std::string& id) {
    return doc.at("data").at("aws_iam_policy_document").at(id);
}

// The statement list of policy document <id>.
inline const nlohmann::json& policy_statements(const nlohmann::json& doc, const std::string& id) {
    return policy_document(doc, id).at("statement");
}

// The statement of `statements` whose sid is `sid`; nullptr if none.
inline const nlohmann::json* statement_with_sid(const nlohmann::json& statements, const std::string& sid) {
    for (const auto& statement : statements)
        if (statement.value("sid", "") == sid) return &statement;
    return nullptr;
}

// "${<type>.<id>.<attribute>}" as the JSON holds a reference.
inline std::string reference(const std::string& type, const std::string& id, const std::string& attribute) {
    return "${" + type + "." + id + "." + attribute + "}";
}

}  // namespace module_test
