// Testing helpers for stacks, usable from any test framework (they return
// values or throw; they assert nothing themselves): synthesize a stack in
// memory, find resources by type and by a partial match of their
// properties, match "any reference to" an element, collect schema and rule
// errors, and compare against a golden file with an update switch.
//
//   auto s = infra::testing::SynthesizedStack::of(app, "dev", &schemas);
//   REQUIRE(s.has_resource("aws_lambda_function", {{"runtime", "python3.12"},
//       {"role", infra::testing::reference_to(role)}}));
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace infra {
class App;
class SchemaRegistry;
class TerraformElement;
namespace rules {
class RuleSet;
}
}  // namespace infra

namespace infra::testing {

class SynthesizedStack {
public:
    // Synthesizes `stack` of `app` (linking cross-stack references), with
    // schema validation when `schemas` is given. Throws what synthesis
    // throws (infra::Error, SynthesisError).
    static SynthesizedStack of(App& app, const std::string& stack, const SchemaRegistry* schemas = nullptr);

    const std::string& text() const { return text_; }
    // Resource types left unchecked because no schema of their provider was
    // given; warnings (deprecations, rule-free annotations) of the synthesis.
    const std::vector<std::string>& unvalidated_types() const { return unvalidated_types_; }
    const std::vector<std::string>& warnings() const { return warnings_; }
    const nlohmann::json& document() const { return document_; }

    // The logical IDs of the resources of `type` whose body contains
    // `partial`: every key of an object must match; an array matches when
    // each of its items matches some item of the actual array; a string made
    // by reference_to() matches any reference to that element.
    std::vector<std::string> find(std::string_view type, const nlohmann::json& partial = nlohmann::json::object()) const;
    bool has_resource(std::string_view type, const nlohmann::json& partial = nlohmann::json::object()) const {
        return !find(type, partial).empty();
    }
    std::size_t count(std::string_view type) const { return find(type).size(); }
    // resource.<type>.<id>; throws std::out_of_range naming both if absent.
    const nlohmann::json& resource(std::string_view type, std::string_view id) const;
    // The same for data sources.
    std::vector<std::string> find_data(std::string_view type, const nlohmann::json& partial = nlohmann::json::object()) const;

private:
    std::string text_;
    nlohmann::json document_;
    std::vector<std::string> unvalidated_types_;
    std::vector<std::string> warnings_;
};

// A value for SynthesizedStack::find's partial match: any string holding a
// reference to `element` (any attribute, also inside templates and calls).
std::string reference_to(const TerraformElement& element);

// Whether `actual` contains `partial` as find() defines it.
bool contains(const nlohmann::json& actual, const nlohmann::json& partial);

// Everything that would make `infra synth` or `infra validate` fail for the
// stack: schema errors (with `schemas`) and unsuppressed error-level rule
// findings (with `rules`), one line each; empty when valid.
std::vector<std::string> validation_errors(App& app, const std::string& stack, const SchemaRegistry* schemas,
                                           const rules::RuleSet* rules);

// Whether `actual` equals the golden file. With INFRA_UPDATE_GOLDEN set in
// the environment, writes `actual` to the file instead and returns true.
bool matches_golden(const std::string& actual, const std::filesystem::path& golden);

}  // namespace infra::testing
