// Must NOT compile: enable_dns_hostnames is a Bool, and 1 is an int. A Bool
// takes a bool (or an expression) only; typed_literals.cpp is the control.
#include "infra/app.hpp"
#include "infra/aws/vpc.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{.cidr_block = "10.0.0.0/16", .enable_dns_hostnames = 1});
}
