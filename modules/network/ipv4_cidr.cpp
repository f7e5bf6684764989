#include "network/ipv4_cidr.hpp"

#include <array>
#include <charconv>

namespace crud_api::modules {

std::optional<Ipv4Cidr> parse_ipv4_cidr(std::string_view text) {
    std::array<std::uint32_t, 4> octets{};
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (std::size_t i = 0; i < 4; ++i) {
        auto [next, ec] = std::from_chars(p, end, octets[i]);
        if (ec != std::errc() || next == p || octets[i] > 255) return std::nullopt;
        p = next;
        const char separator = i < 3 ? '.' : '/';
        if (p == end || *p != separator) return std::nullopt;
        ++p;
    }
    Ipv4Cidr cidr;
    auto [next, ec] = std::from_chars(p, end, cidr.prefix_length);
    if (ec != std::errc() || next != end || next == p || cidr.prefix_length < 0 || cidr.prefix_length > 32)
        return std::nullopt;
    cidr.address = (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3];
    const std::uint32_t host_mask = cidr.prefix_length == 0    ? 0xffffffffu
                                    : cidr.prefix_length == 32 ? 0u
                                                               : (0xffffffffu >> cidr.prefix_length);
    if ((cidr.address & host_mask) != 0) return std::nullopt;
    return cidr;
}

}  // namespace crud_api::modules
