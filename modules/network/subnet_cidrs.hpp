// Explicit subnet CIDR blocks (instead of the ones derived from the VPC's):
// what AWS would refuse at apply time, found before it. One block per zone,
// each inside the VPC, /16 to /28 (AWS's subnet sizes), none overlapping
// another.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace crud_api::modules {

struct SubnetCidrLists {
    std::string vpc_cidr;
    std::size_t zone_count = 0;
    std::vector<std::string> public_cidrs;   // empty: derived
    std::vector<std::string> private_cidrs;  // empty: derived
};

struct SubnetCidrProblem {
    std::string list;  // "public_subnet_cidrs" or "private_subnet_cidrs"
    std::string what;  // e.g. "\"10.1.0.0/24\" is outside the VPC 10.0.0.0/16"
};

// The first problem of the explicit lists, if any. The VPC CIDR itself is
// checked by the caller.
std::optional<SubnetCidrProblem> subnet_cidrs_problem(const SubnetCidrLists& lists);

}  // namespace crud_api::modules
