#include "aws_provider.hpp"

#include "local_cloud.hpp"

namespace infra::stacks {

Provider& add_aws_provider(Stack& stack, const EnvironmentSettings& s) {
    Value::Map arguments = Value::map({
                                          {"region", s.region},
                                          {"default_tags", Value::map({{"tags", Value::map({
                                                                                    {"Project", s.project},
                                                                                    {"Environment", s.environment},
                                                                                    {"ManagedBy", "infra"},
                                                                                })}})},
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

}  // namespace infra::stacks
