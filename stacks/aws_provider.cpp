#include "aws_provider.hpp"

namespace infra::stacks {

Provider& add_aws_provider(Stack& stack, const EnvironmentSettings& s) {
    return stack.add<Provider>(
        "aws", ProviderConfig{
                   .name = "aws",
                   .source = "hashicorp/aws",
                   .version = "~> 5.100",
                   .arguments = Value::map({
                                               {"region", s.region},
                                               {"default_tags", Value::map({{"tags", Value::map({
                                                                                         {"Project", s.project},
                                                                                         {"Environment", s.environment},
                                                                                         {"ManagedBy", "infra"},
                                                                                     })}})},
                                           })
                                    .as_map(),
               });
}

}  // namespace infra::stacks
