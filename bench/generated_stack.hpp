// A synthetic stack for measuring synthesis at scale: `resources` security
// groups, each referring to the one before it and to one shared VPC, grouped
// 100 to a construct so logical IDs come from two-level paths. Every
// resource carries references (a plain one and one inside a template), so
// reference resolution, dependency tracking and cycle detection do real work
// and the cost is not only JSON writing.
#pragma once

#include <cstdint>
#include <string>

namespace infra {
class App;
class Stack;
}  // namespace infra

namespace infra::bench {

infra::Stack& build_generated_stack(infra::App& app, const std::string& name, std::int64_t resources);

}  // namespace infra::bench
