// Testing helpers for stacks, usable from any test framework (they return
// values or throw; they assert nothing themselves): synthesize a stack in
// memory, find resources by type and by a partial match of their
// properties, match "any reference to" an element, collect schema and rule
// errors, and compare against a golden file with an update switch.
//
//   auto s = infra::testing::SynthesizedStack::of(app, "dev", &schemas);
//   REQUIRE(s.has_resource("aws_lambda_function", {{"runtime", "python3.12"},
//       {"role", infra::testing::reference_to(role)}}));
//
// has_resource() and matches_golden() return a Match: it tests as a bool and
// prints (operator<<) why it failed, so a failed check reads "expected this,
// the closest resource has that" instead of "false".
#pragma once

#include <filesystem>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
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

// The outcome of a check with its explanation. Converts explicitly to bool,
// so it works in if, !, CHECK/REQUIRE/EXPECT_TRUE, but not as a plain bool
// by accident. The explanation says what matched on success (useful when a
// check expects no match), and expected vs actual on failure. It is bounded:
// long values are cut.
class Match {
public:
    Match(bool matched, std::string explanation) : matched_(matched), explanation_(std::move(explanation)) {}

    explicit operator bool() const noexcept { return matched_; }
    bool matched() const noexcept { return matched_; }
    const std::string& explanation() const noexcept { return explanation_; }

private:
    bool matched_;
    std::string explanation_;
};

// Writes the explanation. Catch2 prints it as the value of a failed
// CHECK(s.has_resource(...)) (its StringMaker uses operator<<); frameworks
// that print only true/false take it as the failure message:
// EXPECT_TRUE(m) << m.
std::ostream& operator<<(std::ostream& out, const Match& match);

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
    // Whether find() finds any. On failure the explanation shows `partial`
    // and, for the (at most 3) resources of `type` matching most of its keys,
    // every key with expected vs actual value; or that no resource has the
    // type, with the types the stack has. On success it names the matches.
    Match has_resource(std::string_view type, const nlohmann::json& partial = nlohmann::json::object()) const;
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
// the environment, writes `actual` to the file instead and matches (fails
// only when the file cannot be written). On failure the explanation gives
// the first differing line (number, expected and actual text) and how to
// accept the new output; for a missing file, how to create it.
Match matches_golden(const std::string& actual, const std::filesystem::path& golden);

}  // namespace infra::testing
