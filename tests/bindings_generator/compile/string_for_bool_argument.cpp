// Must NOT compile: enable_dns_hostnames is a Bool, and "false" is a
// string, which would otherwise convert to the bool true.
#include "infra/app.hpp"
#include "infra/aws/vpc.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{.cidr_block = "10.0.0.0/16", .enable_dns_hostnames = "false"});
}
