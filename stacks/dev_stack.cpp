#include "dev_stack.hpp"

#include <fmt/format.h>

#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"

namespace infra::stacks {

Stack& build_dev_stack(App& app, const std::string& name, const EnvironmentSettings& s) {
    auto& stack = app.add<Stack>(name);
    if (s.backend == "s3")
        stack.set_backend(S3Backend{.bucket = s.state_bucket,
                                    .key = fmt::format("{}/terraform.tfstate", s.environment),
                                    .region = s.region});
    else
        stack.set_backend(LocalBackend{});

    stack.add<Provider>("aws", ProviderConfig{
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
                                   }).as_map(),
                               });

    auto& network = stack.add<Construct>("network");
    auto& vpc = network.add<aws::Vpc>("vpc", aws::VpcArgs{
                                                 .cidr_block = s.vpc_cidr,
                                                 .enable_dns_hostnames = true,
                                                 .enable_dns_support = true,
                                                 .tags = Map<Str>{{"Name", s.prefix() + "-vpc"}},
                                             });

    Value::List subnet_ids;
    for (std::size_t i = 0; i < s.availability_zones.size(); ++i) {
        const std::string& zone = s.availability_zones[i];
        auto& subnet = network.add<aws::Subnet>(
            fmt::format("private_subnet_{}", i),
            aws::SubnetArgs{
                .availability_zone = zone,
                .cidr_block = fn::cidrsubnet(vpc.cidr_block(), 8, static_cast<int>(i)),
                .map_public_ip_on_launch = false,
                .tags = Map<Str>{{"Name", fmt::format("{}-private-{}", s.prefix(), zone)}},
                .vpc_id = vpc.id(),
            });
        subnet_ids.emplace_back(subnet.id());
    }

    stack.add<Output>("vpc_id", OutputConfig{.value = vpc.id(), .description = "ID of the VPC"});
    stack.add<Output>("private_subnet_ids",
                      OutputConfig{.value = Value(std::move(subnet_ids)), .description = "IDs of the private subnets"});
    return stack;
}

}  // namespace infra::stacks
