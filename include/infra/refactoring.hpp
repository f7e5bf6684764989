// `moved` and `import` blocks: refactoring the construct tree changes paths
// and so logical IDs; a moved block tells Terraform the old address is the
// new resource, so nothing real is destroyed. An import block adopts an
// existing cloud resource.
#pragma once

#include <string>

#include "infra/value.hpp"

namespace infra {

class ResourceBase;

struct MovedBlock {
    std::string from;                   // the old address, e.g. "aws_vpc.vpc"
    const ResourceBase* to = nullptr;   // the resource now
};

struct ImportBlock {
    const ResourceBase* to = nullptr;
    Value id;  // the cloud identifier, e.g. "vpc-0abc"
};

}  // namespace infra
