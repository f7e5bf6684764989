// The rendering stage of the pipeline (synthesizer.hpp): the last one, run
// once every check passed. Private to the core library.
#pragma once

#include <string>
#include <vector>

#include "infra/synthesizer.hpp"

namespace infra {

class Stack;
class TerraformElement;

// The stack's main.tf.json: `elements` are the stack's elements in tree
// order. Throws infra::Error for what only rendering sees (a provider
// declared twice with different versions, a backend holding a reference).
std::string render_stack_json(Stack& stack, const std::vector<const TerraformElement*>& elements);
// The same document, handed over a piece at a time when the producer runs
// (as often as wanted; the stack's tree must not change in between). What
// can fail is checked here, so running it throws no infra::Error.
ContentProducer stack_json_producer(Stack& stack, const std::vector<const TerraformElement*>& elements);

// The asset zips of the stack, sorted by their path in the stack folder;
// throws infra::Error when two different assets map to the same path.
std::vector<ArtifactFile> asset_files(Stack& stack);

}  // namespace infra
