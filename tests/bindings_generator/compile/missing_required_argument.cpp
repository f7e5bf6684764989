// Must NOT compile: aws_subnet's vpc_id is required, and it is left out.
#include "infra/app.hpp"
#include "infra/aws/subnet.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::Subnet>("subnet", infra::aws::SubnetArgs{.cidr_block = "10.0.1.0/24"});
}
