#include "dev_stack.hpp"

#include <fmt/format.h>

#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource.hpp"

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
    auto& vpc = network.add<Resource>("vpc", "aws_vpc");
    vpc.set("cidr_block", s.vpc_cidr);
    vpc.set("enable_dns_support", true);
    vpc.set("enable_dns_hostnames", true);
    vpc.set("tags", Value::map({{"Name", s.prefix() + "-vpc"}}));

    Value::List subnet_ids;
    for (std::size_t i = 0; i < s.availability_zones.size(); ++i) {
        auto& subnet = network.add<Resource>(fmt::format("private_subnet_{}", i), "aws_subnet");
        subnet.set("vpc_id", vpc.attr("id"));
        subnet.set("cidr_block", fn::cidrsubnet(vpc.str_attr("cidr_block"), 8, static_cast<int>(i)));
        subnet.set("availability_zone", s.availability_zones[i]);
        subnet.set("map_public_ip_on_launch", false);
        subnet.set("tags", Value::map({{"Name", fmt::format("{}-private-{}", s.prefix(), s.availability_zones[i])}}));
        subnet_ids.emplace_back(subnet.attr("id"));
    }

    stack.add<Output>("vpc_id", OutputConfig{.value = vpc.attr("id"), .description = "ID of the VPC"});
    stack.add<Output>("private_subnet_ids",
                      OutputConfig{.value = Value(std::move(subnet_ids)), .description = "IDs of the private subnets"});
    return stack;
}

}  // namespace infra::stacks
