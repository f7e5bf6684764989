#include "aws_provider.hpp"

#include "local_cloud.hpp"

namespace crud_api::stacks {
using namespace infra;

Provider& add_aws_provider(Stack& stack, const EnvironmentSettings& s) {
    // The settings' extra tags, then infra's own (load() refuses an extra
    // tag that would replace one of these).
    Value::Map tags;
    for (const auto& [key, value] : s.tags) tags.insert_or_assign(key, Value(value));
    for (const auto& [key, value] : s.managed_tags()) tags.insert_or_assign(key, Value(value));
    Value::Map arguments = Value::map({
                                          {"region", s.region},
                                          {"default_tags", Value::map({{"tags", Value(std::move(tags))}})},
                                      })
                               .as_map();
    if (!s.aws_endpoint.empty())
        for (auto& [key, value] : local_cloud_provider_settings(s.aws_endpoint)) arguments.insert_or_assign(key, value);
    return stack.add<Provider>("aws", ProviderConfig{
                                          .name = "aws",
                                          .source = "hashicorp/aws",
                                          .version = "~> 5.100",
                                          .arguments = std::move(arguments),
                                      });
}

}  // namespace crud_api::stacks
