// Must NOT compile: subnet_ids is a list of Str, and 0 is an int, which
// would otherwise be taken for a null `const char*` (and crash at synth).
#include "infra/app.hpp"
#include "infra/aws/db_subnet_group.hpp"

void build(infra::Stack& stack) {
    stack.add<infra::aws::DbSubnetGroup>(
        "subnets", infra::aws::DbSubnetGroupArgs{.subnet_ids = infra::List<infra::Str>{"subnet-1", 0}});
}
