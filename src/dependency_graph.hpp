// The dependency graph of a stack's elements, built from the references in
// their values plus explicit depends_on. Terraform derives the same edges;
// we build them first so a cycle is reported with construct paths at synth
// time rather than as "Cycle:" at plan time.
#pragma once

#include <vector>

namespace infra {

class TerraformElement;

// Throws infra::Error naming the cycle (`a -> b -> a`, by address and path)
// if the elements' references form one.
void check_for_cycles(const std::vector<const TerraformElement*>& elements);

// The elements `element` refers to or depends on explicitly.
std::vector<const TerraformElement*> dependencies_of(const TerraformElement& element);

}  // namespace infra
