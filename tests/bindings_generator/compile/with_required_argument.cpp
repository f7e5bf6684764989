// The control for missing_required_argument.cpp: the same code with the
// required vpc_id compiles.
#include "infra/app.hpp"
#include "infra/aws/subnet.hpp"
#include "infra/aws/vpc.hpp"

void build(infra::Stack& stack) {
    auto& vpc = stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{.cidr_block = "10.0.0.0/16"});
    stack.add<infra::aws::Subnet>("subnet", infra::aws::SubnetArgs{.cidr_block = "10.0.1.0/24", .vpc_id = vpc.id()});
}
