// The control for the *_for_*_argument.cpp files: each typed argument takes
// a literal of its own type, or an expression, and compiles cleanly.
#include <string>

#include "infra/app.hpp"
#include "infra/aws/cloudwatch_log_group.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"

void build(infra::Stack& stack, bool dns_support, long retention_days) {
    auto& vpc = stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{
                                                      .cidr_block = "10.0.0.0/16",
                                                      .enable_dns_hostnames = true,
                                                      .enable_dns_support = dns_support,
                                                  });
    const std::string zone = "eu-west-1a";
    stack.add<infra::aws::Subnet>("subnet", infra::aws::SubnetArgs{
                                                .availability_zone = zone,
                                                .cidr_block = "10.0.1.0/24",
                                                .map_public_ip_on_launch = vpc.enable_dns_hostnames(),
                                                .vpc_id = vpc.id(),
                                            });
    stack.add<infra::aws::CloudwatchLogGroup>("logs", infra::aws::CloudwatchLogGroupArgs{.retention_in_days = retention_days});
}
