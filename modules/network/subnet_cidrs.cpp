#include "network/subnet_cidrs.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <utility>

#include "network/ipv4_cidr.hpp"

namespace crud_api::modules {

namespace {

struct Block {
    std::string text;
    std::string list;
    std::uint64_t first = 0;
    std::uint64_t last = 0;  // inclusive
};

Block block_of(const Ipv4Cidr& cidr, std::string text, std::string list) {
    const std::uint64_t size = std::uint64_t{1} << (32 - cidr.prefix_length);
    return {std::move(text), std::move(list), cidr.address, cidr.address + size - 1};
}

}  // namespace

std::optional<SubnetCidrProblem> subnet_cidrs_problem(const SubnetCidrLists& lists) {
    const auto vpc = parse_ipv4_cidr(lists.vpc_cidr);
    if (!vpc) return std::nullopt;  // the caller's own error
    const Block vpc_block = block_of(*vpc, lists.vpc_cidr, "vpc_cidr");
    std::vector<Block> blocks;
    const std::pair<const char*, const std::vector<std::string>*> named_lists[] = {
        {"public_subnet_cidrs", &lists.public_cidrs}, {"private_subnet_cidrs", &lists.private_cidrs}};
    for (const auto& [name, list] : named_lists) {
        if (list->empty()) continue;
        if (list->size() != lists.zone_count)
            return SubnetCidrProblem{name, fmt::format("{} block{} for {} availability zone{}; give one per zone, in "
                                                       "the zones' order",
                                                       list->size(), list->size() == 1 ? "" : "s", lists.zone_count,
                                                       lists.zone_count == 1 ? "" : "s")};
        for (const auto& text : *list) {
            const auto cidr = parse_ipv4_cidr(text);
            if (!cidr)
                return SubnetCidrProblem{name, fmt::format("\"{}\" is not an IPv4 CIDR with the host bits zero, such as "
                                                           "\"10.0.1.0/24\"",
                                                           text)};
            if (cidr->prefix_length < 16 || cidr->prefix_length > 28)
                return SubnetCidrProblem{name, fmt::format("\"{}\" is a /{}; AWS subnets are /16 to /28", text,
                                                           cidr->prefix_length)};
            Block b = block_of(*cidr, text, name);
            if (b.first < vpc_block.first || b.last > vpc_block.last)
                return SubnetCidrProblem{name, fmt::format("\"{}\" is outside the VPC's {}", text, lists.vpc_cidr)};
            for (const auto& other : blocks)
                if (b.first <= other.last && other.first <= b.last)
                    return SubnetCidrProblem{
                        name, fmt::format("\"{}\" overlaps \"{}\"{}", text, other.text,
                                          other.list == name ? std::string() : fmt::format(" of {}", other.list))};
            blocks.push_back(std::move(b));
        }
    }
    return std::nullopt;
}

}  // namespace crud_api::modules
