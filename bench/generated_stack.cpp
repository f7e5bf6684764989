#include "generated_stack.hpp"

#include <fmt/format.h>

#include "infra/app.hpp"
#include "infra/error.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"

namespace infra::bench {

namespace {

// Enough resources per group that the child index of a group is exercised,
// few enough that paths stay two levels deep and readable.
constexpr std::int64_t kGroupSize = 100;

}  // namespace

Stack& build_generated_stack(App& app, const std::string& name, std::int64_t resources) {
    if (resources < 1) throw UsageError("resources must be at least 1");
    auto& stack = app.add<Stack>(name);
    stack.set_backend(LocalBackend{});
    stack.add<Provider>("aws", ProviderConfig{.name = "aws",
                                              .source = "hashicorp/aws",
                                              .version = "~> 5.100",
                                              .arguments = Value::map({{"region", "eu-west-1"}}).as_map()});

    auto& shared = stack.add<Resource>("shared", "aws_vpc");
    shared.set("cidr_block", "10.0.0.0/16");
    shared.set("tags", Value::map({{"Name", "gen-shared"}}));

    Construct* group = nullptr;
    const Resource* previous = nullptr;
    for (std::int64_t i = 0; i < resources; ++i) {
        if (i % kGroupSize == 0) group = &stack.add<Construct>(fmt::format("group_{}", i / kGroupSize));
        auto& sg = group->add<Resource>(fmt::format("sg_{}", i), "aws_security_group");
        sg.set("name", fmt::format("gen-sg-{}", i));
        sg.set("vpc_id", shared.attr("id"));
        if (previous != nullptr) {
            sg.set("description", Str("after ") + previous->str_attr("id"));
        } else {
            sg.set("description", "the first generated group");
        }
        sg.set("tags", Value::map({{"Index", i}, {"Name", fmt::format("gen-sg-{}", i)}}));
        previous = &sg;
    }
    return stack;
}

}  // namespace infra::bench
