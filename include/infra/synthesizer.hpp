// Synthesis: the construct tree becomes one Terraform JSON document per stack.
// Stages, in order: aspects, annotations, logical IDs, cycles, rendering.
// Nothing is written here; output_writer.hpp puts the result on disk.
#pragma once

#include <string>
#include <vector>

#include "infra/annotations.hpp"
#include "infra/error.hpp"

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
};

struct SynthesisResult {
    std::vector<StackArtifact> stacks;
    std::vector<Diagnostic> diagnostics;  // infos and warnings (errors throw)
    // Resource and data source types left unchecked because no schema of
    // their provider was given (see schema_validator.hpp).
    std::vector<std::string> unvalidated_types;
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

// Synthesizes the named stacks (all of them when `stack_names` is empty).
// Throws infra::Error (or SynthesisError) on the first stage that fails.
// With `schemas`, every resource and data source is also checked against its
// provider's schema after aspects ran; schema errors of all stacks are thrown
// together, deprecation warnings join the diagnostics.
SynthesisResult synthesize(App& app, const std::vector<std::string>& stack_names = {},
                           const SchemaRegistry* schemas = nullptr);

// The Terraform JSON document of one stack, as a value (used by tests and tools).
std::string synthesize_stack(Stack& stack);

}  // namespace infra
