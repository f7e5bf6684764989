// SHA-256 and its encodings (GNU Nettle does the hashing). Terraform's
// `source_code_hash` wants the base64 of the SHA-256 of a zip, not hex and
// not MD5; getting that wrong shows a change on every plan.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace infra {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest sha256(std::string_view bytes);

// The digest of several pieces, as if they were one string, without
// building that string.
class Sha256 {
public:
    Sha256();
    Sha256& update(std::string_view bytes);
    Sha256Digest finish();

private:
    // Nettle's struct sha256_ctx, kept opaque so users of this header do not
    // need Nettle's headers: 8 state words, a block counter, a 64-byte block
    // and its fill index.
    alignas(8) std::array<std::uint8_t, 128> state_{};
};

std::string to_hex(const Sha256Digest& digest);
std::string to_base64(const Sha256Digest& digest);

}  // namespace infra
