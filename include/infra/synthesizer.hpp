// Synthesis, the one pipeline every caller goes through (the CLI, the
// testing helpers, `infra graph`, the tests): the construct tree becomes one
// Terraform JSON document per stack. Stages, in order, each run once:
//
//   1. aspects                      aspect.cpp
//   2. cross-stack linking          cross_stack_references.cpp
//   3. stack selection              synthesizer.cpp (the named stacks and
//                                   those they depend on; stack cycles)
//   4. annotations                  synthesizer.cpp (errors throw, with
//                                   those of references that name no
//                                   instance of a counted element)
//   5. logical IDs, element cycles  logical_id.cpp, dependency_graph.cpp
//   6. schema checks                schema_validator.cpp (with schemas)
//   7. rules                        rules/rule_engine.cpp (with rules)
//   8. rendering                    stack_rendering.cpp
//
// A stage that finds errors throws before the next one runs, so nothing is
// rendered for a tree that fails a check. Nothing is written here either:
// output_writer.hpp puts the result on disk.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infra/annotations.hpp"
#include "infra/content_producer.hpp"
#include "infra/error.hpp"
#include "infra/rules/rule_engine.hpp"

namespace infra {

class App;
class SchemaRegistry;
class Stack;

struct Diagnostic {
    Severity severity;
    std::string path;  // construct path, or a stack name
    std::string message;
    bool blocks_deploy = false;  // see Annotation::blocks_deploy
};

std::string format_diagnostic(const Diagnostic& d);

// A file synthesis writes beside main.tf.json, e.g. an asset zip.
struct ArtifactFile {
    std::string path;  // relative to the stack folder: "assets/get-1a2b.zip"
    std::string bytes;
};

struct StackArtifact {
    std::string name;
    std::string json;                        // main.tf.json
    std::vector<ArtifactFile> files;
    std::vector<std::string> dependencies;   // names of stacks deployed first
    // Instead of `json`, when the request asked to stream it: writes the
    // document a piece at a time (output_writer.hpp runs it into the file).
    // It reads the app's tree, which must outlive it unchanged.
    ContentProducer json_producer;
};

struct SynthesisResult {
    std::vector<StackArtifact> stacks;
    std::vector<Diagnostic> diagnostics;  // infos and warnings (errors throw)
    // Resource and data source types left unchecked because no schema of
    // their provider was given (see schema_validator.hpp).
    std::vector<std::string> unvalidated_types;
    // The rules' report, when rules ran (see SynthesisRequest::rules).
    std::optional<rules::RuleReport> rule_report;
};

// What to synthesize and check. Not an aggregate on purpose: a braced list
// of stack names passed to synthesize() means the names.
struct SynthesisRequest {
    SynthesisRequest() = default;

    std::vector<std::string> stacks;  // all of the app's when empty
    // Checks every resource and data source against its provider's schema:
    // schema errors of all stacks are thrown together, deprecation warnings
    // join the diagnostics.
    const SchemaRegistry* schemas = nullptr;
    // Runs these rules over the selected stacks: unsuppressed warnings and
    // unused suppressions join the diagnostics, unsuppressed errors are
    // thrown (SynthesisError) when `rule_errors_fail`, else only reported.
    const rules::RuleSet* rules = nullptr;
    std::vector<std::string> rule_packs;  // all when empty; {"none"}: none
    bool rule_errors_fail = true;
    // Leaves StackArtifact::json empty and sets json_producer instead: a
    // large stack's document then never needs to be whole in memory.
    bool stream_json = false;
};

// Thrown when any annotation is an error; carries every error found. Its
// message is the first one.
class SynthesisError : public Error {
public:
    explicit SynthesisError(std::vector<Diagnostic> errors);
    const std::vector<Diagnostic>& errors() const { return errors_; }

private:
    std::vector<Diagnostic> errors_;
};

// Runs the pipeline. Throws infra::Error (or SynthesisError, carrying every
// error of the stage) on the first stage that fails.
SynthesisResult synthesize(App& app, const SynthesisRequest& request);

// The same for the named stacks (all when empty), with or without schemas.
SynthesisResult synthesize(App& app, const std::vector<std::string>& stack_names = {},
                           const SchemaRegistry* schemas = nullptr);

// The Terraform JSON document of one stack of an App, through the same
// pipeline (used by tests and tools).
std::string synthesize_stack(Stack& stack);

}  // namespace infra
