// Must NOT compile: cidr_block is a Str, and true is a bool.
#include "infra/app.hpp"
#include "infra/aws/vpc.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::Vpc>("vpc", infra::aws::VpcArgs{.cidr_block = true});
}
