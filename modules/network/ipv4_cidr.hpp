// IPv4 CIDR blocks as the VPC and subnet arguments take them: "a.b.c.d/n"
// with the host bits zero (AWS refuses "10.0.0.1/16").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace crud_api::modules {

struct Ipv4Cidr {
    std::uint32_t address = 0;
    int prefix_length = 0;
};

// std::nullopt unless `text` is a well-formed IPv4 CIDR whose host bits are zero.
std::optional<Ipv4Cidr> parse_ipv4_cidr(std::string_view text);

}  // namespace crud_api::modules
